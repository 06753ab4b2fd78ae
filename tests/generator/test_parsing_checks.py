"""Parsing teacher output, the generator's checks, and the ISBD rendering of real records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.checks import (
    ExpressionError,
    evaluate,
    grounding,
    operands_present,
    title_present,
    validator_version,
)
from generator.isbd import Facts, field_lines, isbd, record_facts
from generator.parsing import (
    clean_prose,
    final_number,
    json_object,
    normalise_number,
    numbers_equal,
    split_reasoning,
    tagged,
)
from validators import Record, read_records


@pytest.mark.parametrize(
    ("text", "server", "expected"),
    [
        ("<think>add them</think>\nAnswer: 5", None, ("add them", "Answer: 5")),
        ("<THINKING>a</THINKING>b", None, ("a", "b")),
        ("first 2+3=5\n</think>\nAnswer: 5", None, ("first 2+3=5", "Answer: 5")),
        ("<think>ran out of tokens", None, ("ran out of tokens", "")),
        ("Answer: 5", "the server split it", ("the server split it", "Answer: 5")),
        ("plain answer", None, (None, "plain answer")),
    ],
)
def test_split_reasoning(text, server, expected):
    assert split_reasoning(text, server) == expected


def test_clean_prose_drops_fences_labels_and_quotes():
    assert clean_prose("Description: « Un livre. »") == "Un livre."
    assert clean_prose("Here it is:\n```\nThe text.\n```\nHope it helps") == "The text."
    assert clean_prose('"Quoted"') == "Quoted"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("So 12 * 24 = 288.\nAnswer: 288", "288"),
        ("Réponse : 11,75 euros", "11.75"),
        ("#### 1 717", "1717"),
        ("The answer is 45 booklets, not 44.", "45"),
        ("He pays 12.50 then 3", "3"),
        ("\\boxed{42}", "42"),
        ("no number here", None),
    ],
)
def test_final_number(text, number):
    assert final_number(text) == number


def test_numbers_compare_as_decimals():
    assert normalise_number("12,50") == "12.5"
    assert normalise_number("nan") is None and normalise_number("12 apples") is None
    assert numbers_equal("3.0", "3") and numbers_equal("0.1", "0.1000000001")
    assert not numbers_equal("3", "4") and not numbers_equal(None, "4")


def test_json_and_tags_are_found_inside_prose():
    assert json_object('Sure! ```json\n{"a": 1}\n``` done') == {"a": 1}
    assert json_object('x {broken {"b": [2]} y') == {"b": [2]}
    assert json_object("nothing") is None
    assert tagged("<question> Q? </question>", "question") == "Q?"


def test_arithmetic_is_evaluated_safely():
    assert evaluate("4 * 2.5 + 1.75") == (Decimal("11.75"), ["4", "2.5", "1.75"])
    assert evaluate("(12 + 4) × 3")[0] == 48
    for bad in ("__import__('os')", "2 ** 99999", "x + 1", "1 / 0", "print(1)"):
        with pytest.raises(ExpressionError):
            evaluate(bad)


def test_operands_must_appear_in_the_problem():
    assert operands_present("Tom has 1 200 stamps and buys 35.", ["1200", "35"])
    assert not operands_present("Tom has stamps and buys 35.", ["1200", "35"])


def test_grounding_asks_only_for_what_the_record_has():
    facts = Facts("Les jardins de la mémoire", ("Dumontel",), "2019")
    text = "LES JARDINS DE LA MEMOIRE, roman de Claire Dumontel, Lyon 2019."
    assert grounding(text, facts) == {
        "grounding": True,
        "grounding_detail": {"title": True, "author": True, "year": True},
    }
    missing_year = grounding("Les jardins de la mémoire par Claire Dumontel", facts)
    assert missing_year["grounding"] is False
    assert missing_year["grounding_detail"]["year"] is False
    anonymous = grounding("Les jardins de la mémoire (2019)", Facts("Les jardins", (), "2019"))
    assert anonymous["grounding"] is True and anonymous["grounding_detail"]["author"] is None
    # Most of the title's words are enough (a teacher may drop an article), one is not.
    assert title_present("Histoire des moulins du Quercy", "histoire moulins quercy")
    assert not title_present("Histoire des moulins du Quercy", "une histoire")


def test_isbd_of_a_real_bnf_record(real_dir):
    path = real_dir / "bnf_sru_marcxchange__rero-ils__bnf_ean_any_9782070541270.xml"
    record = next(r for r in read_records(path) if isinstance(r, Record))
    text = isbd(record, "fr")
    first = text.splitlines()[0]
    assert first.startswith("Harry Potter à l'école des sorciers [Texte imprimé] / J. K. Rowling")
    assert "— [Paris] : Gallimard, 1999. — 232 p." in first
    assert "(Harry Potter ; 1)" in first and "ISBN 2-07-054127-4 (br.)" in first
    assert "Auteurs : Rowling, J. K. ; Ménard, Jean-François" in text
    assert isbd(record, "en").splitlines()[1].startswith("Authors: Rowling")
    assert record_facts(record) == Facts(
        "Harry Potter à l'école des sorciers", ("Rowling",), "1999"
    )
    lines = field_lines(record)
    assert "200 1# $a Harry Potter" in lines and "930" not in lines  # local holdings left out


def test_isbd_removes_non_sorting_marks(real_dir):
    path = real_dir / "bncf_unimarcslim__gbergamin-unimarcxml.xml"
    record = next(r for r in read_records(path) if isinstance(r, Record))
    assert isbd(record).startswith("Lo Stato innovatore : sfatare il mito")
    assert "Mazzucato, Mariana" in isbd(record)  # BNCF writes $b with a leading comma


def test_every_real_record_renders_and_yields_facts(real_dir):
    count = 0
    for path in sorted(real_dir.glob("*.xml")) + sorted(real_dir.glob("*.mrc")):
        for record in read_records(path):
            if isinstance(record, Record):
                assert isinstance(isbd(record), str)
                record_facts(record)
                count += 1
    assert count > 500


def test_validator_version_follows_the_rules(monkeypatch):
    from validators import engine

    before = validator_version("strict")
    assert before == validator_version("strict")
    monkeypatch.setattr(engine, "ENGINE_VERSION", "rules-changed", raising=False)
    assert validator_version("strict") != before
