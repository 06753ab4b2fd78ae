"""How serials are described outside a catalogue's full record is read: a holdings list's
heading, a union list's holdings, a subscription list's table under its heading, a publisher
history with each run's years, two labelled parts on a line. The serials are real ones."""

from __future__ import annotations

import pytest

from generator.rules_baseline import catalogue_by_rules
from generator.rules_reading import date_of


def _imprints(record) -> list[tuple[str | None, str | None, str | None]]:
    return [(f.get("a"), f.get("c"), f.get("d")) for f in record.datafields("210")]


def test_a_publisher_history_gives_each_run_its_210():
    record = catalogue_by_rules(
        "Institut für Soziologie – Zeitschriftenbestand (Handbibliothek)\n\n"
        "Archives européennes de sociologie = European journal of sociology\nISSN 0003-9756\n"
        "Verlag: Plon, Paris (1960-1976); Cambridge University Press, London (1977-)\n"
        "Bestand: 1960-2004"
    )
    assert record.first("200", "a").startswith("Archives européennes de sociologie")
    assert _imprints(record) == [
        ("Paris", "Plon", "1960-1976"),
        ("London", "Cambridge University Press", "1977-"),
    ]
    record = catalogue_by_rules(
        "Agora débats/jeunesse\nCréation : 1995 – Éditeur : Harmattan, Paris (1995-) ; INJEP, "
        "Paris (1995)\nISSN : 1268-5666"
    )
    assert _imprints(record) == [("Paris", "Harmattan", "1995-"), ("Paris", "INJEP", "1995")]


def test_a_union_list_s_holdings_and_a_subscription_list_s_table_under_its_heading():
    record = catalogue_by_rules(
        "Annuaire des deux mondes : histoire générale des divers états. — Paris : Revue des deux "
        "mondes, 1850-1868. — ISSN 1245-9666.\n   75 BIUC   1850-1868.\n"
        "   75 IPOL   1850-1866 [lacunes].\n   69 BM     1853-1860."
    )
    assert (record.first("200", "a"), record.first("210", "c")) == (
        "Annuaire des deux mondes",
        "Revue des deux mondes",
    )
    record = catalogue_by_rules(
        "Renouvellement des abonnements 2025 — liste à valider avant le 15 novembre\n"
        "Client : Bibliothèque de l'Institut, compte n° 004512\n\n"
        "Réf. | Titre | ISSN | Éditeur | Support | Prix HT 2025\n"
        "0087 | Année psychologique | 0003-5033 | NecPlus | papier + en ligne | 412,00 €\n"
        "Remarque : titre publié par les Presses universitaires de France jusqu'en 2008."
    )
    assert (record.first("200", "a"), record.first("011", "a"), record.first("210", "c")) == (
        "Année psychologique",
        "0003-5033",
        "NecPlus",
    )


@pytest.mark.parametrize(
    ("said", "open_run"),
    [
        ("Erscheinungsverlauf: 1966 ff.", "1966-"),
        ("Från: 1971 →", "1971-"),
        ("Electronic editions are available from 1997 onwards.", "1997-"),
        ("de Nederlandse uitgave verschijnt sinds 1997", "1997-"),
        ("wydawane przez Wydawnictwo UMK od 1993 r.", "1993-"),
        ("Od 2005 r. także w wersji elektronicznej", "2005-"),
        ("Volltext: ab 2004", "2004-"),
        ("coverage from 2006 on", "2006-"),
        ("Paraît depuis 1949 à 4 numéros par an", "1949-"),  # a count is no closing year
        ("verso: 2015 - ", "2015"),  # what "verso: 2015 - ISBN ..." leaves once its ISBN is read
        ("Paris : Alcan, 1913. - 200 p.", "1913"),  # ISBD's next area, no open run
        # a closing year after the words: a run that ended
        ("Rocznik statystyczny od 1993 do 2000", "1993"),
        ("vanaf 1990 tot 2000", "1990"),
        ("desde 1974 hasta 1980", "1974"),
        ("dal 1973 al 1980", "1973"),
        ("depuis 1990 jusqu'en 2000", "1990"),
        ("1992 → 1995", "1992"),
        # no serial's words at all: a firm's "AB", an edition reprinted
        ("Stockholm : Almqvist & Wiksell AB 1965", "1965"),
        ("Reprinted from 1890 ed.", "1890"),
    ],
)
def test_a_run_left_open_is_read_in_many_words(said, open_run):
    assert date_of(said) == open_run


def test_an_imprint_s_open_run_is_not_opened_twice():
    record = catalogue_by_rules("Annual report\nPublished by Harper Publishers from 1949-")
    assert record.first("210", "d") == "1949-"


def test_a_serial_s_open_date_set_with_an_en_dash_before_its_issn():
    record = catalogue_by_rules(
        "Annual Report / National Bank of Poland. – Warsaw : National Bank of Poland, 1995– . – "
        "ISSN 1427-0285."
    )
    assert [(f.get("a"), f.get("c"), f.get("d")) for f in record.datafields("210")] == [
        ("Warsaw", "National Bank of Poland", "1995-")
    ]
    assert record.first("011", "a") == "1427-0285"
