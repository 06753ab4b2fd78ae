"""Fit and measure `generator.span_tagger`: the CRF that fills the parts the rules left unread.

    .venv/bin/python bench/span_tagger.py [--held-out-from 44] [--write]

Rows are descriptions with their record: copiste's own renderings (`copiste distill corpus`'s
k=2 descriptions) of the corpus's train records, the hand-written styles of
`distill/data/descriptions.styles_dev.jsonl` (train records) before round `--held-out-from`,
both fitted; and, never fitted, the later rounds, copiste's renderings of the validation records
and the validation records described by hand in other styles (`descriptions.styles.jsonl`). The
test split's records are left to `copiste eval`. Each description's words are labelled by where
its record's values stand in it (`span_tagger.labelled`); the CRF (L-BFGS, `--c1`, `--c2`) is
fitted on the fitted groups, each hand-written description `--hand-weight` times (copiste's
renderings are more alike and more numerous, and fitted once they outweigh the styles the
tagger is for; 3 was chosen on rounds 23-26 with rounds 1-22 fitted, where 1, 2, 3 and 4 read
0.503, 0.508, 0.511 and 0.508; with rounds 1-43 fitted, 1,086 descriptions, 2 reads better on
every group never fitted: rounds 44-45 0.491 against 0.487, other styles 0.768 against 0.759,
renderings of the validation records 0.832 against 0.829). Printed, per group: the rules'
descriptive field F1 (precision / recall; `copiste eval`'s scoring, gold the record without what
the description leaves out) without the tagger and with the one just fitted. `--write` stores
the model in `generator/span_tagger.crfsuite`, which the rules then read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _rows(args: argparse.Namespace) -> list[tuple[str, str, object]]:
    """(group, description, the record it should give) for every description measured."""
    from distill.corpus_records import CorpusConfig, read_corpus, split_corpus
    from generator.describe import Description, descriptions, ground

    config = CorpusConfig(real_dir=args.real, k=args.k)
    records, stats = read_corpus(config, count_tokens=lambda texts: [0] * len(texts))
    split_corpus(records, config, stats)
    by_id = {r.id: r for r in records}
    rows = []
    for r in records:
        if r.split in ("train", "validation"):
            group = "renderings, train (fitted)" if r.split == "train" else "renderings, validation"
            made = descriptions(r.view, config.k, seed=f"{config.seed}:{r.id}", noise=config.noise)
            rows += [(group, d.text, ground(r.view, d)) for d in made]
    for path, split in ((args.descriptions, "train"), (args.styles, "validation")):
        for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
            item = json.loads(line)
            record = by_id.get(item["seed_id"])
            if record is None or record.split != split:
                continue  # a record the corpus does not read, or held out for the test figures
            if split == "validation":
                group = "other styles, validation records"
            elif item["round"] >= args.held_out_from:
                group = f"hand-written rounds {args.held_out_from}+ (held out)"
            else:
                group = "hand-written rounds (fitted)"
            d = Description(item["description"], "styles", item["lang"], frozenset())
            rows.append((group, d.text, ground(record.view, d)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data = ROOT / "distill" / "data"
    parser.add_argument("--descriptions", type=Path, default=data / "descriptions.styles_dev.jsonl")
    parser.add_argument("--styles", type=Path, default=data / "descriptions.styles.jsonl")
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/data/unimarc/real")
    parser.add_argument("--k", type=int, default=2, help="copiste's renderings per record")
    parser.add_argument(
        "--held-out-from", type=int, default=44, help="the first round never fitted (measured only)"
    )
    parser.add_argument("--c1", type=float, default=1.0, help="L1 penalty (fewer features)")
    parser.add_argument("--c2", type=float, default=0.1, help="L2 penalty")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument(
        "--hand-weight",
        type=int,
        default=2,
        help="times each hand-written description is fitted (copiste's renderings once)",
    )
    parser.add_argument(
        "--title-sure",
        type=lambda text: [float(v) for v in text.split(",")],
        default=[],
        help="comma-separated thresholds for the tagger's title to try (e.g. 0.4,0.5,0.75)",
    )
    parser.add_argument(
        "--write", action="store_true", help="store the model in generator/span_tagger.crfsuite"
    )
    args = parser.parse_args(argv)
    if not args.descriptions.is_file() or not args.real.is_dir():
        parser.error(f"need {args.descriptions} and the real records in {args.real}")
    import pycrfsuite

    from distill.canonical import parse_record
    from distill.corpus_records import target_text
    from distill.rewards import Tally
    from distill.scoring import descriptive, record_triples
    from generator import span_tagger
    from generator.rules_baseline import catalogue_by_rules

    started = time.perf_counter()
    rows = _rows(args)
    trainer = pycrfsuite.Trainer(verbose=False)
    for group, text, record in rows:
        if "(fitted)" in group:  # the text as the tagger reads it, when fitted and when run
            text = span_tagger.plain(text)
            words, labels = span_tagger.features(text), span_tagger.labelled(text, record)
            for _ in range(args.hand_weight if group.startswith("hand-written") else 1):
                trainer.append(words, labels)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})  # fmt: skip
    model = Path(tempfile.mkdtemp()) / "tagger.crfsuite"
    trainer.train(str(model))
    fitted = sum("(fitted)" in group for group, *_ in rows)
    print(f"{len(rows)} descriptions, {fitted} fitted, {time.perf_counter() - started:.0f} s")

    def triples(record) -> object:
        return descriptive(record_triples(parse_record(target_text(record, "mrk"))))

    tallies: dict[str, list] = {}
    for group, text, record in rows:
        gold = triples(record)
        alone, filled = tallies.setdefault(group, [Tally(), Tally()])
        alone.add(triples(catalogue_by_rules(text, tagger=None)), gold)
        filled.add(triples(catalogue_by_rules(text, tagger=model)), gold)
    print("| group | n | rules alone, F1 (P / R) | with the tagger |")
    print("|---|---|---|---|")
    for group, found in tallies.items():
        n = sum(g == group for g, *_ in rows)
        cells = [f"{f:.3f} ({p:.3f} / {r:.3f})" for p, r, f in (t.prf() for t in found)]
        print(f"| {group} | {n} | {cells[0]} | {cells[1]} |")
    if args.title_sure:  # each refit moves the marginals `span_tagger.TITLE_SURE` reads
        shipped, measured = span_tagger.TITLE_SURE, [r for r in rows if "(fitted)" not in r[0]]
        for sure in args.title_sure:
            span_tagger.TITLE_SURE, tally = sure, Tally()
            for _, text, record in measured:
                tally.add(triples(catalogue_by_rules(text, tagger=model)), triples(record))
            print(f"title sure at {sure}: the groups never fitted, pooled F1 {tally.prf()[2]:.4f}")
        span_tagger.TITLE_SURE = shipped
    if args.write:  # after the table, which says whether the new model is the better one
        shutil.copyfile(model, span_tagger.MODEL)
        print(f"model written to {span_tagger.MODEL} ({model.stat().st_size // 1024} KiB)")
    shutil.rmtree(model.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
