"""Start and stop a local `vllm serve` (OpenAI-compatible) as a teacher, from any environment.

vLLM usually lives in its own virtual environment (its CPU build pins torch), so the server is
started with that environment's python on a free loopback port, waited for on /health, and
stopped by PID. Test infrastructure, not a teacher: the real-teacher tier of the tests and
`bench/generate.py` start a server with it; copiste itself never does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from generator.teachers.base import TeacherUnavailable


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class LocalVLLMServer:
    """`with LocalVLLMServer(python, model) as url:` a healthy server for the block's duration."""

    def __init__(
        self,
        python: str,
        model: str,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        max_model_len: int = 2048,
        kv_cache_gb: int = 2,
        extra_args: tuple[str, ...] = (),
        log_path: Path | None = None,
    ) -> None:
        self.python = python
        self.model = model
        self.host = host
        self.port = port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.command = [
            python,
            "-m",
            "vllm.entrypoints.openai.api_server",
            "--model",
            model,
            "--enforce-eager",
            "--max-model-len",
            str(max_model_len),
            "--host",
            host,
            "--port",
            str(self.port),
            *extra_args,
        ]
        self.env = dict(os.environ, VLLM_CPU_KVCACHE_SPACE=str(kv_cache_gb), HF_HUB_OFFLINE="1")
        self.log_path = log_path or Path(tempfile.gettempdir()) / f"copiste-vllm-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.startup_s: float | None = None

    def start(self, timeout: float = 300.0) -> str:
        """The server's URL once /health answers; `TeacherUnavailable` with its log otherwise."""
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = time.monotonic()
        while True:
            if self.process.poll() is not None:
                raise TeacherUnavailable(
                    f"vLLM exited with {self.process.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    self.startup_s = time.monotonic() - started
                    return self.url
            if time.monotonic() - started > timeout:
                self.stop()
                raise TeacherUnavailable(
                    f"vLLM not healthy after {timeout:.0f} s: {self.log_tail()}"
                )
            time.sleep(1)

    def stop(self) -> None:
        """SIGTERM to the server, SIGKILL after 30 s, then to any engine process it left."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
