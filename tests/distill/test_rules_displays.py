"""The rules-only reading of what a data team copies from other catalogues and from booksellers:
a card's heading, Sudoc's and Koha's displays, a WorldCat page, a bookseller's product page.
Each example is typed as the site displays it; the records are the project's own test books."""

from __future__ import annotations

import pytest

from distill.canonical import normalise_value
from generator.rules_baseline import catalogue_by_rules


def people(record, tag: str) -> list[tuple[str | None, ...]]:
    return [(f.get("a"), f.get("b"), f.get("f"), f.get("4")) for f in record.datafields(tag)]


def test_a_card_s_heading_before_its_title_is_the_author_not_the_title():
    record = catalogue_by_rules(
        "Zola, Émile, 1840-1902. Germinal / Émile Zola ; préface d'Henri Guillemin. - Paris : "
        "Le Livre de poche, 1971. - 574 p. ; 17 cm. - (Le livre de poche ; 145)"
    )
    assert record.first("200", "a") == "Germinal"
    assert record.first("200", "f") == "Émile Zola"
    assert people(record, "700") == [("Zola", "Émile", "1840-1902", "070")]
    # "préface d'Henri": the role before a vowel is the role of "préface de"
    assert people(record, "702") == [("Guillemin", "Henri", None, "080")]


def test_a_heading_standing_alone_is_transcribed_in_the_title_page_s_order():
    record = catalogue_by_rules("Camus, Albert. L'étranger. Paris : Gallimard, 1942. 159 p.")
    assert record.first("200", "a") == "L'étranger"
    assert record.first("200", "f") == "Albert Camus"
    assert record.first("210", "c") == "Gallimard"


def test_a_place_with_its_region_is_no_heading():
    record = catalogue_by_rules("Newbury Park, Calif. : Sage, 1974-.\nAdministration & society")
    assert record.first("210", "c") == "Sage"
    assert not record.datafields("700")


def test_sudoc_s_display_with_a_one_name_author_and_a_name_on_the_next_line():
    record = catalogue_by_rules(
        "Titre : Le rouge et le noir : chronique de 1830 / Stendhal ; édition présentée par "
        "Michel Crouzet\nAuteur(s) : Stendhal (1783-1842). Auteur du texte\nCrouzet, Michel "
        "(1928-2019). Éditeur scientifique\nType de document : Texte imprimé\nEditeur : Paris : "
        "Librairie générale française, 1997\nDescription : 1 vol. (574 p.) ; 18 cm"
    )
    assert people(record, "700") == [("Stendhal", None, "1783-1842", "070")]
    assert people(record, "702") == [("Crouzet", "Michel", "1928-2019", "340")]
    assert record.first("200", "e") == "chronique de 1830"


def test_koha_s_display_names_each_person_once_with_the_role_in_brackets():
    record = catalogue_by_rules(
        "Les misérables / Victor Hugo ; préface de Guy Rosa.\nPar : Hugo, Victor, 1802-1885\n"
        "Contributeur(s) : Rosa, Guy [préfacier]\nType de document : Livre\nÉditeur : Paris : "
        "Gallimard, 1995\nDescription : 1232 p. ; 18 cm\nSujet(s) : Roman français -- 19e siècle"
    )
    assert people(record, "700") == [("Hugo", "Victor", "1802-1885", "070")]
    assert people(record, "702") == [("Rosa", "Guy", None, "080")]


def test_labelled_lines_give_no_town_by_their_order():
    record = catalogue_by_rules(
        "Title: Les misérables\nAuthor: Hugo, Victor, 1802-1885\nPublisher: Gallimard\nYear: 1995"
    )
    assert record.values("210", "a") == []  # not the town of Victor, New York
    assert record.datafields("102") == []
    assert record.first("210", "c") == "Gallimard"


def test_worldcat_s_edition_and_format_is_no_edition():
    record = catalogue_by_rules(
        "Les misérables\nAuteur : Victor Hugo\nÉditeur : Paris : Gallimard, 1995\n"
        "Édition/format : Livre imprimé : Français\nCollection : Folio classique"
    )
    assert record.datafields("205") == []
    assert record.first("225", "a") == "Folio classique"


@pytest.mark.parametrize(
    "page",
    [
        # as copied from the page: invisible direction marks around the colons
        "Les misérables (Folio classique) Poche – 15 mars 1995\nde Victor Hugo (Auteur), Guy "
        "Rosa (Préface)\nÉditeur \u200f : \u200e Gallimard (15 mars 1995)\nLangue \u200f : "
        "\u200e Français\nPoche \u200f : \u200e 1232 pages\nISBN-13 \u200f : \u200e "
        "978-2070409228\nDimensions \u200f : \u200e 10.8 x 4.5 x 17.8 cm",
        "Les misérables (Folio classique) Paperback – 1995\nby Victor Hugo (Author), Guy Rosa "
        "(Foreword)\nPublisher : Gallimard (1995)\nLanguage : French\nPaperback : 1232 pages",
    ],
)
def test_a_bookseller_s_product_page(page):
    record = catalogue_by_rules(page)
    assert record.first("200", "a") == "Les misérables"
    assert record.first("225", "a") == "Folio classique"
    assert record.first("210", "c") == "Gallimard"
    assert record.first("210", "d") == "1995"
    assert record.first("215", "a") == "1232 p."
    assert people(record, "700") == [("Hugo", "Victor", None, "070")]
    assert people(record, "702") == [("Rosa", "Guy", None, "080")]


def test_invisible_marks_and_a_convention_s_parentheses_do_not_make_two_values_differ():
    assert normalise_value("Société nationale d'agriculture\u200e") == normalise_value(
        "Société nationale d'agriculture"
    )
    assert normalise_value("(1802-1885)") == normalise_value("1802-1885")
    assert normalise_value("(1802-1885) ;") != normalise_value("1802-1886")
    assert normalise_value("2 vol. (1505, 1488 p.)") != normalise_value("2 vol. 1505, 1488 p.")


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


@pytest.mark.parametrize("mark", [" : ", " - "])
def test_a_labelled_subtitle(mark):
    record = catalogue_by_rules(
        f"Titre{mark}L'enseignement de la statistique\nSous-titre{mark}rapport présenté au "
        f"Conseil supérieur de statistique\nLieu{mark}Paris\nDate de publication{mark}1890"
    )
    assert record.first("200", "e") == "rapport présenté au Conseil supérieur de statistique"


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


def test_a_short_surname_ends_a_sentence_and_a_publisher_s_line_is_no_name():
    record = catalogue_by_rules(
        "Sourcebook of Korean civilization, edited by Peter H. Lee. New York : Columbia "
        "University Press, 1993. 24 cm."
    )
    assert record.first("200", "a") == "Sourcebook of Korean civilization"
    assert record.first("210", "c") == "Columbia University Press"
    record = catalogue_by_rules(
        "Peter McCormick\nThe negative sublime\nUniversitätsverlag Winter, Heidelberg\n2003"
    )
    assert record.first("200", "f") == "Peter McCormick"
    assert record.first("210", "c") == "Universitätsverlag Winter"
    assert record.datafields("702") == []


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


def test_the_german_national_library_s_display():
    record = catalogue_by_rules(
        "Titel/Bezeichnung: Das geteilte Land : Deutschland 1945-1990 / Peter Graf Kielmansegg\n"
        "Person(en): Kielmansegg, Peter Graf von (Verfasser)\nAusgabe: Genehmigte Sonderausg.\n"
        "Verlag: München : Bassermann, 2004\nUmfang/Format: 764 S. : Ill. ; 24 cm\n"
        "ISBN/Einband/Preis: 3-8094-1764-5 Gb.\nSprache(n): Deutsch (ger)"
    )
    assert record.first("200", "e") == "Deutschland 1945-1990"
    assert normalise_value(record.first("205", "a")) == "genehmigte sonderausg"
    assert record.first("010", "a") == "3-8094-1764-5"
    assert record.first("215", "a") == "764 p."
    assert record.first("101", "a") == "ger"


def test_a_series_numbered_with_a_range():
    record = catalogue_by_rules(
        "Les misérables / Victor Hugo. — Paris : Gallimard, 1995. — 2 vol. — (Folio classique ; "
        "2675-2676)"
    )
    assert (record.first("225", "a"), record.first("225", "v")) == ("Folio classique", "2675-2676")


@pytest.mark.parametrize(
    ("names", "head", "unit"),
    [
        ("Auteurs : Japon, Cabinet", "Japon", "Cabinet"),
        ("Auteurs : Canada, Commissaire aux langues officielles", "Canada",
         "Commissaire aux langues officielles"),
        ("Authors: World Economic Forum", "World Economic Forum", None),
    ],
)  # fmt: skip
def test_a_government_s_unit_and_a_body_are_no_persons(names, head, unit):
    record = catalogue_by_rules(f"Annual report\nTokyo : Cabinet Office, 2001-2008\n{names}")
    assert [(f.get("a"), f.get("b")) for f in record.datafields("710")] == [(head, unit)]
    assert record.datafields("700") == []


def test_a_writer_named_after_a_country_stays_a_person():
    record = catalogue_by_rules("Le crime de Sylvestre Bonnard\nAuteurs : France, Anatole")
    assert [(f.get("a"), f.get("b")) for f in record.datafields("700")] == [("France", "Anatole")]


def test_a_heading_broken_after_its_comma_is_one_name():
    record = catalogue_by_rules(
        "Livre intitulé « La guerre et le droit international » de Renault, \nLouis ((1843-1918))"
        " (Louis Renault), publié chez X, Paris, 1914."
    )
    assert [(f.get("a"), f.get("b")) for f in record.datafields("700")] == [("Renault", "Louis")]


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


def test_labels_of_a_role_a_bare_page_count_and_a_publisher_with_its_town():
    record = catalogue_by_rules(
        "Title: The name of the rose\nAuthor: Umberto Eco\nTranslator: William Weaver\n"
        "Publisher: Harcourt Brace Jovanovich, San Diego\nPublication date: 1983\nPages: 502"
    )
    assert [(f.get("a"), f.get("4")) for f in record.datafields("702")] == [("Weaver", "730")]
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "San Diego",
        "Harcourt Brace Jovanovich",
    )
    assert record.first("215", "a") == "502 p."
    # a label of a role is matched whole: "Introduction" is no typo of "Traduction"
    record = catalogue_by_rules("Introduction : extrait du livre / Albert Sorel. — Paris, 1904")
    assert record.first("200", "a") == "Introduction"


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
