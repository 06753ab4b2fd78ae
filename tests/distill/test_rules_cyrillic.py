"""The rules-only reading of descriptions in Cyrillic, as Russian catalogues and GOST 7.1 lists
set them: names, labels and extents in that script, and a heading of a surname and initials
before the title. The books are real ones; the Russian forms are as those lists print them."""

from __future__ import annotations

import pytest

from generator.rules_baseline import catalogue_by_rules


def people(record, tag: str) -> list[tuple[str | None, ...]]:
    return [(f.get("a"), f.get("b"), f.get("4")) for f in record.datafields(tag)]


def test_a_gost_entry_s_heading_is_no_part_of_its_title_and_its_pages_are_counted():
    record = catalogue_by_rules(
        "Лихачев Д. С. Поэтика древнерусской литературы / Д. С. Лихачев. – Ленинград : Наука, "
        "1967. – 372 с."
    )
    assert record.first("200", "a") == "Поэтика древнерусской литературы"
    assert record.first("200", "f") == "Д. С. Лихачев"
    assert people(record, "700") == [("Лихачев", "Д. С.", "070")]
    assert record.first("210", "a") == "Ленинград"
    assert record.first("215", "a") == "372 p."


def test_a_latin_heading_with_its_initial_before_the_title_the_statement_names_again():
    record = catalogue_by_rules(
        "Leroy-Beaulieu P. De la colonisation chez les peuples modernes / par Paul "
        "Leroy-Beaulieu. – Paris : Guillaumin, 1891. – XIX, 863 p."
    )
    assert record.first("200", "a") == "De la colonisation chez les peuples modernes"
    assert people(record, "700") == [("Leroy-Beaulieu", "Paul", "070")]


def test_a_title_opening_on_a_name_and_an_initial_the_statement_does_not_repeat_stays_whole():
    record = catalogue_by_rules("Pierre M. et les autres / Jean Dupont. – Paris : Seuil, 1990.")
    assert record.first("200", "a") == "Pierre M. et les autres"


def test_a_russian_catalogue_s_labels_and_its_author_in_cyrillic():
    record = catalogue_by_rules(
        "Автор:                  Толстой, Лев Николаевич\n"
        "Заглавие:               Война и мир\n"
        "Выходные данные:        Москва : Художественная литература, 1983\n"
        "Физическое описание:    X, 266, 30 с.\n"
        "Место хранения:         ФБ\n"
    )
    assert record.first("200", "a") == "Война и мир"
    assert people(record, "700") == [("Толстой", "Лев Николаевич", "070")]
    assert record.first("210", "c") == "Художественная литература"
    assert record.first("215", "a") == "X, 266, 30 p."
    assert not record.get_fields("300")  # the shelf's place is no note


def test_leaves_counted_in_russian_are_leaves():
    record = catalogue_by_rules("Письма / А. С. Пушкин. – Москва : Гослитиздат, 1935. – 48 л.")
    assert record.first("215", "a") == "48 f."


def test_a_russian_footnote_s_gost_entry_with_no_statement_its_heading_the_author():
    record = catalogue_by_rules(
        "¹⁴ См. об этом: Лихачев Д. С. Поэтика древнерусской литературы. – Ленинград : Наука, "
        "1967. – 372 с."
    )
    assert record.first("200", "a") == "Поэтика древнерусской литературы"
    assert people(record, "700") == [("Лихачев", "Д. С.", "070")]


@pytest.mark.parametrize(
    "line, title",
    [
        (
            "Vitamin C. Its chemistry and biochemistry. – London : Royal Society of Chemistry, "
            "1991. – 160 p.",
            "Vitamin C. Its chemistry and biochemistry",
        ),
        ("Henry V. A play. – London : Methuen, 1954. – 200 p.", "Henry V. A play"),
    ],
)
def test_a_title_opening_on_a_word_and_one_capital_is_no_heading(line, title):
    record = catalogue_by_rules(line)
    assert record.first("200", "a") == title
    assert not record.get_fields("700")


def test_a_heading_with_two_initials_before_the_title_keeps_the_title_whole():
    record = catalogue_by_rules(
        "Пушкин, А. С. Сочинения : в 3 т. / А. С. Пушкин. — Москва : Художественная "
        "литература, 1985. — 735 с."
    )
    assert (record.first("200", "a"), record.first("200", "e")) == ("Сочинения", "в 3 т")
    assert (record.first("700", "a"), record.first("700", "b")) == ("Пушкин", "А. С.")
    assert record.first("215", "a") is not None


def test_a_gost_entry_s_co_authors_and_a_ukrainian_book_s_language():
    record = catalogue_by_rules(
        "4. Андрущенко В. П., Михальченко М. І. Сучасна соціальна філософія. Київ : Генеза, "
        "1996. 368 с."
    )
    assert record.first("200", "a") == "Сучасна соціальна філософія"
    assert people(record, "700") == [("Андрущенко", "В. П.", "070")]
    assert people(record, "702") == [("Михальченко", "М. І.", None)]
    assert record.first("101", "a") == "ukr"


def test_a_russian_book_s_language_by_its_script_not_a_russian_list_s_french_book():
    record = catalogue_by_rules("Иванов И. И. История России. Москва : Наука, 1996. 368 с.")
    assert record.first("101", "a") == "rus"
    listed = catalogue_by_rules(
        "Абеляр П., Элоиза. Vie, amours, lettres et épîtres amoureuses d'Héloïse et "
        "d'Abailard. Paris: Le Bailly, 1884. In-18. На франц. яз."
    )
    assert listed.first("101", "a") == "fre"
