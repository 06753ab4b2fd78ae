"""A rules-only cataloguer: copiste's own reading of a description into a record, no model.

Evaluation needs an honest floor beside the students (issue 11, "Measurement"): what a few
regular expressions get from what a person types off a title page and its verso. If a trained
student does not beat this, the learning added nothing. It is deliberately cheap: labelled lines
("Titre : ..."), ISBD punctuation (" : ", " / ", " — "), identifiers, years, extents, sizes,
series and "par"/"by" are recognised; everything else falls to the first unclaimed line being
the title. It writes the student view (`validators.roles.student_view`): leader, 100 and the
descriptive fields, so its answers are graded exactly like a student's.

It does not read `generator.describe`'s label tables on purpose: a parser tuned to the renderer
would measure the renderer, not how far rules go on what people type.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from generator import rules_lexicon as lex
from generator import span_tagger
from generator.rules_exports import as_labelled
from generator.rules_fields import (
    country_of_publication,
    edition_and_imprint,
    extent_series_notes,
    grantor,
    kind_of,
    numbers,
    persons,
    title_field,
)
from generator.rules_imprint import (
    identifiers,
    imprint_and_extent,
    publication,
    publication_by_order,
    publisher_above_town,
)
from generator.rules_labels import (
    label_of,
    labelled,
    role_line,
    short_label,
    unknown_field,
)
from generator.rules_languages import languages_of
from generator.rules_layout import body_words, is_body, normalise, split_lines, title_in_capitals
from generator.rules_lines import (
    AT_THE_OFFICES,
    above_the_town,
    bare_date,
    bare_kind,
    before_a_date,
    between_town_and_date,
    catalogue_note,
    goes_on,
    imprint_read,
    is_chrome,
    is_note,
    is_remark,
    listed_before,
    lone_surname,
    names_a_heading,
    quoting_line,
    sentence,
    title_and_statement,
    title_before_publisher,
    words_with_a_date,
)
from generator.rules_marc_views import general_data, marc_view
from generator.rules_names import (
    access_points,
    authors_heading,
    dated_names,
    named_by,
    names_by,
)
from generator.rules_pasted import one_item, set_aside
from generator.rules_physical import physical
from generator.rules_places import is_place
from generator.rules_prose import imprint_said, read_prose, said_of_the_title
from generator.rules_reading import Reading, date_of, is_name, tidy
from generator.rules_titles import title_line
from generator.rules_typing import bounded_blanks, straightened
from generator.title_choice import better_title, weighed
from validators.record import DataField, Record, Subfield
from validators.roles import normal_leader, student_view

# A series a citation quotes after its cue ('coll. « Le sens commun »', 'collection "Folio"').
_QUOTED_SERIES = re.compile(  # as a part of its own, not "Catalogue de la collection « X »"
    r"(?:^|,\s*|\(\s*)\(?(?:coll\.|collection|série|series)\s*[«\"“]\s*(.+?)\s*[»\"”]\)?"
    r"|\(\s*[«“]\s*([^«»“”()]+?)\s*[»”]\s*\)",  # or quoted alone in brackets: "1893 («X»)"
    re.I | re.M,
)
# ... or named in a sentence's words after a comma or a participle ("..., uit de reeks
# Découvrir l'architecture des villes.", "publicada na coleção X"); not a title's own words
# ("Dessins italiens dans la collection Jabach")
_SAID_SERIES = re.compile(
    r"(?P<lead>,\s*|(?i:\b(?:publi\w+|paru\w*|uscit[ao]|erschienen|verschenen|issued)\s+))"
    r"(?i:uit de reeks|in de reeks|(?:from|in) the series|aus der reihe|in der reihe|"
    r"dans la collection|nella collana|en la colecci[oó]n|na cole[cç][aã]o|i serien|w serii)"
    r"\s+(?=[A-ZÀ-Ý])(?P<series>[^.,;()«»\"\n]{3,80}?)(?=[.,;)]|$)",
    re.M,
)


def _read(description: str) -> Reading:
    found = Reading()
    description = normalise(description)
    lines = description.splitlines()
    notes = [n for n in lines if labelled(n, found, only=("note",))]
    # a screen's or a listing's labelled fields, some of them known ("Titel:", "Taal:"), not a
    # card's "Paris : Hachette" and "Tirage : 100 exemplaires", its notes
    display = sum(short_label(line) is not None for line in lines) >= 4 and (
        sum(label_of(line) is not None for line in lines) >= 2
    )
    # A note's standard numbers are other titles' ("continues ... ISSN ..."): read it first.
    text = identifiers("\n".join(line for line in lines if line not in notes), found)
    for designation in lex.GMD.finditer(text):  # "[Texte imprimé]" after a title: 200$b
        typed = designation.group(1)
        found.add("gmd", lex.GMD_FRENCH.get(lex.fold(typed), typed))
    text = lex.GMD.sub("", text)
    for series in _QUOTED_SERIES.finditer(text):  # 'coll. « Le sens commun »': no title
        found.add("series", series.group(1) or series.group(2))
    text = _QUOTED_SERIES.sub("", text)
    for series in _SAID_SERIES.finditer(text):
        found.add("series", series.group("series"))
    text = _SAID_SERIES.sub(lambda said: said["lead"] if "," in said["lead"] else "", text)
    imprint_said(text, found)  # a long sentence's "pubblicata a Parigi da Alcan nel 1911"
    text = read_prose(text, found)
    text = AT_THE_OFFICES.sub(r"\1\2", text)
    first_line = quoting_line(text)
    prose = re.search(r"«\s*(.+?)\s*»|\"(.+?)\"", first_line)
    if prose and listed_before(first_line[: prose.start()]):
        prose = None  # a journal quoted among a list's parts ('..., Paris, "le Génie civil"')
    if prose:
        title, _, subtitle = (prose.group(1) or prose.group(2)).partition(" ; ")
        found.add("title", title)
        if not lex.PART_NUMBER.match(subtitle):  # "; 8 ; Epoque...": a part, no $e
            found.add("subtitle", subtitle)
        start, end = (text.index(first_line) + at for at in prose.span())
        text = text[:start] + "« »" + text[end:]  # its own dates are no imprint's ("1813-14")
        said_of_the_title(text, found)  # "« T » de X", "« T », chez Lemoine à Paris"
    rest: list[str] = []
    where: list[int] = []  # each line of `rest`'s place among the description's lines
    lines = split_lines(text)
    # Above a title in capitals stand its authors, bodies included ("... Association").
    top = (title_in_capitals(lines) or 0) if "title" not in found.parts else 0
    imprinted = False
    for j, line in enumerate(lines):
        if heading := lex.HEADING.match(line):
            found.add("kind", heading.group(1) or "")
            line = line[heading.end() :]
        if not line or labelled(line, found) or role_line(line, found):
            continue
        if (edition := lex.EDITION.search(line)) and "edition" not in found.parts:
            # the edition out of its line, the rest read on ("4e éd. rev.. 1 vol. (524 p.)")
            found.add("edition", edition.group(1))
            before, after = line[: edition.start(1)], line[edition.end(1) :]
            line = (before + after).strip(" .,;:—-")
            labelled_alone = re.fullmatch(r"[^\W\d_][\w .'’-]{0,30}[:：]\s*", before)
            if not line or (labelled_alone and not after.strip(" .,;:—-")):
                continue  # "Painos: 5., vermehrte Aufl.": its label, unknown, goes with it
        if series := lex.SERIES.match(line):
            found.add("series", series.group(1) or series.group(2))
        elif "title" not in found.parts and not rest and is_body(line, text, lines[j + 1 :]):
            rest.append(line)  # a body above the title, its publisher too ("Central Bank of X")
            where.append(j)
        elif (
            j >= top
            and not (j == 0 and authors_heading(line))
            and (
                imprint_and_extent(line, found)
                or physical(line, found)
                or (not imprint_read(found, line) and publication(line, found))
            )
        ):
            imprinted = bool(rest)  # the areas after the imprint and extent are notes
        elif imprinted and (numbered := re.fullmatch(r"(.+?)\s*;\s*(\d+)\.?", line)):
            found.add("series", f"{numbered.group(1)} ; {numbered.group(2)}")  # "Anticorpi ; 43"
        elif imprinted and is_note(line):
            # a letter's or a chat's sentence, a screen's links, a display's field no part of
            # the record holds (a holding's location is a label the reader skips); a copy's or a
            # reader's line in no catalogue's words nor place ("Spine rubbed", "Da leggere ...")
            noise = is_remark(line) or is_chrome(line) or (display and unknown_field(line))
            if not noise and catalogue_note(line, text):
                found.add("note", line)
        else:
            rest.append(line)
            where.append(j)
    title_at: int | None = None
    capitals = title_in_capitals(rest) if "title" not in found.parts else None
    # A line that is a date alone before a date in a line of words ("... en Annam (1840-41)")
    if bare := next((d for d in rest if bare_date(d)), None):
        found.add("date", date_of(bare) or bare, clean=False)
    # A line that sets a title and its statement off by " / " ("Traité du 8 juillet 1833 /
    # Comte Alexis Orloff") holds the title, not a heading above it no reader claimed (a card's
    # "Служебный каталог", a shelf list's "Box 14"), unless it goes on from the line above as a
    # volume or the title's own words ("Tome premier / par M. A. Thiers", "étude historique /
    # René Stourm").
    slashed = (
        None
        if "title" in found.parts
        else next(
            (
                i
                for i, line in enumerate(rest)
                if i and title_and_statement(line) and not goes_on(line)
            ),
            None,
        )
    )
    for i, line in enumerate(rest):
        if i == slashed:
            title_line(line, found)
            found.title_by_position, title_at = True, i
            continue
        if "date" not in found.parts and not lex.INVERTED.match(line) and (date := date_of(line)):
            found.add("date", date, clean=False)  # not a name's dates ("Marcy, Paul (1801-1870)")
        by = lex.BY.search(line)
        stated = by and (by.start() == 0 or ("title" in found.parts and not prose))
        if stated and named_by(by.group(1), by.group(2)) is not None:  # "par X", "par VICTOR X"
            # The first statement is 200$f, the next ones ("traduit par X") 200$g.
            more = "responsibility" in found.parts and by.start() == 0
            found.add("more" if more else "responsibility", line)
            names_by(line, found)
        elif (
            "title" not in found.parts and i + 1 < len(rest) and (authors := authors_heading(line))
        ):
            for name in authors:  # a citation's authors before its title
                found.add_standing_name(name)
        elif i == 0 and len(rest) > 1 and lone_surname(line, rest[1], text):
            found.add("responsibility", line)  # "Pinot, Les oeuvres sociales ..., A. Colin"
        elif "title" in found.parts and between_town_and_date(lines, where[i]):
            found.add("publisher", line)
        elif (
            is_name(named := re.sub(r",?\s*\.{2,}$|,$", "", line.split(" / ")[0]))
            and ("title" in found.parts or i + 1 < len(rest))
            and not title_before_publisher(lines, where[i], found)
            and not above_the_town(lines, where[i], found)
        ):  # "Charles Lesage,...": a name with its omission mark
            found.add_standing_name(named)
            if title_at is not None and "responsibility" not in found.parts:
                found.add("responsibility", line.split(" / ")[0])  # the name under the title
        elif capitals is not None and i < capitals:
            found.add_standing_name(string.capwords(line) if line.isupper() else line)
            if body_words(line):
                found.add("bodies", line)
        elif is_body(line, text, rest[i + 1 :]):
            found.add_standing_name(line)
        elif (genre := lex.GENRE.match(line)) and "title" not in found.parts and bare_kind(line):
            found.add("kind", genre.group(0))
        elif (
            title_at is not None
            and names_a_heading(line, found)
            and where[i] - where[title_at] in (1, 2)
        ):  # "Comte Alexis Orloff", "[discours de] M. Emile Boutmy,..." under the title
            found.add("responsibility", line)
        elif (
            "title" not in found.parts
            and slashed is None
            and not re.match(r"^©", line)
            and not bare_date(line)
        ):
            title_line(line, found)
            found.title_by_position = True
            title_at = i
        elif (
            title_at is not None
            and where[i] == where[title_at] + 1  # the line under the title's
            and "subtitle" not in found.parts
            and (not lex.YEAR.search(line) or words_with_a_date(line))
            and not re.match(r"^[(\[\"«]", line)  # a series, a note in brackets or quotes
            and not is_place(line)
            and not (line.isupper() and " " not in line)  # an acronym: a body ("USGPO")
            and line not in found.parts.get("name lines", [])  # the author above, again
            and tidy(line) != found.first("title")  # the title again: its publisher's name
            and not before_a_date(line, lines[where[i] + 1 : where[i] + 2])
            and not (is_name(line) and above_the_town(lines, where[i], found))
        ):
            found.add("subtitle", line)
    if "date" not in found.parts and (date := date_of(text)):
        found.add("date", date, clean=False)
    if "place" not in found.parts or "publisher" not in found.parts:
        publication_by_order(text, found)
        publisher_above_town(text, found)
    if "publisher" in found.parts:  # a sentence the readers took for the publisher's name
        found.parts["publisher"] = [p for p in found.parts["publisher"] if not sentence(p)]
        if not found.parts["publisher"]:
            del found.parts["publisher"]
    found.forget_names(found.parts.get("publisher", []) + found.parts.get("place", []))
    for name in dated_names(text, found):  # "Nouvelles d'Albert Sorel (1842-1906)": anywhere
        found.add("dated names", name)
    return found


def _prepared(description: str) -> str:
    # a card's lines and typesetters' quotes set straight; a BibTeX entry, an RIS record: labels
    return as_labelled(set_aside(straightened(description)))


def reading(description: str) -> Reading:
    """The parts the rules find in a description that is no MARC display."""
    return _read(_prepared(description))


def catalogue_by_rules(
    description: str, second_opinion: bool = True, tagger: Path | None = span_tagger.MODEL
) -> Record:
    """The student view of a record for `description`, read by rules alone (see the module),
    a title found by position alone weighed against the description's spans (`title_choice`)
    and the `tagger`'s title where it is sure of it, the parts no rule read filled by the
    `tagger` (`span_tagger`; None: rules alone)."""
    description = bounded_blanks(description)
    if (displayed := marc_view(description)) is not None:  # a record already: "200 1# $a..."
        return student_view(displayed)
    given, description = description, _prepared(description)
    found = _read(description)
    given = one_item(given)  # the second opinions read it as given, but for a list's headings
    chosen = second_opinion and better_title(given, found)  # a title only by position, weighed
    if tagger is not None:  # after the title's second opinion, which was fitted without it
        spans = span_tagger.tagged(given, tagger)
        if second_opinion and weighed(found):
            chosen = span_tagger.sure_title(found, spans) or chosen
        span_tagger.fill_gaps(found, spans)
    fields = numbers(found)
    year = lex.YEAR.search(found.first("date") or "")
    fields.append(general_data(year.group(1) if year else ""))
    country = country_of_publication(found)
    proper = chosen or found.first("title") or tidy(description)[:80]
    spoken = [Subfield("a", code) for code in languages_of(found, description, country, proper)]
    fields.append(DataField("101", "0", " ", spoken))
    if country:
        fields.append(DataField("102", " ", " ", [Subfield("a", country)]))
    names = persons(found, description, proper)
    fields.append(title_field(found, description, proper))
    fields += edition_and_imprint(found, description, proper)
    fields += extent_series_notes(found)
    others = {n: k.split("\x1f")[1] for k, v in found.parts.items() if "\x1f" in k for n in v}
    kind = kind_of(found, description)
    bodies, role = set(found.parts.get("bodies", [])), lex.KIND_ROLES.get(kind or "", "070")
    said = set(found.parts.get("said bodies", []))
    fields += access_points([n for n in names if n not in others], others, bodies, role, said)
    fields += grantor(found, description)
    leader = normal_leader(f"     n{kind or 'am'}0")
    return student_view(Record(leader, sorted(fields, key=lambda f: f.tag)))


def rules_draft(description: str) -> str:
    """What the rules read in a description, as MarcEdit lines (the student view: leader, 100
    and the descriptive fields): the draft a student (`distill.prompting`) and a teacher's
    answer prompt (`prompts/unimarc/answer.mrk.*`) start from.

    A model that sees it starts from the identifiers, dates, extents and labelled parts rules
    find reliably, and corrects and completes them: on 2 CPU cores a student affords a few
    hundred training examples, too few to learn reading ISBD punctuation from scratch, and the
    embedded 135M teacher wrote invented titles and names without it. The leader and 100 are
    the rules' guesses (a printed monograph; the year as a single date), kept because a
    student without them wrote an ISBN's digits as 100's dates and music codes in the leader.
    """
    return catalogue_by_rules(description).to_mrk().strip()
