"""The fitted second opinion on the rules' title (`generator.title_choice`)."""

from __future__ import annotations

import json

import pytest

from generator.rules_baseline import catalogue_by_rules, reading
from generator.title_choice import WEIGHTS, Span, features, spans


@pytest.mark.parametrize(
    ("description", "heading", "title"),
    [
        (  # a box's label above an entry (with " / Italo Svevo" the rules read it themselves)
            "Scaffale B, ripiano 2\nLa coscienza di Zeno. Bologna : Cappelli, 1923",
            "Scaffale B",
            "La coscienza di Zeno",
        ),
        (  # a shelf check's heading and a number above the entry
            "Liste des manques – périodiques, état juin\nNo 4\n"
            "Bulletin trimestriel de la Banque de France. Paris : Banque de France, 1950-\n"
            "Manquent : 1961, 1962",
            "Liste des manques – périodiques",
            "Bulletin trimestriel de la Banque de France",
        ),
    ],
)
def test_a_heading_above_an_entry_gives_way_to_the_entry_s_title(description, heading, title):
    assert catalogue_by_rules(description, second_opinion=False).first("200", "a") == heading
    assert catalogue_by_rules(description).first("200", "a") == title


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Les misérables / Victor Hugo. - Paris : Hachette, 1881. - 3 vol.", "Les misérables"),
        (
            "Objet : commande\n\nBonjour,\nmerci de commander pour la salle de lecture : "
            "Principes d'économie politique / Charles Gide. Paris : Larose, 1884.\nCordialement",
            "Principes d'économie politique",
        ),
        # a title page typed line by line: a title of one word, the author under it
        ("Lolita\nVladimir Nabokov\nParis: Olympia Press, 1955", "Lolita"),
        ("Essais\nMichel de Montaigne\nBordeaux, S. Millanges, 1580", "Essais"),
        ("Lolita\r\nVladimir Nabokov\r\nParis: Olympia Press, 1955", "Lolita"),
        # a subtitle after a colon set tight, as people type it
        ("Sapiens: A Brief History of Humankind\nYuval Noah Harari\nLondon, 2014", "Sapiens"),
        ("Der  Prozess: Roman\nFranz Kafka\nBerlin, Die Schmiede, 1925", "Der Prozess"),
        ("Война и мир / Лев Толстой. – Москва : Наука, 1980", "Война и мир"),
    ],
)
def test_a_title_the_rules_read_right_stands(description, title):
    assert catalogue_by_rules(description, second_opinion=False).first("200", "a") == title
    assert catalogue_by_rules(description).first("200", "a") == title


def test_only_a_title_taken_by_position_is_weighed():
    # a label vouches for its title: the model is not asked, whatever it would prefer
    labelled = "Liste d'achats\nTitre : Bulletin trimestriel\nÉditeur : Banque de France, 1950"
    assert reading(labelled).title_by_position is False
    assert catalogue_by_rules(labelled).first("200", "a") == "Bulletin trimestriel"
    heading = "Fehlbestandsliste – Jahrbücher\nStatistisches Jahrbuch / Statistisches Bundesamt"
    assert reading(heading).title_by_position is True


def test_spans_join_up_to_four_parts_of_one_line_in_any_script():
    found = {s.text for s in spans("Paris : Alcan, 1899\nLe Play / F. Le Play")}
    assert {
        "Paris",
        "Alcan",
        "Paris : Alcan",
        "Paris : Alcan, 1899",
        "Le Play / F. Le Play",
    } <= found
    assert not any("\n" in text for text in found)
    cyrillic = {s.text for s in spans("Война и мир / Лев Толстой. – Москва : Наука, 1980")}
    assert {"Война и мир", "Лев Толстой", "Москва", "Наука"} <= cyrillic


def test_nothing_before_a_span_is_no_punctuation():
    # an empty string is "in" every string: a span at the very start is not after a dash
    found = features("Lolita\nVladimir Nabokov", Span("Lolita", 0, 6, 1))
    assert (found["after_dash"], found["quoted"], found["bracketed"]) == (0.0, 0.0, 0.0)


def test_the_stored_weights_are_for_the_features_computed():
    # a feature added or renamed without a new fit (bench/title_choice.py --write) would be
    # scored as 0 or ignored without a word
    fitted = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    computed = features("Le Play / F. Le Play", Span("Le Play", 0, 7, 1))
    assert set(fitted["weights"]) == set(computed)
    assert fitted["margin"] > 0
