"""The rules-only reading of what a data team copies from other catalogues and from booksellers:
a card's heading, Sudoc's, Koha's, WorldCat's and the German national library's displays, a
bookseller's product page, labels naming a role. Each example is typed as the site displays it;
the books are real ones."""

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


@pytest.mark.parametrize("mark", [" : ", " - "])
def test_a_labelled_subtitle(mark):
    record = catalogue_by_rules(
        f"Titre{mark}L'enseignement de la statistique\nSous-titre{mark}rapport présenté au "
        f"Conseil supérieur de statistique\nLieu{mark}Paris\nDate de publication{mark}1890"
    )
    assert record.first("200", "e") == "rapport présenté au Conseil supérieur de statistique"


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


def bodies(record, tag: str) -> list[tuple[str | None, ...]]:
    return [(f.get("a"), f.get("c")) for f in record.datafields(tag)]


def test_a_body_s_qualifier_is_its_c_and_its_acronym_stays_in_its_name():
    # the Library of Congress's "Related names", a body's place in parentheses
    record = catalogue_by_rules(
        "Main title: Amministrare.\nPublished/Created: Bologna : Mulino, 1963-\n"
        "Related names: Istituto per la scienza dell'amministrazione pubblica (Italie)"
    )
    assert bodies(record, "710") == [
        ("Istituto per la scienza dell'amministrazione pubblica", "Italie")
    ]
    record = catalogue_by_rules(
        "Title: Annuaire marocain de la stratégie\nNames: Centre Marocain Interdisciplinaire "
        "d'Etudes Stratégiques et Internationales (CMIESI)\nPublisher: Paris : L'Harmattan, 2012"
    )
    assert bodies(record, "710") == [
        ("Centre Marocain Interdisciplinaire d'Etudes Stratégiques et Internationales (CMIESI)",
         None)
    ]  # fmt: skip


def test_a_display_s_organisations_are_bodies_and_german_bodies_are_known_by_their_words():
    record = catalogue_by_rules(
        "Titel: Inventar der Urkunden\nOrganisation(en): Pfarrarchiv Sankt Peter (Zülpich)\n"
        "Verlag: Köln : Rheinland-Verl., 1989"
    )
    assert bodies(record, "710") == [("Pfarrarchiv Sankt Peter", "Zülpich")]
    assert not record.datafields("700")  # not "Peter, Pfarrarchiv Sankt"
    record = catalogue_by_rules(
        "Title: Archiv für Sozialgeschichte\nAuthor: Friedrich-Ebert-Stiftung\n"
        "Publisher: Bonn : Neue Gesellschaft, 1961-"
    )
    assert bodies(record, "710") == [("Friedrich-Ebert-Stiftung", None)]
    assert record.first("200", "a") == "Archiv für Sozialgeschichte"


@pytest.mark.parametrize(
    ("extent", "illustrations"),
    [
        ("43 p., carte dépl., 19 cm", "carte dépl."),
        ("189 p. : ill., cartes dépl. en coul. ; 25 cm", "ill., cartes dépl. en coul."),
        ("16 pages : carte", "carte"),
    ],
)
def test_maps_are_written_as_the_description_says_them(extent, illustrations):
    record = catalogue_by_rules(f"Les Alpes. Paris : Hachette, 1901. {extent}")
    assert record.first("215", "c") == illustrations


@pytest.mark.parametrize(
    ("description", "edition"),
    [
        ("L'annessione / Vladimiro Giacché. — 2. ristampa. — Reggio Emilia : Imprimatur, 2014.",
         "2. ristampa"),
        ("Titolo: L'annessione\nEdizione: 3a edizione\nPubblicazione: Reggio Emilia : Imprimatur",
         "3a edizione"),
        ("Cien años de soledad / Gabriel García Márquez. — 2a edición. — Madrid : Cátedra, 1990.",
         "2a edición"),
    ],
)  # fmt: skip
def test_italian_and_spanish_editions(description, edition):
    assert catalogue_by_rules(description).first("205", "a") == edition


def test_a_person_named_twice_is_written_in_the_form_that_says_more():
    record = catalogue_by_rules(
        "Titre : L'enseignement de la statistique / par M.E. Cheysson\n"
        "Auteur : Cheysson, Emile (1836-1910)\nEditeur(s) : Paris : Imprimerie Nationale, 1890"
    )
    assert people(record, "700") == [("Cheysson", "Emile", "1836-1910", "070")]
    assert record.first("200", "f") == "par M.E. Cheysson"  # the statement as transcribed


def test_dublin_core_with_colons_and_a_publisher_with_its_town_in_brackets():
    record = catalogue_by_rules(
        "dc:title: La distinction: critique sociale du jugement\n"
        "dc:creator: Bourdieu, Pierre (1930-2002)\ndc:publisher: Éditions de Minuit (Paris)\n"
        "dc:date: 1979\ndc:language: fre"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "La distinction",
        "critique sociale du jugement",
    )
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "Éditions de Minuit")


def test_other_catalogues_labels_and_languages():
    record = catalogue_by_rules(
        "Titolo: Il nome della rosa / Umberto Eco\nPubblicazione: Milano : Bompiani, 1980\n"
        "Nomi: Eco, Umberto <1932-2016>\nLingua di pubblicazione: ITALIANO\n"
        "Tipo documento: Testo a stampa"
    )
    assert (record.first("101", "a"), record.first("700", "a")) == ("ita", "Eco")
    spanish = catalogue_by_rules("Título: Rayuela\nAutor: Cortázar, Julio\nLengua: francés")
    assert spanish.first("101", "a") == "fre"  # a translation, as its label says
    directory = catalogue_by_rules(
        "Cahiers d'études africaines\nISSN: 0008-0055\nFirst published: 1960\n"
        "Language(s): multilingual\nPublisher: École pratique des hautes études, Paris"
    )
    assert (directory.first("101", "a"), directory.first("210", "d")) == ("mul", "1960")
    assert directory.first("210", "c") == "École pratique des hautes études"
    czech = catalogue_by_rules(
        "Název: Saturnin\nNakladatelské údaje: Praha : Družstevní práce, 1942\nApariţie: -"
    )
    assert (czech.first("210", "a"), czech.first("210", "c")) == ("Praha", "Družstevní práce")
    japanese = catalogue_by_rules("書名：羅生門\n出版：東京 : 阿蘭陀書房, 1917")
    assert (japanese.first("210", "c"), japanese.first("210", "d")) == ("阿蘭陀書房", "1917")


def test_endnote_s_tagged_export_and_a_csl_json_item():
    endnote = catalogue_by_rules(
        "%0 Book\n%A Bourdieu, Pierre\n%T La distinction\n%C Paris\n%I Éditions de Minuit\n"
        "%D 1979\n%P 670\n%@ 2-7073-0275-9"
    )
    assert (endnote.first("200", "a"), endnote.first("210", "c"), endnote.first("010", "a")) == (
        "La distinction",
        "Éditions de Minuit",
        "2-7073-0275-9",
    )
    assert (endnote.first("700", "a"), endnote.first("215", "a")) == ("Bourdieu", "670 p.")
    csl = catalogue_by_rules(
        '[{"type": "book", "title": "La distinction", "publisher": "Éditions de Minuit", '
        '"publisher-place": "Paris", "number-of-pages": "670", "author": [{"family": '
        '"Bourdieu", "given": "Pierre"}], "issued": {"date-parts": [["1979"]]}}]'
    )
    assert (csl.first("200", "a"), csl.first("210", "a"), csl.first("210", "d")) == (
        "La distinction",
        "Paris",
        "1979",
    )
    assert (csl.first("700", "a"), csl.first("700", "b")) == ("Bourdieu", "Pierre")


def test_goodreads_published_by_and_a_swedish_designation():
    record = catalogue_by_rules(
        "La distinction\nby Pierre Bourdieu\n670 pages\nPublished 1979 by Éditions de Minuit\n"
        "Edition Language: French"
    )
    assert (record.first("210", "c"), record.first("210", "d")) == ("Éditions de Minuit", "1979")
    libris = catalogue_by_rules("Titel: Esprit [Elektronisk resurs]\nUtgivning: Paris : Esprit")
    assert libris.first("200", "a") == "Esprit"


def test_a_later_imprint_after_a_semicolon_and_ulrich_s_labels():
    record = catalogue_by_rules(
        "Titel: Annales\nErschienen: Paris : Colin, 1946-1993; Paris : EHESS, 1994-"
    )
    assert [(f.get("c"), f.get("d")) for f in record.datafields("210")] == [
        ("Colin", "1946-1993"),
        ("EHESS", "1994-"),
    ]
    ulrich = catalogue_by_rules(
        "Esprit\nISSN: 0014-0759\nStatus: Active\nStart Year: 1932\nLanguage of Text: French"
    )
    # a start year alone leaves the run open, as the serial's record writes it ("1932-")
    assert (ulrich.first("200", "a"), ulrich.first("210", "d"), ulrich.first("101", "a")) == (
        "Esprit",
        "1932-",
        "fre",
    )


def test_the_library_of_congress_s_role_after_a_comma_and_a_town_alone_with_its_years():
    record = catalogue_by_rules(
        "Main title: Fables\nContributors: Couton, Georges, 1913-1989, editor.\n"
        "Published/Produced: Paris : Garnier, 1962."
    )
    assert (record.first("702", "a"), record.first("702", "4")) == ("Couton", "340")
    illustrated = catalogue_by_rules(
        "Main title: Fables choisies\nContributors: Chauveau, François, 1613-1676, illustrator.\n"
        "Published/Produced: Paris : Denys Thierry, 1668."
    )  # a labelled line with commas is no list, though "illustrator" reads like an extent's word
    assert (illustrated.first("702", "a"), illustrated.first("702", "4")) == ("Chauveau", "440")
    for shown in ("Paris, 1880-1964", "Paris, 1880-1964."):  # a display's closing stop
        zdb = catalogue_by_rules(f"Titel: Annuaire de la presse\nErschienen: {shown}")
        assert (zdb.first("210", "a"), zdb.first("210", "c"), zdb.first("210", "d")) == (
            "Paris",
            None,
            "1880-1964",
        )
    agent = catalogue_by_rules(
        "Title: Esprit\nPublisher: Éditions du Seuil, Paris (1932- )\n"
        "Previous publisher: Esprit, Paris (1932-1940)"
    )
    assert (agent.first("210", "a"), agent.first("210", "c"), agent.first("210", "d")) == (
        "Paris",
        "Éditions du Seuil",
        "1932-",
    )


def test_indonesia_s_slims_and_an_israeli_union_catalogue_s_labels_and_empty_fields():
    record = catalogue_by_rules(
        "Des crises commerciales et de leur retour périodique\n"
        "Juglar, Clément\n\n"
        "No. Panggil: 338.54 JUG d\n"
        "Penerbit: Paris : Guillaumin, 1862\n"
        "Deskripsi Fisik: 258 p.\n"
        "Bahasa: Prancis\n"
        "ISBN/ISSN: -\n"
        "Edisi: -\n"
        "Ketersediaan: B0112 | 338.54 JUG d | Perpustakaan Pusat | Tersedia"
    )
    assert record.first("200", "a") == "Des crises commerciales et de leur retour périodique"
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Guillaumin",
        "1862",
    )
    assert record.first("215", "a") == "258 p."
    record = catalogue_by_rules(
        "כותר: Les lois de l'imitation : étude sociologique / par G. Tarde\n"
        "פרטי הוצאה: Paris : F. Alcan, 1890\n"
        "תיאור פיזי: VIII-431 p.\n"
        "שפה: צרפתית"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "Les lois de l'imitation",
        "étude sociologique",
    )
    assert (record.first("210", "c"), record.first("215", "a")) == ("F. Alcan", "VIII-431 p.")


def test_a_hungarian_data_sheet_s_labels():
    record = catalogue_by_rules(
        "Huszadik század\n\nAdatlap\nTípus: időszaki kiadvány\nMegjelenés helye: Budapest\n"
        "Kiadó: Társadalomtudományi Társaság\nÉvfolyamok: 1900–1919\nNyelv: magyar"
    )
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Budapest",
        "Társadalomtudományi Társaság",
        "1900-1919",
    )


def test_a_label_that_names_an_imprint_s_parts_together():
    # a Romanian exchange list's header "Loc : Editură, anul apariţiei" over a whole area
    record = catalogue_by_rules(
        "Nr. crt. | Titlu | Loc : Editură, anul apariţiei | ISSN\n"
        "23 | Studia Rosjoznawcze | Torun : Wydawnictwo Uniwersytetu Mikołaja Kopernika, 1993- "
        "| 1232-8847"
    )
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Torun",
        "Wydawnictwo Uniwersytetu Mikołaja Kopernika",
        "1993-",
    )
    record = catalogue_by_rules("Titre : Germinal\nLieu / éditeur / date : Paris : Gallimard, 1978")
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "Gallimard")
    # Spanish's "editor" is the publisher when the label names the town too
    record = catalogue_by_rules("Título : Rayuela\nLugar / Editor : Buenos Aires : Sudamericana")
    assert (record.first("210", "a"), record.first("210", "c")) == ("Buenos Aires", "Sudamericana")


def test_a_display_s_designation_on_a_line_of_its_own():
    record = catalogue_by_rules(
        "Esprit\nRecurso eletrônico\n\nISSN: 0014-0759\nPublicação: Paris : Esprit, 1932-"
    )
    assert (record.first("200", "a"), record.first("200", "b")) == (
        "Esprit",
        "Ressource électronique",
    )
    # on the first line it is the title: John M. Eargle's "Sound recording"
    book = catalogue_by_rules("Sound recording\nJohn M. Eargle\nNew York : Van Nostrand, 1976")
    assert (book.first("200", "a"), book.first("200", "b")) == ("Sound recording", None)


def test_a_catalogue_screen_s_name_and_menu_above_the_display_are_no_part_of_the_record():
    record = catalogue_by_rules(
        "Toyo Bunko OPAC — Western-language books (Yosho)\n"
        "Simple search | Advanced search | Browse | Results\n"
        "Title: Essai d'une bibliographie des ouvrages publiés en Chine par les européens / "
        "Henri Cordier\n"
        "Author: Cordier, Henri, 1849-1925\n"
        "Publisher: Paris : E. Leroux, 1883\n"
    )
    assert record.first("200", "a").startswith("Essai d'une bibliographie")
    assert record.first("210", "c") == "E. Leroux"
    assert people(record, "700") == [("Cordier", "Henri", "1849-1925", "070")]
    assert not record.get_fields("702") and not record.get_fields("712")


def test_a_catalogue_s_own_title_above_its_imprint_is_kept():
    record = catalogue_by_rules(
        "Catalogue des incunables — Bibliothèque nationale\n\nParis : Imprimerie nationale, 1900"
    )
    assert record.first("200", "a") == "Catalogue des incunables"


def test_a_table_s_header_row_of_unknown_labels_is_no_menu():
    record = catalogue_by_rules(
        "Núm. reg. | Compositor | Títol | Arranjador | Peu d'impremta | Descripció\n"
        "P-2417 | Schubert, Franz (1797-1828) | Mélodies, transcrites pour piano par F. Thomé | "
        "Thomé, Francis (1850-1909) | París : Henry Lemoine, [1874] | Música impresa. 117 p."
    )
    assert record.first("200", "a") == "Mélodies, transcrites pour piano par F. Thomé"


def test_a_sale_s_lot_number_and_its_heading_in_capitals_above_a_title_page_s_imprint():
    record = catalogue_by_rules(
        "412\n"
        "CLAUSSØN FRIIS, PEDER (1545–1614).\n"
        "Norriges oc omliggende Øers sandfoerdige Bescriffuelse ... Kiobenhaffn: Melchior "
        "Marzan, 1632. 185 s. 18 cm.\n"
        "Eldre skinnbind, slitt på kanter og hjørner."
    )
    assert record.first("200", "a") == "Norriges oc omliggende Øers sandfoerdige Bescriffuelse"
    assert people(record, "700") == [("Claussøn Friis", "Peder", "1545-1614", "070")]
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Kiobenhaffn",
        "Melchior Marzan",
        "1632",
    )


def test_a_general_catalogue_s_translator_in_a_sentence_after_the_title():
    record = catalogue_by_rules(
        "JOHNSON (Daniel)\n"
        "    La Comédie politique en Europe ... Traduit de l'anglais par A. Mazon. Quatrième "
        "édition. pp. 267. Paris, 1880."
    )
    assert record.first("200", "a") == "La Comédie politique en Europe"
    assert record.first("200", "g") == "Traduit de l'anglais par A. Mazon"
    assert people(record, "702") == [("Mazon", "A.", None, "730")]


def test_a_turkish_library_s_table_of_serials_with_its_header_row():
    record = catalogue_by_rules(
        "Sıra;Dergi Adı;ISSN;Yayıncı;Yayın Yeri;Başlangıç Yılı;Dil;Durum\n"
        "17;Antitrust Bulletin;0003-603X;Federal Legal Publications;New York;1955;İngilizce;"
        "Basılı – abonelik devam ediyor"
    )
    assert record.first("200", "a") == "Antitrust Bulletin"
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "New York",
        "Federal Legal Publications",
    )


def test_a_bookseller_s_two_publishers_set_apart_by_a_slash_under_their_label():
    record = catalogue_by_rules(
        "Les ouvriers et les réformes nécessaires\nYazar: Emile Cheysson (1836-1910)\n"
        "Yayınevi: Dentu / La société\nBaskı Yeri: Paris\nBaskı Yılı: 1877"
    )
    assert [s.value for s in record.get_fields("210")[0].subfields if s.code == "c"] == [
        "Dentu",
        "La société",
    ]


def test_a_serials_card_s_heading_a_state_of_two_words_and_its_body():
    record = catalogue_by_rules(
        "UNITED STATES. NATIONAL LABOR RELATIONS BOARD.\n"
        "   Annual report of the National Labor Relations Board.\n"
        "   Washington, D.C., USGPO, 1936-"
    )
    assert record.first("200", "a") == "Annual report of the National Labor Relations Board"
    assert record.first("710", "a").casefold() == "united states"


def test_a_csv_export_with_commas_a_quoted_name_and_a_composer_s_column():
    record = catalogue_by_rules(
        "Cat No,Composer,Title,Subtitle,Publisher,Year,Copies,Location\n"
        'EM-0412,"Davies, Peter Maxwell",4 Instrumental Motets,from early Scottish originals,'
        "Boosey & Hawkes,1979,1,Box 17"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "4 Instrumental Motets",
        "from early Scottish originals",
    )
    assert (record.first("210", "c"), record.first("210", "d")) == ("Boosey & Hawkes", "1979")
    assert people(record, "700") == [("Davies", "Peter Maxwell", None, "070")]


def test_a_shop_s_composer_with_a_birth_year_alone():
    record = catalogue_by_rules(
        "Compositor: Peter Burian (n. 1951)\nTítulo: Lieder\nEditorial: Artchipel, 2020"
    )
    assert people(record, "700") == [("Burian", "Peter", "1951-", "070")]
    assert not record.get_fields("710")


@pytest.mark.parametrize(
    "line",
    [
        "412  LEROY-BEAULIEU, Paul. Traité de la science des finances. Paris, Guillaumin et Cie, "
        "1888. XXIV, 791; 738 S.",
        "32 LEROY-BEAULIEU, Paul – Traité de la science des finances. 4.ª ed. revue et augm. "
        "Paris: Guillaumin, 1888. 791 p.",
    ],
)
def test_a_dealer_s_or_a_list_s_number_before_a_surname_in_capitals(line):
    record = catalogue_by_rules(line)
    assert record.first("200", "a") == "Traité de la science des finances"
    assert people(record, "700")[0][:2] == ("Leroy-Beaulieu", "Paul")
