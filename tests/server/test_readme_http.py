"""The README's HTTP API section as a new user reads it: every setting listed, and its `curl`
examples run as written against a real server (only the port differs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from server.settings import ServerSettings, load_settings

REPO = Path(__file__).resolve().parents[2]


def http_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("## HTTP API", 1)[1].split("\n## ", 1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", http_section(), re.DOTALL)


def test_the_settings_list_is_complete_and_loads(tmp_path, monkeypatch):
    monkeypatch.delenv("COPISTE_SERVER_CONFIG", raising=False)
    (settings,) = blocks("toml")
    listed = re.findall(r"^(\w+) =", settings, re.MULTILINE)
    assert sorted(listed) == sorted(ServerSettings.model_fields)
    path = tmp_path / "copiste.toml"
    path.write_text(settings)
    loaded = load_settings(path)
    assert loaded.allow_any_teacher is False and loaded.teachers


@pytest.mark.slow
def test_the_curl_examples_run_as_written(live_server, require, tmp_path):
    from generator.models import ModelUnavailable, embedded_model_dir

    try:
        embedded_model_dir()
    except ModelUnavailable as exc:
        require(False, str(exc))
    require(subprocess.run(["which", "curl"], capture_output=True).returncode == 0, "no curl")
    server = live_server()  # the defaults, as `copiste serve` starts
    address = server.url.removeprefix("http://")
    script = blocks("sh")[1]
    assert "localhost:8000" in script and "--fail" in script
    assert all("--fail" in line for line in script.splitlines() if "curl " in line)
    (tmp_path / "validators").symlink_to(REPO / "validators")  # "from the repository's folder"
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script.replace("localhost:8000", address)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert '"valid":true' in done.stdout and "event: end" in done.stdout
    assert (tmp_path / "data.parquet").read_bytes()[:4] == b"PAR1"
    assert "Traceback" not in server.log.read_text()
