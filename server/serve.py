"""`copiste serve`: the HTTP API under uvicorn.

The socket is bound here, before uvicorn starts, so `--port 0` works (a free port is picked)
and the first line on stdout says where the server listens: scripts and tests read it.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from validators.clihelp import fail

if TYPE_CHECKING:
    from server.settings import ServerSettings


def serve_command(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            metavar="FILE",
            help="Settings file (.toml, .yaml or .json); also $COPISTE_SERVER_CONFIG.",
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Interface to listen on (default 127.0.0.1; beyond it, set api_keys).",
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(metavar="PORT", help="Port, 0 for any free one (default 8000)."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Job store and run folders (default $COPISTE_HOME/server)."
        ),
    ] = None,
    log_level: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="One of: critical, error, warning, info, debug (default info).",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API: validate records, generate examples, run and follow batch jobs.

    Settings: a config file, then COPISTE_SERVER_<NAME> variables, then options (last wins).

    Example: COPISTE_SERVER_API_KEYS=k1,k2 copiste serve --port 0

    The first line printed is the address; interactive docs are at /docs.
    """
    from server.settings import load_settings

    err = typer.echo
    settings = load_settings(config, host=host, port=port, data_dir=data_dir, log_level=log_level)
    for warning in exposure_warnings(settings):
        err(f"warning: {warning}", err=True)
    try:
        sock = _bind(settings.host, settings.port)
    except OSError as exc:
        fail(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}")

    import uvicorn

    from server.app import DataDirInUse, create_app

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_app(settings)
    except DataDirInUse as exc:
        fail(f"{exc}; give this server another --data-dir")
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        fail(f"cannot open the job store in {settings.data_dir}: {exc}")
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    typer.echo(f"copiste serving on http://{shown}:{bound_port} (docs at /docs)")
    server = _server_class()(
        uvicorn.Config(
            app,
            log_level=settings.log_level,
            timeout_graceful_shutdown=5,
            access_log=settings.log_level == "debug",
        )
    )
    server.run(sockets=[sock])


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, telling the app when a stop signal comes: uvicorn waits for the
        requests in progress, and a long /v1/generate must know to end early."""

        def handle_exit(self, sig: int, frame: Any) -> None:
            self.config.app.state.stopping.set()
            super().handle_exit(sig, frame)

    return Server


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def exposure_warnings(settings: ServerSettings) -> list[str]:
    """What an operator should know before the server opens to other machines without keys:
    anyone who reaches the port can then run the teacher, fill the disk with jobs, and (with
    `allow_any_teacher`) make the server fetch URLs or load local models."""
    if is_loopback(settings.host) or settings.api_keys:
        return []
    warnings = [
        f"listening on {settings.host} without API keys: anyone who can reach this port can "
        "use this server; set api_keys (COPISTE_SERVER_API_KEYS) or use --host 127.0.0.1"
    ]
    if settings.allow_any_teacher:
        warnings.append(
            "allow_any_teacher is on: any client can make this server fetch any URL or load "
            "any local model"
        )
    return warnings


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
