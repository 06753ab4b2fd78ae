"""The rules-only reading of an imprint as other catalogues and users set it: the publisher a
cue names in a sentence whose author is a body, two towns after the publisher, a list of parts
set off by bars. Each description is typed as such a description is; the books are real ones.
"""

from __future__ import annotations

import pytest

from distill.canonical import normalise_value
from generator.rules_baseline import catalogue_by_rules
from generator.rules_lines import priced, sentence


def test_the_publisher_a_cue_names_after_a_body_that_sounds_like_one():
    record = catalogue_by_rules(
        "Livre intitulé « Annals of the Association of American Geographers » de Association "
        "of American Geographers, publié chez AAG, Washington, 1911-. ISSN 0004-5608."
    )
    assert record.first("210", "c") == "AAG"
    assert record.first("210", "a") == "Washington"
    assert [f.get("a") for f in record.datafields("710")] == ["Association of American Geographers"]


def test_publie_par_in_a_list_is_a_statement_not_the_publisher():
    record = catalogue_by_rules(
        "Albert Sorel, Introduction, publié par la Société d'études législatives, "
        "Arthur Rousseau, Paris, 1904, 38 pages"
    )
    assert record.first("210", "c") == "Arthur Rousseau"


def test_two_towns_after_the_publisher():
    for description in (
        'A book titled "Exposé de la conduite politique de M. le lieutenant-général Carnot" '
        "by Lazare Carnot, published by P. J. de Mat, Paris, Bruxelles, 1815. 52 p.",
        "Carnot, Lazare - Exposé de la conduite politique de M. le lieutenant-général Carnot - "
        "P. J. de Mat - Paris - Bruxelles - 1815 - 52 p.",
    ):
        record = catalogue_by_rules(description)
        assert record.datafields("210")[0].values("a") == ["Paris", "Bruxelles"], description
        assert record.first("210", "c") == "P. J. de Mat", description


def test_a_country_or_the_title_before_the_town_is_no_second_town():
    record = catalogue_by_rules(
        "Centro de investigaciones jurídicas, Anuario de derecho, Centro de investigaciones "
        "jurídicas, Mérida, Venezuela, 1998-"
    )
    assert "Venezuela" not in record.datafields("210")[0].values("a")[:1]
    africa = catalogue_by_rules("Istituto italo-africano, Africa, Africa, Roma, 1946-, 0001-9747")
    assert africa.datafields("210")[0].values("a") == ["Roma"]


def test_a_list_set_off_by_bars_is_not_cut_at_an_abbreviation():
    record = catalogue_by_rules(
        "Kastner, Dieter | Inventar der Urkunden des Pfarrarchivs St. Peter zu Zülpich | "
        "Rheinland-Verl. | Köln | Bonn | 1989 | 240 p. | 23 cm"
    )
    assert record.datafields("210")[0].values("a") == ["Köln", "Bonn"]
    assert record.first("210", "c") == "Rheinland-Verl"


def test_an_extent_in_pages_counted_after_a_roman_sequence_and_in_prints():
    lieder = catalogue_by_rules(
        "Lieder [Musique imprimée] / Peter Burian. — Villemer : les Éditions Artchipel, [2020]. "
        "— 55-IX p. : portr. ; 30 cm"
    )
    assert lieder.first("215", "a") == "55-IX p."
    hands = catalogue_by_rules("Hands / Peter Bond. — [S.l.], [1991]. — 1 est. ; 56 x 38 cm")
    assert hands.first("215", "a") == "1 est."


def test_a_note_is_not_cut_at_a_language_s_abbreviation():
    record = catalogue_by_rules(
        "Peter Philips, Select Italian Madrigals, Stainer and Bell, London, 1970, XXIV-214 pages, "
        "A la fin, textes des madrigaux, avec trad. angl. et notice par Ena Mitchell"
    )
    assert [f.get("a") for f in record.datafields("300")] == [
        "A la fin, textes des madrigaux, avec trad. angl. et notice par Ena Mitchell"
    ]


def test_a_title_in_capitalised_words_before_the_publisher_and_town_is_no_name():
    for description in (
        "Peter Philips, Select Italian Madrigals, Stainer and Bell, London, 1970, XXIV-214 pages",
        "Peter Philips\nSelect Italian Madrigals\nStainer and Bell\nLondon\n1970",
        "Select Italian Madrigals, Stainer and Bell, London, 1970",
    ):
        record = catalogue_by_rules(description)
        assert record.first("200", "a") == "Select Italian Madrigals", description
        assert record.first("210", "c") == "Stainer and Bell", description
        names = record.datafields("700") + record.datafields("702")
        assert "Madrigals" not in [f.get("a") for f in names], description
    # A title in sentence case there is the title, the capitalised words before it a name.
    two = catalogue_by_rules("Peter Philips, John Steele, Select madrigals, London, 1970")
    assert two.first("200", "a") == "Select madrigals"
    assert [f.get("a") for f in two.datafields("702")] == ["Steele"]


def test_each_other_title_information_has_its_own_subfield():
    record = catalogue_by_rules(
        "Titre : L'Exposition de Chicago\nComplément du titre : coup d'oeil sur l'ensemble de "
        "l'exposition ; conférence du 21 janvier 1894\nÉditeur : Gauthier-Villars"
    )
    assert record.datafields("200")[0].values("e") == [
        "coup d'oeil sur l'ensemble de l'exposition",
        "conférence du 21 janvier 1894",
    ]


def test_a_dash_list_is_read_as_a_list_before_isbd_s_full_stop_dash():
    record = catalogue_by_rules(
        "Vandal, Albert - Louis XV et Elisabeth de Russie - par Albert Vandal - 3e éd. - "
        "E. Plon, Nourrit et cie - Paris - 1896 - XV-446 p. - 24 cm"
    )
    assert record.first("200", "a") == "Louis XV et Elisabeth de Russie"
    assert record.first("205", "a") == "3e éd"
    assert record.first("210", "c") == "E. Plon, Nourrit et cie"
    assert record.first("215", "a") == "XV-446 p."
    serial = catalogue_by_rules("Africa today - Africa Today Associates - Denver, Colo. - 1954-")
    assert serial.first("200", "a") == "Africa today"


def test_a_state_s_unit_above_the_title_is_a_body_whatever_its_noun():
    record = catalogue_by_rules(
        "Canada. Commissaire aux langues officielles | Annual report | Approvisionnements et "
        "services Canada | Ottawa | 1977-"
    )
    assert record.first("200", "a") == "Annual report"
    assert [(f.get("a"), f.get("b")) for f in record.datafields("710")] == [
        ("Canada", "Commissaire aux langues officielles")
    ]


def test_a_name_alone_on_its_line_with_a_comma_after_it_is_the_author():
    record = catalogue_by_rules(
        "Emile Levasseur,\nLa question des logements à bon marché, Par E. Levasseur, imp. Danel, "
        "Lille, 1904, 50 p."
    )
    assert record.first("200", "a") == "La question des logements à bon marché"
    assert [(f.get("a"), f.get("b")) for f in record.datafields("700")] == [("Levasseur", "Emile")]


def test_a_name_just_above_the_town_of_an_undated_title_page_is_the_publisher():
    for description, publisher in (
        ("Annales du Parlement français\nFirmin Didot\nParis", "Firmin Didot"),
        (
            "Analyse des voeux des Conseils généraux de département\nsur divers objets "
            "d'administration et d'utilité publique\nP. Dupont\nParis",
            "P. Dupont",
        ),
    ):
        record = catalogue_by_rules(description)
        assert record.first("210", "c") == publisher, description
        assert record.first("210", "a") == "Paris"
        assert record.first("200", "f") is None and record.datafields("700") == []


def test_a_title_line_s_sections_after_a_semicolon_are_not_its_title_proper():
    record = catalogue_by_rules(
        "Alfred Rambaud\nRecueil des instructions données aux ambassadeurs et ministres de France "
        "; 8 ; 1 ; Russie\nF. Alcan\nParis\n1890"
    )
    assert record.first("200", "a") == (
        "Recueil des instructions données aux ambassadeurs et ministres de France"
    )
    assert record.first("200", "e") is None  # "8" is a volume's number, no other title
    serial = catalogue_by_rules("Actualité juridique. ; Fonctions publiques\nDalloz\nParis 1996-")
    assert serial.first("200", "a") == "Actualité juridique"
    assert serial.first("200", "e") == "Fonctions publiques"


def test_a_state_s_postal_code_or_abbreviation_says_the_country_before_the_town_s_namesake():
    for imprint in ("Cambridge, MA : MIT Press, 1995", "Cambridge, Mass. : MIT Press, 1995"):
        record = catalogue_by_rules(f"Linguistic inquiry. — {imprint}")
        assert record.first("102", "a") == "US", imprint
    british = catalogue_by_rules("Linguistics. — Cambridge : Cambridge University Press, 1995")
    assert british.first("102", "a") == "GB"


def test_etc_after_the_towns_and_a_decade_unknown():
    record = catalogue_by_rules(
        "American Accounting Association\nThe Accounting review\nAmerican Accounting "
        "Association.\nSarasota, Fla., etc. 1926-"
    )
    assert (record.first("210", "a"), record.first("210", "d")) == ("Sarasota, Fla.", "1926-")
    assert record.first("102", "a") == "US"
    panama = catalogue_by_rules(
        "Annual report / Panama Canal Commission. — Panama : Panama Canal Commission, [19..]-"
    )
    assert panama.first("210", "d") == "[19..]-"


def test_a_description_typed_in_small_letters_gives_its_imprint_and_persons():
    record = catalogue_by_rules(
        "les congrégations religieuses devant la loi : décrets du 29 mars 1880 / par georges "
        "graux,...\nparis, a. cotillon 1880\n238p. 19cm"
    )
    assert (record.first("210", "a"), record.first("210", "c")) == ("paris", "a. cotillon")
    assert record.first("210", "d") == "1880"
    assert (record.first("700", "a"), record.first("700", "b")) == ("Graux", "Georges")
    assert record.first("215", "a") == "238 p."
    # a town and its region before the date is no publisher ("Malden, Mass. 2001-")
    serial = catalogue_by_rules("Analyses of social issues\nBlackwell Publ.\nMalden, Mass. 2001-")
    assert serial.first("210", "c") == "Blackwell Publ."


@pytest.mark.parametrize(
    "description",
    [
        "Annales. Paris : Colin, 1946-1997 ; Paris : Éd. de l'EHESS, 1998-. ISSN 0395-2649.",
        "Titre : Annales\nPublication : Paris : Colin, 1946-1997\n"
        "Publication : Paris : Éd. de l'EHESS, 1998-",
        "Main title: Annales.\nPublished/Created: Paris : Colin, 1946-1997.\n"
        "                   Paris : Éd. de l'EHESS, 1998-",
    ],
)
def test_a_serial_s_later_imprint_with_its_own_date_is_a_210_of_its_own(description):
    record = catalogue_by_rules(description)
    imprints = [(f.get("a"), f.get("c"), f.get("d")) for f in record.datafields("210")]
    assert imprints == [("Paris", "Colin", "1946-1997"), ("Paris", "Éd. de l'EHESS", "1998-")]


def test_two_publishers_sharing_one_date_stay_in_one_210():
    record = catalogue_by_rules(
        "Inventar der Urkunden. - Köln : Rheinland-Verl. ; Bonn : In Kommission bei R. Habelt, "
        "1989. - 240 S."
    )
    [imprint] = record.datafields("210")
    assert imprint.values("a") == ["Köln", "Bonn"] and imprint.values("d") == ["1989"]


@pytest.mark.parametrize(
    ("place", "country"), [("A Bonn", "DE"), ("À Paris", "FR"), ("A Coruña", "ES")]
)
def test_an_old_imprint_s_preposition_leaves_its_town_s_country_known(place, country):
    record = catalogue_by_rules(f"VI Airs italiens. {place} : chez N. Simrock, 1801")
    assert record.first("210", "a") == place  # transcribed as the title page has it
    assert record.first("102", "a") == country


@pytest.mark.parametrize(
    ("line", "place", "publishers", "date"),
    [
        ("münchen, bassermann cop. 2004", "münchen", ["bassermann"], "cop. 2004"),
        ("paris, recueil sirey : l. tenin 1921", "paris", ["recueil sirey", "l. tenin"], "1921"),
        ("menasha, wis., american economics association 1968-", "menasha, wis",
         ["american economics association"], "1968-"),
    ],
)  # fmt: skip
def test_an_imprint_typed_quickly_with_a_copyright_two_publishers_or_a_state(
    line, place, publishers, date
):
    record = catalogue_by_rules(f"das geteilte land / peter graf kielmansegg\n{line}\n764 pages")
    [imprint] = record.datafields("210")
    assert (imprint.get("a"), imprint.values("c"), imprint.get("d")) == (place, publishers, date)


@pytest.mark.parametrize("mark", [" | ", "\n", " - "])
def test_a_title_said_again_before_the_town_is_its_publisher_s_name(mark):
    parts = ["Les 4 vérités", "Les 4 vérités", "Paris", "1976-", "0151-2439"]
    record = catalogue_by_rules(mark.join(parts))
    assert record.first("200", "a") == "Les 4 vérités"
    assert not record.values("200", "e")  # no subtitle repeating the title
    assert record.first("210", "c") == "Les 4 vérités"


def test_a_publisher_between_its_town_with_a_state_and_an_open_date_in_a_list():
    record = catalogue_by_rules(
        "87. [REVUE]. THE AMERICAN SCHOLAR. Washington, D.C., Phi Beta Kappa, 1932-. "
        "Périodique en langue anglaise (ISSN 0003-0937)."
    )
    assert [(f.get("a"), f.get("c"), f.get("d")) for f in record.datafields("210")] == [
        ("Washington, D.C.", "Phi Beta Kappa", "1932-")
    ]
    assert not record.datafields("700")  # the society's name reads like a person's
    assert record.first("011", "a") == "0003-0937"
    assert record.first("300", "a") is None  # the dealer's words on it, none of the record's


def test_brazil_s_open_date_before_a_full_stop_and_chicago_s_edition_after_the_title():
    abnt = catalogue_by_rules("ESPRIT. Paris: Éditions du Seuil, 1932- . Recurso eletrônico.")
    assert (abnt.first("210", "a"), abnt.first("210", "c")) == ("Paris", "Éditions du Seuil")
    chicago = catalogue_by_rules(
        "Leroy-Beaulieu, Paul. L'État moderne et ses fonctions. 4e éd., revue et augm. Paris: "
        "Guillaumin, 1911."
    )
    assert chicago.first("200", "a") == "L'État moderne et ses fonctions"
    assert normalise_value(chicago.first("205", "a")) == "4e éd., revue et augm"


@pytest.mark.parametrize(
    ("place", "town", "country"),
    [("القاهرة (Cairo)", "Cairo", "EG"), ("Paris（巴黎）", "Paris", "FR")],
)
def test_a_place_glossed_in_another_script_is_transcribed_in_latin_letters(place, town, country):
    record = catalogue_by_rules(f"Annual report\n{place} : Central Bank, 1976-", tagger=None)
    assert (record.first("210", "a"), record.first("102", "a")) == (town, country)


@pytest.mark.parametrize(
    ("part", "is_sentence"),
    [
        (
            "elaborada por el Departamento Monetario y Económico (Département monétaire et "
            "économique) de la Banque des règlements internationaux",
            True,
        ),
        ("and published in Washington", True),
        ("que le Collège de France publie en ligne", True),
        ("Pourriez-vous nous transmettre le résumé ?", True),
        ("impr. de C. Blot", False),
        ("chez l'auteur", False),
        ("por Juan de la Cuesta", False),  # an imprint's small words are its name's
        ("presso Ulrico Hoepli", False),
        ("the Bodley Head", False),
        ("van Gorcum", False),
        ("Jump!", False),
        ("[s.n.?]", False),  # a doubt in brackets is no question
        ("Librairie du Recueil général des lois et des arrêts et du Journal du Palais", False),
    ],
)
def test_a_sentence_read_where_the_publisher_stands_is_no_publisher(part, is_sentence):
    assert sentence(part) is is_sentence


@pytest.mark.parametrize(
    ("line", "is_price"),
    [
        ("Fiyat: 1.250,00 TL", True),
        ("8 800円", True),
        ("Vendido por: Sebo Dante – São Paulo/SP R$ 65,00 + frete", True),
        ("Contains: The £1,000,000 bank-note; and other new stories", False),
        ("Includes a facsimile of the 1862 $5 note", False),
        ("Mit einer Tabelle der Wechselkurse (1 Kč = 10 h)", False),
        ("Prix : 3 fr. 50", False),  # an old book's price is its note's
    ],
)
def test_a_price_line_is_told_from_a_note_naming_a_sum(line, is_price):
    assert priced(line) is is_price


def test_a_review_s_series_in_brackets_after_its_publisher():
    record = catalogue_by_rules(
        "Mariana Mazzucato\nLO STATO INNOVATORE\nLaterza («Anticorpi», 43), Roma-Bari 2014\n"
        "pp. XXVI-351"
    )
    assert record.values("210", "c") == ["Laterza"]
    assert record.values("210", "a") == ["Roma", "Bari"]


def test_a_us_imprint_with_its_state_and_a_publisher_with_a_comma():
    # Chicago's "Title. Town, ST.: Publisher, Sub-body, Year": no list of parts, and a serial's
    # name ("... Quarterly") is no person's
    record = catalogue_by_rules(
        "Administrative Science Quarterly. Ithaca, N.Y.: Graduate School of Business and Public "
        "Administration, Cornell University, 1956– . ISSN 0001-8392."
    )
    assert record.first("200", "a") == "Administrative Science Quarterly"
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Ithaca, N.Y",
        "Graduate School of Business and Public Administration, Cornell University",
    )
    assert not record.datafields("700")


def test_a_title_opening_on_a_town_and_its_colon_in_a_comma_list():
    record = catalogue_by_rules(
        "Jerusalem: The Biography, Simon Sebag Montefiore, Weidenfeld & Nicolson, London, 2011, "
        "650 p."
    )
    assert (record.first("200", "a"), record.first("700", "a")) == ("Jerusalem", "Montefiore")
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "London",
        "Weidenfeld & Nicolson",
    )
