"""A server with default settings is not an open door: teachers, exposure, and its docs offline."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from server.serve import exposure_warnings
from server.settings import ServerSettings
from validators.samples import SAMPLE_RECORD

BASE = {"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD], "n": 1}


def test_by_default_clients_name_only_the_configured_teachers(live_server, teacher_server):
    teacher = teacher_server()
    server = live_server({"default_teacher": "isbd"})
    refused = [
        teacher.api,  # a URL the server would fetch
        "http://169.254.169.254/latest/meta-data",  # a cloud's metadata address
        "transformers:/etc",  # a local path it would load as a model
        "vllm:/tmp/model",
    ]
    with server.client() as client:
        for spec in refused:
            for path in ("/v1/generate", "/v1/jobs"):
                response = client.post(path, json={**BASE, "teacher": spec})
                assert response.status_code == 422, (spec, response.text)
                error = response.json()["error"]
                assert error["code"] == "teacher_not_allowed"
                assert "allow_any_teacher" in error["message"] and "isbd" in error["message"]
        assert teacher.stats()["requests"] == 0
        named = client.post("/v1/generate", json={**BASE, "teacher": "isbd"})
        assert named.status_code == 200 and named.json()["accepted"] == 1
        assert client.post("/v1/generate", json=BASE).status_code == 200  # the default

    listed = live_server({"default_teacher": "isbd", "teachers": [teacher.api]})
    anything = live_server({"default_teacher": "isbd", "allow_any_teacher": True})
    for open_server in (listed, anything):
        with open_server.client() as client:
            body = {**BASE, "method": "answer", "seeds": ["Combien font 2 et 3 ?"], "task": "math"}
            response = client.post("/v1/generate", json={**body, "teacher": teacher.api})
            assert response.status_code == 200, response.text
    assert teacher.stats()["requests"] == 2


@pytest.mark.parametrize(
    ("host", "keys", "warned"),
    [
        ("127.0.0.1", [], False),
        ("127.0.0.2", [], False),
        ("::1", [], False),
        ("localhost", [], False),
        ("0.0.0.0", [], True),
        ("::", [], True),
        ("192.168.1.20", [], True),
        ("copiste.example.org", [], True),
        ("0.0.0.0", ["k"], False),
    ],
)
def test_listening_beyond_loopback_without_keys_is_warned(host, keys, warned):
    settings = ServerSettings(host=host, api_keys=keys)
    assert bool(exposure_warnings(settings)) == warned
    if warned:
        assert "api_keys" in exposure_warnings(settings)[0]


def test_serve_prints_the_warning_at_start_up(tmp_path):
    # The port is held, so the server never listens: the warning comes before the bind.
    with socket.socket() as holder:
        holder.bind(("0.0.0.0", 0))
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "serve", "--host", "0.0.0.0", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COPISTE_SERVER_DATA_DIR": str(tmp_path)},
        )
    assert result.returncode == 2
    assert re.search(r"warning: listening on 0\.0\.0\.0 without API keys", result.stderr)
    assert "cannot listen on 0.0.0.0" in result.stderr and "Traceback" not in result.stderr


class _Links(HTMLParser):
    """Every URL the page makes a browser load: src/href attributes and the schema `url:`."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"\burl:\s*'([^']+)'", data)


def page_urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


def test_docs_load_from_the_server_itself(live_server):
    server = live_server()
    with server.client() as client:
        page = client.get("/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text
        urls = page_urls(page.text)
        assert len(urls) >= 4, urls  # stylesheet, icon, script, schema
        assert not re.search(r"https?://|//cdn|jsdelivr|unpkg", page.text)
        for url in urls:
            assert url.startswith("/"), url
            response = client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) > 1000 or url.endswith(".json"), url
        assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text


def test_with_keys_a_browser_opens_the_docs_with_the_key_once(live_server):
    server = live_server({"api_keys": ["k"]})
    with server.client() as browser:
        shut = browser.get("/docs")
        assert shut.status_code == 401 and "/docs?key=" in shut.json()["error"]["message"]
        assert browser.get("/openapi.json").status_code == 401
        assert browser.get("/docs", params={"key": "wrong"}).status_code == 401
        assert not browser.cookies

        opened = browser.get("/docs", params={"key": "k"}, follow_redirects=True)
        assert opened.status_code == 200 and "SwaggerUIBundle" in opened.text
        assert str(opened.url).endswith("/docs")  # the key left the address bar
        cookie = opened.history[0].headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert browser.get("/openapi.json").json()["info"]["title"] == "copiste"
        for url in page_urls(opened.text):
            assert browser.get(url).status_code == 200, url
        # The cookie opens the docs, not the API.
        assert browser.get("/v1/jobs").status_code == 401
