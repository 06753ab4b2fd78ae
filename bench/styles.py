"""How the rules, and a student, read descriptions in styles copiste does not write itself.

    .venv/bin/python bench/styles.py [--descriptions FILE] [--model BUNDLE] [--out DIR]

`distill/data/descriptions.styles_dev.jsonl` holds descriptions of train records written by
hand (helpers given only the record) as some 750 other sources show them: citations (APA, MLA,
Chicago, Harvard, Vancouver, OSCOLA, ISO 690, CSE, GB/T 7714, German, Italian and Spanish
references), exports and markup (BibTeX, RIS, RefWorks, EndNote, CSL-JSON, MODS, Dublin Core,
schema.org, Crossref, Wikipedia templates), catalogues' displays in their own labels and
scripts (Primo, Koha, WorldCat, Sierra, the DNB, the SBN, LIBRIS, ESTER, CiNii, an Arabic OPAC
...), MARC 21 and UNIMARC displays, booksellers' pages and listings, e-mails, chats, letters,
running prose, forms, registers, serials' holdings lists, typed or OCR'd cards. Each line says in
which `round` it was written: each round was written after the rules had been read off the
rounds before it, and measured before the rules were read off it too, which is the honest
measure of what carries over to styles never read (the README's table "Styles nobody had read"
and the closing notes of issue 11 give those first figures). No rules were read off rounds
28-35; the title's second opinion (`bench/title_choice.py`) is fitted on rounds 1-30 and the
span tagger (`bench/span_tagger.py`) on rounds 1-33, so rounds 34-35 are what nothing has read
nor been fitted on. `distill/data/descriptions.styles_unseen.jsonl` holds rounds 58-59 and 68-69,
which no session has read (each scored at the end of the session that wrote it): score them with
`--descriptions` before reading them.

Gold is the record itself (`generator.describe.ground` with nothing left out): what a style
does not say still counts as missed, as it does on the held-out `styles` split. Scoring is
`copiste eval`'s descriptive field F1 (micro over the rows, each row's triples matched
against its own record), per round and per style.

With `--model`, `copiste catalogue` runs the bundle on the same descriptions (its own grammar
and draft bias), and its answers are scored beside the rules'.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
DEV = REPO / "distill" / "data" / "descriptions.styles_dev.jsonl"


def gold_records(real: Path) -> dict:
    """Each corpus record's student view, by its corpus id."""
    from distill.corpus_records import CorpusConfig, read_corpus

    records, _ = read_corpus(
        CorpusConfig(real_dir=real), count_tokens=lambda texts: [0] * len(texts)
    )
    return {r.id: r.view for r in records}


def student_answers(model: Path, items: list[dict], out: Path) -> list[str]:
    """`copiste catalogue`'s MarcEdit answers, in the order of `items`."""
    out.mkdir(parents=True, exist_ok=True)
    given = out / "descriptions.jsonl"
    with given.open("w", encoding="utf-8") as stream:
        for n, item in enumerate(items):
            line = {"id": str(n), "description": item["description"]}
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    answers = out / "answers.jsonl"
    copiste = Path(sys.executable).parent / "copiste"
    command = [copiste, "catalogue", "--model", model, given, "-f", "json", "--out", answers]
    subprocess.run(command, check=True)
    rows = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    return [row.get("record") or "" for row in rows]


def _order(key: str) -> tuple[int, int]:
    """ "all" first, then the rounds in their order ("round 10" after "round 9")."""
    return (0, 0) if key == "all" else (1, int(key.split()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--descriptions", type=Path, default=DEV, help="JSONL of descriptions")
    parser.add_argument("--real", type=Path, default=REAL, help="folder of real records")
    parser.add_argument("--model", type=Path, help="a bundle to run beside the rules")
    parser.add_argument(
        "--per-style", action="store_true", help="also print each style's F1, worst first"
    )
    parser.add_argument(
        "--rules-alone",
        action="store_true",
        help="also the rules without the span tagger, to see what the learned part adds",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "copiste-bench-styles",
        help="where --model's descriptions and answers are written",
    )
    args = parser.parse_args()

    from distill.canonical import parse_record
    from distill.corpus_records import target_text
    from distill.rewards import Tally
    from distill.scoring import descriptive, record_triples
    from generator.describe import Description, ground
    from generator.rules_baseline import catalogue_by_rules, rules_draft

    def triples(text: str) -> Counter:
        return descriptive(record_triples(parse_record(text)))

    views = gold_records(args.real)
    lines = args.descriptions.read_text(encoding="utf-8").splitlines()
    items = [item for item in map(json.loads, filter(str.strip, lines)) if item["seed_id"] in views]
    print(f"{len(items)} descriptions of {len(lines)} have their record in {args.real}")
    answers = {"rules": [rules_draft(item["description"]) for item in items]}
    if args.rules_alone:
        answers["rules alone (no span tagger)"] = [
            catalogue_by_rules(item["description"], tagger=None).to_mrk() for item in items
        ]
    if args.model:
        answers["student"] = student_answers(args.model, items, args.out)
    for name, written in answers.items():
        by_round: dict[str, Tally] = defaultdict(Tally)
        by_style: dict[str, Tally] = defaultdict(Tally)
        for item, answer in zip(items, written, strict=True):
            description = Description(item["description"], "styles", item["lang"], frozenset())
            gold = triples(target_text(ground(views[item["seed_id"]], description), "mrk"))
            found = triples(answer)
            for group in (
                by_round[f"round {item['round']}"],
                by_round["all"],
                by_style[item["style"]],
            ):
                group.add(found, gold)
        print(f"\n{name}: descriptive field F1 (precision / recall)")
        for key, tally in sorted(by_round.items(), key=lambda kv: _order(kv[0])):
            p, r, f = tally.prf()
            print(f"  {key:<10} {f:.3f} ({p:.3f} / {r:.3f})")
        if args.per_style:  # some 800 styles: the rounds are what a reader wants first
            styles = sorted(by_style.items(), key=lambda kv: kv[1].prf()[2])
            print("  per style: " + ", ".join(f"{s} {c.prf()[2]:.2f}" for s, c in styles))


if __name__ == "__main__":
    main()
