"""Live servers for the API tests: `copiste serve` in a subprocess on 127.0.0.1, a free port.

Tests talk HTTP to it with httpx, as a client on another machine would. A server can be killed
(SIGKILL, as a crash) and started again on the same data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import LiveServer


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator:
    """A factory: `live_server(settings, env=..., data_dir=...)` starts one; all stop at the end."""
    started: list[LiveServer] = []

    def start(
        settings: dict | None = None, *, env: dict | None = None, data_dir: Path | None = None
    ) -> LiveServer:
        server = LiveServer(data_dir or tmp_path / f"server{len(started)}", settings or {}, env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def teacher_server(launch_teacher) -> Iterator:
    """A factory: `teacher_server(delay=0.2, script=[...])` starts one; all stop at the end."""
    started = []

    def start(delay: float = 0.0, script: list[dict] | None = None):
        teacher = launch_teacher(delay=delay, script=script)
        started.append(teacher)
        return teacher

    yield start
    for teacher in started:
        teacher.stop()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """One server for a whole module; its settings come from the module's `SERVER_SETTINGS`."""
    settings = getattr(request.module, "SERVER_SETTINGS", {})
    server = LiveServer(tmp_path_factory.mktemp("server"), settings).start()
    yield server
    server.stop()
