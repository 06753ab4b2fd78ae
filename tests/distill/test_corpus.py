"""distill.corpus: every real record, repaired, split by record before any example, never leaked."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from distill.canonical import canonical_key, field_triples, parse_record
from distill.corpus import (
    HANDWRITTEN,
    SAMPLES,
    CorpusConfig,
    build_corpus,
    corpus_files,
    read_corpus,
    smollm2_tokens,
    split_corpus,
)
from distill.corpus_records import HELD_OUT as HELD
from distill.corpus_records import CorpusRecord
from distill.corpus_rows import STYLES, STYLES_VALIDATION
from distill.dedup import jaccard
from validators.formats.mrk import parse_mrk
from validators.samples import load_samples


def words(texts: list[str]) -> list[int]:
    """A stand-in token count (the real tokenizer is tested once, below)."""
    return [len(t.split()) for t in texts]


@pytest.fixture(scope="module")
def built(real_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "data"
    manifest = build_corpus(out, CorpusConfig(real_dir=real_dir, k=2), count_tokens=words)
    return out, manifest


def rows(out, kind: str, split: str) -> list[dict]:
    lines = (out / kind / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_readable_file_but_the_modified_fixtures_is_used(real_dir, built):
    _, manifest = built
    names = {p.name.split(".")[0] for p in corpus_files(real_dir)}
    assert not any("MODIFIED" in n for n in names)
    assert set(manifest["records_per_source"]) == names | {SAMPLES}
    assert sum(manifest["records_per_source"].values()) > 600


def test_test_split_holds_60_real_records_from_3_libraries_and_the_samples(built):
    _, manifest = built
    assert manifest["test_real_records"] >= 60
    assert len(manifest["test_libraries"]) >= 3
    assert manifest["records_per_split_and_source"]["test"][SAMPLES] == len(load_samples())
    assert SAMPLES not in manifest["records_per_split_and_source"]["train"]
    for source, n in manifest["records_per_source"].items():
        if n >= 5:  # stratified: every source large enough is held out in part
            assert manifest["records_per_split_and_source"]["test"].get(source, 0) >= 1


def test_no_test_record_is_trained_on(built):
    out, _ = built
    train, test = rows(out, "grpo", "train"), rows(out, "grpo", "test")
    assert {r["seed_id"] for r in train}.isdisjoint({r["seed_id"] for r in test})
    test_keys = {canonical_key(parse_record(r["gold"])) for r in test}
    assert all(canonical_key(parse_record(r["gold"])) not in test_keys for r in train)
    questions = {r["prompt"][-1]["content"] for r in test}
    assert all(r["prompt"][-1]["content"] not in questions for r in train)


def test_validation_is_its_own_records_one_description_each_never_trained_on(built):
    out, manifest = built
    train, test = rows(out, "grpo", "train"), rows(out, "grpo", "test")
    validation = rows(out, "grpo", "validation")
    records = Counter(r["seed_id"] for r in validation)
    assert set(records.values()) == {1} and len(records) == manifest["records"]["validation"] > 30
    assert manifest["counts"]["sft"]["validation"] == manifest["counts"]["grpo"]["validation"]
    assert manifest["counts"]["grpo"]["validation"] == len(validation)
    per_source = manifest["records_per_split_and_source"]["validation"]
    assert sum(per_source.values()) == len(records) and SAMPLES not in per_source
    assert set(records).isdisjoint(r["seed_id"] for r in train)
    assert set(records).isdisjoint(r["seed_id"] for r in test)
    questions = {r["prompt"][-1]["content"] for r in validation}
    assert all(r["prompt"][-1]["content"] not in questions for r in train)


def test_validation_is_drawn_per_source_after_test_and_no_train_record_is_near_it(real_dir):
    config = CorpusConfig(real_dir=real_dir, max_tokens=10**6)
    records, stats = read_corpus(config, words)
    split_corpus(records, config, stats)
    sizes = Counter(r.source for r in records)
    for source, n in sizes.items():
        drawn = sum(r.split == "validation" for r in records if r.source == source)
        small = source == SAMPLES or n < config.min_source
        assert drawn == (0 if small else max(1, round(config.validation_fraction * n))), source
    views = {
        s: [frozenset(field_triples(r.view)) for r in records if r.split == s]
        for s in ("train", "validation")
    }
    for held in views["validation"]:
        near = max(jaccard(held, t) for t in views["train"])
        assert near < config.decontamination_threshold
    # Test is drawn first: adding validation moves no record in or out of test.
    alone = config.model_copy(update={"validation_fraction": 0.0})
    again, stats = read_corpus(alone, words)
    split_corpus(again, alone, stats)
    tested = {r.id for r in records if r.split == "test"}
    assert {r.id for r in again if r.split == "test"} == tested
    assert not any(r.split == "validation" for r in again)


def test_a_train_record_near_a_validation_record_is_dropped_under_its_own_reason(real_dir):
    config = CorpusConfig(real_dir=real_dir, max_tokens=10**6)
    records, stats = read_corpus(config, words)
    split_corpus(records, config, stats)
    held = next(r for r in records if r.split == "validation")
    near_test = stats.dropped["near a test record (decontamination)"]
    # A one-record source stays in train; its record is the validation record's copy.
    copy = CorpusRecord("copy#0:-", "copy", held.record, held.view)
    records, stats = read_corpus(config, words)
    split_corpus([*records, copy], config, stats)
    assert copy.split == "dropped"
    assert stats.dropped["near a validation record (decontamination)"] == 1
    assert stats.dropped["near a test record (decontamination)"] == near_test


def test_k_descriptions_per_train_record_one_per_test_record(built):
    out, manifest = built
    train = Counter(r["seed_id"] for r in rows(out, "sft", "train"))
    assert set(train.values()) <= {1, 2} and Counter(train.values())[2] > 0.9 * len(train)
    assert len(train) == manifest["records"]["train"]
    test = Counter(r["seed_id"] for r in rows(out, "sft", "test"))
    assert set(test.values()) == {1} and len(test) == manifest["records"]["test"]
    assert len({r["prompt"][-1]["content"] for r in rows(out, "sft", "train")}) == sum(
        train.values()
    )


def test_sft_targets_are_mrk_of_the_same_record_as_the_gold(built):
    out, _ = built
    for sft, grpo in zip(rows(out, "sft", "train"), rows(out, "grpo", "train"), strict=True):
        assert sft["id"] == grpo["id"]
        answer = sft["completion"][0]["content"]
        assert answer.startswith("=LDR  ")
        assert "=001" not in answer and "=801" not in answer  # copiste's fields, not the model's
        assert canonical_key(parse_mrk(answer)) == canonical_key(parse_record(grpo["gold"]))
        assert "MarcEdit" in sft["prompt"][0]["content"]


def test_handwritten_descriptions_are_an_extra_test_split(built):
    out, manifest = built
    handwritten = rows(out, "grpo", HANDWRITTEN)
    assert manifest["counts"]["grpo"][HANDWRITTEN] == len(handwritten) == 12
    titles = {r.record_id: r.first("200", "a") for r in load_samples()}
    for row in handwritten:
        gold = parse_record(row["gold"])
        sample_id = row["seed_id"].split(":")[-1]
        assert gold.first("200", "a") == titles[sample_id]
        assert row["lang"] == "fr" and row["method"] == HANDWRITTEN


def test_held_out_records_in_other_styles_are_two_extra_splits(built):
    out, manifest = built
    styles, tuned = rows(out, "grpo", STYLES), rows(out, "grpo", STYLES_VALIDATION)
    assert manifest["counts"]["grpo"][STYLES] == len(styles) == 25
    assert manifest["counts"]["grpo"][STYLES_VALIDATION] == len(tuned) == 25
    held = {split: {r["seed_id"] for r in rows(out, "grpo", split)} for split in HELD}
    assert {r["seed_id"] for r in styles} <= held["test"]
    assert {r["seed_id"] for r in tuned} <= held["validation"]
    assert len({r["method"] for r in styles + tuned}) == 10  # ten styles, none copiste's own
    # Each is described in another style than the held-out row of its record, same record.
    test = {r["seed_id"]: r for r in rows(out, "grpo", "test")}
    for row in styles:
        assert row["prompt"] != test[row["seed_id"]]["prompt"]
        title = parse_record(row["gold"]).first("200", "a")
        assert title == parse_record(test[row["seed_id"]]["gold"]).first("200", "a")


def test_repairs_and_drops_are_reported(built):
    _, manifest = built
    assert manifest["repairs_per_rule"]["INDICATOR_UNDEFINED"] > 100
    assert manifest["repairs_per_rule"]["F100_A_LENGTH"] == 5  # the BNCF records
    assert manifest["dropped"]["duplicate of another record's student view"] >= 1
    reasons = (
        "near a test record (decontamination)",
        "near a validation record (decontamination)",
        "train record refused by the student's grammar",
    )
    assert manifest["records"]["dropped"] == sum(manifest["dropped"].get(r, 0) for r in reasons)


def test_the_split_is_fixed_by_its_seed(real_dir):
    config = CorpusConfig(real_dir=real_dir, max_tokens=10**6)
    first, stats = read_corpus(config, words)
    split_corpus(first, config, stats)
    again, stats = read_corpus(config, words)
    split_corpus(again, config, stats)
    assert [r.split for r in first] == [r.split for r in again]
    other = CorpusConfig(real_dir=real_dir, max_tokens=10**6, seed="another")
    moved, stats = read_corpus(other, words)
    split_corpus(moved, other, stats)
    assert [r.split for r in first] != [r.split for r in moved]


def test_only_records_longer_than_the_context_are_dropped_counted_with_smollm2(real_dir):
    count, context = smollm2_tokens()
    assert context >= 2048
    everything, _ = read_corpus(CorpusConfig(real_dir=real_dir, max_tokens=10**6), count)
    config = CorpusConfig(real_dir=real_dir, max_tokens=300)
    kept, stats = read_corpus(config, count)
    dropped = stats.dropped["student view longer than 300 tokens"]
    assert 0 < dropped < len(everything) and len(kept) == len(everything) - dropped


def test_marcxml_syntax_writes_xml_targets(real_dir, tmp_path):
    config = CorpusConfig(real_dir=real_dir, k=1, syntax="marcxml")
    manifest = build_corpus(tmp_path / "x", config, count_tokens=words)
    assert manifest["syntax"] == "marcxml"
    row = rows(tmp_path / "x", "sft", "test")[0]
    assert row["completion"][0]["content"].lstrip().startswith("<record")
    assert "MARCXML" in row["prompt"][0]["content"]


def test_corpus_command_refuses_a_missing_folder_in_one_line(tmp_path):
    import subprocess
    import sys

    command = [sys.executable, "-m", "server.cli", "distill", "corpus"]
    done = subprocess.run(
        [*command, "--real", str(tmp_path / "no"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no such folder of real records" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_every_train_target_decodes_under_the_students_grammar(built):
    """What a student is taught, its decoding grammar allows, token by token (llguidance)."""
    import llguidance
    from transformers import AutoTokenizer

    from generator.constrain import eos_ids, llguidance_tokenizer
    from generator.models import embedded_model_dir
    from validators.grammar.student import student_grammar

    out, manifest = built
    tokenizer = AutoTokenizer.from_pretrained(embedded_model_dir())
    ll_tokenizer = llguidance_tokenizer(tokenizer, eos_ids(tokenizer))
    grammar = student_grammar("mrk")
    refused = []
    for row in rows(out, "sft", "train")[::7]:
        matcher = llguidance.LLMatcher(ll_tokenizer, grammar, log_level=0)
        target = row["completion"][0]["content"]
        ids = tokenizer.encode(target, add_special_tokens=False)
        if not all(matcher.consume_token(t) for t in ids) or not matcher.is_accepting():
            refused.append(target[:200])
    assert not refused, refused[:3]
    assert manifest["dropped"].get("train record refused by the student's grammar", 0) > 0


def test_training_and_catalogue_share_one_prompt(built):
    from distill.prompting import description_of, student_messages

    out, _ = built
    for row in rows(out, "sft", "train")[:20] + rows(out, "sft", HANDWRITTEN)[:3]:
        assert row["prompt"] == student_messages(description_of(row["prompt"]), "mrk")


def test_dpo_pairs_each_break_their_named_rule_and_only_the_rejected_does(built):
    from datasets import load_from_disk

    from distill.catalogue import judge
    from validators.roles import TARGET_SETTINGS

    out, manifest = built
    pairs = load_from_disk(str(out / "dpo"))["train"]
    assert len(pairs) == manifest["counts"]["dpo"]["train"] > 0
    assert len(set(pairs["rule"])) >= 10 and "XML_WELLFORMED" not in pairs["rule"]
    train_ids = set(r["seed_id"] for r in rows(out, "sft", "train"))
    for pair in pairs.select(range(0, len(pairs), max(1, len(pairs) // 40))):
        assert pair["seed_id"] in train_ids
        chosen = judge(pair["chosen"][0]["content"], "mrk", "strict", TARGET_SETTINGS)[1]
        rejected = judge(pair["rejected"][0]["content"], "mrk", "strict", TARGET_SETTINGS)[1]
        assert pair["rule"] in {f.rule for f in rejected.findings}
        assert pair["rule"] not in {f.rule for f in chosen.findings}
