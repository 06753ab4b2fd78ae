"""API keys over HTTP, and where settings come from (file, environment, options)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.settings import ConfigError, load_settings
from validators.samples import SAMPLE_RECORD

XML = {"Content-Type": "application/xml"}


def test_with_keys_every_endpoint_but_health_needs_one(live_server):
    server = live_server(env={"COPISTE_SERVER_API_KEYS": "alpha-key, beta-key"})
    with server.client() as anonymous:
        assert anonymous.get("/healthz").status_code == 200
        for method, path in [
            ("POST", "/v1/validate"),
            ("POST", "/v1/validate/batch"),
            ("POST", "/v1/generate"),
            ("POST", "/v1/jobs"),
            ("GET", "/v1/jobs"),
            ("GET", "/v1/jobs/x"),
            ("GET", "/v1/jobs/x/events"),
            ("GET", "/v1/jobs/x/result"),
            ("DELETE", "/v1/jobs/x"),
            ("GET", "/metrics"),
        ]:
            response = anonymous.request(method, path, content=SAMPLE_RECORD, headers=XML)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"
        for path in ("/openapi.json", "/docs"):
            assert anonymous.get(path).status_code == 401, path
    with server.client("wrong-key") as wrong:
        assert wrong.post("/v1/validate", content=SAMPLE_RECORD, headers=XML).status_code == 401
    for key in ("alpha-key", "beta-key"):
        with server.client(key) as client:
            response = client.post("/v1/validate", content=SAMPLE_RECORD, headers=XML)
            assert response.status_code == 200 and response.json()["valid"]
            assert client.get("/metrics").status_code == 200
    with server.client() as basic:
        response = basic.get("/metrics", headers={"Authorization": "Basic YWxwaGEta2V5Og=="})
        assert response.status_code == 401


def test_docs_need_a_key_unless_opened(live_server):
    closed = live_server({"api_keys": ["k"]})
    with closed.client("k") as client:
        schema = client.get("/openapi.json").json()
        assert any(
            s["scheme"] == "bearer" for s in schema["components"]["securitySchemes"].values()
        )
        assert "swagger" in client.get("/docs").text.lower()
    opened = live_server({"api_keys": ["k"], "public_docs": True})
    with opened.client() as anonymous:
        assert anonymous.get("/openapi.json").status_code == 200
        assert anonymous.get("/v1/jobs").status_code == 401


def test_settings_layer_file_then_environment_then_options(tmp_path, monkeypatch):
    config = tmp_path / "copiste.toml"
    config.write_text(
        'api_keys = ["from-file"]\nmax_records = 7\nmax_body_bytes = 1000\nport = 9001\n'
    )
    monkeypatch.setenv("COPISTE_SERVER_MAX_RECORDS", "11")
    settings = load_settings(config, port=9002)
    assert [k.get_secret_value() for k in settings.api_keys] == ["from-file"]
    assert settings.max_body_bytes == 1000  # file
    assert settings.max_records == 11  # environment beats file
    assert settings.port == 9002  # option beats both
    monkeypatch.setenv("COPISTE_SERVER_CONFIG", str(config))
    assert load_settings().max_body_bytes == 1000
    yaml = tmp_path / "copiste.yaml"
    yaml.write_text("teachers: [smollm2]\njob_workers: 3\n")
    assert load_settings(yaml).teachers == ["smollm2"]
    assert "alpha" not in repr(load_settings(api_keys="alpha"))  # secrets stay hidden


@pytest.mark.parametrize(
    ("content", "suffix", "complaint"),
    [
        ("max_records = 0\n", ".toml", "max_records"),
        ("nonsense = 1\n", ".toml", "nonsense"),
        ("max_records = [\n", ".toml", "cannot be read"),
        ("port: 1\n", ".ini", "unknown config format"),
        ('api_keys = [" "]\n', ".toml", "empty"),
    ],
)
def test_bad_settings_are_one_clear_line(tmp_path, monkeypatch, content, suffix, complaint):
    monkeypatch.delenv("COPISTE_SERVER_CONFIG", raising=False)
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(ConfigError, match=complaint):
        load_settings(path)


def test_serve_refuses_a_missing_config_with_exit_2(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--config", str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no such config file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_one_server_per_data_folder(live_server, tmp_path: Path):
    running = live_server(data_dir=tmp_path / "data")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(running.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "another copiste server is using" in result.stderr
    assert "Traceback" not in result.stderr
    with running.client() as client:
        assert client.get("/healthz").status_code == 200
