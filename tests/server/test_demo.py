"""`copiste demo --quick`, end to end, as the README's `make demo` runs it, then its artefacts.

The demo runs once (about 3 minutes on 2 cores) as a real `copiste` process; every test below
reads what it left in the folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script `make demo` runs (tests/test_readme.py checks the Makefile calls it).
COPISTE = [str(Path(sys.executable).with_name("copiste"))]


def demo(out: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    # The demo runs alone here, so torch gets both cores (conftest sets 1 for shared work).
    env = {**os.environ, "COPISTE_TORCH_THREADS": "2"}
    return subprocess.run(
        [*COPISTE, "demo", "--quick", "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    done = demo(out)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "done in" in done.stdout and str(out / "report.html") in done.stdout
    return out


def test_datasets_load_with_load_from_disk(demo_out):
    from datasets import load_from_disk

    counts = json.loads((demo_out / "summary.json").read_text())["datasets"]
    for kind in ("sft", "reft", "dpo", "grpo"):
        dataset = load_from_disk(str(demo_out / "datasets" / kind))
        assert {split: len(dataset[split]) for split in dataset} == counts[kind]
    sft = load_from_disk(str(demo_out / "datasets" / "sft"))["train"]
    dpo = load_from_disk(str(demo_out / "datasets" / "dpo"))["train"]
    assert len(sft) > 0 and {"prompt", "completion"} <= set(sft.column_names)
    assert len(dpo) > 0 and {"prompt", "chosen", "rejected"} <= set(dpo.column_names)
    # DPO pairs come from rule-targeted corruptions and from the teacher's rejected outputs.
    assert {"corruption", "teacher"} == set(dpo["rejected_source"])


def test_exported_student_loads_offline_and_generates(demo_out, tmp_path):
    bundle = demo_out / "bundle"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "COPISTE_"))}
    env |= {"HF_HUB_OFFLINE": "1", "MAX_NEW_TOKENS": "24", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run(
        [sys.executable, str(bundle / "load.py"), "Les fleurs du mal / Charles Baudelaire. 1857"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    card = (bundle / "README.md").read_text()
    assert "sft" in card.lower() and "validity" in card.lower()


def test_summary_figures_match_the_evaluation_json(demo_out):
    summary = json.loads((demo_out / "summary.json").read_text())
    evaluation = json.loads((demo_out / "evaluation.json").read_text())
    assert (
        set(summary["evaluation"])
        == set(evaluation["models"])
        == {"base student", "trained student"}
    )
    for label, figures in summary["evaluation"].items():
        scores = evaluation["models"][label]
        assert figures["n"] == evaluation["n"] > 0
        for key in ("validity_rate", "mean_score", "field_precision", "field_recall", "field_f1"):
            assert figures[key] == scores[key]
    methods = {m["method"]: m for m in summary["generation"]}
    assert set(methods) == {
        "backtranslation",
        "answer",
        "reasoning",
        "synthesis",
        "backtranslation-rules",
    }
    for name, m in methods.items():
        lines = (demo_out / "runs" / name / "examples.jsonl").read_text().splitlines()
        examples = [json.loads(line) for line in lines]
        assert m["done"] == len(examples)
        assert m["accepted"] == sum(e["accepted"] for e in examples)


def test_report_renders_in_headless_chromium(demo_out, require, tmp_path):
    chromium = Path("/usr/bin/chromium")
    require(chromium.exists(), "Debian's chromium package is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    problems: list[str] = []
    shot = tmp_path / "report.png"
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.goto((demo_out / "report.html").as_uri())
        rows = page.locator("table#evaluation tr").count()
        charts = page.locator("svg").count()
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert problems == []
    assert rows == 1 + 2  # header, base and trained student
    assert charts == 3
    assert shot.stat().st_size > 10_000


def test_rerun_resumes_and_other_settings_are_refused(demo_out):
    again = demo(demo_out, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stderr.count("done before, skipped") == 6
    other = demo(demo_out, "--steps", "3", timeout=120)
    assert other.returncode == 2
    assert "other settings" in other.stderr and "Traceback" not in other.stderr
