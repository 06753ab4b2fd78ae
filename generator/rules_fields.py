"""The record's fields from the parts the rules read (`rules_baseline`), area by area.

A reading (`rules_reading.Reading`) holds what a description says; this module decides how a
catalogue writes it: which subfield a statement goes to, who leads the access points, a title
page's capitals lowered in the imprint, a town's own name, a bibliography's note in 320. Kept
apart from the reading so that each can be read without the other.
"""

from __future__ import annotations

import re
import string

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.rules_languages import languages_of
from generator.rules_names import direct, one_form_each, surname, titled
from generator.rules_physical import is_format
from generator.rules_places import country_of, own_name, towns_joined, transcribed
from generator.rules_reading import IMPRINT_PARTS, Reading, is_name, tidy
from generator.rules_titles import sentence_case
from validators.record import DataField, Subfield

# A note on the work's bibliography or index, which UNIMARC gives 320 rather than 300.
_BIBLIOGRAPHY = re.compile(r"(?:notes?\s+)?bibliogr|index\b|includes\s+(?:bibliogr|index)", re.I)


def _capitalised(part: str) -> str:
    """A part of a statement typed in small letters as a name is written, its cue ("par",
    "by") left out and its particles kept small ("par georges graux" -> "Georges Graux")."""
    bare = re.sub(r"^(?:par|by|edited by|éd\.|ed\.)\s+", "", part.strip(" .,"))
    return " ".join(w if lex.PARTICLE.match(w) else w.capitalize() for w in bare.split())


def _lowered(name: str) -> str:
    """A place or publisher a title page prints in capitals as a catalogue writes it
    ("GALLIMARD" -> "Gallimard", "PARIS" -> "Paris"); an acronym stays ("PUF", "CNRS")."""
    return re.sub(r"\b[A-ZÀ-ÝЀ-Я]{5,}\b", lambda m: m.group(0).capitalize(), name)


# "No place", "no publisher" in the words of other lists (English "n.p.", German "o. O.",
# Polish "b.m.", Dutch "z.p.", Italian "s.e."): ISBD's "[S.l.]" and "[s.n.]".
# A description's own "S.l.", "s.n." stay as typed (the records write "[S.l.]" and "[S. l.]").
_NO_PLACE = re.compile(r"(?i)\[?(?:n\.\s?p|o\.\s?O|b\.\s?m|z\.\s?p)\.?\]?")
# (Italian "s.e." in small letters only: "S.E." may be a body's initials)
_NO_PUBLISHER = re.compile(r"\[?(?:(?i:n\.\s?pub|o\.\s?V|b\.\s?w|z\.\s?n)|s\.\s?e)\.?\]?")


def _unnamed(value: str, unnamed: re.Pattern[str], isbd: str) -> str:
    return isbd if unnamed.fullmatch(value.strip()) else value


def numbers(found: Reading) -> list[DataField]:
    """010 for each ISBN (its qualifier in $b), 011 for each ISSN."""
    fields = []
    for isbn in found.parts.get("isbn", []):
        number, _, qualifier = isbn.partition("\x1f")
        fields.append(DataField("010", " ", " ", [Subfield("a", number)]
                                + ([Subfield("b", qualifier)] if qualifier else [])))  # fmt: skip
    return fields + [
        DataField("011", " ", " ", [Subfield("a", v)]) for v in found.parts.get("issn", [])
    ]


def country_of_publication(found: Reading) -> str | None:
    """The country the description names ("Pays : China", "Mérida, Venezuela"), else the
    town's."""
    place = transcribed(found.first("place") or "")
    named = lex.fold(found.first("country") or place.rpartition(", ")[2])
    return next(
        (c for c, n in geo.country_names() if named in (n, re.split(r" \(|, ", n)[0])), None
    ) or (country_of(place) if place else None)


def persons(found: Reading, description: str, proper: str) -> list[str]:
    """The names the access points are made of: those a description lists, else those its
    statement names, else the one it dates."""
    responsibility = found.first("responsibility")
    # a description typed in small letters names its persons so too ("/ par georges graux")
    typed = description == description.lower()
    stated = [
        n
        for part in re.split(r"\s*[;,]\s*|\s+(?:et|and)\s+", responsibility or "")
        if (n := _capitalised(part) if typed else part) and (is_name(n) or lex.CORPORATE.search(n))
        # "Hrsg. von Willi Apel": an other's, read so; not a body ("hrsg. von Deutsche Bundesbank")
        and not (lex.ROLE_STATEMENT.match(part) and not lex.CORPORATE.search(part))
    ]  # fmt: skip
    # A person the first statement names alone leads ("/ Victor Hugo ; notes de Nicole Savy"),
    # unless the description lists them in another form ("Hugo, Victor (1802-1885)").
    listed = found.parts.get("names", [])
    words = set(lex.fold(" ".join(listed)).replace(",", " ").split())
    surnames = {surname(n) for n in listed}
    lead = [
        n
        for n in stated[:1]
        if is_name(n) and not lex.CORPORATE.search(n) and responsibility.startswith(n)
        and surname(n) not in surnames and not set(lex.fold(n).split()) <= words
    ]  # fmt: skip
    names = lead + listed if listed else stated
    if not any(is_name(n) for n in names):  # no person read: the one the description dates,
        dated = [n for n in found.parts.get("dated names", []) if not titled(n, proper)]
        names = dated[:1] + names
    return names


def title_field(found: Reading, description: str, proper: str) -> DataField:
    """200: the `proper` title, its designation, other titles, part, statements."""
    title = [Subfield("a", sentence_case(proper, description))]
    title += [Subfield("b", v) for v in found.parts.get("gmd", [])[:1]]
    # a catalogue gives each other title information its own $e ("A ; B": two)
    title += [Subfield("e", v) for v in (found.first("subtitle") or "").split(" ; ") if v]
    title += [Subfield("h", v) for v in found.parts.get("part", [])[:1]]
    # $f from a statement the description transcribes, or from names standing on their own
    # lines as on a title page; a labelled list of names gives access points (7XX) only.
    # A serial's title page names its body above the title as an access point, not as a
    # statement catalogues transcribe (an ISSN, or a run of years still open: "1975-").
    serial = "issn" in found.parts or (found.first("date") or "").endswith("-")
    standing = [] if serial else one_form_each(found.parts.get("name lines", []))
    responsibility = found.first("responsibility") or ", ".join(direct(n) for n in standing)
    # ISBD sets subsequent statements off by " ; ": 200$g ("Gustav Freytag ; von Prof. X"); a
    # heading's dates a display shows ("Émile Zola (1840-1902)") are no transcription's
    statements = [lex.DATES_AFTER.sub("", s) for s in responsibility.split(" ; ")]
    first, *subsequent = statements if responsibility else [""]
    if (shouted := re.match(r"((?:par|by)\s+)?(.+)$", first)) and shouted.group(2).isupper():
        first = (shouted.group(1) or "") + string.capwords(shouted.group(2))  # "par VICTOR HUGO"
    title += [Subfield("f", first)] if first else []
    title += [Subfield("g", v) for v in (subsequent + found.parts.get("more", []))[:4]]
    return DataField("200", "1", " ", title)


def edition_and_imprint(found: Reading, description: str, proper: str) -> list[DataField]:
    """205, and 210 with a serial's later imprints each in its own 210."""
    fields = []
    if edition := found.first("edition"):
        fields.append(DataField("205", " ", " ", [Subfield("a", edition)]))
    # A title page typed in capitals prints its imprint so too ("GALLIMARD"); elsewhere a
    # word in capitals is an acronym ("USGPO", "CCMSA") and stays.
    cased = _lowered if proper.isupper() else str
    # a town's own name for a book in its language, judged without the town's country
    book = languages_of(found, description, None, proper)
    glossed = [own_name(transcribed(p), book) for p in found.parts.get("place", [])[:3]]
    places = [town for place in glossed for town in towns_joined(place)]
    places = [lex.NO_DATE_AFTER.sub("", place) for place in places]
    publication = [Subfield("a", _unnamed(cased(p), _NO_PLACE, "[S.l.]")) for p in places]
    publication += [
        Subfield("c", _unnamed(cased(lex.NO_DATE_AFTER.sub("", v)), _NO_PUBLISHER, "[s.n.]"))
        for v in found.parts.get("publisher", [])[:3]
    ]
    # the date, then a serial's earlier runs its imprint gave ("1952-1999, 2000-"), each a $d
    dates = found.parts.get("date", [])[:1] + found.parts.get("runs", [])[:2]
    publication += [Subfield("d", _unnamed(date, lex.NO_DATE, "[s.d.]")) for date in dates]
    if publication:
        fields.append(DataField("210", " ", " ", publication))
    for imprint in found.parts.get("imprints", []):  # a serial's later imprints, each its 210
        parts = zip("acd", imprint.split(IMPRINT_PARTS), strict=True)
        fields.append(DataField("210", " ", " ", [Subfield(c, cased(v)) for c, v in parts if v]))
    return fields


def extent_series_notes(found: Reading) -> list[DataField]:
    """215, 225 (its number in $v), and the notes: 320 for a bibliography's, else 300."""
    fields = []
    if "extent" not in found.parts and is_format(found.first("size") or ""):
        found.parts["extent"] = found.parts.pop("size")  # "— In-4°" alone: the extent's place
    physical = [Subfield(c, v) for c, k in (("a", "extent"), ("c", "ill"), ("d", "size"))
                if (v := found.first(k))]  # fmt: skip
    if physical:
        fields.append(DataField("215", " ", " ", physical))
    for series in found.parts.get("series", []):
        number = lex.SERIES_NUMBER.search(series)
        name = [Subfield("a", tidy(series[: number.start()] if number else series))]
        fields.append(DataField("225", "2", " ", name + ([Subfield("v", number.group(1))]
                                                         if number else [])))  # fmt: skip
    # a note on the bibliography is 320 ("Bibliogr. p. 50-55", "Notes bibliogr. Index")
    return fields + [
        DataField("320" if _BIBLIOGRAPHY.match(n) else "300", " ", " ", [Subfield("a", n)])
        for n in found.parts.get("note", [])
    ]


def kind_of(found: Reading, description: str) -> str | None:
    """Leader/6-7 from a kind the description states ("Type : Partition"), a general material
    designation ("[Musique imprimée]", "[Image fixe]") or a score's instrumentation in its
    title ("pour chant et piano", "for organ")."""
    if "kind" in found.parts and (kind := lex.KINDS.get(lex.fold(found.first("kind")).split()[0])):
        return kind
    designation = lex.fold(found.first("gmd") or "")
    kind = next((k for cue, k in lex.GMD_KINDS.items() if designation.startswith(cue)), None)
    said = ("title", "subtitle", "responsibility")
    title = " ".join(v for k in said for v in found.parts.get(k, []))
    return kind or ("cm" if lex.SCORED.search(title) else None)


def grantor(found: Reading, description: str) -> list[DataField]:
    """712 for the university that grants a thesis's degree, read among its publishers."""
    if not lex.THESIS.search(description):
        return []
    return [
        DataField("712", "0", "2", [Subfield("a", p), Subfield("4", "295")])
        for p in found.parts.get("publisher", [])
        if re.search(r"\b(?:universit\w*|college|collège|école|school)\b", p, re.I)
    ]
