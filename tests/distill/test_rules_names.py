"""Persons the rules read where no statement or label names them: a name with its life dates."""

from __future__ import annotations

import pytest

from generator.rules_baseline import catalogue_by_rules
from generator.rules_lines import title_and_statement
from generator.rules_names import dated_names
from generator.rules_reading import Reading


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('Nouvelles d\'Albert Sorel (1842-1906), "Vieux habits"', ["Albert Sorel (1842-1906)"]),
        ("14/7   FOVILLE, Alfred de (1842-1913).", ["FOVILLE, Alfred de (1842-1913)"]),
        # a catalogue's other script before the dates, full-width brackets
        (
            "著者：Paul Leroy-Beaulieu（ポール・ルロワ＝ボーリュー, 1843-1916）",
            ["Paul Leroy-Beaulieu (1843-1916)"],
        ),
        ("Discours prononcé par M. Léon Say (1826-1896) au Sénat", ["Léon Say (1826-1896)"]),
        ("Kielmansegg, Peter Graf von (1937- ), Stein", ["Kielmansegg, Peter Graf von (1937-)"]),
        ("Paris : Plon, Paris (1960-1976)", []),  # a publisher, its town and its run
        ("Africa Today (1954-), a journal", []),  # a serial still going
        ("Banque de France (1800-1900)", []),  # a body's
    ],
)
def test_a_name_with_its_life_dates_anywhere(text, names):
    assert dated_names(text, Reading()) == names


def _persons(description: str) -> list[tuple[str, ...]]:
    record = catalogue_by_rules(description, tagger=None)
    return [
        (f.tag, f.get("a"), f.get("b"), f.get("f"))
        for f in record.fields
        if f.tag in ("700", "701", "702")
    ]


def test_where_no_person_is_read_the_one_the_description_dates_is_the_author():
    listing = (
        "Vieux habits, vieux galons - Plon-Nourrit\n"
        "8,00 €\n"
        "Nouvelles d'Albert Sorel (1842-1906). Paris, Plon-Nourrit, 1914. 293 pages, 19 cm."
    )
    assert _persons(listing) == [("700", "Sorel", "Albert", "1842-1906")]


def test_a_person_read_already_is_not_doubled_by_a_dated_name():
    described = (
        "Le pain du siège / par Emile Cheysson. - Paris : Berger-Levrault, 1871. - 31 p.\n"
        "Offert par Jules Simon (1814-1896)"
    )
    assert [p[1] for p in _persons(described)] == ["Cheysson"]


def test_a_statement_under_a_label_the_rules_do_not_know_is_read_without_it():
    record = catalogue_by_rules(
        "Les régions agricoles de la France\n"
        "Odpowiedzialność: par M. Pigeonneau\n"
        "Paris : Veuve Rozier, 1891",
        tagger=None,
    )
    assert record.datafields("200")[0].get("f") == "par M. Pigeonneau"


@pytest.mark.parametrize(
    ("line", "slashed"),
    [
        ("Traité du 8 juillet 1833 / Comte Alexis Orloff.", True),
        ("Les finances du Consulat / par René Stourm", True),
        ("La population française / É. Levasseur ; préf. de X", True),
        ("Entrées / sorties du mois", False),  # a slash in a heading's words
        ("Box 14 (contents checked Feb.)", False),
    ],
)
def test_a_title_and_its_statement_set_off_by_a_slash(line, slashed):
    assert title_and_statement(line) is slashed


def test_a_title_with_its_statement_stands_before_a_heading_above_it():
    card = (
        "Отдел литературы на иностранных языках\n"
        "Служебный каталог\n\n"
        "Orloff, Alexis.\n"
        "   Traité du 8 juillet 1833 / Comte Alexis Orloff. — [S.l.], 1833. — 6 с. ; 22 см."
    )
    title = catalogue_by_rules(card, tagger=None).datafields("200")[0]
    assert (title.get("a"), title.get("f")) == ("Traité du 8 juillet 1833", "Comte Alexis Orloff")


def test_a_sale_s_heading_with_life_dates_before_the_title_is_the_author():
    listing = (
        "Eckardt, Julius Albert Wilhelm von (1836-1908): Aus der Petersburger Gesellschaft\n"
        "Painos: 5., vermehrte und bis auf die Gegenwart fortgeführte Aufl.\n"
        "Leipzig : Duncker & Humblot, 1880\n"
        "415 s., 20 cm."
    )
    record = catalogue_by_rules(listing, tagger=None)
    title = record.datafields("200")[0]
    assert (title.get("a"), title.get("e")) == ("Aus der Petersburger Gesellschaft", None)
    assert _persons(listing) == [("700", "Eckardt", "Julius Albert Wilhelm von", "1836-1908")]
    assert record.first("205", "a").startswith("5., vermehrte")


def test_a_note_s_heading_with_dates_and_a_volume_with_its_own_title():
    noted = (
        "Leroy-Beaulieu, P. (1843–1916): Traité de la science des finances, T. 1: Des revenus "
        "publics, 2e éd., rev., corr. et augm., Paris: Guillaumin 1879, VIII, 762 S. – vgl. "
        "spät. Aufl.! – Bd. 2 fehlt noch, Signatur prüfen"
    )
    title = catalogue_by_rules(noted, tagger=None).datafields("200")[0]
    assert (title.get("a"), title.get("e"), title.get("h"), title.get("f")) == (
        "Traité de la science des finances",
        "Des revenus publics",
        "T. 1",
        None,
    )


@pytest.mark.parametrize(
    "description",
    [
        "Blackwood's Edinburgh Magazine\nEdinburgh : William Blackwood (1817-1905)\n"
        "178 vol. ; 22 cm",
        "Histoire du Second Empire (1852-1870)\nParis : Hachette, 1895. - 420 p. ; 22 cm",
        "Vie de Jean Racine (1639-1699)\nParis : Hachette, 1850. - 120 p.",
        "Annales de Bretagne (1886-1973)\nRennes : Faculté des lettres, 1886-1973",
        "Revue Britannique (1825-1901)\nParis : Revue, 1830",
    ],
)
def test_a_publisher_or_the_title_s_words_with_dates_are_no_author(description):
    assert _persons(description) == []


def test_a_dated_person_is_read_without_the_words_before_the_name():
    described = (
        "Cinquantenaire de la Société d'économie politique\n"
        "Paris : Guillaumin, 1892. - 250 p. ; 23 cm\n"
        "Portrait de Léon Say (1826-1896) en frontispice"
    )
    assert _persons(described) == [("700", "Say", "Léon", "1826-1896")]


def test_a_slashed_line_under_the_title_is_its_part_not_the_title():
    described = (
        "Histoire de la Révolution française\nTome premier / par M. A. Thiers\n"
        "Paris : Lecointe et Durey, 1823. - 400 p."
    )
    title = catalogue_by_rules(described, tagger=None).datafields("200")[0]
    assert title.get("a") == "Histoire de la Révolution française"
