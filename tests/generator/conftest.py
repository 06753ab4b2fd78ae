"""Fixtures for the generator tests: the scriptable teacher server, seed records, helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RECORDS = HERE / "data" / "records.xml"


class TeacherServer:
    """`tests/teacher_server.py` running on a free loopback port, and its test controls."""

    def __init__(self, model: str = "test-teacher", delay: float = 0.0) -> None:
        command = [sys.executable, str(REPO / "tests" / "teacher_server.py"), "--port", "0"]
        command += ["--model", model, "--delay", str(delay)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"teacher server did not start: {line!r}")
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.model = model

    def script(self, rules: list[dict]) -> None:
        httpx.post(f"{self.url}/_script", json=rules).raise_for_status()

    def reset(self) -> None:
        """No rules, zero counters, and no request of an earlier test still being answered."""
        self.script([])
        deadline = time.monotonic() + 10
        while self.stats()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.05)
        httpx.post(f"{self.url}/_reset", json={}).raise_for_status()

    def stats(self) -> dict:
        return httpx.get(f"{self.url}/_stats").json()

    def requests(self) -> list[dict]:
        return httpx.get(f"{self.url}/_requests").json()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def teacher_server_process():
    server = TeacherServer()
    yield server
    server.stop()


@pytest.fixture
def teacher_server(teacher_server_process: TeacherServer) -> TeacherServer:
    """The shared server, with its rules and counters cleared for this test."""
    teacher_server_process.reset()
    return teacher_server_process


@pytest.fixture(scope="session")
def records_path() -> Path:
    """Four invented, valid records (tests/generator/data/records.xml)."""
    return RECORDS


@pytest.fixture(scope="session")
def copiste_command() -> list[str]:
    """How to run the `copiste` CLI of this checkout in a subprocess."""
    return [sys.executable, "-m", "server.cli"]


@pytest.fixture(scope="session")
def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env
