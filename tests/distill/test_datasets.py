"""Dataset building: TRL formats, deduplication, group splits, decontamination, the card."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import load_from_disk

from distill.canonical import canonical_key, field_triples, parse_record
from distill.datasets import BuildConfig, BuildError, build_datasets
from validators import DataField, Record, Subfield, to_collection
from validators.formats.mrk import parse_mrk
from validators.record import ControlField

sys.path.insert(0, str(Path(__file__).parent))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _example(record, **kw):
    from conftest import example

    return example(record, **kw)


def _write_run(folder, examples):
    from conftest import write_run

    return write_run(folder, examples)


@pytest.fixture(scope="module")
def built(tmp_path_factory, backtranslation_run):
    out = tmp_path_factory.mktemp("built") / "data"
    manifest = build_datasets([backtranslation_run], out, BuildConfig(test_fraction=0.25))
    return out, manifest


def test_canonical_form_ignores_layout_field_order_and_blank_indicator_spelling():
    a = Record(
        "00000nam0 2200000   450 ",
        [
            ControlField("001", "A1"),
            DataField("200", "1", " ", [Subfield("a", "Le  titre "), Subfield("f", "X")]),
            DataField("101", "0", "#", [Subfield("a", "fre")]),
        ],
    )
    b = Record(
        "00000nam0 2200000   450 ",
        [
            ControlField("001", "B2"),
            DataField("101", "0", " ", [Subfield("a", "fre")]),
            DataField("200", "1", "|", [Subfield("a", "Le titre"), Subfield("f", "X")]),
        ],
    )
    assert canonical_key(a) == canonical_key(b)
    b.datafields("200")[0].subfields.reverse()  # subfield order carries meaning
    assert canonical_key(a) != canonical_key(b)
    assert field_triples(a) == field_triples(parse_record(a.to_marcxml(pretty=False)))


def test_parse_record_ignores_a_declared_encoding_of_text_already_decoded():
    # A teacher output or dataset row is a str: a declaration naming ISO-8859-1 must not make
    # the parser decode its UTF-8 bytes a second time (Misérables read as MisÃ©rables).
    body = (
        "<record><leader>00000nam0 2200000   450 </leader>"
        '<datafield tag="200" ind1="1" ind2=" "><subfield code="a">Les Misérables</subfield>'
        "</datafield></record>"
    )
    for text in (
        '<?xml version="1.0" encoding="ISO-8859-1"?>' + body,
        'The record:\n```xml\n<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body + "\n```",
    ):
        record = parse_record(text)
        assert record is not None
        assert record.datafields("200")[0].subfields[0].value == "Les Misérables"


def test_marcxml_syntax_keeps_the_whole_record_as_target(short_run, tmp_path):
    config = BuildConfig(test_fraction=0.2, corruptions_per_record=0, syntax="marcxml")
    build_datasets([short_run], tmp_path / "x", config)
    sft = load_from_disk(str(tmp_path / "x" / "sft"))["train"][0]
    assert "MARCXML" in sft["prompt"][0]["content"]
    assert parse_record(sft["completion"][0]["content"]).record_id  # 001 kept: the whole record


def test_four_datasets_in_trl_formats_with_both_splits(built):
    out, manifest = built
    for kind in ("sft", "reft", "dpo", "grpo"):
        data = load_from_disk(str(out / kind))
        assert set(data) == {"train", "test"}
        for split in ("train", "test"):
            assert (out / kind / f"{split}.parquet").exists()
            assert len(_jsonl(out / kind / f"{split}.jsonl")) == len(data[split])
    sft = load_from_disk(str(out / "sft"))["train"][0]
    assert [m["role"] for m in sft["prompt"]] == ["system", "user"]
    assert sft["completion"][0]["role"] == "assistant"
    assert parse_mrk(sft["completion"][0]["content"]).first("200", "a")  # mrk by default
    grpo = load_from_disk(str(out / "grpo"))["test"][0]
    assert grpo["task"] == "unimarc" and parse_record(grpo["gold"]) is not None
    assert manifest["counts"]["sft"]["train"] + manifest["counts"]["sft"]["test"] > 20


def test_dpo_pairs_come_from_refused_teacher_outputs_and_checked_corruptions(built):
    out, manifest = built
    rows = _jsonl(out / "dpo" / "train.jsonl") + _jsonl(out / "dpo" / "test.jsonl")
    sources = {r["rejected_source"] for r in rows}
    assert sources == {"teacher", "corruption"}
    teacher = [r for r in rows if r["rejected_source"] == "teacher"]
    assert all("F200_A_MISSING" in r["rules"] for r in teacher)
    for row in rows:
        assert row["chosen"][0]["content"] != row["rejected"][0]["content"]
        assert len(row["rules"]) >= 1
    corrupted = [r for r in rows if r["rejected_source"] == "corruption"]
    assert len({r["rules"][0] for r in corrupted}) >= 3
    assert manifest["dpo_rules"]["corruption"]


def test_splits_keep_each_seed_record_on_one_side(built):
    out, _ = built
    train = {r["seed_id"] for r in _jsonl(out / "sft" / "train.jsonl")}
    test = {r["seed_id"] for r in _jsonl(out / "sft" / "test.jsonl")}
    assert train and test and not train & test


def test_exact_and_near_duplicates_are_removed(tmp_path, real_records):
    record = real_records[0]
    near = Record(record.leader, list(reversed(record.fields)))  # field order only
    examples = [_example(record), _example(record), _example(near)]
    # same record, question differing only by spacing and case
    examples[2]["question"] = "  " + examples[0]["question"].upper() + " "
    other = _example(real_records[1])
    run = _write_run(tmp_path / "run", [*examples, other])
    manifest = build_datasets([run], tmp_path / "out", BuildConfig(test_fraction=0.0))
    assert manifest["counts"]["sft"]["train"] == 2
    assert sum(manifest["dropped"].values()) == 2


def test_decontamination_removes_train_records_matching_held_out_ones(tmp_path, real_records):
    run = _write_run(tmp_path / "run", [_example(r) for r in real_records[:10]])
    held_out = tmp_path / "held_out.xml"
    # The held-out copy has another 001 and a changed note: still the same document.
    copy = Record(real_records[3].leader, list(real_records[3].fields))
    copy.fields = [f for f in copy.fields if f.tag != "001"] + [ControlField("001", "OTHER")]
    held_out.write_text(to_collection([copy, real_records[5]]), encoding="utf-8")
    config = BuildConfig(test_fraction=0.0, decontaminate=[held_out])
    manifest = build_datasets([run], tmp_path / "out", config)
    seeds = {r["seed_id"] for r in _jsonl(tmp_path / "out" / "sft" / "train.jsonl")}
    assert real_records[3].record_id not in seeds and real_records[5].record_id not in seeds
    assert len(seeds) == 8
    assert manifest["held_out_records"] == 2


def test_builds_are_deterministic(tmp_path, backtranslation_run):
    for name in ("a", "b"):
        build_datasets([backtranslation_run], tmp_path / name, BuildConfig(test_fraction=0.3))
    for kind in ("sft", "dpo", "grpo"):
        for split in ("train", "test"):
            a = (tmp_path / "a" / kind / f"{split}.jsonl").read_text()
            assert a == (tmp_path / "b" / kind / f"{split}.jsonl").read_text()


def test_card_states_counts_acceptance_and_rule_coverage(built):
    out, manifest = built
    card = (out / "dataset_card.md").read_text(encoding="utf-8")
    assert "config_name: dpo" in card and "path: sft/train.parquet" in card
    sft_train = manifest["counts"]["sft"]["train"]
    assert f"| sft | prompt → teacher answer (standard distillation) | {sft_train}" in card
    assert "backtranslation" in card and "answer" in card
    assert "F200_A_MISSING" in card
    assert "exact duplicate" in card
    rate = manifest["acceptance_rate"]["answer"]
    assert rate == 0.5


def test_bad_lines_are_skipped_and_unusable_inputs_fail_clearly(tmp_path, real_records):
    run = _write_run(tmp_path / "run", [_example(r) for r in real_records[:4]])
    with (run / "examples.jsonl").open("a") as f:
        f.write('not json\n{"id": 1}\n')
    manifest = build_datasets([run], tmp_path / "out", BuildConfig(test_fraction=0.0))
    assert manifest["counts"]["sft"]["train"] == 4
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(BuildError, match="not a copiste dataset folder"):
        build_datasets([run], tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_cli_build_and_its_error_exit(tmp_path, backtranslation_run):
    copiste = Path(sys.executable).parent / "copiste"
    ok = subprocess.run(
        [copiste, "distill", "build", "--runs", backtranslation_run, "--out", tmp_path / "d"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "sft" in ok.stdout and (tmp_path / "d" / "dataset_card.md").exists()
    bad = subprocess.run(
        [copiste, "distill", "build", "--runs", tmp_path / "nowhere", "--out", tmp_path / "e"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "not a run folder" in bad.stderr and "Traceback" not in bad.stderr
