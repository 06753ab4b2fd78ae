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


def test_a_publisher_s_onix_product_its_collection_the_series():
    record = catalogue_by_rules(
        "<Product>\n  <ProductIdentifier><ProductIDType>15</ProductIDType>"
        "<IDValue>9782072862014</IDValue></ProductIdentifier>\n  <DescriptiveDetail>\n"
        "    <Collection><TitleDetail><TitleType>01</TitleType><TitleElement>"
        "<PartNumber>6678</PartNumber><TitleText>Folio</TitleText></TitleElement></TitleDetail>"
        "</Collection>\n    <TitleDetail><TitleType>01</TitleType><TitleElement>"
        "<TitleText>Les contemplations</TitleText></TitleElement></TitleDetail>\n"
        "    <Contributor><ContributorRole>A01</ContributorRole>"
        "<PersonNameInverted>Hugo, Victor</PersonNameInverted></Contributor>\n"
        "    <Contributor><ContributorRole>B01</ContributorRole>"
        "<PersonNameInverted>Albouy, Pierre</PersonNameInverted></Contributor>\n"
        "    <Extent><ExtentType>00</ExtentType><ExtentValue>534</ExtentValue>"
        "<ExtentUnit>03</ExtentUnit></Extent>\n  </DescriptiveDetail>\n  <PublishingDetail>"
        "<Publisher><PublisherName>Gallimard</PublisherName></Publisher>"
        "<CityOfPublication>Paris</CityOfPublication><PublishingDate><Date>2019</Date>"
        "</PublishingDate></PublishingDetail>\n</Product>"
    )
    assert (record.first("200", "a"), record.first("010", "a")) == (
        "Les contemplations",
        "9782072862014",
    )
    assert (record.first("225", "a"), record.first("225", "v")) == ("Folio", "6678")
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Gallimard",
        "2019",
    )
    assert (record.first("215", "a"), record.first("700", "a")) == ("534 p.", "Hugo")
    assert (record.first("702", "a"), record.first("702", "4")) == ("Albouy", "340")


def test_a_web_page_s_dublin_core_and_google_scholar_metadata_tags():
    record = catalogue_by_rules(
        "<head>\n  <title>Annual report | Library catalogue</title>\n"
        '  <meta name="DC.title" content="Annual report" />\n'
        '  <meta content="Central Bank of Iceland" name="DC.publisher">\n'
        '  <meta name="DCTERMS.spatial" content="Reykjavik" />\n'
        '  <meta name="DC.date" content="1961-" />\n'
        '  <meta name="DC.identifier" content="ISSN 0559-2712" />\n</head>'
    )
    assert (record.first("200", "a"), record.first("011", "a")) == ("Annual report", "0559-2712")
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Reykjavik",
        "Central Bank of Iceland",
        "1961-",
    )
    record = catalogue_by_rules(
        '<meta name="citation_title" content="Les lois de l\'imitation">\n'
        '<meta name="citation_author" content="Tarde, Gabriel">\n'
        '<meta name="citation_publisher" content="F. Alcan">\n'
        '<meta name="citation_publication_date" content="1890">'
    )
    assert (record.first("200", "a"), record.first("210", "c")) == (
        "Les lois de l'imitation",
        "F. Alcan",
    )
    assert (record.first("210", "d"), record.first("700", "a")) == ("1890", "Tarde")


def test_a_bibframe_description_in_turtle():
    record = catalogue_by_rules(
        "@prefix bf: <http://id.loc.gov/ontologies/bibframe/> .\n"
        "<http://example.org/i/1> a bf:Instance, bf:Serial ;\n"
        '    bf:title [ a bf:Title ; bf:mainTitle "The American prospect" ] ;\n'
        '    bf:identifiedBy [ a bf:Issn ; rdf:value "1049-7285" ] ;\n'
        "    bf:provisionActivity [ a bf:Publication ;\n"
        '        bf:place [ a bf:Place ; rdfs:label "Cambridge, Ma" ] ;\n'
        '        bf:agent [ a bf:Agent ; rdfs:label "New prospect" ] ;\n'
        '        bf:date "1990-" ] .'
    )
    assert (record.first("200", "a"), record.first("011", "a")) == (
        "The American prospect",
        "1049-7285",
    )
    assert (record.first("210", "c"), record.first("210", "d")) == ("New prospect", "1990-")
    assert record.leader[7] == "s"
    record = catalogue_by_rules(
        '<http://example.org/i/2> a bf:Instance ;\n    bf:title [ bf:mainTitle "Les lois de '
        'l\'imitation" ; bf:subtitle "étude sociologique" ] ;\n'
        '    bf:contribution [ bf:agent [ a bf:Person ; rdfs:label "Tarde, Gabriel" ] ] ;\n'
        '    bf:provisionActivity [ bf:place [ a bf:Place ; rdfs:label "Paris" ] ;\n'
        '        bf:agent [ a bf:Agent ; rdfs:label "F. Alcan" ] ; bf:date "1890" ] .'
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "Les lois de l'imitation",
        "étude sociologique",
    )
    assert (record.first("210", "a"), record.first("700", "a")) == ("Paris", "Tarde")
