"""The rules-only reading of a description's areas as other styles set them: lists of parts
(commas, dashes, bars), prose with its statement in parentheses, imprints without a town, edition
statements, extents and old books' formats, bodies and kinds of document. Each example is typed as
such a description is; the books are real ones.
"""

from __future__ import annotations

import pytest

from distill.canonical import normalise_value
from generator.rules_baseline import catalogue_by_rules


@pytest.mark.parametrize(
    "line",
    [
        "Victor Hugo - Les misérables - Gallimard - 1995 - 1232 pages",
        "Les Misérables, Victor Hugo, Gallimard, 1995, 1232 pages",
        "Les misérables | Victor Hugo | Gallimard | 1995",
    ],
)
def test_a_list_without_a_town_has_its_publisher_before_the_date(line):
    record = catalogue_by_rules(line)
    assert record.first("200", "a").casefold() == "les misérables"
    assert record.first("200", "e") is None  # the publisher is no subtitle
    assert record.first("210", "c") == "Gallimard"
    assert record.first("210", "a") is None


def test_a_list_s_unknown_town_far_from_the_title_is_no_publisher():
    record = catalogue_by_rules(
        "Peder Claussøn | Norriges Bescriffuelse | Melchior Marzan | Kiobenhaffn | 1632 | 185 p."
    )
    assert record.first("210", "c") is None


def test_a_body_before_a_listed_title_and_an_acronym_before_a_town():
    record = catalogue_by_rules(
        "American Society of International Law, American journal of international law, ASIL, "
        "Washington, D.C., 1907-, 0002-9300"
    )
    assert record.first("200", "a") == "American journal of international law"
    assert record.first("210", "a") == "Washington, D.C."
    assert record.first("210", "c") == "ASIL"
    assert [f.get("a") for f in record.datafields("710")] == [
        "American Society of International Law"
    ]
    assert record.datafields("702") == []  # "ASIL, Washington" is no person


def test_a_list_s_title_after_its_identifier_was_read_off():
    record = catalogue_by_rules(
        "Advances in librarianship, Academic Press, New York, 1970-, 0065-2830"
    )
    assert record.first("200", "a") == "Advances in librarianship"
    assert record.first("011", "a") == "0065-2830"


@pytest.mark.parametrize(
    "prose",
    [
        "Livre intitulé « Administration & society », publié chez Sage, Newbury Park, Calif., "
        "1974-. En anglais.",
        'A book titled "Administration & society", publised by Sage, Newbury Park, Calif., 1974-.',
    ],
)
def test_a_town_before_its_state_and_a_cue_s_typo(prose):
    record = catalogue_by_rules(prose)
    assert normalise_value(record.first("210", "a")) == "newbury park, calif"
    assert record.first("210", "c") == "Sage"
    assert record.first("102", "a") == "US"


def test_an_acronym_publisher_keeps_its_capitals_off_a_title_page_in_capitals():
    record = catalogue_by_rules("Titre : Agricultural statistics\nÉditeur : USGPO\nDate : 1936-")
    assert record.first("210", "c") == "USGPO"


def test_a_sentence_s_statement_in_parentheses_after_its_names():
    record = catalogue_by_rules(
        "Livre intitulé « Les tables de survie » de Levasseur, Emile ((1828-1911)) (par M. É. "
        "Levasseur), publié chez Berger-Levrault, Nancy, 1887. 1 vol. (34 p.). 25 cm."
    )
    assert record.first("200", "f") == "par M. É. Levasseur"
    assert [f.get("a") for f in record.datafields("700")] == ["Levasseur"]


@pytest.mark.parametrize(
    "prose",
    [
        # a place qualifies the body; the extent's parentheses are a later sentence's
        'A book titled "Jahrbuch" by Institut für Meereskunde (Hamburg), published by X, '
        "Hamburg, 1990. 1 vol. (33 p.).",
        "Livre intitulé « Séance du 19 mars 1827 » de France. Chambre des pairs, publié chez "
        "Impr. royale, Paris, 1827. 1 vol. (33 p.). 21 cm.",
    ],
)
def test_parentheses_that_are_no_statement(prose):
    assert catalogue_by_rules(prose).first("200", "f") is None


def test_a_body_s_name_going_on_after_by_is_one_body():
    record = catalogue_by_rules(
        'A book titled "Annual report" by Central Bank of Nigeria (Central Bank of Nigeria), '
        "published by Central Bank of Nigeria, Lagos, 1999-. In English."
    )
    assert [f.get("a") for f in record.datafields("710")] == ["Central Bank of Nigeria"]
    assert record.datafields("712") == []
    assert record.first("200", "f") == "Central Bank of Nigeria"


def test_a_body_above_the_title_that_publishes_it_is_its_author_too():
    record = catalogue_by_rules(
        "Association for Canadian Studies in the United States | The American review of Canadian "
        "studies | Association for Canadian Studies in the United States | Bellingham, WA | 1973-"
    )
    assert record.first("200", "a") == "The American review of Canadian studies"
    assert record.first("210", "c") == "Association for Canadian Studies in the United States"
    assert [f.get("a") for f in record.datafields("710")] == [
        "Association for Canadian Studies in the United States"
    ]


def test_other_title_information_with_a_date_and_a_subtitle_naming_maps():
    record = catalogue_by_rules(
        "Graux, Georges | Les congrégations religieuses devant la loi | décrets du 29 mars 1880 | "
        "A. Cotillon | Paris | 1880 | 238 p."
    )
    assert record.first("200", "e") == "décrets du 29 mars 1880"
    record = catalogue_by_rules(
        "L'Orient et l'Europe - ouvrage contenant des cartes de l'Orient - Maison Didot - Paris - "
        "[1898] - 1 vol. (XX-351 p.)"
    )
    assert record.first("200", "e") == "ouvrage contenant des cartes de l'Orient"
    assert record.first("210", "c") == "Maison Didot"


def test_a_town_s_own_name_before_another_town_s_alternate_name():
    assert catalogue_by_rules("Annual report\nBridgetown, 2001").first("102", "a") == "BB"


def test_a_bank_named_in_one_word_is_a_body():
    record = catalogue_by_rules(
        "Österreichische Nationalbank / Annual report / ONB / Vienna / 1998-"
    )
    assert [f.get("a") for f in record.datafields("710")] == ["Österreichische Nationalbank"]
    assert record.datafields("700") == []


@pytest.mark.parametrize(
    ("said", "statement"),
    [
        ("2e éd., rev., corr. et augm.", "2e éd., rev., corr. et augm."),
        ("Nouvelle édition revue et augmentée", "Nouvelle édition revue et augmentée"),
        ("5., vermehrte und fortgeführte Aufl.", "5., vermehrte und fortgeführte Aufl."),
        ("3rd ed., rev. and enl.", "3rd ed., rev. and enl."),
    ],
)
def test_an_edition_statement_with_what_it_says_of_the_text(said, statement):
    record = catalogue_by_rules(f"Les jardins / Claire Vasseur. — {said} — Lyon : X, 2021")
    assert normalise_value(record.first("205", "a")) == normalise_value(statement)


def test_an_edition_in_a_sentence_leaves_the_rest_of_the_sentence_to_be_read():
    record = catalogue_by_rules(
        "Livre intitulé « La monnaie » de Auguste Arnauné, publié chez F. Alcan, Paris, 1909. 4e "
        "édition rev. et augm.. 1 volume (VIII-524 pages). 23 centimètres. En français."
    )
    assert normalise_value(record.first("205", "a")) == "4e édition rev. et augm"
    assert record.first("215", "a") == "1 vol. (VIII-524 p.)"


def test_plates_after_the_pages_and_an_extent_s_commas_in_a_list():
    record = catalogue_by_rules(
        "La Grèce devant le Congrès\nBoivin\nParis 1919\n219 pages, [2] dépl."
    )
    assert record.first("215", "a") == "219 p., [2] dépl."
    record = catalogue_by_rules(
        "Paul Leroy-Beaulieu, Traité de la science des finances, Guillaumin et cie, Paris, 1888, "
        "2 vol. (XXIV-791, 738 p.), Index"
    )
    assert record.first("215", "a") == "2 vol. (XXIV-791, 738 p.)"


@pytest.mark.parametrize(
    ("extent", "catalogued"),
    [
        ("1 vol. de 46 pp., tableaux, 22 cm, broché", "1 vol. (46 p.)"),  # a dealer's
        ("Descripción: 1 vol. XII-712 págs. Ilustrado.", "1 vol. (XII-712 p.)"),
        ("2 tomos (XVI-593 y XI-768 págs.), 26 cm", "2 vol. (XVI-593, XI-768 p.)"),
        ("3 Bände, 24 cm", "3 vol."),
        ("2 tomes en 1 vol. ; in-4", "1 vol."),  # the volumes bound, not the tomes
    ],
)
def test_a_volume_s_pages_in_its_brackets_and_tomes_as_volumes(extent, catalogued):
    record = catalogue_by_rules(
        f"Traité des finances / Paul Leroy-Beaulieu\nParis : Guillaumin, 1888\n{extent}"
    )
    assert record.first("215", "a") == catalogued


def test_a_series_numbered_with_a_range():
    record = catalogue_by_rules(
        "Les misérables / Victor Hugo. — Paris : Gallimard, 1995. — 2 vol. — (Folio classique ; "
        "2675-2676)"
    )
    assert (record.first("225", "a"), record.first("225", "v")) == ("Folio classique", "2675-2676")


def test_a_journal_quoted_among_a_list_s_parts_is_no_title():
    record = catalogue_by_rules(
        "Joseph Chailley-Bert - La France et la plus grande France - un essai de programme - Par "
        'Joseph Chailley-Bert - "Revue politique et parlementaire" - Paris - 1902 - 35 p.'
    )
    assert record.first("200", "a") == "La France et la plus grande France"


def test_a_publisher_with_no_town_after_a_quoted_title():
    record = catalogue_by_rules('"Il nome della rosa", Umberto Eco, Bompiani, 1980, 503 p.')
    assert record.first("210", "c") == "Bompiani"
    assert [f.get("a") for f in record.datafields("700")] == ["Eco"]


@pytest.mark.parametrize(
    ("line", "extent", "size"),
    [
        ("In-4°, 117 p.", "In-4°, 117 p.", None),  # a format before the pages stays with them
        ("90 pages : tabl. ; In-8°.", "90 p.", "In-8°"),  # after them: the size's place
        ("In-fol.", "In-fol", None),  # alone: the extent's place, as old books' records keep it
    ],
)
def test_an_old_book_s_format(line, extent, size):
    record = catalogue_by_rules(f"Concordantiae Bibliorum / Peter Drach. — Spirae, 1485. — {line}")
    assert (record.first("215", "a"), record.first("215", "d")) == (extent, size)


def test_a_format_s_words_in_a_title_are_no_format():
    record = catalogue_by_rules("Les livres in-8 de la bibliothèque\nParis, 1900")
    assert record.first("200", "a") == "Les livres in-8 de la bibliothèque"


@pytest.mark.parametrize(
    ("description", "kind", "role"),
    [
        ("40 Mélodies choisies / Schubert [Musique imprimée]. — Paris : Richault, 1893\n"
         "Auteurs : Schubert, Franz", "cm", "230"),
        ("Mélodies, transcrites pour piano par F. Thomé\nAuteurs : Schubert, Franz\nParis, 1874",
         "cm", "230"),
        ("Hands [Image fixe] : [estampe] / Peter Bond. — [S.l.] : [s.n.], 1991\n"
         "Auteurs : Bond, Peter Ross", "km", "440"),
        ("Les misérables / Victor Hugo. — Paris : Gallimard, 1995", "am", "070"),
    ],
)  # fmt: skip
def test_the_kind_of_document_a_designation_or_a_score_s_instruments_say(description, kind, role):
    record = catalogue_by_rules(description)
    assert record.leader[6:8] == kind
    assert record.datafields("700")[0].get("4") == role


def test_the_role_s_words_before_by_belong_to_the_statement():
    record = catalogue_by_rules(
        "Original compositions for organ, edited by Willi Apel\nAmerican institute of musicology"
        "\n[S.l.] 1973"
    )
    assert record.first("200", "e") is None  # "edited", nor the publisher under the title
    assert record.first("200", "f") == "edited by Willi Apel"
    assert record.first("210", "c") == "American institute of musicology"
    assert [(f.get("a"), f.get("4")) for f in record.datafields("702")] == [("Apel", "340")]


def test_a_title_page_s_statement_names_the_heading_s_person_in_another_form():
    record = catalogue_by_rules(
        "Alexis Orloff\nTRAITÉ DU 8 JUILLET 1833\nComte Alexis Orloff\n[S.l.] 1833\n1 vol. (6 p.)"
    )
    assert record.first("200", "f") == "Comte Alexis Orloff"
    assert [f.get("a") for f in record.datafields("700")] == ["Orloff"]


def test_a_listed_title_before_its_author_named_again_is_no_surname():
    record = catalogue_by_rules(
        "Peter McGehee, Sweetheart, Peter McGehee, St. Martin's press, New York, 1992, 207 p."
    )
    assert record.first("200", "a") == "Sweetheart"
    assert [f.get("a") for f in record.datafields("700")] == ["McGehee"]


def test_a_serial_s_body_above_its_title_is_an_access_point_not_a_statement():
    record = catalogue_by_rules(
        "Centre de recherches de politique criminelle | Archives de politique criminelle | Pedone |"
        " Paris | 1975- | 0242-5637"
    )
    assert record.first("200", "f") is None
    assert [f.get("a") for f in record.datafields("710")] == [
        "Centre de recherches de politique criminelle"
    ]


def test_a_town_that_opens_on_a_cue_word_keeps_its_name():
    record = catalogue_by_rules("Agora débats/jeunesse | Harmattan | INJEP | Paris | Paris | 1995-")
    assert record.values("210", "c") == ["INJEP"]  # not "is" ("Paris" less its "par"), nor Paris


@pytest.mark.parametrize(
    ("description", "language"),
    [
        ("APPLIED ECONOMICS\nChapman and Hall\nLondon\n1969-", "eng"),
        ("Andamios | Revista de investigacion social | UCAM | Mexico | 2004-", "spa"),
        ("Les jardins de la rive haute\nÉditions du Vieux Pont\nLondon\n2021", "fre"),  # its words
    ],
)
def test_the_publishing_country_s_language_when_no_word_of_the_title_tells(description, language):
    assert catalogue_by_rules(description).first("101", "a") == language


def test_a_title_opening_on_a_genre_word_and_a_verso_s_sentence_after_the_imprint():
    record = catalogue_by_rules(
        "Ernest-Désiré Glasson\nMémoire sur la condition civile des étrangers en France\npar E. "
        "Glasson\nAlphonse Picard et Fils\nParis 1904\n\nAu verso :\nDestiné à être soumis à la "
        "deuxième Assemblée générale de l'Association internationale des Académies à Londres, en "
        "mai 1904"
    )
    assert record.first("200", "a") == "Mémoire sur la condition civile des étrangers en France"
    assert (record.values("210", "a"), record.values("210", "c")) == (
        ["Paris"],
        ["Alphonse Picard et Fils"],
    )


@pytest.mark.parametrize(
    ("typed", "designation"),
    [("[Musique ipmrimée]", "Musique imprimée"), ("[Imgae fixe]", "Image fixe"),
     ("[[Ressurce électronique]]", "Ressource électronique")],
)  # fmt: skip
def test_a_material_designation_typed_with_a_slip(typed, designation):
    record = catalogue_by_rules(f"Lieder {typed} : recueil / Peter Burian. — Villemer : Y, 2020.")
    assert record.first("200", "a") == "Lieder"
    assert record.first("200", "b") == designation


def test_bracketed_words_that_are_no_designation_stay():
    record = catalogue_by_rules("Hands : [estampe] / Peter Bond. — [Paris] : [Peter Bond], 1991.")
    assert record.first("200", "e") == "[estampe]"
    assert record.first("210", "c") == "[Peter Bond]"


def test_a_loan_log_s_score_its_title_opening_on_a_number_its_towns_after_the_publisher():
    record = catalogue_by_rules(
        "LOAN OUT – 03/11\n"
        "Britten, Benjamin – 6 Metamorphoses after Ovid : for oboe solo\n"
        "Boosey and Hawkes (London / New York), 1952 – score, 15 pp., 31 cm\n"
        "Borrowed by: wind section"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "6 Metamorphoses after Ovid",
        "for oboe solo",
    )
    assert record.first("700", "a") == "Britten"
    assert [s.value for s in record.get_fields("210")[0].subfields] == [
        "London",
        "New York",
        "Boosey and Hawkes",
        "1952",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Histoire de Quimperlé. – Quimperlé : Éditions du Léon, 1990.",
        "Histoire de Quimperlé / Jean Dupont. – Quimperlé : Éditions du Léon, 1990",
    ],
)
def test_an_unknown_town_after_an_en_dash_as_the_last_area_is_the_place(line):
    record = catalogue_by_rules(line)
    assert record.first("210", "a") == "Quimperlé"
    assert record.first("210", "c") == "Éditions du Léon"


def test_an_editor_s_statement_as_a_sentence_after_the_title_is_no_subtitle():
    record = catalogue_by_rules(
        "Strunck, Delphin: Original Compositions for Organ. Hrsg. von Willi Apel. Stuttgart: "
        "Bärenreiter, 1973. XI, 101 S."
    )
    assert record.first("200", "a") == "Original Compositions for Organ"
    assert record.first("200", "e") is None
    assert [(f.get("a"), f.get("4")) for f in record.datafields("702")] == [("Apel", "340")]


@pytest.mark.parametrize(
    "extent, pages",
    [
        ("XII, 23, 300 p.", "XII, 23, 300 p."),
        ("212 str.", "212 p."),
        ("96 blz.", "96 p."),
        ("240 sider", "240 p."),
    ],
)
def test_pages_counted_in_several_sequences_and_in_other_languages(extent, pages):
    record = catalogue_by_rules(
        f"Historia Polski / Jan Kowalski. – Warszawa : PWN, 1990. – {extent}"
    )
    assert record.first("215", "a") == pages


@pytest.mark.parametrize("town", ["Parijs", "París", "Parigi", "Pariisi"])
def test_a_great_town_a_description_translated_is_the_title_page_s_for_a_book_in_its_language(
    town,
):
    record = catalogue_by_rules(f"Les misérables / Victor Hugo. – {town} : Lacroix, 1862.")
    assert (record.first("210", "a"), record.first("102", "a")) == ("Paris", "FR")


@pytest.mark.parametrize(
    "description, town",
    [  # a Polish book printed in London prints "Londyn"; a French one, "Londres"
        ("Pan Tadeusz / Adam Mickiewicz. – Londyn : Polska Fundacja Kulturalna, 1985.", "Londyn"),
        (
            "Mémoires d'un homme de qualité / par l'abbé Prévost. – Londres : Nourse, 1756.",
            "Londres",
        ),
    ],
)
def test_a_town_in_the_book_s_own_language_stays_as_printed(description, town):
    assert catalogue_by_rules(description).first("210", "a") == town


@pytest.mark.parametrize("town", ["Rome", "Geneva", "Vienne"])
def test_an_english_title_page_s_town_and_a_town_of_that_name_stay(town):
    # FAO's "Rome", the ILO's "Geneva"; Vienne is a French town as well as Vienna's French name
    record = catalogue_by_rules(f"Annual report. – {town} : X Press, 1990.")
    assert record.first("210", "a") == town
