"""Fit and measure `generator.title_choice`: which span of a description is its title.

    .venv/bin/python bench/title_choice.py [--held-out-from 31] [--margins 2,3,4,5] [--write]

Rows are descriptions of train records only, each with its record's 200$a as the answer:
copiste's own renderings of the corpus's train records (`copiste distill corpus`'s k=2
descriptions) and the hand-written styles of `distill/data/descriptions.styles_dev.jsonl` up
to round `--held-out-from` - 1. The later rounds are never fitted: they say what carries to
styles the model has not seen. The model is a linear score per span, fitted as a softmax over
each description's spans (one or more of them is the title). Printed: how many titles the
rules get (200$a the same once folded) and how many with the model's second opinion at each
margin, per group. `--write` stores the fitted weights and `--margin` in
`generator/title_weights.json`, which the rules then read.

Which margin: the one that gets the most titles right over the fitted groups together
(copiste's renderings and the fitted rounds); the held-out rounds do not choose it. Only titles
the rules took by position, or none, are weighed (`generator.title_choice`); the table's
columns say how many of each group's descriptions that is.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if TYPE_CHECKING:
    from generator.rules_reading import Reading

# group, description, gold title, what the rules read in the description
Row = tuple[str, str, str, "Reading"]


def _rows(args: argparse.Namespace) -> list[Row]:
    from distill.corpus_records import CorpusConfig, read_corpus, split_corpus
    from generator.describe import Description, descriptions, ground
    from generator.rules_baseline import reading
    from generator.rules_marc_views import marc_view

    config = CorpusConfig(real_dir=args.real, k=args.k)
    records, stats = read_corpus(config, count_tokens=lambda texts: [0] * len(texts))
    split_corpus(records, config, stats)
    views = {r.id: r.view for r in records if r.split == "train"}
    pairs: list[tuple[str, Description, object]] = []
    for r in records:
        if r.split == "train":
            made = descriptions(r.view, config.k, seed=f"{config.seed}:{r.id}", noise=config.noise)
            pairs += [("copiste's renderings", d, r.view) for d in made]
    for line in args.descriptions.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["seed_id"] not in views:
            continue  # a record the corpus no longer reads, or not a train record: never fitted
        late = item.get("round", 0) >= args.held_out_from
        group = f"rounds {args.held_out_from}+ (held out)" if late else "hand-written rounds"
        found = Description(item["description"], "styles", item["lang"], frozenset())
        pairs.append((group, found, views[item["seed_id"]]))
    rows = []
    for group, d, view in pairs:
        if "\r" in d.text or marc_view(d.text) is not None:
            continue  # a MARC display (its 200 is its title) or Windows line ends: not weighed here
        gold = ground(view, d).first("200", "a") or ""
        rows.append((group, d.text, gold, reading(d.text)))
    return rows


def _fit(tables: list, names: list[str], seed: int = 0):
    """Weights maximising each description's probability of its title among its spans."""
    import torch

    weights = torch.zeros(len(names), requires_grad=True)
    optimiser = torch.optim.Adam([weights], lr=0.05)
    usable = [(x, y) for x, y in tables if y.any()]
    for epoch in range(60):
        random.Random(seed + epoch).shuffle(usable)
        for x, y in usable:
            log_p = torch.log_softmax(x @ weights, 0)
            loss = -torch.logsumexp(log_p[y], 0) + 1e-3 * (weights**2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return dict(zip(names, weights.detach().tolist(), strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--descriptions", type=Path, default=ROOT / "distill/data/descriptions.styles_dev.jsonl"
    )
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/data/unimarc/real")
    parser.add_argument("--k", type=int, default=2, help="copiste's renderings per train record")
    parser.add_argument(
        "--held-out-from", type=int, default=31, help="the first round never fitted (measured only)"
    )
    parser.add_argument("--margins", default="2,3,4,5", help="margins to print, comma-separated")
    parser.add_argument("--margin", type=float, default=3.0, help="the margin --write stores")
    parser.add_argument(
        "--write", action="store_true", help="store the weights in generator/title_weights.json"
    )
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)  # fmt: skip
    if not args.descriptions.is_file() or not args.real.is_dir():
        parser.error(f"need {args.descriptions} and the real records in {args.real}")
    import torch

    from generator.checks import fold
    from generator.title_choice import WEIGHTS, Span, candidates, features

    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    rows = _rows(args)
    spans = [candidates(text, found.first("title") or "") for _, text, _, found in rows]
    names = sorted(features("a title", Span("a title", 0, 7, 1)))
    tables = [
        (torch.tensor([[f[n] for n in names] for _, f in found]),
         torch.tensor([fold(s.text) == fold(gold) for s, _ in found]))
        for (_, _, gold, *_), found in zip(rows, spans, strict=True)
    ]  # fmt: skip
    fitted = [t for (group, *_), t in zip(rows, tables, strict=True) if "held out" not in group]
    weights = _fit(fitted, names)
    print(f"{len(rows)} descriptions, {len(fitted)} fitted, {time.perf_counter() - started:.0f} s")
    margins = [float(m) for m in args.margins.split(",")]
    heads = " | ".join(f"margin {m:g}" for m in margins)
    print(f"| group | n | by position | none | rules' title right | {heads} |")
    print("|---|---|---|---|---|" + "---|" * len(margins))
    for group in dict.fromkeys(g for g, *_ in rows):
        mine = [(r, s) for r, s in zip(rows, spans, strict=True) if r[0] == group]
        right = [sum(_chosen(weights, r, s, m) for r, s in mine) for m in margins]
        own = sum(fold(r[3].first("title") or "") == fold(r[2]) for r, _ in mine)
        placed = sum(r[3].title_by_position for r, _ in mine)
        none = sum(r[3].first("title") is None for r, _ in mine)
        figures = " | ".join(map(str, right))
        print(f"| {group} | {len(mine)} | {placed} | {none} | {own} | {figures} |")
    if args.write:
        note = (
            f"bench/title_choice.py: {len(fitted)} descriptions of train records "
            f"(k={args.k} renderings, hand-written rounds < {args.held_out_from})"
        )
        WEIGHTS.write_text(json.dumps({"fitted_on": note, "margin": args.margin,
                                       "weights": {n: round(w, 4) for n, w in weights.items()}},
                                      indent=1) + "\n", encoding="utf-8")  # fmt: skip
        print(f"weights and margin {args.margin:g} written to {WEIGHTS}")
    return 0


def _chosen(weights: dict[str, float], row: Row, found: list, margin: float) -> bool:
    """Whether the title, the rules' or the model's second opinion at `margin`, is right."""
    from generator.checks import fold
    from generator.title_choice import second_opinion, weighed

    _, text, gold, reading = row
    own = reading.first("title")
    chosen = weighed(reading) and second_opinion(text, found, reading, weights, margin)
    return fold(chosen or own or "") == fold(gold)


if __name__ == "__main__":
    raise SystemExit(main())
