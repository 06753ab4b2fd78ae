"""Schemathesis over the live server's OpenAPI schema: no generated input gets a 5xx.

The run is bounded (examples per operation; the subprocess has a deadline) and reproducible
(fixed seed). `--max-time` is not used: it makes schemathesis fuzz until the time is spent.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

MAX_EXAMPLES = 30
MAX_TIME_S = 90


def test_no_input_makes_a_server_error(live_server, teacher_server, tmp_path: Path):
    key = "fuzz-key"
    teacher = teacher_server()
    server = live_server(
        {
            "api_keys": [key],
            "public_docs": True,  # schemathesis reads the schema before it sends any header
            "max_body_bytes": 100_000,
            "max_records": 20,
            "max_generate_examples": 4,
            "max_job_examples": 20,
            "default_teacher": teacher.api,
            "teachers": [teacher.api, "isbd"],
        }
    )
    report = tmp_path / "junit.xml"
    # A server without a student answers POST /v1/catalogue with 503 by design.
    (tmp_path / "schemathesis.toml").write_text(
        '[[operations]]\ninclude-path = "/v1/catalogue"\n'
        'checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "503"]\n'
    )
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{server.url}/openapi.json",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,"
        "response_schema_conformance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "20240115",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--header",
        f"Authorization: Bearer {key}",
        # An event stream lasts as long as its job: not a request/response a fuzzer can time.
        # tests/server/test_jobs_api.py follows one to its end.
        "--exclude-path-regex",
        "/events$",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--no-color",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=MAX_TIME_S * 3, cwd=tmp_path
    )
    output = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, output
    assert "Server error" not in output
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts and int(counts[1]) >= 200 and counts[1] == counts[2], output
    log = server.log.read_text()
    assert "Traceback" not in log, log[-4000:]
