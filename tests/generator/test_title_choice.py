"""The fitted second opinion on the rules' title (`generator.title_choice`)."""

from __future__ import annotations

import json

from generator.rules_baseline import catalogue_by_rules, reading
from generator.title_choice import WEIGHTS, Span, better_title, features, spans


def test_a_heading_above_an_entry_gives_way_to_the_entry_s_title():
    # a shelf check's heading stands first; the title is the entry's, above its imprint
    checked = (
        "Fehlbestandsliste – Jahrbücher, Stand Mai\nNr. 9\n"
        "Statistisches Jahrbuch / Statistisches Bundesamt\nWiesbaden : Kohlhammer, 1952-\n"
        "Fehlend: 1960"
    )
    assert catalogue_by_rules(checked, second_opinion=False).first("200", "a") == (
        "Fehlbestandsliste – Jahrbücher"
    )
    assert catalogue_by_rules(checked).first("200", "a") == "Statistisches Jahrbuch"


def test_a_title_the_rules_read_right_stands():
    for description, title in (
        ("Les misérables / Victor Hugo. - Paris : Hachette, 1881. - 3 vol.", "Les misérables"),
        (
            "Objet : commande\n\nBonjour,\nmerci de commander pour la salle de lecture : "
            "Principes d'économie politique / Charles Gide. Paris : Larose, 1884.\nCordialement",
            "Principes d'économie politique",
        ),
    ):
        assert catalogue_by_rules(description, second_opinion=False).first("200", "a") == title
        assert better_title(description, title) is None
        assert catalogue_by_rules(description).first("200", "a") == title


def test_spans_join_up_to_four_parts_of_one_line():
    found = {s.text for s in spans("Paris : Alcan, 1899\nLe Play / F. Le Play")}
    assert {
        "Paris",
        "Alcan",
        "Paris : Alcan",
        "Paris : Alcan, 1899",
        "Le Play / F. Le Play",
    } <= found
    assert not any("\n" in text for text in found)


def test_the_stored_weights_are_for_the_features_computed():
    # a feature added or renamed without a new fit (bench/title_choice.py --write) would be
    # scored as 0 or ignored without a word
    fitted = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    computed = features("Le Play / F. Le Play", Span("Le Play", 0, 7, 1))
    assert set(fitted["weights"]) == set(computed)
    assert fitted["margin"] > 0


def test_only_a_title_taken_by_position_is_weighed():
    # a label vouches for its title: the model is not asked, whatever it would prefer
    labelled = "Liste d'achats\nTitre : Bulletin trimestriel\nÉditeur : Banque de France, 1950"
    assert reading(labelled).title_by_position is False
    assert catalogue_by_rules(labelled).first("200", "a") == "Bulletin trimestriel"
    heading = "Fehlbestandsliste – Jahrbücher\nStatistisches Jahrbuch / Statistisches Bundesamt"
    assert reading(heading).title_by_position is True
