"""The rules-only reading of catalogues that label their displays in other languages and
scripts (Dutch, Swedish, Polish, Arabic, Japanese): each label names the part a French or
English one would, and a designation in another language is written as a French record writes
it. The books are real ones."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules


def imprint(record) -> tuple[str | None, ...]:
    return (record.first("210", "a"), record.first("210", "c"), record.first("210", "d"))


def test_labels_in_arabic_and_japanese_script_and_a_full_width_colon():
    arabic = catalogue_by_rules(
        "العنوان: Esprit\nالهيئة: Esprit (Paris)\nبيانات النشر: Paris : Esprit, 1932-"
    )
    assert (arabic.first("200", "a"), imprint(arabic)) == ("Esprit", ("Paris", "Esprit", "1932-"))
    japanese = catalogue_by_rules(
        "書名: La distinction\n著者名: Bourdieu, Pierre\n出版者：Paris : Éditions de Minuit\n"
        "出版年: 1979"
    )
    assert imprint(japanese) == ("Paris", "Éditions de Minuit", "1979")
    assert (japanese.first("700", "a"), japanese.first("700", "b")) == ("Bourdieu", "Pierre")


def test_dutch_swedish_and_polish_labels():
    dutch = catalogue_by_rules(
        "Titel: La distinction\nUitgave: Paris : Éditions de Minuit, 1979\nOmvang: 670 p."
    )
    assert (imprint(dutch), dutch.first("215", "a")) == (
        ("Paris", "Éditions de Minuit", "1979"),
        "670 p.",
    )
    polish = catalogue_by_rules(
        "Tytuł: Esprit\nAdres wydawniczy: Paris : Esprit, 1932-\nTyp dokumentu: czasopismo"
    )
    assert (polish.first("200", "a"), imprint(polish)) == ("Esprit", ("Paris", "Esprit", "1932-"))
    swedish = catalogue_by_rules(
        "Titel: Esprit [Elektronisk resurs]\nUtgivning: Paris : Esprit, 1932-\nSpråk: Franska"
    )
    # the record is catalogued in French (100's "fre"): so is its designation
    assert (swedish.first("200", "b"), imprint(swedish)) == (
        "Ressource électronique",
        ("Paris", "Esprit", "1932-"),
    )


def test_an_italian_designation_stays_italian():
    record = catalogue_by_rules("Titolo: Il nome della rosa [Testo a stampa] / Umberto Eco")
    assert record.first("200", "b") == "Testo a stampa"


def test_a_body_a_label_names_is_a_body_though_it_reads_like_a_person():
    record = catalogue_by_rules(
        "Titel: Annual report\nKörperschaft: Suomen Pankki\nErschienen: Helsinki : Suomen "
        "Pankki, 1997-"
    )
    assert record.first("710", "a") == "Suomen Pankki"
    assert not record.datafields("700")
    czech = catalogue_by_rules("Název: Recueil [obrazový dokument]\nFyzický popis: 24 f. ; 32 cm")
    assert (czech.first("200", "b"), czech.first("215", "d")) == ("Image fixe", "32 cm")


def test_baltic_turkish_and_greek_labels_and_a_list_of_names_under_its_label():
    latvian = catalogue_by_rules(
        "Nosaukums: Esprit\nIzdošanas ziņas: Paris : Esprit, 1932-\nCiti autori: Esprit (Paris)"
        "\nCentre national de la recherche scientifique (France)\nValoda: franču"
    )
    assert (latvian.first("200", "a"), latvian.first("210", "c")) == ("Esprit", "Esprit")
    # the second body, on the line under its label's first, is one of its names too
    assert "Centre national de la recherche scientifique" in [
        f.get("a") for f in latvian.data_fields if f.tag in ("710", "712")
    ]
    turkish = catalogue_by_rules(
        "Yazar: Bourdieu, Pierre\nEser Adı: La distinction\nYayın Bilgisi: Paris : Éditions de "
        "Minuit, 1979\nFiziksel Tanımlama: 670 s. ; 24 cm"
    )
    assert (turkish.first("200", "a"), turkish.first("210", "c")) == (
        "La distinction",
        "Éditions de Minuit",
    )
    greek = catalogue_by_rules(
        "Τίτλος: Esprit\nΣτοιχεία έκδοσης: Paris : Esprit, 1932-\nΣυλλογικός συγγραφέας: Esprit"
    )
    assert (greek.first("210", "a"), greek.first("710", "a")) == ("Paris", "Esprit")


def test_a_spanish_editor_s_role_after_the_name():
    record = catalogue_by_rules(
        "Título: Cartas / edición de Lucía Ortega\nPublicación: Sevilla : Guadalquivir, 2015\n"
        "Otros autores: Ortega, Lucía, ed. lit."
    )
    assert [(f.get("a"), f.get("4")) for f in record.datafields("702")] == [("Ortega", "340")]
