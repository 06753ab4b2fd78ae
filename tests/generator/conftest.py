"""Fixtures for the generator tests: the scriptable teacher server, seed records, helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.generator.cli_run import Copiste

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RECORDS = HERE / "data" / "records.xml"


@pytest.fixture(scope="session")
def teacher_server_process(launch_teacher):
    return launch_teacher()


@pytest.fixture
def teacher_server(teacher_server_process):
    """The shared server, with its rules and counters cleared for this test."""
    teacher_server_process.reset()
    return teacher_server_process


@pytest.fixture(scope="session")
def records_path() -> Path:
    """Four invented, valid records (tests/generator/data/records.xml)."""
    return RECORDS


@pytest.fixture(scope="session")
def copiste() -> Copiste:
    """The `copiste` CLI of this checkout, run in a subprocess with this checkout first on the
    path and a wide terminal."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return Copiste([sys.executable, "-m", "server.cli"], env)
