"""The corpus's examples (step 7 of `distill.corpus`): k varied descriptions per train record,
one whole description per test or validation record, the hand-written descriptions of the
samples, each paired with the target it grounds; and DPO pairs of a train target against
rule-targeted corruptions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from distill.corpus_records import (
    HELD_OUT,
    SAMPLES,
    CorpusConfig,
    CorpusRecord,
    Syntax,
    target_text,
)
from distill.corrupt import OPERATORS, corruptions
from distill.prompting import student_messages
from generator.describe import Description, describe, descriptions, ground
from validators import Record
from validators.repair import repair
from validators.roles import TARGET_SETTINGS, student_view
from validators.samples import load_samples, sample_path

HANDWRITTEN = "handwritten"
# Held-out real records described by hand in other catalogues' and bibliographies' styles:
# the test split's records (figures) and the validation split's (where the rules were tuned).
STYLES, STYLES_VALIDATION = "styles", "styles_validation"
STYLES_FILE = "descriptions.styles.jsonl"


def _row(r: CorpusRecord, d: Description, n: int, config: CorpusConfig) -> dict[str, Any]:
    target = ground(r.view, d)
    return {
        "prompt": student_messages(d.text, config.syntax),
        "completion": [{"role": "assistant", "content": target_text(target, config.syntax)}],
        "gold": target.to_marcxml(),
        "id": hashlib.sha256(f"{r.id}\x1f{n}\x1f{d.text}".encode()).hexdigest()[:32],
        "task": "unimarc",
        "method": f"describe:{d.form}",
        "lang": d.lang,
        "seed_id": r.id,
    }


def handwritten(config: CorpusConfig) -> list[dict[str, Any]]:
    """Rows of the hand-written French descriptions of the samples (a fixed extra test set)."""
    path = sample_path().with_name("descriptions.fr.jsonl")
    samples = {r.record_id: r for r in load_samples()}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        view = student_view(repair(samples[item["gold_id"]]).record)
        d = Description(item["description"], HANDWRITTEN, "fr", frozenset())
        record = CorpusRecord(f"{SAMPLES}:{item['gold_id']}", SAMPLES, view, view, "test")
        rows.append({**_row(record, d, 0, config), "id": item["id"], "method": HANDWRITTEN})
    return rows


def other_styles(records: Sequence[CorpusRecord], config: CorpusConfig) -> dict[str, list[dict]]:
    """Rows of held-out real records described by hand as other catalogues and bibliographies
    show them (APA, ISO 690, the Library of Congress's or the BnF's display, WorldCat, the SBN
    or the DNB, a title page in capitals, a librarian's quick typing), never as copiste renders
    a record: how a student reads what it was not trained on. A record the split did not hold
    out (another seed or other fractions) gives no row."""
    held = {r.id: r for r in records if r.split in HELD_OUT}
    rows: dict[str, list[dict]] = {STYLES: [], STYLES_VALIDATION: []}
    text = (resources.files("distill") / "data" / STYLES_FILE).read_text(encoding="utf-8")
    for line in filter(str.strip, text.splitlines()):
        item = json.loads(line)
        if (record := held.get(item["seed_id"])) is None:
            continue
        d = Description(item["description"], STYLES, item["lang"], frozenset())
        split = STYLES if record.split == "test" else STYLES_VALIDATION
        rows[split].append({**_row(record, d, 0, config), "method": f"styles:{item['style']}"})
    return rows


# Corruptions a student's answer can carry: not the XML ones in MarcEdit lines (there is no XML
# to break), nor those of fields copiste writes itself (801, 100$a's date entered).
SYSTEM_OPERATORS = frozenset({"bad_100a_date", "bad_801c", "bad_801_ind2"})
XML_OPERATORS = frozenset({"xml_truncated", "xml_unclosed_tag"})


def dpo_rows(records: Sequence[CorpusRecord], config: CorpusConfig) -> list[dict[str, Any]]:
    """DPO pairs of the train records: each grounded target (chosen) against up to
    `config.dpo_pairs` corruptions of it that each break one named rule (rejected, checked by
    the rules), on the record's first description, so the preference is about the rules and
    nothing else."""
    skip = SYSTEM_OPERATORS | (XML_OPERATORS if config.syntax == "mrk" else frozenset())
    names = [n for n in OPERATORS if n not in skip]
    out = []
    for r in records:
        if r.split != "train" or not config.dpo_pairs:
            continue
        d = descriptions(r.view, 1, seed=f"{config.seed}:{r.id}", noise=config.noise)[0]
        row = _row(r, d, 0, config)
        target = ground(r.view, d)
        made = corruptions(target, seed=r.id, count=config.dpo_pairs, names=names)
        for bad in made:
            text = bad.text
            if config.syntax == "mrk":
                text = target_text(Record.from_marcxml(bad.text), "mrk")
            if not _breaks(text, row["completion"][0]["content"], bad.rule, config.syntax):
                continue
            out.append(
                {
                    "prompt": row["prompt"],
                    "chosen": row["completion"],
                    "rejected": [{"role": "assistant", "content": text}],
                    "rule": bad.rule,
                    "operator": bad.operator,
                    **{k: row[k] for k in ("id", "task", "lang", "seed_id")},
                    "method": f"corrupt:{bad.operator}",
                }
            )
    return out


def _breaks(rejected: str, chosen: str, rule: str, syntax: Syntax) -> bool:
    """Whether the checkers, reading both answers as `copiste catalogue` does, find `rule`
    broken in the rejected one only: some corruptions do not survive the syntax (a leader's
    length in MarcEdit lines) or the system's fields, and such a pair would teach nothing."""
    from distill.catalogue import judge

    def rules(text: str) -> set[str]:
        return {f.rule for f in judge(text, syntax, "strict", TARGET_SETTINGS)[1].findings}

    return rule in rules(rejected) and rule not in rules(chosen)


def corpus_rows(records: Sequence[CorpusRecord], config: CorpusConfig) -> dict[str, list[dict]]:
    """Step 7: SFT/GRPO rows per split (train, test, validation, handwritten, and the held-out
    records in other styles)."""
    rows: dict[str, list[dict]] = {"train": [], **{s: [] for s in HELD_OUT}}
    rows[HANDWRITTEN] = handwritten(config)
    rows |= other_styles(records, config)
    for r in records:
        if r.split == "train":
            seed = f"{config.seed}:{r.id}"
            found = descriptions(r.view, config.k, seed=seed, noise=config.noise)
            rows["train"] += [_row(r, d, n, config) for n, d in enumerate(found)]
        elif r.split in HELD_OUT:
            seed = f"{config.seed}:{r.split}:{r.id}"
            d = describe(r.view, seed, drop=False, noise=config.noise)
            rows[r.split].append(_row(r, d, 0, config))
    return rows
