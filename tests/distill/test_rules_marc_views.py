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


def test_a_marc21_staff_view_is_read_through_the_concordance():
    record = catalogue_by_rules(
        "Staff View\n\nLEADER  00000cas a2200000 i 4500\n022 0_  |a 0002-7294\n"
        "041 0_  |a eng\n245 00  |a American anthropologist.\n"
        "264 _1  |3 1888-1919: |b Divers éditeurs\n"
        "264 21  |3 1920-2003: |a Menasha, Wis. : |b American Anthropological Association\n"
        "264 31  |3 2008- : |a Hoboken, N.J. : |b Wiley\n362 1_  |a Began with 1888.\n"
        "710 2_  |a American Anthropological Association."
    )
    assert record.leader[6:8] == "as"  # a serial, as MARC 21's leader says
    assert (record.first("200", "a"), record.first("011", "a"), record.first("101", "a")) == (
        "American anthropologist",
        "0002-7294",
        "eng",
    )
    assert [(f.get("a"), f.get("c"), f.get("d")) for f in record.datafields("210")] == [
        (None, "Divers éditeurs", "1888-1919"),
        ("Menasha, Wis.", "American Anthropological Association", "1920-2003"),
        ("Hoboken, N.J.", "Wiley", "2008-"),
    ]
    assert record.first("712", "a") == "American Anthropological Association"


def test_oclc_connexion_s_unwritten_first_subfield_and_marc21_in_marcedit_text():
    record = catalogue_by_rules(
        "100 1  McGehee, Peter, ǂd 1955-1991, ǂe author.\n245 10 Sweetheart / ǂc Peter McGehee.\n"
        "260    New York : ǂb St. Martin's Press, ǂc 1992.\n300    207 p. ; ǂc 22 cm.\n"
        "020    0312078633"
    )
    assert (record.first("200", "a"), record.first("200", "f")) == ("Sweetheart", "Peter McGehee")
    assert (record.first("210", "c"), record.first("215", "a"), record.first("215", "d")) == (
        "St. Martin's Press",
        "207 p.",
        "22 cm",
    )
    person = record.datafields("700")[0]
    assert [(s.code, s.value) for s in person.subfields] == [
        ("a", "McGehee"), ("b", "Peter"), ("f", "1955-1991"), ("4", "070")
    ]  # fmt: skip
    record = catalogue_by_rules(
        "=LDR  00000nam a2200000 a 4500\n=245  12$aL'étranger :$broman /$cAlbert Camus.\n"
        "=260  \\\\$aParis :$bGallimard,$c1972.\n=490  1\\$aFolio ;$v2\n"
        "=700  1\\$aSmith, John,$etranslator."
    )
    assert (record.first("200", "e"), record.first("210", "d")) == ("roman", "1972")
    assert (record.first("225", "a"), record.first("225", "v")) == ("Folio", "2")
    assert (record.first("702", "a"), record.first("702", "4")) == ("Smith", "730")


def test_sirsidynix_flat_marc_with_its_tags_between_full_stops_and_a_qualified_isbn():
    record = catalogue_by_rules(
        "*** DOCUMENT BOUNDARY ***\nFORM=MARC\n.000. |aam a   2200000 a 4500\n"
        ".020.   |a0521443962 (rel.)\n.245. 04|aThe essentials of postgraduate psychiatry /"
        "|ced. by Robin Murray, Peter Hill, Peter McGuffin.\n.250.   |a3rd ed.\n"
        ".260.   |aCambridge :|bCambridge University Press,|c1997.\n"
        ".700. 1 |aMurray, Robin,|d1944?-"
    )
    assert (record.first("200", "a"), record.first("205", "a")) == (
        "The essentials of postgraduate psychiatry",
        "3rd ed.",
    )
    assert (record.first("010", "a"), record.first("010", "b")) == ("0521443962", "rel.")
    assert (record.first("210", "c"), record.first("701", "f")) == (
        "Cambridge University Press",
        "1944?-",
    )


def test_marc21_s_closing_stops_and_abbreviated_roles():
    record = catalogue_by_rules(
        "=LDR  00000nam a2200000 a 4500\n=100  1\\$aEliot, T. S.$d1888-1965.\n"
        "=245  14$aThe waste land.\n=260  \\\\$aNew York :$bBoni and Liveright,$c1922.\n"
        "=300  \\\\$a64 p. ;$c19 cm.\n=700  1\\$aPound, Ezra,$eed."
    )
    assert (record.first("200", "a"), record.first("700", "b")) == ("The waste land", "T. S.")
    assert (record.first("215", "a"), record.first("215", "d")) == ("64 p.", "19 cm")
    assert (record.first("702", "a"), record.first("702", "4")) == ("Pound", "340")
