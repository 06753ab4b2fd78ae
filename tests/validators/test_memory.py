"""Streaming: validating a very large dump keeps the peak memory of the process flat.

The default run validates a generated 300 MB collection; `COPISTE_BIG_TESTS=1` adds 1 GB (or
run `bench/validate.py --memory-gb 1`).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.dumps import write_dump
from validators.formats.marcxml import to_collection
from validators.readers import read_records
from validators.samples import load_samples

# The child's own high-water mark (VmHWM): getrusage's ru_maxrss carries the parent's peak over
# exec, so after pytest has loaded torch it would read the parent's size, not the child's.
CHILD = """
import atexit, re, sys
def peak_kb():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
atexit.register(lambda: print("PEAK_KB", peak_kb(), file=sys.stderr))
import typer
from validators.cli import validate_command
sys.argv = ["copiste-validate", *sys.argv[1:]]
typer.run(validate_command)
"""


def peak_and_lines(path, out) -> tuple[int, int]:
    """Validate `path` in a child process: its peak RSS (MB) and the JSON lines it printed."""
    with out.open("w") as stdout:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), "--format", "json", "--rules", "lenient"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
        )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    peak_kb = int(done.stderr.split("PEAK_KB")[-1].split()[0])
    with out.open("rb") as lines:
        count = sum(1 for _ in lines)
    out.unlink()
    return peak_kb // 1024, count


SIZES = [300 << 20] + ([1 << 30] if os.environ.get("COPISTE_BIG_TESTS") == "1" else [])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s >> 20}MB")
def test_peak_memory_stays_flat_on_a_large_dump(tmp_path, real_dir, size):
    records = load_samples() + list(
        read_records(real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc")
    )
    block = to_collection(records, pretty=False).encode()
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small_count = write_dump(small, block, 2 << 20)
    large_count = write_dump(large, block, size)
    small_peak, small_lines = peak_and_lines(small, tmp_path / "small.jsonl")
    large_peak, large_lines = peak_and_lines(large, tmp_path / "large.jsonl")
    large.unlink()
    print(f"\npeak RSS: {small_peak} MB on 2 MB, {large_peak} MB on {size >> 20} MB")
    assert (small_lines, large_lines) == (small_count, large_count)
    assert large_count > 50_000
    # A hundred times more input may not cost more than a few tens of MB more memory.
    assert large_peak < small_peak + 60
    assert large_peak < 300
