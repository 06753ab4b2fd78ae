"""The CRF that fills the parts the rules left unread (`generator.span_tagger`)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from generator.rules_baseline import catalogue_by_rules
from generator.rules_reading import Reading
from generator.span_tagger import (
    MODEL,
    TITLE_SURE,
    Span,
    features,
    fill_gaps,
    labelled,
    sure_title,
    tagged,
    tokens,
)
from validators import DataField, Record, Subfield


def _texts(spans: dict[str, list[Span]]) -> dict[str, list[str]]:
    return {label: [span.text for span in found] for label, found in spans.items()}


def _sure(**texts: list[str]) -> dict[str, list[Span]]:
    """Spans as the tagger gives them, each as sure as can be."""
    return {label: [Span(text, 1.0) for text in found] for label, found in texts.items()}


def _record(*fields: tuple[str, list[tuple[str, str]]]) -> Record:
    made = [DataField(tag, " ", " ", [Subfield(c, v) for c, v in subs]) for tag, subs in fields]
    return Record("00000nam0 2200000   450 ", made)


def test_each_word_is_labelled_where_its_record_s_value_stands():
    description = "GERMINAL / Émile Zola. - Paris : G. Charpentier, 1885. - 591 p."
    record = _record(
        ("200", [("a", "Germinal"), ("f", "Emile Zola")]),
        ("210", [("a", "Paris"), ("c", "Charpentier"), ("d", "1885")]),
        ("215", [("a", "591 p.")]),
        ("700", [("a", "Zola"), ("b", "Émile")]),
    )
    words = [t.text for t in tokens(description)]
    tags = dict(zip(words, labelled(description, record), strict=True))
    assert tags["GERMINAL"] == "B-T"  # case and accents do not count
    assert (tags["Émile"], tags["Zola"]) == ("B-F", "I-F")  # the longer value first: 200$f
    assert (tags["Paris"], tags["G"], tags["Charpentier"]) == ("B-P", "O", "B-C")
    assert (tags["1885"], tags["591"], tags["p"]) == ("B-D", "B-X", "I-X")


@pytest.mark.parametrize(
    ("description", "imprint"),
    [
        (  # a teacher's comment on an essay: a citation inside a sentence
            "Comment: please cite the Quarterly bulletin of the Bank of Ghana (Accra: Bank of "
            "Ghana, 1960– ; ISSN 0005-4844) rather than a newspaper.",
            ("=102  \\\\$aGH", "=210  \\\\$aAccra"),
        ),
        (
            "Bonjour, nous recevons toujours le Bulletin de la Société d'histoire du Vexin "
            "(Pontoise : Société d'histoire du Vexin, 1950- ), merci de le noter.",
            ("=102  \\\\$aFR", "=210  \\\\$aPontoise$cSociété d'histoire du Vexin$d1950-"),
        ),
    ],
)
def test_the_tagger_reads_an_imprint_the_rules_leave_in_running_prose(description, imprint):
    alone = catalogue_by_rules(description, tagger=None).to_mrk()
    assert "=210  \\\\$d" in alone and "=102" not in alone  # the rules read the year only
    filled = catalogue_by_rules(description).to_mrk().splitlines()
    country, publication = imprint
    assert country in filled  # the town gives the country
    assert any(line.startswith(publication) for line in filled)


def test_a_span_the_rules_read_as_another_part_is_not_filled_again():
    # "Harper" is the publisher a label named; the tagger reads it as the place too
    described = "Title: Moby Dick\nPublisher: Harper\nYear: 1851"
    assert _texts(tagged(described))["P"] == ["Harper"]
    assert (
        catalogue_by_rules(described).to_mrk()
        == catalogue_by_rules(described, tagger=None).to_mrk()
    )
    # a format the rules read as the size stays the size, not the extent as well
    described = "ABÉLARD (Pierre) et HÉLOÏSE. Lettres. Paris, Le Bailly, 1884. In-18."
    assert "$aIn-18$dIn-18" not in catalogue_by_rules(described).to_mrk()


def test_a_part_the_rules_read_stays_theirs():
    found = Reading()
    found.add("place", "Paris")
    fill_gaps(found, _sure(P=["Lyon"], C=["Hachette"], S=["Anticorpi"], V=["43"]))
    assert found.parts["place"] == ["Paris"]
    assert found.parts["publisher"] == ["Hachette"]
    assert found.parts["series"] == ["Anticorpi ; 43"]


def test_names_stay_with_the_rules():
    found = Reading()
    fill_gaps(found, _sure(NA=["Heimatkunde"], NB=["Zeitschrift"], KA=["INSEE"]))
    assert found.parts == {}


def test_a_series_number_is_a_number():
    found = Reading()
    fill_gaps(found, _sure(S=["Folio classique"], V=["XVII"]))
    assert found.parts == {"series": ["Folio classique"]}


def test_a_span_keeps_the_marks_that_close_it():
    spans = _texts(
        tagged("Brochure reçue : Le canal de Suez, Marseille, 1869, 1 vol. (28 p.), in-8°.")
    )
    assert spans["X"] == ["1 vol. (28 p.)"] and spans["Z"] == ["in-8°"]


def test_a_label_s_value_begins_after_any_of_its_marks():
    # " - " sets a label off as ":" does: "Paris" is the publisher line's value, not its label
    words = features("Titre - Germinal\nÉditeur - Paris : Gallimard")
    assert [("inlab" in w, w.get("lab=publisher")) for w in words[3:]] == [
        (True, None),  # Éditeur
        (True, None),  # -
        (False, 1.0),  # Paris
        (False, 1.0),  # :
        (False, 1.0),  # Gallimard
    ]


def test_blank_lines_around_a_description_change_nothing():
    described = "Titre : Annuaire\nLieu : Lausanne\nÉditeur : Payot\nAnnée : 1931"
    assert tagged(f"\n\n{described}\n\n") == tagged(described)


def test_a_broken_escape_is_read_not_raised():
    # a lone surrogate, as a JSON line's "\\ud800" gives, reaches the tagger as "?"
    assert catalogue_by_rules("Titre : a\ud800b\nÉditeur : Payot").first("200", "a")


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_other_systems_line_ends_read_as_plain_ones(end):
    plain = "Titre : Annuaire\nLieu : Lausanne\nÉditeur : Éditions Payot\nAnnée : 1931"
    assert _texts(tagged(plain)) == {
        "T": ["Annuaire"], "P": ["Lausanne"], "C": ["Éditions Payot"], "D": ["1931"]
    }  # fmt: skip
    assert tagged(plain.replace("\n", end)) == tagged(plain)


def test_a_sure_title_stands_for_one_taken_by_position():
    # the rules take the first line no reader claimed after the subject line: the box's number
    described = (
        "Re: inventaire du carton 12\n"
        "Carton 12 : Annuaire statistique de la France, Paris, Imprimerie nationale, 1878"
    )
    assert catalogue_by_rules(described, tagger=None).first("200", "a") == "Carton 12"
    assert tagged(described)["T"][0].sure > TITLE_SURE + 0.2  # no model's calibration at the edge
    assert catalogue_by_rules(described).first("200", "a") == "Annuaire statistique de la France"


def test_a_title_the_tagger_is_unsure_of_or_a_part_the_rules_read_does_not_stand():
    found = Reading()
    assert sure_title(found, {"T": [Span("Germinal", TITLE_SURE - 0.01)]}) is None
    found.add("names", "Zola, Émile")
    found.add("responsibility", "Émile Zola")
    found.add("publisher", "Traité du 8 juillet 1833")
    assert sure_title(found, _sure(T=["Zola, Émile"])) is None
    assert sure_title(found, _sure(T=["Émile Zola"])) is None
    assert sure_title(found, _sure(T=["Traité du 8 juillet 1833"])) is None
    assert sure_title(found, _sure(T=["Germinal."])) == "Germinal"  # tidied as the rules' are


def test_the_rules_title_stands_where_the_tagger_reads_it_too_word_by_word():
    found = Reading()
    found.add("title", "Lieder und Balladen... mit Piano")
    found.title_by_position = True
    assert sure_title(found, _sure(T=["Lieder und Balladen"])) is None  # its opening words
    assert sure_title(found, _sure(T=["Lieder und Balladen... mit Piano, Op. 18"])) is None
    found = Reading()
    found.add("title", "Hi")  # a greeting's word is no opening of "Histoire"
    assert sure_title(found, _sure(T=["Histoire de France"])) == "Histoire de France"


def test_tagging_from_many_threads_reads_each_description_s_own_sureness():
    described = [
        "Titre : Annuaire\nLieu : Lausanne\nÉditeur : Payot\nAnnée : 1931",
        "Re: carton 12\nCarton 12 : Annuaire statistique de la France, Paris, 1878",
    ]
    wanted = [tagged(d) for d in described]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between any two bytecodes
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(tagged, described * 100))
    finally:
        sys.setswitchinterval(switching)
    assert got == wanted * 100


def test_the_rules_subtitle_and_the_note_the_tagger_names_as_title_give_way():
    # a heading read as the title by position, the line under it then read as its subtitle
    found = Reading()
    found.add("title", "Nouvelles acquisitions")
    found.add("subtitle", "Le Rouge et le Noir")
    found.add("subtitle", "chronique de 1830")
    found.add("note", "Le Rouge et le Noir")
    found.add("note", "Édition illustrée")
    assert sure_title(found, _sure(T=["Le Rouge et le Noir"])) == "Le Rouge et le Noir"
    assert "subtitle" not in found.parts
    assert found.parts["note"] == ["Édition illustrée"]


def test_the_tagger_s_subtitle_fills_the_place_of_the_rules_given_way():
    found = Reading()
    found.add("title", "Nouvelles acquisitions")
    found.add("subtitle", "Rayon des romans")
    spans = _sure(T=["Le Rouge et le Noir"], E=["chronique de 1830"])
    assert sure_title(found, spans) == "Le Rouge et le Noir"
    fill_gaps(found, spans)
    assert found.parts["subtitle"] == ["chronique de 1830"]


def test_the_shipped_model_is_small():
    assert MODEL.stat().st_size < 1 << 20  # some twelve thousand weights, no network's
