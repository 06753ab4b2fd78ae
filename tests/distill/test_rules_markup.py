"""Records in markup, read by the rules alone: a MODS record, schema.org's JSON-LD, a
Wikipedia citation template in English and in French. Each is written as the format writes it;
the works are real ones."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules
from generator.rules_markup import markup


def imprint(record) -> tuple[str | None, ...]:
    return (record.first("210", "a"), record.first("210", "c"), record.first("210", "d"))


def test_a_mods_record_with_its_names_roles_and_a_serial_s_open_date():
    record = catalogue_by_rules(
        '<mods xmlns="http://www.loc.gov/mods/v3" version="3.7">\n'
        "  <titleInfo><nonSort>La </nonSort><title>distinction</title>"
        "<subTitle>critique sociale du jugement</subTitle></titleInfo>\n"
        '  <name type="personal"><namePart type="family">Bourdieu</namePart>'
        '<namePart type="given">Pierre</namePart>'
        '<role><roleTerm type="text">author</roleTerm></role></name>\n'
        '  <originInfo><place><placeTerm type="code">fr</placeTerm></place>'
        '<place><placeTerm type="text">Paris</placeTerm></place>'
        "<publisher>Éditions de Minuit</publisher><dateIssued>1979</dateIssued></originInfo>\n"
        '  <language><languageTerm type="code" authority="iso639-2b">fre</languageTerm>'
        "</language>\n"
        "  <physicalDescription><extent>670 p.</extent></physicalDescription>\n"
        '  <relatedItem type="series"><titleInfo><title>Le sens commun</title></titleInfo>'
        "</relatedItem>\n</mods>"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "La distinction",
        "critique sociale du jugement",
    )
    assert imprint(record) == ("Paris", "Éditions de Minuit", "1979")
    assert (record.first("700", "a"), record.first("700", "b")) == ("Bourdieu", "Pierre")
    assert (record.first("215", "a"), record.first("225", "a")) == ("670 p.", "Le sens commun")
    serial = markup(
        "<mods><titleInfo><title>Esprit</title></titleInfo><originInfo><dateIssued "
        'encoding="marc" point="start">1932</dateIssued><issuance>continuing</issuance>'
        "</originInfo></mods>"
    )
    assert ("Date", "1932-") in serial[0]


def test_schema_org_json_ld_names_its_publisher_s_place_and_its_author_parts():
    record = catalogue_by_rules(
        '{"@context": "https://schema.org", "@type": "Book", "name": "La distinction", '
        '"author": {"@type": "Person", "familyName": "Bourdieu", "givenName": "Pierre"}, '
        '"publisher": {"@type": "Organization", "name": "Éditions de Minuit", '
        '"location": "Paris"}, "datePublished": "1979", "inLanguage": "fr", '
        '"numberOfPages": 670}'
    )
    assert imprint(record) == ("Paris", "Éditions de Minuit", "1979")
    assert (record.first("700", "a"), record.first("101", "a")) == ("Bourdieu", "fre")
    assert record.first("215", "a") == "670 p."


def test_wikipedia_s_cite_book_and_ouvrage_templates():
    english = catalogue_by_rules(
        "{{Cite book |last=Bourdieu |first=Pierre |title=La distinction |location=Paris "
        "|publisher=[[Éditions de Minuit]] |year=1979 |language=fr}}"
    )
    assert imprint(english) == ("Paris", "Éditions de Minuit", "1979")
    assert (english.first("700", "a"), english.first("700", "b")) == ("Bourdieu", "Pierre")
    french = catalogue_by_rules(
        "{{Ouvrage |nom=Bourdieu |prénom=Pierre |titre=La distinction |sous-titre=critique "
        "sociale du jugement |lieu=Paris |éditeur=Éditions de Minuit |année=1979 "
        "|pages totales=670 |collection=Le sens commun}}"
    )
    assert (french.first("200", "e"), french.first("225", "a")) == (
        "critique sociale du jugement",
        "Le sens commun",
    )


def test_text_that_only_looks_like_markup_is_left_to_the_other_readers():
    assert markup("{{not a template}} La distinction, Paris, 1979") is None
    assert markup('{"title": "La distinction"}') is None  # CSL-JSON, not schema.org


def test_crossref_s_api_wraps_its_item_and_lists_its_titles():
    record = catalogue_by_rules(
        '{"status": "ok", "message-type": "journal", "message": {"title": ["Esprit"], '
        '"publisher": "Esprit", "ISSN": ["0014-0759"]}}'
    )
    assert (record.first("200", "a"), record.first("011", "a")) == ("Esprit", "0014-0759")


def test_a_mods_record_s_entities_are_not_expanded():
    """Parsed with the validators' safe settings: a DTD's entity, the vehicle of expansion
    bombs and external entities, stays unexpanded."""
    marked = markup(
        '<?xml version="1.0"?>\n<!DOCTYPE mods [<!ENTITY t "Expanded">]>\n'
        "<mods><titleInfo><title>&t;</title></titleInfo><originInfo>"
        "<publisher>Éditions de Minuit</publisher></originInfo></mods>"
    )
    assert marked is not None
    assert ("Title", "Expanded") not in marked[0]
    assert ("Publisher", "Éditions de Minuit") in marked[0]


def test_a_wikipedia_works_section_s_italic_title():
    record = catalogue_by_rules(
        "== Œuvres ==\n* ''Les Misérables'', Paris, Pagnerre, 1862, 10 vol."
    )
    assert record.first("200", "a") == "Les Misérables"
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "Pagnerre")


def test_a_iiif_manifest_s_metadata():
    manifest = (
        '{"@context": "http://iiif.io/api/presentation/3/context.json", "type": "Manifest", '
        '"label": {"fr": ["Germinal"]}, "metadata": ['
        '{"label": {"en": ["Creator"]}, "value": {"none": ["Zola, Émile"]}}, '
        '{"label": {"en": ["Publisher"]}, "value": {"none": ["Paris : G. Charpentier"]}}, '
        '{"label": {"en": ["Date"]}, "value": {"none": ["1885"]}}]}'
    )
    record = catalogue_by_rules(manifest)
    assert (record.first("200", "a"), record.first("700", "a")) == ("Germinal", "Zola")
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "G. Charpentier")
    assert record.first("210", "d") == "1885" and not record.datafields("300")


def test_a_json_object_in_a_system_s_own_keys_is_read_by_its_keys_as_labels():
    record = catalogue_by_rules(
        """{
  "biblionumber": 48213,
  "titre": "Problèmes économiques",
  "complement_titre": "sélection hebdomadaire de textes français et étrangers",
  "publication": {"lieu_edition": "Paris", "editeur": "La Documentation française",
                  "dates": 1948},
  "issn": "0032-9304",
  "auteurs": [{"nom": "Lévy", "prenom": "Pierre"}, {"nom": "Martin", "prenom": "Anne"}],
  "disponible": true
}"""
    )
    assert record.first("200", "a") == "Problèmes économiques"
    assert record.first("200", "e") == "sélection hebdomadaire de textes français et étrangers"
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Paris",
        "La Documentation française",
    )
    assert record.first("011", "a") == "0032-9304"
    assert [(f.get("a"), f.get("b")) for f in record.datafields("700")] == [("Lévy", "Pierre")]
    assert [(f.get("a"), f.get("b")) for f in record.datafields("702")] == [("Martin", "Anne")]


def test_json_that_is_no_object_is_read_as_text():
    record = catalogue_by_rules('["Les misérables", "Victor Hugo", "Paris", 1862]')
    assert record.first("200", "a") is not None
