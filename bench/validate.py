"""Benchmark: validation throughput against plain lxml parsing of the same records, and pymarc.

    .venv/bin/python bench/validate.py                 # ~20,000 records, best of 3
    .venv/bin/python bench/validate.py --memory-gb 1   # also: peak memory on a 1 GB dump
    .venv/bin/python bench/validate.py --workers 2 --workers-mb 50   # 1 vs 2 worker processes

The corpus is every real record beside the checkout (../shared/data/unimarc/real, the modified
fixtures excepted) plus copiste's samples, written as one compact MARCXML collection and repeated
to the size asked. Target: validation (reading included) runs at >= 0.5 of the records/s of
lxml's parse alone, and faster than pymarc's parse alone.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.dumps import write_dump
from validators import read_records, validate, validate_source
from validators.formats.iso2709 import record_to_iso2709
from validators.formats.marcxml import to_collection
from validators.rulesets import get_ruleset
from validators.samples import load_samples

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "unimarc" / "real"


def corpus(count: int):
    records = list(load_samples())
    for path in sorted(REAL.glob("*")):
        if path.suffix in (".xml", ".mrc") and "MODIFIED" not in path.name:
            # pymarc refuses leaders that are not 24 characters: keep what all three can read.
            records += [
                r for r in read_records(path) if getattr(r, "leader", None) and len(r.leader) == 24
            ]
    return (records * (count // len(records) + 1))[:count]


def best(function: Callable[[], object], repeat: int) -> float:
    """The smallest CPU time of `repeat` runs: on a shared machine, wall time measures the
    neighbours as much as the code."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def lxml_stream(data: bytes) -> None:
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag="{*}record"):
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def lxml_stream_touch(data: bytes) -> None:
    """Parse, and read every tag, attribute and text from Python: the floor for any reader
    that hands records to Python code, before a single object is built."""
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag="{*}record"):
        for el in element.iter():
            el.tag, el.get("tag"), el.get("code"), el.get("ind1"), el.get("ind2"), el.text
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules", default="strict")
    parser.add_argument("--memory-gb", type=float, default=0.0)
    parser.add_argument(
        "--workers", type=int, default=0, help="also time `copiste validate` with 1 and N workers"
    )
    parser.add_argument("--workers-mb", type=float, default=50.0, help="size of that .mrc dump")
    args = parser.parse_args()

    records = corpus(args.records)
    n = len(records)
    data = to_collection(records, pretty=False).encode()
    singles = [r.to_marcxml(pretty=False) for r in records[: min(n, 5000)]]
    print(f"{n} records, {len(data) / 1e6:.1f} MB of MARCXML, rules={args.rules}")

    rows = []
    parse = n / best(lambda: lxml_stream(data), args.repeat)
    rows.append(("lxml parse only (iterparse, streaming)", parse))
    touch = n / best(lambda: lxml_stream_touch(data), args.repeat)
    rows.append(("lxml parse + every value read in Python (no objects)", touch))
    whole = n / best(lambda: etree.fromstring(data), args.repeat)
    rows.append(("lxml parse only (whole document in memory)", whole))
    read = n / best(lambda: sum(1 for _ in read_records(data)), args.repeat)
    rows.append(("copiste read (records built, no rules)", read))
    ruleset = get_ruleset(args.rules)
    rules_only = n / best(lambda: [ruleset.run(r) for r in records], args.repeat)
    rows.append(("copiste rules only (records in memory)", rules_only))
    full = n / best(lambda: sum(1 for _ in validate_source(data, rules=args.rules)), args.repeat)
    rows.append(("copiste validate (read + rules, streaming)", full))
    single_parse = len(singles) / best(
        lambda: [etree.fromstring(s.encode()) for s in singles], args.repeat
    )
    rows.append(("lxml parse only, one record string at a time", single_parse))
    single = len(singles) / best(
        lambda: [validate(s, rules=args.rules) for s in singles], args.repeat
    )
    rows.append(("copiste validate, one record string at a time", single))
    try:
        import pymarc

        pymarc_rate = n / best(lambda: pymarc.parse_xml_to_array(io.BytesIO(data)), args.repeat)
        rows.append(("pymarc parse only (parse_xml_to_array)", pymarc_rate))
    except ImportError:
        pymarc_rate = None
    width = max(len(label) for label, _ in rows)
    for label, rate in rows:
        print(f"  {label:<{width}}  {rate:>10,.0f} records/s")
    print("(records per CPU-second, best of the runs)")
    print(f"ratio validate / lxml parse (streaming):    {full / parse:.2f}  (target >= 0.5)")
    print(f"ratio rules only / lxml parse:              {rules_only / parse:.2f}")
    print(f"ratio values read in Python / lxml parse:   {touch / parse:.2f}  (floor of any reader)")
    print(f"ratio validate / lxml parse (one string):   {single / single_parse:.2f}")
    if pymarc_rate:
        print(f"validate / pymarc parse:                    {full / pymarc_rate:.1f}x")
    if args.memory_gb:
        memory(args.memory_gb, data, args.rules)
    if args.workers:
        workers(args.workers, args.workers_mb, records, args.rules)


def workers(count: int, megabytes: float, records: list, rules: str) -> None:
    """Wall time of `copiste validate` on an ISO 2709 dump of `megabytes`, with 1 worker, N
    workers and the automatic choice (`--workers 0`), the same reports each time."""
    block = b"".join(record_to_iso2709(r) for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.mrc"
        with path.open("wb") as out:
            for _ in range(max(1, int(megabytes * 1e6 / len(block)))):
                out.write(block)
        size_mb = path.stat().st_size / 1e6
        copiste = Path(sys.executable).with_name("copiste")
        outputs = {}
        for label, n in (("1 worker", 1), (f"{count} workers", count), ("automatic", 0)):
            start = time.perf_counter()
            done = subprocess.run(
                [
                    str(copiste),
                    "validate",
                    str(path),
                    "-f",
                    "json",
                    "--rules",
                    rules,
                    "--workers",
                    str(n),
                ],
                capture_output=True,
                check=False,
            )
            elapsed = time.perf_counter() - start
            outputs[label] = done.stdout
            lines = done.stdout.count(b"\n")
            print(
                f"  validate {size_mb:.0f} MB .mrc, {label:<10} {elapsed:6.1f} s  ({lines} records)"
            )
        same = len(set(outputs.values())) == 1
        print(f"  same reports with every worker count: {same}; cores: {os.cpu_count()}")


def memory(gigabytes: float, block: bytes, rules: str) -> None:
    """Validate a generated dump of `gigabytes` in a child process and report its peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.xml"
        write_dump(path, block, int(gigabytes * (1 << 30)))
        copiste = Path(sys.executable).with_name("copiste")
        start = time.perf_counter()
        subprocess.run(
            [str(copiste), "validate", str(path), "--format", "json", "--rules", rules],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_gb = os.path.getsize(path) / (1 << 30)
    print(f"{size_gb:.2f} GB dump validated in {elapsed:.0f} s, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
