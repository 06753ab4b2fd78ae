"""Records a reference manager or a repository exports in XML or in tags are read part by part:
EndNote's XML library, a Dublin Core record as an OAI-PMH feed gives it, RefWorks' tagged
format. The documents are real ones."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules

_STYLE = '<style face="normal" font="default" size="100%">{}</style>'


def test_an_endnote_xml_thesis_with_its_supervisor():
    record = catalogue_by_rules(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xml><records><record>\n'
        '<ref-type name="Thesis">32</ref-type>\n<contributors><authors><author>'
        + _STYLE.format("Hervé, Lucile")
        + "</author></authors><secondary-authors><author>"
        + _STYLE.format("Faure, Sébastien")
        + "</author></secondary-authors></contributors>\n<titles><title>"
        + _STYLE.format(
            "Les prescriptions d'IPP sont-elles conformes aux recommandations françaises : "
            "Etude d'un mois dans une pharmacie d'officine du Mans"
        )
        + "</title></titles>\n<dates><year>"
        + _STYLE.format("2021")
        + "</year></dates>\n<publisher>"
        + _STYLE.format("Université d'Angers")
        + "</publisher>\n</record></records></xml>"
    )
    assert record.first("200", "e") == "Etude d'un mois dans une pharmacie d'officine du Mans"
    assert (record.first("700", "a"), record.first("702", "a"), record.first("702", "4")) == (
        "Hervé",
        "Faure",
        "727",
    )
    assert record.first("210", "d") == "2021"


def test_a_dublin_core_record_from_an_oai_feed_and_a_refworks_export():
    record = catalogue_by_rules(
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "  <dc:title>A contrario : revue interdisciplinaire de sciences sociales</dc:title>\n"
        "  <dc:publisher>Lausanne : Editions Antipodes</dc:publisher>\n"
        "  <dc:date>2003-2008</dc:date>\n  <dc:type>periodical</dc:type>\n"
        "  <dc:identifier>ISSN 1660-7880</dc:identifier>\n</oai_dc:dc>"
    )
    assert (record.first("200", "a"), record.first("011", "a")) == ("A contrario", "1660-7880")
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Lausanne",
        "Editions Antipodes",
    )
    assert record.leader[7] == "s"  # a periodical
    record = catalogue_by_rules(
        "RT Book, Whole\nSR Print(0)\nA1 Houdas, Octave\nT1 Précis de grammaire arabe\n"
        "YR 1897\nPP Paris\nPB Librairie Africaine et Orientale Joseph André & Cie\n"
        "OP VIII-261 p.\nLA French"
    )
    assert (record.first("200", "a"), record.first("700", "a"), record.first("215", "a")) == (
        "Précis de grammaire arabe",
        "Houdas",
        "VIII-261 p.",
    )


def test_dublin_core_elements_whose_prefix_is_not_declared():
    record = catalogue_by_rules(
        "<record><dc:title>A contrario</dc:title><dc:date>2003-2008</dc:date>"
        "<dc:identifier>ISSN 1660-7880</dc:identifier></record>"
    )
    assert (record.first("200", "a"), record.first("011", "a"), record.first("210", "d")) == (
        "A contrario",
        "1660-7880",
        "2003-2008",
    )
