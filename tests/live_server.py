"""`copiste serve` in a subprocess on 127.0.0.1, a free port: what the API tests and
`bench/api.py` talk HTTP to, as a client on another machine would. A server can be stopped
(SIGTERM), killed (SIGKILL, as a crash) and started again on the same data folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60


class LiveServer:
    """One `copiste serve` process; `url` is set once it answers /healthz."""

    def __init__(self, data_dir: Path, settings: dict, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.settings = settings
        self.env = env or {}
        self.url = ""
        self.process: subprocess.Popen[str] | None = None
        self.log = data_dir / "server.log"

    def start(self) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self.data_dir / "server.json"
        config.write_text(json.dumps({"data_dir": str(self.data_dir), **self.settings}))
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        log = self.log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--config", str(config), "--port", "0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        log.close()
        self.url = self._read_url()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"server did not come up: {self.log.read_text()[-3000:]}")

    def _read_url(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        found: list[str] = []
        reader = threading.Thread(
            target=lambda: found.append(self.process.stdout.readline()), daemon=True
        )
        reader.start()
        reader.join(START_TIMEOUT_S)
        line = found[0] if found else ""
        if "serving on " not in line:
            self.kill()
            raise RuntimeError(
                f"no address from the server: {line!r} {self.log.read_text()[-3000:]}"
            )
        return line.split("serving on ", 1)[1].split()[0]

    def client(self, key: str | None = None, timeout: float = 30) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def stop(self) -> None:
        """Graceful: SIGTERM, as a service manager stops it."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """A crash: SIGKILL, no shutdown code runs."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
