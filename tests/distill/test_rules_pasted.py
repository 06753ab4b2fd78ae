"""What a user pastes around a description, set aside before the rules read it: a list's
bullet, an e-mail's greeting and signature, a spreadsheet's header row, Google Books' summary,
a catalogue's display copied on one line. Each book is a real one."""

from __future__ import annotations

import pytest

from generator.rules_baseline import catalogue_by_rules
from generator.rules_pasted import set_aside


def test_an_e_mail_keeps_its_request_and_loses_greeting_closing_and_signature():
    text = set_aside(
        "Bonjour,\n\nPourriez-vous cataloguer ce livre : « La distinction », Pierre Bourdieu, "
        "Minuit, 1979.\n\nMerci d'avance,\nSophie, bibliothèque de lettres"
    )
    assert text == "« La distinction », Pierre Bourdieu, Minuit, 1979."
    record = catalogue_by_rules(
        'Hello,\nCould you add this one: "The Name of the Rose", Umberto Eco, 1983.\nThanks,\nTom'
    )
    assert record.first("200", "a") == "The Name of the Rose"


def test_a_body_of_a_letter_that_ends_on_a_long_line_is_kept_whole():
    text = (
        "La distinction\nBourdieu\n"
        "Merci de noter que cet exemplaire est annoté au crayon par son premier lecteur."
    )
    assert set_aside(text) == text  # no signature follows: the last line is a note


def test_a_list_s_bullet_is_no_part_of_the_title():
    record = catalogue_by_rules("* Le capital au XXIe siècle, Paris, Seuil, 2013, 970 p.")
    assert record.first("200", "a") == "Le capital au XXIe siècle"


def test_a_spreadsheet_s_header_row_labels_its_row():
    text = (
        "Auteur;Titre;Éditeur;Lieu;Année;Pages\n"
        "Piketty, Thomas;Le capital au XXIe siècle;Seuil;Paris;2013;970"
    )
    assert set_aside(text).splitlines()[:2] == [
        "Auteur : Piketty, Thomas",
        "Titre : Le capital au XXIe siècle",
    ]
    record = catalogue_by_rules(text)
    assert record.first("200", "a") == "Le capital au XXIe siècle"
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Seuil",
        "2013",
    )
    tabbed = "Title\tPublisher\tYear\nLe capital au XXIe siècle\tSeuil\t2013"
    assert catalogue_by_rules(tabbed).first("210", "c") == "Seuil"


def test_two_lines_of_a_description_are_no_table():
    text = "Le capital au XXIe siècle ; économie\nParis ; Seuil ; 2013"
    assert set_aside(text) == text  # the first line has too few cells to be a header


def test_google_books_summary_gives_way_to_its_table():
    record = catalogue_by_rules(
        "The Name of the Rose\nUmberto Eco\nHarcourt Brace Jovanovich, 1983 - 502 pages\n\n"
        "Bibliographic information\nTitle\tThe Name of the Rose\nAuthor\tUmberto Eco\n"
        "Translated by\tWilliam Weaver\nPublisher\tHarcourt Brace Jovanovich, 1983\n"
        "ISBN\t0151446474\nLength\t502 pages"
    )
    assert record.first("200", "a") == "The Name of the Rose"
    assert (record.first("210", "c"), record.first("210", "d")) == (
        "Harcourt Brace Jovanovich",
        "1983",
    )
    assert record.first("215", "a") == "502 p."


def test_a_display_copied_on_one_line_is_cut_before_each_label():
    lines = set_aside(
        "Titlu: Istoria literaturii române [Text tipărit] ; Publicare: Bucureşti : Minerva, "
        "1982 ; ISBN: 973-21-0012-9 ; Limba: română"
    ).splitlines()
    assert lines == [
        "Titlu: Istoria literaturii române [Text tipărit]",
        "Publicare: Bucureşti : Minerva, 1982",
        "ISBN: 973-21-0012-9",
        "Limba: română",
    ]
    record = catalogue_by_rules("\n".join(lines))
    assert record.first("200", "a") == "Istoria literaturii române"
    assert (record.first("210", "c"), record.first("101", "a")) == ("Minerva", "rum")


def test_a_web_page_s_labels_above_their_values_and_a_bookshop_s_edition_tag():
    record = catalogue_by_rules(
        "La distinction (French Edition)\nby Pierre Bourdieu\n\nPublish Date\n1979\n"
        "Publisher\nÉditions de Minuit\nPublished in\nParis\nPages\n670"
    )
    assert record.first("200", "a") == "La distinction"
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Éditions de Minuit",
        "1979",
    )
    assert record.first("215", "a") == "670 p."
    assert set_aside("Titre\nParis : l'Harmattan") == "Titre\nParis : l'Harmattan"  # one: a title


def test_a_transcriber_s_remarks_and_a_reading_note_s_cue_are_no_part_of_the_book():
    record = catalogue_by_rules(
        "[Page de titre]\nLA DISTINCTION\nCRITIQUE SOCIALE DU JUGEMENT\nPAR\nPIERRE BOURDIEU\n"
        "[qualités de l'auteur, non transcrites]\nPARIS\nÉDITIONS DE MINUIT\n1979\n"
        "[Verso non transcrit]"
    )
    assert record.first("200", "a") == "La distinction"
    assert not record.datafields("300") and not record.datafields("710")
    noted = catalogue_by_rules("Lu : Pierre Bourdieu, La distinction, Paris, Minuit, 1979.")
    assert noted.first("200", "a") == "La distinction"


def test_a_list_s_heading_and_a_serial_s_publishers_row_after_row():
    record = catalogue_by_rules(
        "LISTE DES DONS — PÉRIODIQUES\n\n3. Esprit. — Paris : Éditions du Seuil, 1932- . — "
        "ISSN 0014-0759."
    )
    assert record.first("200", "a") == "Esprit"
    table = (
        "Titre;ISSN;Lieu;Éditeur;Début\n"
        "Esprit;0014-0759;Paris;Esprit;1932\n"
        "Esprit;0014-0759;Paris;Éditions du Seuil;1932"
    )
    assert set_aside(table).splitlines() == [
        "Titre : Esprit",
        "ISSN : 0014-0759",
        "Lieu : Paris",
        "Éditeur : Esprit",
        "Début : 1932",
        "Éditeur : Éditions du Seuil",
    ]
    titled = "BIBLIOGRAPHIE DE LA FRANCE\n\nParis : Cercle de la librairie, 1811-"
    assert set_aside(titled).startswith("BIBLIOGRAPHIE DE LA FRANCE")  # a title, no heading


def test_a_chat_s_question_before_the_reference_and_a_request_quoting_its_title():
    record = catalogue_by_rules(
        "quelqu'un peut vérifier si on l'a déjà ? Pierre Bourdieu, La distinction, Paris, "
        "Minuit, 1979"
    )
    assert record.first("200", "a") == "La distinction"
    quoted = catalogue_by_rules(
        'Could you add the journal "Actes de la recherche en sciences sociales"? It is published '
        "in Paris by the Maison des sciences de l'homme since 1975."
    )
    assert quoted.first("200", "a") == "Actes de la recherche en sciences sociales"


def test_a_title_page_s_first_word_in_capitals_is_no_list_heading():
    page = "DE\nCONSOLATIONE\nPHILOSOPHIAE\n\nLUGDUNI\n1550"
    assert set_aside(page).splitlines()[0] == "DE"  # link words alone head no list


def test_a_typed_card_s_paragraphs_run_on_and_its_broken_words_join():
    record = catalogue_by_rules(
        "Pigeonneau (Henri) 1834-l892.\n"
        "    L'industrie textile en France, par M. Pi-\n"
        "geonneau. -- Paris, Veuve Rozier, 1891.\n"
        "    19 p. ; 23 cm.\n"
        "    Conférence faite le 8 février 1890, à la réu-\n"
        "nion des officiers.\n"
    )
    assert (record.first("200", "a"), record.first("200", "f")) == (
        "L'industrie textile en France",
        "par M. Pigeonneau",
    )
    # OCR's "l" for "1" in the heading's dates
    assert (record.first("700", "b"), record.first("700", "f")) == ("Henri", "1834-1892")
    assert record.first("210", "c") == "Veuve Rozier"
    assert (
        record.first("300", "a") == "Conférence faite le 8 février 1890, à la réunion des officiers"
    )


def test_a_markdown_table_and_labels_set_before_their_values_with_a_space():
    table = catalogue_by_rules(
        "| Titre | Auteur | Lieu | Éditeur | Année |\n|---|---|---|---|---|\n"
        "| La distinction | Bourdieu, Pierre | Paris | Éditions de Minuit | 1979 |"
    )
    assert (table.first("200", "a"), table.first("210", "c")) == (
        "La distinction",
        "Éditions de Minuit",
    )
    archive = catalogue_by_rules(  # the Internet Archive's item page
        "La distinction\nby Bourdieu, Pierre, 1930-2002\n\nPublication date 1979\n"
        "Publisher Paris : Éditions de Minuit\nLanguage French\nExtent 670 p. ; 24 cm"
    )
    assert (archive.first("210", "a"), archive.first("210", "d")) == ("Paris", "1979")
    assert archive.first("215", "d") == "24 cm"


def test_a_footnote_s_number_before_a_name_and_german_quotes_in_a_message():
    note = catalogue_by_rules(
        "12 Pierre Bourdieu, La distinction, Paris, Éditions de Minuit, 1979, 670 pp."
    )
    assert (note.first("200", "a"), note.first("700", "a")) == ("La distinction", "Bourdieu")
    message = catalogue_by_rules(
        "Hallo zusammen, hier noch ein Buch: „La distinction“, Paris, Éditions de Minuit, "
        "1979. Kann das jemand aufnehmen?"
    )
    assert message.first("200", "a") == "La distinction"


def test_a_listing_s_price_postage_and_item_number_and_a_chat_s_speakers():
    listing = catalogue_by_rules(
        "Bourdieu, Pierre:\nLa distinction.\nParis, Éditions de Minuit, 1979. 670 S.\n"
        "Artikel-Nr. 48213\nEUR 35,00\nVersand: EUR 4,50 innerhalb Deutschlands"
    )
    assert listing.first("210", "c") == "Éditions de Minuit"
    assert not listing.datafields("300")  # the price and postage are no notes
    chat = set_aside(
        "Ask a librarian – chat\nReader (10:42): I am looking for La distinction\n"
        "Library (10:43): One moment please"
    )
    assert chat == "I am looking for La distinction"


def test_a_list_s_one_item_under_its_headings_and_a_request_form_s_own_fields():
    reading_list = catalogue_by_rules(
        "Corso di Sociologia – Bibliografia d'esame (a.a. 2024/25)\nLetture integrative:\n"
        "– P. Bourdieu, La distinction, Paris, Éditions de Minuit, 1979 (670 pp.). "
        "Disponibile in biblioteca."
    )
    assert (reading_list.first("200", "a"), reading_list.first("700", "a")) == (
        "La distinction",
        "Bourdieu",
    )
    form = catalogue_by_rules(
        "Demande de communication en salle\nN° de carte lecteur : 204518\n"
        "Titre : La distinction\nAuteur : Pierre Bourdieu\nLieu / éditeur : Paris, Éditions de "
        "Minuit\nAnnée : 1979\nDate de consultation souhaitée : 14/03/2025\n"
        "Commentaire : l'édition de 1979, merci"
    )
    assert (form.first("210", "a"), form.first("210", "c"), form.first("210", "d")) == (
        "Paris",
        "Éditions de Minuit",
        "1979",
    )
    assert not form.datafields("300")


def test_a_chat_s_sentence_before_a_quoted_title_is_no_list_and_a_dealer_s_heading():
    chat = catalogue_by_rules(
        'Hallo, ich schreibe meine Masterarbeit und bräuchte "La distinction" von Pierre '
        "Bourdieu, Paris, Éditions de Minuit, 1979."
    )
    assert chat.first("200", "a") == "La distinction"
    dealer = catalogue_by_rules("Bourdieu P.\nLa distinction\nParis, Éditions de Minuit, 1979.")
    assert (dealer.first("700", "a"), dealer.first("700", "b")) == ("Bourdieu", "P.")


def test_an_accession_register_s_header_row_and_a_binding_slip_s_heading_after_its_label():
    register = catalogue_by_rules(
        "Zugangs-Nr. | Datum | Verfasser u. Titel | Ort, Verlag, Jahr | Format, Umfang | Preis\n"
        "1980/842 | 14.10.1980 | Bourdieu, P.: La distinction | Paris, Éditions de Minuit, 1979 "
        "| 670 S. | 98 DM"
    )
    assert (register.first("200", "a"), register.first("700", "a")) == (
        "La distinction",
        "Bourdieu",
    )
    assert (register.first("210", "a"), register.first("210", "c")) == (
        "Paris",
        "Éditions de Minuit",
    )
    assert register.first("210", "d") == "1979"  # not the accession's date
    slip = catalogue_by_rules(
        "BON DE RELIURE n° 118\nAuteur : BOURDIEU (Pierre)\nTitre : La distinction\n"
        "Paris : Éditions de Minuit, 1979\nCouleur : bordeaux"
    )
    assert (slip.first("700", "a"), slip.first("700", "b")) == ("Bourdieu", "Pierre")
    assert not slip.datafields("300")


def test_a_form_s_heading_an_auction_s_terms_a_post_s_hashtags_and_an_ocr_d_page():
    lot = catalogue_by_rules(
        "HÔTEL DROUOT — Salle 9\nLivres anciens et modernes\nLot n° 187\nBOURDIEU (Pierre). "
        "La distinction. Paris, Éditions de Minuit, 1979. Broché.\nEstimation : 60 / 80 €"
    )
    assert (lot.first("200", "a"), lot.first("210", "c")) == (
        "La distinction",
        "Éditions de Minuit",
    )
    page = catalogue_by_rules(
        "251 BULLETIN DES BIBLIOTHÈQUES. — 1980.\n[...]\nB0URDIEU (P.). — La distinc-\n"
        "tion. Paris, Éditions de Minuit, 1979. 670 p.\n[...]"
    )
    assert (page.first("700", "a"), page.first("200", "a")) == ("Bourdieu", "La distinction")


def test_a_reference_list_s_headings_its_item_number_and_a_journal_s_offices_in_quotes():
    record = catalogue_by_rules(
        "Bibliografia\nŹródła drukowane\n\nCHEYSSON, Émile. La Question de la population en "
        'France. Paris : aux bureaux de la "Revue politique et parlementaire", 1896. 31 s.'
    )
    assert record.first("200", "a") == "La Question de la population en France"
    assert record.first("210", "c") == "aux bureaux de la Revue politique et parlementaire"
    record = catalogue_by_rules(
        "Seznam použité literatury\n\n[14] LEVASSEUR, Émile. Statistique graphique de "
        "l'enseignement primaire en France. Paris: Berger-Levrault, 1908. 16 s."
    )
    assert record.first("200", "a") == (
        "Statistique graphique de l'enseignement primaire en France"
    )
    assert (record.first("700", "a"), record.first("215", "a")) == ("Levasseur", "16 p.")


def test_a_serials_directory_s_spanish_labels():
    record = catalogue_by_rules(
        "Directorio Latindex – Ficha de la revista\n\nTítulo: Acta sociologica\n"
        "ISSN: 0186-6028\nInstitución editora: Universidad Nacional Autónoma de México, "
        "Facultad de Ciencias Políticas y Sociales\nEditor responsable: Coordinación de "
        "Sociología\nPaís: México\nCiudad: México\nAño de inicio: [19..]"
    )
    assert (record.first("200", "a"), record.first("210", "a"), record.first("710", "a")) == (
        "Acta sociologica",
        "México",
        "Coordinación de Sociología",
    )
    assert record.first("210", "c").startswith("Universidad Nacional Autónoma de México")
    assert not record.datafields("700")  # "Ciencias Políticas" is no person


def test_a_title_page_s_numbered_lines_its_title_run_on_and_an_edition_in_words():
    record = catalogue_by_rules(
        "Frontespizio (trascrizione riga per riga):\n[1] Handbuch\n"
        "[2] des schweizerischen Bundesstaatsrechtes\n[3] von Johann Jakob Blumer\n"
        "[4] Zweite, auf Grundlage der Bundesverfassung von 1874 durchaus umgearbeitete Ausgabe\n"
        "[5] nach dem Tode des Verfassers vollendet und hrsg. von J. Morel\n"
        "[6] Basel, B. Schwabe, 1880"
    )
    assert record.first("200", "a") == "Handbuch des schweizerischen Bundesstaatsrechtes"
    assert record.first("205", "a").startswith("Zweite, auf Grundlage")
    assert (record.first("210", "c"), record.first("210", "d")) == ("B. Schwabe", "1880")
    assert (record.first("700", "a"), record.first("702", "a")) == ("Blumer", "Morel")


def test_a_card_s_heading_with_uncertain_or_birth_dates_and_a_starred_bookmark():
    for dates, kept in (("(geb. 1951)", "1951-"), ("(1951?-2020)", "1951?-2020")):
        record = catalogue_by_rules(
            f"Burian, Peter {dates}\nLieder : recueil de 15 lieder pour voix moyennes et voix "
            "élevées\nVillemer : Éditions Artchipel, [2020]"
        )
        assert (record.first("200", "a"), record.first("700", "a")) == ("Lieder", "Burian")
        assert record.first("700", "f") == kept
    record = catalogue_by_rules(
        "★ Actualité et droit international — revue d'analyse juridique de l'actualité "
        "internationale, en ligne depuis 1998"
    )
    assert record.first("200", "a") == "Actualité et droit international"


def test_an_inventory_s_number_a_supplied_author_in_brackets_and_a_slip_s_boxes():
    record = catalogue_by_rules(
        "No. 212. [Eckardt, Julius von.] Aus der Petersburger Gesellschaft. Von einem Russen. "
        "Leipzig, Duncker & Humblot, 1880. 415 S."
    )
    assert (record.first("200", "a"), record.first("700", "a")) == (
        "Aus der Petersburger Gesellschaft",
        "Eckardt",
    )
    record = catalogue_by_rules(
        "Ficha n.º 17\nArnauné, Auguste. La monnaie, le crédit et le change. Paris, F. Alcan, "
        "1913.\n☐ Fr. Berger   ☐ Hr. Öztürk   ☐ zurück an Bibliothek"
    )
    assert record.first("200", "a") == "La monnaie, le crédit et le change"
    assert not record.datafields("300")  # the slip's boxes are no note


def test_two_towns_joined_by_a_hyphen_and_an_imprint_after_a_labelled_title():
    record = catalogue_by_rules(
        "Lo Stato innovatore : sfatare il mito del pubblico contro il privato\n"
        "Roma-Bari, Laterza, 2014"
    )
    assert [s.value for s in record.datafields("210")[0].subfields if s.code == "a"] == [
        "Roma",
        "Bari",
    ]
    assert (record.first("210", "c"), record.first("102", "a")) == ("Laterza", "IT")
    record = catalogue_by_rules(
        "Auteur : ARNAUNÉ (Auguste)\nTitre : La monnaie, le crédit et le change\n"
        "Paris, F. Alcan, 1913"
    )
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "F. Alcan")


def test_a_seminar_library_s_order_slip():
    record = catalogue_by_rules(
        "BESTELLZETTEL – Seminar für Rechtsgeschichte\nVerf.: Glasson, E.\nTitel: Parlement\n"
        "Ort / Verlag / Jahr: Paris, Société anonyme de la Grande Encyclopédie, 1899\n"
        "Umfang: 60 S.\nBesteller: Prof. Wendt\nBem.: nur antiquarisch, bitte Preis vorher melden"
    )
    assert (record.first("200", "a"), record.first("700", "a")) == ("Parlement", "Glasson")
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Paris",
        "Société anonyme de la Grande Encyclopédie",
    )
    assert not record.datafields("300")


def test_a_page_s_breadcrumb_gives_its_last_part_as_the_title_or_nothing():
    record = catalogue_by_rules(
        "Société d'économie politique › Publications › Journal des économistes\nISSN : 0021-7905"
    )
    assert record.first("200", "a") == "Journal des économistes"
    record = catalogue_by_rules(
        "Dialnet  ›  Revistas  ›  Revista de estudios políticos\n\n"
        "Revista de estudios políticos\n\nEditor: Centro de Estudios Políticos y Constitucionales"
    )
    assert record.first("200", "a") == "Revista de estudios políticos"
    record = catalogue_by_rules(
        "Rechercher > Résultats > Notice détaillée\n\nTitre : Revue d'économie politique\n"
        "Editeur : Paris : L. Larose, 1887-"
    )
    assert record.first("200", "a") == "Revue d'économie politique"


def test_a_forum_s_byline_and_a_title_a_colon_announces():
    record = catalogue_by_rules(
        "Re: Strunck – anyone have the Apel edition?\n\nPosted by bombarde16\n\n"
        "Yes — it's CEKM 23: \"Delphin Strunck and Peter Mohrhardt. Original compositions for "
        'organ", edited by Willi Apel, American Institute of Musicology, 1973. Quarto, 101 pages.'
    )
    assert record.first("200", "a") == (
        "Delphin Strunck and Peter Mohrhardt. Original compositions for organ"
    )


def test_a_bibliography_s_one_entry_under_its_sections_and_a_reader_s_arrowed_annotation():
    entry = catalogue_by_rules(
        "BIBLIOGRAFIE\n\nI. Tratate și monografii\n[…]\n23. Bourdieu, Pierre, La distinction : "
        "critique sociale du jugement, Paris, Éditions de Minuit, 1979, 670 p."
    )
    assert (entry.first("200", "a"), entry.first("700", "a")) == ("La distinction", "Bourdieu")
    # a section's heading in capitals is no title the second opinions may take
    programme = catalogue_by_rules(
        "AGRÉGATION EXTERNE DE SOCIOLOGIE – Question de sociologie de la culture\n"
        "Bibliographie indicative (complément)\n\nIII. Goûts et classes sociales\n\n"
        "— BOURDIEU Pierre, La distinction : critique sociale du jugement, Paris, Éditions de "
        "Minuit, 1979, 670 p. (ouvrage de référence)."
    )
    assert programme.first("200", "a") == "La distinction"
    serial = catalogue_by_rules(
        "Ressources en salle de documentation\n\nPériodiques\n• Actes de la recherche en sciences "
        "sociales / Maison des sciences de l'homme. – Paris : Maison des sciences de l'homme, "
        "1975- . – ISSN 0335-5322.\n  → collection papier à consulter sur place"
    )
    assert serial.first("200", "a") == "Actes de la recherche en sciences sociales"
    assert serial.first("210", "c") == "Maison des sciences de l'homme"  # not "..., 1975-. –"
    assert not serial.datafields("225") and not serial.datafields("300")


def test_a_dialogue_s_turns_are_no_list_with_one_item():
    turns = (
        "— Bonjour, votre annonce est toujours d'actualité ? La distinction de Bourdieu ?\n"
        "— Oui, toujours dispo. Édition originale, Paris, Éditions de Minuit, 1979, 670 pages.\n"
        "— Super, je prends."
    )
    assert set_aside(turns).startswith("Bonjour, votre annonce")


def test_an_e_mail_s_subject_and_closing_in_other_languages():
    text = set_aside(
        "Temat: zamówienie\n\nDzień dobry,\nLa distinction, Pierre Bourdieu, Paris, Minuit, 1979.\n"
        "Pozdrawiam serdecznie\nAnna"
    )
    assert text == "La distinction, Pierre Bourdieu, Paris, Minuit, 1979."


@pytest.mark.parametrize(
    ("description", "title", "author"),
    [
        (  # a product page's details: several bullets, one with a date, are no list's item
            "La peste\nAlbert Camus\nDétails sur le produit\n• Éditeur : Folio (1 janvier 1972)\n"
            "• Langue : Français\n• Poche : 279 pages",
            "La peste",
            "Camus",
        ),
        (  # an edition's ordinal is no list's number
            "Die Blechtrommel : Roman / Günter Grass\n1. Aufl. - Neuwied : Luchterhand, 1959. - "
            "730 S.",
            "Die Blechtrommel",
            "Grass",
        ),
        (  # arrows as bullets, no item under headings: the lines stay
            "Germinal / Émile Zola\n→ Paris : G. Charpentier, 1885\n→ 591 p. ; 19 cm",
            "Germinal",
            "Zola",
        ),
        (  # "Re:" with no space after it opens a title, not a reply's subject
            "Re:Zero − Starting Life in Another World, Vol. 1\nTappei Nagatsuki\n"
            "New York : Yen On, 2016\n240 p. ; 21 cm",
            "Re:Zero − Starting Life in Another World",
            "Nagatsuki",
        ),
    ],
)
def test_what_is_no_list_s_item_nor_a_mail_s_header(description, title, author):
    record = catalogue_by_rules(description)
    assert (record.first("200", "a"), record.first("700", "a")) == (title, author)


def test_a_greeting_before_what_is_asked_for_on_one_line():
    record = catalogue_by_rules(
        "Bonjour, voici le livre en question : « Les Fleurs du mal », Charles Baudelaire, Paris, "
        "Poulet-Malassis et de Broise, 1857."
    )
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Paris",
        "Poulet-Malassis et de Broise",
    )


@pytest.mark.parametrize(
    "description, title",
    [
        (
            "Seznam docházejících periodik – blízkovýchodní studia\n\n"
            "Arabies. – Paris : Arabies, 1987- . – ISSN 0983-1509\n"
            "  jazyk: francouzština; uloženo: studovna, regál 4",
            "Arabies",
        ),
        (
            "SEZNAM ZAHRANIČNÍCH PERIODIK VE FONDU KNIHOVNY PRÁVNICKÉ FAKULTY\n"
            "(srovnávací právo – francouzská periodika)\n\n"
            "Annuaire de législation étrangère / Société de législation comparée. – Paris : "
            "Cotillon et fils, 1872-1956. – ISSN 1245-5350",
            "Annuaire de législation étrangère",
        ),
    ],
)
def test_a_list_s_heading_in_any_words_above_an_entry_given_whole(description, title):
    assert catalogue_by_rules(description).first("200", "a") == title


def test_a_title_set_off_above_its_imprint_is_no_heading():
    record = catalogue_by_rules(
        "Les chemins de la liberté\n\nParis : Gallimard, 1990. – 300 p. – (Folio ; 12)"
    )
    assert record.first("200", "a") == "Les chemins de la liberté"


def test_a_thesis_bibliography_s_headings_above_an_entry_whose_author_opens_it():
    record = catalogue_by_rules(
        "BIBLIOGRAFÍA\n\nB) Obras citadas\n\n"
        "ESMEIN, Adhémar, Le mariage en droit canonique, 2 vols., París, L. Larose et Forcel, "
        "1891 (Études sur l'histoire du droit canonique privé)."
    )
    assert record.first("200", "a") == "Le mariage en droit canonique"
    assert record.first("215", "a") == "2 vol."
    assert record.first("225", "a") == "Études sur l'histoire du droit canonique privé"
    assert [(f.get("a"), f.get("b")) for f in record.datafields("700")] == [("Esmein", "Adhémar")]


def test_a_dissertation_s_sources_headed_above_a_title_and_its_imprint():
    record = catalogue_by_rules(
        "SEZNAM PRAMENŮ A LITERATURY\n\n1. Prameny\n1.3 Dobová periodika\n\n"
        "L'année politique. Paris: Charpentier, 1875–1905. ISSN 0066-2356."
    )
    assert record.first("200", "a") == "L'année politique"
