"""A record pasted as a catalogue displays its MARC is read as the record it is: a public
UNIMARC view, a staff client's view with a subfield a line, MarcEdit's text. The book is a real
one."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules
from generator.rules_marc_views import marc_view


def test_a_public_unimarc_view_with_blanks_as_hashes():
    record = catalogue_by_rules(
        "200 1# $aLa distinction$ecritique sociale du jugement$fPierre Bourdieu\n"
        "210 ## $aParis$cÉditions de Minuit$d1979\n215 ## $a670 p.$d24 cm\n"
        "700 #1 $aBourdieu$bPierre$f1930-2002$4070"
    )
    assert (record.first("200", "e"), record.first("210", "c")) == (
        "critique sociale du jugement",
        "Éditions de Minuit",
    )
    assert [(f.ind1, f.ind2) for f in record.datafields("700")] == [(" ", "1")]
    assert record.first("100", "a")[8:13] == "d1979"  # the display left 100 out


def test_a_staff_view_with_each_subfield_on_its_line_under_its_tag():
    record = catalogue_by_rules(
        "MARC view – Record #1\n200 1_ TITLE AND STATEMENT OF RESPONSIBILITY\n"
        "    a Title proper: La distinction\n    b General material designation: [Texte imprimé]\n"
        "210 __ PUBLICATION, DISTRIBUTION, ETC.\n    a Place of publication: Paris\n"
        "    d Date of publication: 1979\n700 _1 PERSONAL NAME\n    a Entry element: Bourdieu"
    )
    assert (record.first("200", "a"), record.first("200", "b")) == (
        "La distinction",
        "Texte imprimé",
    )
    assert (record.first("210", "d"), record.first("700", "a")) == ("1979", "Bourdieu")


def test_marcedit_text_is_read_and_a_description_is_no_view():
    record = catalogue_by_rules(
        "=LDR  00000nam0\\\\22000001\\\\\\\\450\\\\\n=200  1\\$aLa distinction$fPierre Bourdieu\n"
        "=210  \\\\$aParis$cÉditions de Minuit$d1979"
    )
    assert (record.first("200", "f"), record.first("210", "c")) == (
        "Pierre Bourdieu",
        "Éditions de Minuit",
    )
    assert marc_view("La distinction\n200 exemplaires numérotés\nParis, 1979") is None
