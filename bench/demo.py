"""The demo's wall time and figures against its targets, stage by stage.

    .venv/bin/python bench/demo.py [--quick] [--out DIR] [--real DIR]

Runs `copiste demo` (full, or `--quick`) as `make demo` does, into a fresh folder, then prints
each stage's seconds and the students' figures beside the targets: the full demo in at most
15 minutes on 2 cores with the trained student >= 70 % valid (lenient rules) and descriptive
field F1 >= 0.5 on at least 8 held-out records; `--quick` in at most 4 minutes with the trained
student ahead of the base. Also the teacher's acceptance per method (its records decoded under
the grammar). Load from other work slows every stage alike: say how loaded the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COPISTE = Path(sys.executable).with_name("copiste")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the short demo (target 4 min)")
    parser.add_argument("--out", type=Path, help="demo folder (default: a new temporary one)")
    parser.add_argument("--real", type=Path, help="folder of real records (demo's default)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="copiste-demo-")) / "out"
    command = [str(COPISTE), "demo", "--out", str(out)]
    command += ["--quick"] * args.quick + (["--real", str(args.real)] if args.real else [])
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"copiste demo failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    limit = 240 if args.quick else 900
    print(f"copiste demo{' --quick' * args.quick}: {wall:.0f} s wall (target <= {limit} s)")
    print(f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    for stage, seconds in summary["stage_seconds"].items():
        print(f"  {stage:<10} {seconds:7.1f} s")
    for m in summary["generation"]:
        decoding = "grammar" if m.get("grammar") else "free"
        print(f"  teacher {m['method']:<22} {m['accepted']} of {m['done']} accepted ({decoding})")
    figures = summary["evaluation"]
    for label, f in figures.items():
        print(
            f"  {label:<16} n={f['n']} valid (lenient) {f['validity_lenient']:.0%} "
            f"descriptive F1 {f['descriptive_f1']:.3f} record F1 {f['field_f1']:.3f}"
        )
    trained, base = figures["trained student"], figures["base student"]
    if args.quick:
        met = trained["descriptive_f1"] > base["descriptive_f1"] and wall <= limit
    else:
        met = (
            trained["n"] >= 8
            and trained["validity_lenient"] >= 0.7
            and trained["descriptive_f1"] >= 0.5
            and wall <= limit
        )
    print(f"targets {'met' if met else 'NOT met'}; report: {out / 'report.html'}")


if __name__ == "__main__":
    main()
