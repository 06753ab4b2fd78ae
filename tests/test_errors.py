"""One error root: a `CopisteError` raised anywhere ends a command in one line with its exit
status, and an API call with its HTTP status and code, with nobody listing the class."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import typer
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from generator.contract import TeacherFailed
from server.errors import install
from validators.clihelp import Command, Group
from validators.errors import CopisteError

REPO = Path(__file__).resolve().parents[1]


class Brewing(CopisteError):
    """An error no command or route knows about."""

    exit_code = 3
    http_status = 418
    code = "teapot"


def test_a_command_raising_a_new_error_prints_one_line_and_exits_with_its_code():
    app = typer.Typer(cls=Group)

    @app.command("brew", cls=Command)
    def brew(name: str = "earl [grey]") -> None:
        raise Brewing(f"no kettle for {name}")

    @app.command("other", cls=Command)
    def other() -> None:  # a group of one command would run it without its name
        pass

    result = CliRunner().invoke(app, ["brew"])
    assert result.exit_code == 3
    # One line, the brackets as typed (never read as markup), no traceback.
    assert result.stderr == "error: no kettle for earl [grey]\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_pydantic_error_nobody_caught_is_one_line_too():
    from pydantic import BaseModel, Field

    class Settings(BaseModel):
        n: int = Field(ge=1)

    app = typer.Typer(cls=Group)

    @app.command("set", cls=Command)
    def set_(n: int = 0) -> None:
        Settings(n=n)

    @app.command("other", cls=Command)
    def other() -> None:
        pass

    result = CliRunner().invoke(app, ["set"])
    assert result.exit_code == 2
    assert result.stderr == "error: n: Input should be greater than or equal to 1\n"


def test_the_copiste_command_reports_a_package_error_in_one_line(tmp_path):
    """A real error from a real command, through `copiste` as users run it: distill's reader
    of run folders raises a `RunFolderError` that the command itself no longer catches."""
    command = ["distill", "build", "--runs", str(tmp_path / "nope"), "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and "not a run folder" in lines[-1]
    assert "Traceback" not in done.stderr


def _serve(app: FastAPI) -> tuple[uvicorn.Server, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_the_api_maps_any_copiste_error_to_its_status_and_code():
    app = FastAPI()
    install(app)

    @app.get("/brew")
    def brew() -> None:
        raise Brewing("no kettle")

    @app.get("/teach")
    def teach() -> None:
        raise TeacherFailed("the teacher at http://x went away")

    server, url = _serve(app)
    try:
        brewed = httpx.get(f"{url}/brew")
        assert brewed.status_code == 418
        assert brewed.json() == {"error": {"code": "teapot", "message": "no kettle"}}
        taught = httpx.get(f"{url}/teach")
        assert taught.status_code == 502 and taught.json()["error"]["code"] == "teacher_failed"
    finally:
        server.should_exit = True
