"""`copiste validate` as a user runs it: a real process, its output and its exit status."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from validators.samples import sample_path


def copiste(*args: str, cwd=None) -> subprocess.CompletedProcess:
    exe = shutil.which("copiste", path=str(__import__("pathlib").Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "server.cli"]
    return subprocess.run(
        [*command, "validate", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_samples_validate_with_exit_zero():
    done = copiste(str(sample_path()))
    assert done.returncode == 0, done.stderr
    assert "12 records, 12 valid, 0 invalid (strict)" in done.stdout


def test_json_lines_have_the_documented_keys(real_dir):
    real = real_dir / "sudoc_marcxml-nons__qualimarc-api.xml"
    done = copiste(str(sample_path()), str(real), "--format", "json")
    assert done.returncode == 1  # the qualimarc fixtures break strict rules
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 14
    for line in lines:
        assert list(line) == ["source", "index", "record_id", "valid", "score", "findings"]
        for finding in line["findings"]:
            assert {"rule", "severity", "tag", "message"} <= set(finding)
    assert [line["index"] for line in lines] == [*range(12), 0, 1]
    assert not lines[-1]["valid"] and lines[-1]["findings"]


def test_french_messages_and_lenient_rules(real_dir):
    real = real_dir / "sudoc_marcxml-nons__marcxml2tei.xml"
    done = copiste(str(real), "--rules", "lenient", "--lang", "fr", "-f", "json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert sum(line["valid"] for line in lines) == 4
    messages = [f["message"] for line in lines for f in line["findings"]]
    assert any("zone" in m for m in messages)


def test_workers_give_the_same_reports(real_dir):
    path = str(real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc")
    one = copiste(path, "-f", "json", "--rules", "lenient")
    two = copiste(path, "-f", "json", "--rules", "lenient", "--workers", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 205


def test_unreadable_inputs_exit_two_with_one_line(tmp_path):
    missing = copiste(str(tmp_path / "nope.xml"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope.xml'}: no such file"]
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01 definitely not records")
    done = copiste(str(garbage))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    directory = copiste(str(tmp_path))
    assert directory.returncode == 2 and "directory" in directory.stderr
    unknown = copiste(str(sample_path()), "--rules", "nope")
    assert unknown.returncode == 2 and "unknown rule set" in unknown.stderr


def test_a_damaged_gzip_input_exits_two(tmp_path):
    import gzip

    whole = gzip.compress(sample_path().read_bytes())
    damaged = tmp_path / "damaged.xml.gz"
    damaged.write_bytes(whole[:40])
    done = copiste(str(damaged))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"error: {damaged}: the gzip data is damaged: ")


def test_a_malformed_first_iso2709_record_is_a_finding_not_an_unreadable_input(tmp_path, real_dir):
    good = (real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc").read_bytes()
    mixed = tmp_path / "mixed.mrc"
    mixed.write_bytes(b"12345 not a record\x1d" + good)
    done = copiste(str(mixed), "-f", "json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1 and not done.stderr
    assert lines[0]["findings"][0]["rule"] == "ISO2709_STRUCTURE" and len(lines) == 206


def test_malformed_xml_is_a_finding_not_a_crash(tmp_path):
    text = sample_path().read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    done = copiste(str(broken), "-f", "json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert lines[-1]["findings"][0]["rule"] == "XML_WELLFORMED"
    assert all(line["valid"] for line in lines[:-1]) and len(lines) > 2


def test_a_reader_that_stops_early_gets_no_traceback(real_dir):
    exe = shutil.which("copiste", path=str(__import__("pathlib").Path(sys.executable).parent))
    path = real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc"
    with subprocess.Popen(
        [exe, "validate", str(path), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        first = child.stdout.readline()
        child.stdout.close()  # like `| head -1`
        stderr = child.stderr.read().decode()
        child.wait(timeout=60)
    assert json.loads(first)["index"] == 0
    assert "Traceback" not in stderr and child.returncode == 0


def _collection_with_two_bad_records(tmp_path):
    from tests.validators.test_readers import _twelve
    from validators.formats.marcxml import to_collection

    text = to_collection(_twelve()).replace("Été 4", "Été & 4")
    text = text.replace("Été 2</subfield>", "Été 2</subfeld>")
    path = tmp_path / "twelve.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_record_around_a_malformed_one_is_judged(tmp_path):
    path = _collection_with_two_bad_records(tmp_path)
    done = copiste(str(path), "-f", "json", "--rules", "lenient")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1 and not done.stderr
    assert len(lines) == 12
    bad = [line for line in lines if line["findings"][0]["rule"] == "XML_WELLFORMED"]
    assert [b["index"] for b in bad] == [2, 4] and not any(b["valid"] for b in bad)
    judged = [line["record_id"] for line in lines if line not in bad]
    assert judged == [f"id{i}" for i in range(12) if i not in (2, 4)]
    assert all(b["findings"][0]["line"] and b["findings"][0]["column"] for b in bad)
    text = copiste(str(path), "--rules", "lenient")
    first = bad[0]["findings"][0]
    assert f"(line {first['line']}, column {first['column']})" in text.stdout


def test_a_reading_that_cannot_resume_exits_two_and_says_what_was_lost(tmp_path):
    from tests.validators.test_readers import _twelve
    from validators.formats.marcxml import to_collection

    path = tmp_path / "envelope.xml"
    text = to_collection(_twelve()).replace("<collection ", "<collection broken=yes ", 1)
    path.write_text(text, encoding="utf-8")
    done = copiste(str(path))
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}: line 2, column")
    assert line.endswith("stopped at line 2: 12 records after it not read")


def test_an_unreadable_file_is_one_line_and_no_fake_record(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    done = copiste(str(empty), "-f", "json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"error: {empty}: the input is empty"]
    text = copiste(str(empty))
    assert "#0" not in text.stdout and "INVALID" not in text.stdout


def test_dash_reads_stdin():
    exe = shutil.which("copiste", path=str(__import__("pathlib").Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "server.cli"]
    done = subprocess.run(
        [*command, "validate", "-"],
        input=sample_path().read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert b"12 records, 12 valid, 0 invalid (strict)" in done.stdout
    assert b"- #0 CPST000001" in done.stdout


def test_help_reads_at_80_columns_without_python_types():
    import os

    for command in ("validate", "convert"):
        exe = shutil.which("copiste", path=str(__import__("pathlib").Path(sys.executable).parent))
        done = subprocess.run(
            [exe or sys.executable, *([] if exe else ["-m", "server.cli"]), command, "--help"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "80", "TERM": "dumb"},
        )
        assert done.returncode == 0
        assert all(len(line) <= 80 for line in done.stdout.splitlines())
        for python_type in ("<bool>", "<list[", "<str>", "<int", "x>=", "<Path>"):
            assert python_type not in done.stdout, (command, python_type)
        assert "FILE..." in done.stdout
        if command == "validate":
            assert "strict|lenient" in done.stdout and "text|json" in done.stdout
        else:
            assert "marcxml|mrk|iso2709|json" in done.stdout


def test_workers_are_chosen_only_where_they_pay_off():
    from validators.formats.sniff import ISO2709, MARCXML
    from validators.workers import PARALLEL_BYTES, auto_workers

    assert auto_workers(PARALLEL_BYTES - 1, ISO2709) == 1
    assert auto_workers(50 << 20, MARCXML) == 1  # XML is parsed where it is read
    assert 1 <= auto_workers(50 << 20, ISO2709) <= max(1, min(os.cpu_count() or 1, 4))
