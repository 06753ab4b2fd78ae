"""The rules-only reading of one entry among what surrounds it in a list, a table or a note:
a footnote's number, a list's heading, a table's columns in other languages, a remark after the
reference, the archaeologists' author-year style. Each book is a real one."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules
from generator.rules_citations import citation
from generator.rules_pasted import set_aside
from generator.rules_reading import is_name


def _person(record, tag: str) -> tuple[str | None, str | None]:
    return record.first(tag, "a"), record.first(tag, "b")


def test_a_footnote_s_number_before_an_author_given_by_initials_and_particles():
    record = catalogue_by_rules(
        "18 R. de La Sizeranne, Le référendum communal, con una prefazione di P. Deschanel, "
        "Paris, A. Colin et Cie, 1893, pp. X-87."
    )
    assert record.first("200", "a") == "Le référendum communal"
    assert record.first("210", "c") == "A. Colin et Cie"
    assert _person(record, "700") == ("La Sizeranne", "R. de")


def test_a_library_s_accessions_heading_above_a_blank_line_is_no_title():
    record = catalogue_by_rules(
        "ACCESSIONS TO THE LIBRARY\n\nHaverfield (F.). The Romanization of Roman Britain. "
        "8vo. Oxford: Clarendon Press, 1912. pp. 70."
    )
    assert record.first("200", "a") == "The Romanization of Roman Britain"
    assert _person(record, "700") == ("Haverfield", "F.")


def test_a_markdown_table_its_emphasis_and_a_journal_s_columns():
    record = catalogue_by_rules(
        "## Law journals\n\n| Title | Publisher | Place | Since | ISSN |\n|---|---|---|---|---|\n"
        "| *Revue historique de droit français et étranger* | Sirey | Paris | 1922 | 0035-3280 |"
    )
    assert record.first("200", "a") == "Revue historique de droit français et étranger"
    assert record.first("210", "c") == "Sirey"
    assert record.first("011", "a") == "0035-3280"


def test_a_catalan_register_s_table_its_number_no_date():
    record = catalogue_by_rules(
        "Núm. reg. | Autor | Títol | Editor | Any\n"
        "1518 | Say, Léon | Le socialisme d'État | Calmann Lévy | 1894"
    )
    assert record.first("200", "a") == "Le socialisme d'État"
    assert record.first("210", "d") == "1894"


def test_a_korean_holdings_table_its_labels_read():
    record = catalogue_by_rules(
        "번호 | 서명 | 발행처 | 발행지 | 발행년\n"
        "4 | Journal of political economy | University of Chicago Press | Chicago | 1892-"
    )
    assert record.first("200", "a") == "Journal of political economy"
    assert record.first("210", "c") == "University of Chicago Press"
    assert record.first("210", "a") == "Chicago"


def test_et_al_after_a_labelled_author_leaves_the_person():
    record = catalogue_by_rules(
        "Títol: Des causes de la cherté actuelle de la vie\nAutor: Arnauné, Auguste [et al.]\n"
        "Lloc: París\nAny: 1920"
    )
    assert _person(record, "700") == ("Arnauné", "Auguste")
    assert record.first("710", "a") is None


def test_an_editor_label_naming_a_body_gives_the_publisher():
    record = catalogue_by_rules("Título: Annual report\nEditor: Panama Canal Commission\nAño: 1990")
    assert record.first("210", "c") == "Panama Canal Commission"
    assert record.first("702", "a") is None


def test_a_publisher_s_label_holding_only_years_gives_the_date():
    record = catalogue_by_rules("Tittel: Anticor\nUtgitt: 2003–2004\nISSN: 1761-9610")
    assert record.first("210", "c") is None
    assert record.first("210", "d") == "2003-2004"


def test_the_year_before_a_colon_and_two_authors_set_off_by_a_dash():
    parts, names, _ = citation(
        "Geyr von Schweppenburg, M. – Goessler, P. 1910: Hügelgräber im Illertal bei "
        "Tannheim. Esslingen: P. Neff."
    )
    assert names == ["Geyr von Schweppenburg, M.", "Goessler, P."]
    assert dict(parts)["Title"] == "Hügelgräber im Illertal bei Tannheim"
    assert (dict(parts)["Place"], dict(parts)["Date"]) == ("Esslingen", "1910")


def test_a_dealer_s_german_entry_unknown_place_format_editor_and_a_remark_after_it():
    record = catalogue_by_rules(
        "ORGEL – Alte Meister\n\n127. STRUNCK, Delphin / MOHRHARDT, Peter: Original compositions "
        "for organ. Ed. by Willi Apel. [o. O.]: American Institute of Musicology, 1973. 4°. "
        "XI, 101 S. (Corpus of Early Keyboard Music, 23). – Umschlag leicht fleckig, sonst gut "
        "erhalten. € 22,–"
    )
    assert record.first("200", "a") == "Original compositions for organ"
    assert record.first("210", "c") == "American Institute of Musicology"
    assert (record.first("225", "a"), record.first("225", "v")) == (
        "Corpus of Early Keyboard Music",
        "23",
    )
    assert record.first("300", "a") is None
    assert ("Apel", "Willi") in [
        (
            {s.code: s.value for s in f.subfields}.get("a"),
            {s.code: s.value for s in f.subfields}.get("b"),
        )
        for f in record.fields
        if f.tag == "702"
    ]


def test_a_paragraph_naming_a_body_above_a_numbered_footnote_is_no_title():
    record = catalogue_by_rules(
        "C'est dans un mémoire rédigé pour l'Association internationale des Académies, réunie "
        "à Londres en 1904, qu'Ernest Glasson dressa ce bilan (34).\n\n(34) E. Glasson, Mémoire "
        "sur la condition civile des étrangers en France, Paris, A. Picard et fils, 1904, 97 p."
    )
    assert record.first("200", "a") == "Mémoire sur la condition civile des étrangers en France"
    assert record.first("210", "c") == "A. Picard et fils"


def test_an_e_mail_s_closing_and_signature_name_no_author():
    for closing in ("Best,", "With best regards,", "Cheers,", "Yours sincerely,"):
        record = catalogue_by_rules(
            'Hi everyone,\n\nCould we read Peter Maxwell Davies, "4 Instrumental Motets from '
            f'Early Scottish Originals" (Boosey & Hawkes, 1979)?\n\n{closing}\nFiona'
        )
        assert "Fiona" not in record.to_mrk(), closing


def test_what_the_list_rules_leave_alone():
    """A review's cases: a journal's label beside the article's title, initials read as "u.
    a.", an editor's affiliation, a title "The Library", an edition's number opening a line,
    a body's hierarchy dash, a title's "24 h." after its number."""
    assert (
        catalogue_by_rules(
            "Journal: Nature\nTitle: Molecular structure of nucleic acids\nYear: 1953"
        ).first("200", "a")
        == "Molecular structure of nucleic acids"
    )
    poe = catalogue_by_rules("Author: Poe, E.A.\nTitle: Tales of the grotesque and arabesque")
    assert _person(poe, "700") == ("Poe", "E.A.")
    essays = catalogue_by_rules(
        "Editor: John Smith (University of Oxford)\nTitle: Essays on Locke\n"
        "Publisher: Oxford : Clarendon Press, 1990"
    )
    assert essays.first("210", "c") == "Clarendon Press"
    library = catalogue_by_rules(
        "The Library\n\nTransactions of the Bibliographical Society. London : Bibliographical "
        "Society, 1889-"
    )
    assert library.first("200", "a") == "The Library"
    macaulay = catalogue_by_rules(
        "The history of England from the accession of James II\nby Thomas Babington Macaulay"
        "\n\n5. edition, London, Longman, Brown, Green and Longmans, 1849"
    )
    assert macaulay.first("205", "a") == "5. edition"
    assert _person(macaulay, "700") == ("Macaulay", "Thomas Babington")
    nations = catalogue_by_rules(
        "United Nations – Economic Commission for Europe. Annual report. Geneva: UN, 1990."
    )
    assert nations.first("710", "a") == "United Nations – Economic Commission for Europe"
    assert (
        catalogue_by_rules("24 h. du Mans, histoire d'une course, Paris, 1980.")
        .first("200", "a")
        .startswith("24 h.")
    )


def test_the_author_year_style_s_pages_after_the_publisher():
    record = catalogue_by_rules(
        "Wilson, D. M. 1976: The archaeology of Anglo-Saxon England. London: Methuen. 532 pp."
    )
    assert record.first("210", "c") == "Methuen"
    assert record.first("215", "a") == "532 p."


def test_a_serial_s_start_year_label_leaves_its_run_open():
    for label in ("Since", "Start year", "Fecha de inicio", "fra_aar"):
        record = catalogue_by_rules(f"Title: Revue d'économie politique\n{label}: 1887")
        assert record.first("210", "d") == "1887-", label


def test_a_danish_yaml_list_s_keys():
    record = catalogue_by_rules(
        '- land: Island\n  titel: "Annual report - Seðlabanki Íslands"\n'
        '  udgiver: "Seðlabanki Íslands"\n  sted: Reykjavík\n  fra_aar: 1997'
    )
    assert record.first("210", "c") == "Seðlabanki Íslands"
    assert record.first("210", "d") == "1997-"


def test_harvard_s_surname_particles_an_inverted_co_author_and_a_bracketed_extent():
    parts, names, _ = citation(
        "Geyr von Schweppenburg, M. Freiherr and Goessler, P. 1910. Hügelgräber im Illertal "
        "bei Tannheim. Esslingen: P. Neff. (4to; 75 pp., figs., pls. and a map.)"
    )
    assert names[0] == "Geyr von Schweppenburg, M. Freiherr"
    assert names[1].startswith("Goessler, P")
    assert (dict(parts)["Title"], dict(parts)["Publisher"]) == (
        "Hügelgräber im Illertal bei Tannheim",
        "P. Neff",
    )


def test_a_yaml_entry_s_comment_empty_value_and_start_year():
    record = catalogue_by_rules(
        '- id: usitc\n  title: "Annual report - United States International Trade Commission"\n'
        '  place: "Washington, D.C."\n  start_year: 1975\n  end_year: null   # still published'
    )
    assert record.first("210", "d") == "1975-"
    assert "null" not in record.to_mrk()


def test_a_norwegian_e_mail_s_closing_on_one_line_with_the_name():
    record = catalogue_by_rules(
        "Hei alle sammen!\nJeg foreslår at vi leser denne:\nPeter McGehee: Sweetheart. New York: "
        "St. Martin's Press, 1992. 207 sider.\nHilsen Kari"
    )
    assert "Kari" not in record.to_mrk()


def test_a_folder_label_s_ruled_lines_are_no_part():
    record = catalogue_by_rules(
        "KLEINSCHRIFTTUM – VERLAGSKATALOGE\n─────────────────\nMappe:   Peter Meyer Verlag\n"
        "Format:  15 cm\n─────────────────"
    )
    assert "─" not in record.to_mrk()


def test_a_listing_s_language_tag_after_a_dash_names_no_person():
    record = catalogue_by_rules(
        "Livro Antigo 1884 - Vie, amours, lettres et épîtres amoureuses d'Héloïse et "
        "d'Abailard - Em Francês\n\nParis: Le Bailly, 1884."
    )
    assert "Francês" not in (record.first("700", "a") or "")


def test_a_toml_source_list_s_keys():
    record = catalogue_by_rules(
        '# sources.toml\n\n[[source]]\nid = "dnb"\n'
        'title = "Annual report - De Nederlandsche Bank"\n'
        'place = "Amsterdam"\npublisher = "DNB"\nfirst_year = 1998\nlanguages = ["nl", "en"]'
    )
    assert record.first("200", "a") == "Annual report - De Nederlandsche Bank"
    assert (record.first("210", "a"), record.first("210", "c")) == ("Amsterdam", "DNB")
    assert record.first("210", "d") == "1998-"


def test_a_japanese_display_s_imprint_and_body_labels():
    record = catalogue_by_rules(
        "誌名：American journal of political science\n出版事項：Austin : University of Texas "
        "Press, 1978-1994\n団体著者：Midwest Political Science Association"
    )
    assert record.first("210", "a") == "Austin"
    assert record.first("710", "a") == "Midwest Political Science Association"


def test_an_ocr_transcriber_s_remark_and_a_table_s_since_column():
    record = catalogue_by_rules("[Texte brut issu de l'OCR — vue 5]\n\nDISCOURS\n\nPARIS\n1868")
    assert "OCR" not in (record.first("200", "a") or "")
    table = catalogue_by_rules(
        "Source | Type | Éditeur | Depuis\nL'Annuaire du MEDEF | annuaire | ETP, Paris | 2006"
    )
    assert table.first("210", "d") == "2006-"


def test_no_place_and_no_publisher_in_other_lists_words_as_isbd_writes_them():
    record = catalogue_by_rules(
        "Émile Boutmy, La notion de l'État aux États-Unis ([n.p.]: [n.pub.], 1899)."
    )
    assert (record.first("210", "a"), record.first("210", "c")) == ("[S.l.]", "[s.n.]")
    italian = catalogue_by_rules(
        "POINSARD L., La France dans ses grandes colonies, Parigi, s.e., 1891, pp. 80."
    )
    assert italian.first("210", "c") == "[s.n.]"
    typed = catalogue_by_rules("Hands : [estampe] / Peter Bond. — [S. l.] : [Peter Bond], 1991.")
    assert typed.first("210", "a") == "S. l"


def test_a_closing_word_that_opens_a_title_cuts_nothing():
    record = catalogue_by_rules(
        "Hei!\nKan dere bestille denne boka?\n"
        "Hilsen fra Norge / Kari Nordmann. Oslo : Cappelen, 1985"
    )
    assert record.first("200", "a") == "Hilsen fra Norge"
    above = catalogue_by_rules("Hei!\nKan dere bestille:\nHilsen fra Norge\nOslo : Cappelen, 1985")
    assert "Hilsen fra Norge" in above.to_mrk()
    closing = catalogue_by_rules(
        "Hei,\nkan dere katalogisere:\nSult / Knut Hamsun\nHilsen fra Kari"
    )
    assert "Kari" not in closing.to_mrk()
    german = catalogue_by_rules(
        "Hallo,\nbitte bestellen:\nGrüße aus Wien / Hans Weigel. Wien : Residenz, 1999"
    )
    assert german.first("200", "a") == "Grüße aus Wien"


def test_a_title_opening_on_a_preposition_and_an_inverted_surname_like_it():
    title = catalogue_by_rules(
        "Im Westen Nichts Neues\nErich Maria Remarque\nBerlin : Propyläen, 1929"
    )
    assert title.first("200", "a") == "Im Westen Nichts Neues"
    assert title.first("700", "a") == "Remarque"
    person = catalogue_by_rules("Im, Kwon-taek. Chunhyang. Seoul : Taehung, 2000.")
    assert person.first("700", "a") == "Im"
    assert not is_name("Em Francês")


def test_an_end_year_label_closes_the_run_a_start_year_opened():
    for text in (
        "title: Annual report\npublisher: OECD\nstart_year: 1975\nend_year: 1990",
        "title: Annual report\npublisher: OECD\nend_year: 1990\nstart_year: 1975",
        "Title: Annual report\nPublisher: OECD\nStart year: 1975\nEnd year: 1990",
    ):
        assert catalogue_by_rules(text).first("210", "d") == "1975-1990"
    ceased = catalogue_by_rules(
        "Title: Zeitschrift für Ethnologie\nPublisher: Reimer\nPlace: Berlin\n"
        "Frequency: quarterly, 1869-1944\nCeased: 1944"
    )
    assert ceased.first("210", "d") == "1869-1944"


def test_bibtex_and_a_form_s_assignments_are_no_toml():
    bibtex = catalogue_by_rules(
        "title = {Les Misérables},\nauthor = {Hugo, Victor},\n"
        "publisher = {Lacroix},\nyear = {1862},"
    )
    assert (bibtex.first("200", "a"), bibtex.first("210", "c")) == ("Les Misérables", "Lacroix")
    assert bibtex.first("700", "a") == "Hugo"
    toml = catalogue_by_rules(
        "title = \"L'Annuaire\"\npublisher = 'ETP'\nfirst_year = 2006  # still out"
    )
    assert (toml.first("200", "a"), toml.first("210", "c")) == ("L'Annuaire", "ETP")
    versioned = catalogue_by_rules(
        'title = "The Python Language Reference"\nedition = 3.10\npublisher = "PSF"\nyear = 2021'
    )
    assert versioned.first("205", "a") == "3.10"
    quoted = catalogue_by_rules(
        'author = "Kafka, Franz",\ntitle = "Der Prozess",\npublisher = "Die Schmiede",\n'
        'address = "Berlin",\nyear = "1925"'
    )
    assert (quoted.first("200", "a"), quoted.first("700", "a")) == ("Der Prozess", "Kafka")


def test_an_author_date_reference_s_bracket_after_the_publisher():
    series = catalogue_by_rules(
        "Austen, Jane. 1996. Pride and prejudice. London: Penguin Books (Penguin Classics)."
    )
    assert series.first("225", "a") == "Penguin Classics"
    edition = catalogue_by_rules(
        "Austen, Jane. 1996. Pride and prejudice. London: Penguin Books (2nd ed.)."
    )
    assert edition.first("205", "a") == "2nd ed"
    physical = catalogue_by_rules(
        "Levasseur, Emile. 1887. La population française. Paris: Rousseau (4to; 75 pp., figs.)."
    )
    assert "4to" not in physical.to_mrk()
    remark = catalogue_by_rules(
        "Marx, Karl. 1976. Capital. Vol. 1. London: Penguin (orig. pub. 1867)."
    )
    assert remark.first("225", "a") is None


def test_a_body_s_initials_are_no_italian_no_publisher():
    record = catalogue_by_rules("Titolo: Annuario\nLuogo: Roma\nEditore: S.E.\nAnno: 1950")
    assert record.first("210", "c") == "S.E"
    unnamed = catalogue_by_rules("Titolo: Annuario\nLuogo: Roma\nEditore: s.e.\nAnno: 1950")
    assert unnamed.first("210", "c") == "[s.n.]"


def test_a_list_item_s_bullet_is_no_part_of_its_title():
    record = catalogue_by_rules(
        "Week 6 – Dreams & consequences\n• The Sweetest Fig – Chris Van Allsburg (Houghton "
        "Mifflin, 1993), 31 pp., illustrated. Read-aloud ~12 min."
    )
    assert record.first("200", "a") == "The Sweetest Fig"


def test_a_series_named_in_a_sentence_s_words():
    record = catalogue_by_rules(
        "15 promenades dans Londres - Georges Vranckx\nFranstalig boek, Casterman (Tournai) 1993, "
        "uit de reeks Découvrir l'architecture des villes. 415 blz. ISBN 2-203-60504-9"
    )
    assert record.first("225", "a") == "Découvrir l'architecture des villes"
    assert "reeks" not in record.to_mrk()
    for title in (
        "Pintura flamenca en la colección del Museo del Prado",
        "Dessins italiens dans la collection Jabach",
    ):
        own = catalogue_by_rules(f"{title}. Madrid : Museo del Prado, 1990.")
        assert (own.first("200", "a"), own.first("225", "a")) == (title, None)


def test_a_croatian_e_mail_s_greeting_and_closing():
    kept = set_aside(
        "Poštovane kolegice i kolege,\n\nmolimo nabavu knjige:\nSucasna filozofija / Ivan Kos. "
        "Zagreb : Naklada Ljevak, 2004.\n\nLijep pozdrav,\nKnjižnica Filozofskog fakulteta"
    )
    assert kept.splitlines()[-1] == "Sucasna filozofija / Ivan Kos. Zagreb : Naklada Ljevak, 2004."
    assert "Poštovane" not in kept
    titled = catalogue_by_rules("Dobar dan, tugo\nFrançoise Sagan\nZagreb : Znanje, 1970")
    assert titled.first("700", "a") == "Sagan"


def test_no_date_in_other_lists_words_as_isbd_writes_it():
    record = catalogue_by_rules(
        "312. SELMER, JOHAN (1844-1910): Barnlige Sange. Scener og Smaasange for en Stemme med "
        "Piano. Op. 22. Christiania, C. Warmuth, u.å. Originalt omslag, let plettet."
    )
    assert record.first("200", "a") == "Barnlige Sange"
    assert (record.first("210", "c"), record.first("210", "d")) == ("C. Warmuth", "[s.d.]")
    supplied = catalogue_by_rules(
        "112. SCHUBERT Franz (1797-1828). Mélodies, transcrites pour piano par F. Thomé. Paris, "
        "Henry Lemoine, s.d. [1874]. In-4°, pp. 117."
    )
    assert supplied.first("210", "d") == "[1874]"
    cited = catalogue_by_rules("Smith, John. The book. London: Penguin, n.d.")
    assert (cited.first("210", "c"), cited.first("210", "d")) == ("Penguin", "[s.d.]")


def test_a_reading_list_s_remark_after_the_reference_s_pages():
    record = catalogue_by_rules(
        "Strumenti per le fonti narrative\n– A. Molinier, Les sources de l'histoire de France, "
        "Paris, A. Picard et fils, 1901 (Manuels de bibliographie historique, 3), pp. VIII-288. "
        "Datato ma ancora insostituibile per l'età carolingia."
    )
    assert record.first("200", "a") == "Les sources de l'histoire de France"
    assert record.first("700", "a") == "Molinier"
    assert "Datato" not in record.to_mrk()
    edition = catalogue_by_rules(
        "A. Molinier, Les sources de l'histoire de France, Paris, A. Picard et fils, 1901, 288 p. "
        "Deuxième édition revue."
    )
    assert edition.first("205", "a") == "Deuxième édition revue"


def test_a_reference_list_s_section_heading_under_its_own():
    record = catalogue_by_rules(
        "Quellen und Literatur\n\na) Periodika\nDental-Journal. Organ der Schweizer. "
        "Zahntechnischen Gesellschaft. ISSN 1019-8814. Jahrgänge lückenhaft im Verbandsarchiv."
    )
    assert record.first("200", "a").startswith("Dental-Journal")
    books = catalogue_by_rules(
        "BIBLIOGRAPHY\n\nA Books\n\nRenault, Louis, L'oeuvre de La Haye 1899 et 1907: conférence "
        "faite à l'Ecole libre des sciences politiques le 5 juin 1908 (Félix Alcan, 1908)"
    )
    assert books.first("210", "c") == "Félix Alcan"
    lettered = catalogue_by_rules(
        "Quellen und Literatur\n\nb) Periodika\nDental-Journal. Organ der Schweizer. "
        "Zahntechnischen Gesellschaft. ISSN 1019-8814. Jahrgänge lückenhaft im Verbandsarchiv."
    )
    assert lettered.first("200", "a").startswith("Dental-Journal")
    serial = catalogue_by_rules(
        "LISTE DES DONS\n\nBULLETIN\nSociété d'histoire de la pharmacie\nParis : La Société, 1913-"
    )
    assert serial.first("200", "a") == "Bulletin"
