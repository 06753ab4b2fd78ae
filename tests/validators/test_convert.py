"""`copiste convert` as a user runs it: every format to every other, streaming, bad records
named on stderr with their index."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from validators.readers import ReadError, read_records
from validators.samples import sample_path


def convert(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("copiste", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "server.cli"]
    return subprocess.run(
        [*command, "convert", *args], input=input, capture_output=True, timeout=120
    )


def lengths_aside(records: list) -> list:
    """ISO 2709 writes the record length and base address into the leader (0-4, 12-16)."""
    for record in records:
        record.leader = record.leader[5:12] + record.leader[17:]
    return records


def test_a_chain_through_every_format_gives_the_records_back(tmp_path):
    records = list(read_records(sample_path()))
    previous = sample_path()
    for target in ("mrk", "iso2709", "json", "marcxml"):
        out = tmp_path / f"records.{target}"
        done = convert(str(previous), "--to", target, "--out", str(out))
        assert done.returncode == 0 and not done.stderr, done.stderr
        back = list(read_records(out))
        if target == "mrk":
            assert back == records
        else:
            assert lengths_aside(back) == lengths_aside(list(read_records(sample_path())))
        previous = out


@pytest.mark.parametrize("target", ["mrk", "json", "marcxml", "iso2709"])
def test_stdin_to_stdout(target):
    done = convert("-", "--to", target, input=sample_path().read_bytes())
    assert done.returncode == 0, done.stderr
    expected = lengths_aside(list(read_records(sample_path())))
    assert lengths_aside(list(read_records(done.stdout))) == expected


def test_a_bad_record_is_named_and_left_out_with_exit_one(tmp_path):
    records = [r.to_mrk() for r in read_records(sample_path())]
    records[3] = records[3].replace("=200  ", "=200 ", 1)
    path = tmp_path / "notices.mrk"
    path.write_text("\n".join(records), encoding="utf-8")
    done = convert(str(path), "--to", "marcxml")
    assert done.returncode == 1
    [line] = done.stderr.decode().strip().splitlines()
    assert line.startswith(f"error: {path} #3: MRK_SYNTAX line ")
    out = list(read_records(done.stdout))
    assert len(out) == 11 and not any(isinstance(r, ReadError) for r in out)


def test_unreadable_inputs_and_outputs_exit_two(tmp_path):
    missing = convert(str(tmp_path / "nope.xml"), "--to", "mrk")
    assert missing.returncode == 2
    assert missing.stderr.decode().strip() == f"error: {tmp_path / 'nope.xml'}: no such file"
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("hello\n")
    done = convert(str(garbage), "--to", "mrk")
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    unwritable = convert(str(sample_path()), "--to", "mrk", "--out", str(tmp_path / "no" / "x"))
    assert unwritable.returncode == 2 and b"cannot be written" in unwritable.stderr
