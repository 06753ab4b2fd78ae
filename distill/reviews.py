"""Cataloguers' verdicts (the review page's `reviews.jsonl`) as training data.

The review page exports one line per verdict: a record a model wrote for a prompt, judged good
or bad by a named reviewer, perhaps corrected in place. Three datasets come out of them:
- `dpo`: pairs on one prompt: a correction over the record it corrects, and a record judged
  good over one judged bad (what DPO and a reward model learn from);
- `kto`: every verdict as an unpaired label (TRL's KTO needs no pairs, so a lone "bad" still
  teaches), a correction counting as a good completion;
- `reward`: the pairs again, with each side's strict rule score, so a reward model can be
  blended with the rules or compared with them.
Splits go by description, so the held-out pairs ask about documents the reward model never saw.
A record judged both good and bad on one prompt (reviewers disagree) makes no good/bad pair; its
verdicts stay in `kto`, where the disagreement is the signal.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from distill.canonical import normalise_space
from distill.prompting import description_of
from generator.folders import atomic_folder
from generator.pydantic_errors import one_line
from validators.errors import CopisteError

REVIEWS_FILE = "reviews.jsonl"
REVIEW_KINDS = ("dpo", "kto", "reward")
SPLITS = ("train", "test")


class ReviewsError(CopisteError, ValueError):
    """The verdicts cannot be read or give nothing to train on; the message says why."""

    http_status = 422
    code = "invalid_reviews"


class Message(BaseModel):
    role: str
    content: str


class Verdict(BaseModel):
    """One line of the review page's export (fields the builder does not use are ignored)."""

    model_config = ConfigDict(extra="ignore")

    item_id: str
    reviewer: str
    verdict: Literal["good", "bad"]
    prompt: list[Message] = Field(min_length=1)
    description: str = ""
    record: str
    corrected: str | None = None
    syntax: Literal["mrk", "marcxml"] = "mrk"
    comment: str | None = None
    time: str = ""
    checks_version: str = ""
    source: str = ""

    @property
    def messages(self) -> list[dict[str, str]]:
        return [m.model_dump() for m in self.prompt]

    @property
    def correction(self) -> str | None:
        """The corrected record when it differs from the reviewed one (a no-op edit is none)."""
        if self.corrected and normalise_space(self.corrected) != normalise_space(self.record):
            return self.corrected
        return None


class ReviewBuildConfig(BaseModel):
    test_fraction: float = Field(0.1, ge=0.0, lt=1.0, description="share of descriptions held out")
    split_seed: str = "copiste"
    pairs_per_prompt: int = Field(4, ge=1, description="good/bad pairs kept per prompt")
    rules: str = "strict"


def reviews_path(source: Path) -> Path:
    source = Path(source)
    return source / REVIEWS_FILE if source.is_dir() else source


def read_verdicts(source: Path) -> list[Verdict]:
    """Every verdict of `source` (a data folder holding reviews.jsonl, or the file itself)."""
    path = reviews_path(source)
    if not path.is_file():
        raise ReviewsError(f"{path}: no verdicts here (export them from the review page first)")
    verdicts = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            verdicts.append(Verdict.model_validate_json(line))
        except ValidationError as exc:
            raise ReviewsError(f"{path}:{n}: {one_line(exc)}") from None
    if not verdicts:
        raise ReviewsError(f"{path} holds no verdict: nothing to train on")
    return verdicts


def _key(messages: list[dict[str, str]]) -> str:
    return json.dumps(messages, sort_keys=True, ensure_ascii=False)


def _hash_unit(*parts: str) -> float:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _assistant(text: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": text}]


def _pair(prompt: list, chosen: Verdict | str, rejected: Verdict, kind: str, who: list[str]):
    text = chosen if isinstance(chosen, str) else chosen.record
    ident = hashlib.sha256(f"{_key(prompt)}\x1f{text}\x1f{rejected.record}".encode()).hexdigest()
    return {
        "prompt": prompt,
        "chosen": _assistant(text),
        "rejected": _assistant(rejected.record),
        "pair": kind,
        "reviewers": sorted(set(who)),
        "item_id": rejected.item_id,
        "source": rejected.source,
        "syntax": rejected.syntax,
        "id": ident[:32],
    }


def _pairs(verdicts: list[Verdict], config: ReviewBuildConfig, stats: Counter) -> list[dict]:
    """Corrections over what they correct, then good over bad records of the same prompt."""
    rows: list[dict] = []
    by_prompt: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_prompt[_key(v.messages)].append(v)
    for group in by_prompt.values():
        made: set[tuple[str, str]] = set()
        prompt = group[0].messages
        for v in group:
            if (fixed := v.correction) is not None:
                made.add((normalise_space(fixed), normalise_space(v.record)))
                rows.append(_pair(prompt, fixed, v, "corrected", [v.reviewer]))
        labels: dict[str, set[str]] = defaultdict(set)
        for v in group:
            labels[normalise_space(v.record)].add(v.verdict)
            if v.correction is not None:
                labels[normalise_space(v.correction)].add("good")
        disputed = {t for t, seen in labels.items() if len(seen) > 1}
        stats["disputed records"] += len(disputed)
        goods = {normalise_space(v.record): v for v in group if v.verdict == "good"}
        bads = [v for v in group if v.verdict == "bad"]
        cross = 0
        for text, good in goods.items():
            for bad in bads:
                key = (text, normalise_space(bad.record))
                if cross >= config.pairs_per_prompt or text in disputed or key[1] in disputed:
                    continue
                if key in made:
                    continue
                made.add(key)
                cross += 1
                rows.append(_pair(prompt, good, bad, "good-bad", [good.reviewer, bad.reviewer]))
    return rows


def _kto_rows(verdicts: Iterable[Verdict]) -> list[dict]:
    rows = []
    for v in verdicts:
        meta = {"reviewer": v.reviewer, "item_id": v.item_id, "source": v.source}
        good = v.verdict == "good"
        rows.append(
            {
                "prompt": v.messages,
                "completion": _assistant(v.record),
                "label": good,
                "origin": "verdict",
                **meta,
            }
        )
        if (fixed := v.correction) is not None:
            rows.append(
                {
                    "prompt": v.messages,
                    "completion": _assistant(fixed),
                    "label": True,
                    "origin": "corrected",
                    **meta,
                }
            )
    return rows


def _rule_scores(rows: list[dict], rules: str) -> None:
    """Each side's rule score, judged as `copiste catalogue` delivers a record."""
    from distill.catalogue import judge
    from validators.roles import TARGET_SETTINGS

    for row in rows:
        for side in ("chosen", "rejected"):
            text = row[side][0]["content"]
            row[f"{side}_rule_score"] = judge(text, row["syntax"], rules, TARGET_SETTINGS)[1].score


def _features(kind: str):
    from datasets import Features, List, Value

    message = List({"role": Value("string"), "content": Value("string")})
    meta = {k: Value("string") for k in ("item_id", "source")}
    if kind == "kto":
        return Features(
            {
                "prompt": message,
                "completion": message,
                "label": Value("bool"),
                "origin": Value("string"),
                "reviewer": Value("string"),
                **meta,
            }
        )
    pairs = {
        "prompt": message,
        "chosen": message,
        "rejected": message,
        "pair": Value("string"),
        "reviewers": List(Value("string")),
        "syntax": Value("string"),
        "id": Value("string"),
        **meta,
    }
    if kind == "reward":
        pairs |= {"chosen_rule_score": Value("float64"), "rejected_rule_score": Value("float64")}
    return Features(pairs)


def _split(groups: set[str], config: ReviewBuildConfig) -> set[str]:
    scores = {g: _hash_unit(config.split_seed, g) for g in sorted(groups)}
    test = {g for g, s in scores.items() if s < config.test_fraction}
    if config.test_fraction > 0 and not test and len(groups) > 1:
        test = {min(scores, key=scores.__getitem__)}
    return test


def _per_reviewer(rows: dict[str, list[dict]]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for kind, kind_rows in rows.items():
        for row in kind_rows:
            for who in row.get("reviewers") or [row["reviewer"]]:
                counts[who][kind] += 1
    return {who: dict(c) for who, c in sorted(counts.items())}


def build_review_datasets(
    source: Path, out: Path, config: ReviewBuildConfig | None = None
) -> dict[str, Any]:
    """Write `out/{dpo,kto,reward}` (train/test) from the verdicts, a card and a manifest."""
    from datasets import disable_progress_bars

    from distill.datasets import BUILD_MANIFEST, CARD, save_splits

    config = config or ReviewBuildConfig()
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / BUILD_MANIFEST).exists():
        raise ReviewsError(
            f"{out} exists and is not a copiste dataset folder: choose another --out"
        )
    verdicts = read_verdicts(source)
    stats: Counter = Counter()
    rows = {"dpo": _pairs(verdicts, config, stats), "kto": _kto_rows(verdicts)}
    rows["reward"] = [dict(r) for r in rows["dpo"]]
    _rule_scores(rows["reward"], config.rules)
    test = _split({description_of(v.messages) for v in verdicts}, config)
    splits = {
        kind: {
            s: [r for r in kind_rows if (description_of(r["prompt"]) in test) == (s == "test")]
            for s in SPLITS
        }
        for kind, kind_rows in rows.items()
    }
    syntaxes = Counter(v.syntax for v in verdicts)
    manifest = {
        "source": str(reviews_path(source).resolve()),
        "config": json.loads(config.model_dump_json()),
        "syntax": syntaxes.most_common(1)[0][0],
        "verdicts": len(verdicts),
        "verdicts_per_reviewer": {
            who: dict(
                Counter(
                    ("corrected" if v.correction else v.verdict)
                    for v in verdicts
                    if v.reviewer == who
                )
            )
            for who in sorted({v.reviewer for v in verdicts})
        },
        "counts": {k: {s: len(splits[k][s]) for s in SPLITS} for k in REVIEW_KINDS},
        "per_reviewer": _per_reviewer(rows),
        "pairs": dict(Counter(r["pair"] for r in rows["dpo"])),
        "disputed_records": stats["disputed records"],
    }
    disable_progress_bars()
    with atomic_folder(out) as work:
        for kind in REVIEW_KINDS:
            save_splits(splits[kind], _features(kind), work / kind)
        (work / BUILD_MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        (work / CARD).write_text(review_card(manifest), encoding="utf-8")
    return manifest


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def review_card(manifest: dict[str, Any]) -> str:
    """Markdown: what each dataset holds and how much of it each reviewer gave."""
    configs = []
    for kind in REVIEW_KINDS:
        configs.append(f"- config_name: {kind}\n  data_files:")
        configs += [f"  - split: {s}\n    path: {kind}/{s}.parquet" for s in SPLITS]
    counts = manifest["counts"]
    verdicts = manifest["verdicts_per_reviewer"]
    return "\n".join(
        [
            "---\nconfigs:\n" + "\n".join(configs) + "\ntags:\n- copiste\n- unimarc\n---\n",
            "# copiste review datasets\n",
            f"Built by `copiste distill build --reviews` from {manifest['verdicts']} cataloguers' "
            "verdicts. `dpo`: a correction over the record it corrects, a record judged good over "
            "one judged bad on the same prompt. `kto`: every verdict as a good/bad label, a "
            "correction as a good completion. `reward`: the pairs with each side's strict rule "
            "score. Splits go by description.\n",
            _table(
                ["dataset", "train", "test"],
                [[k, counts[k]["train"], counts[k]["test"]] for k in REVIEW_KINDS],
            ),
            "\n## Per reviewer\n",
            _table(
                ["reviewer", "good", "bad", "corrected", *REVIEW_KINDS],
                [
                    [
                        who,
                        v.get("good", 0),
                        v.get("bad", 0),
                        v.get("corrected", 0),
                        *(manifest["per_reviewer"].get(who, {}).get(k, 0) for k in REVIEW_KINDS),
                    ]
                    for who, v in verdicts.items()
                ],
            ),
            f"\nRecords judged both good and bad on one prompt (no good/bad pair made): "
            f"{manifest['disputed_records']}.\n",
        ]
    )
