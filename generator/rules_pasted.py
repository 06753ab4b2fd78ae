"""What a user pastes around a description, set aside before the rules-only reading
(`generator.rules_baseline`): a list's bullet ("* Title, Paris, 1998"), an e-mail's greeting and
signature ("Bonjour, ... Merci d'avance, Claire"), and a spreadsheet's header row above its row
of values, which becomes the labelled lines `generator.rules_labels` reads ("Titre : ...").

Why here and not in each reader: a greeting read as a title ("Bonjour") or a header row read as
one ("Auteur;Titre;Éditeur") is wrong whatever the rest of the description looks like.
"""

from __future__ import annotations

import csv
import itertools
import re

from generator import rules_lexicon as lex
from generator.rules_chatter import without_chatter, without_screen
from generator.rules_headings import SECTION_LETTER, headings
from generator.rules_labels import is_label, label_of
from generator.rules_layout import body_words
from generator.rules_letters import asked, closed, opened
from generator.rules_reading import is_name
from generator.rules_running_text import cited_in_text

_BULLET = re.compile(r"^[ \t]*(?:[*•·▪◦→▸👉★☆✓✔]|[-–—](?=[ \t]))[ \t]+", re.M)
# A reader's annotation under a reference ("→ relire l'introduction", "→ daraus zwei Stücke").
_ARROWED = re.compile(r"^\s*(?:→|⇒|➔|➜|->|=>)")
# Goodreads' and LibraryThing's "Published 1815 by P. J. de Mat": a date and a publisher.
_PUBLISHED_BY = re.compile(r"^(?:First )?[Pp]ublished (?:\w+ (?:\d+\w*,? )?)?(\d{4}) by (.+)$")
# A transcriber's remark on a line of its own: "[Title page]", "[Verso non transcrit]",
# "[transcribed from the electronic version]", "[qualités de l'auteur, non transcrites]".
_REMARK = re.compile(
    r"^\[[^\[\]]*\b(?:title page|page de titre|verso|recto|cover|couverture|transcri\w*|"
    r"back|dos|spine|fiche|recopi\w*|photocopi\w*|ocr)\b[^\[\]]*\]$",
    re.I,
)
# A reading note's or a footnote's cue before the reference: "Lu : ...", "cf. ...", "14. See
# ...", "³⁴ Vgl. ...".
_NOTE_CUE = re.compile(
    r"^(?:[—–]\s)?(?:\d{1,3}\.\s+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*"  # a footnote's number ("14. ", "³⁴ ")
    r"|\d{4}\.\s+(?=[A-ZÀ-ÝЀ-Я][\w'’\-]+,\s)"  # a bibliography's item number: "1837. Zolla, D"
    r"|\[\d{1,3}\]\s*|\(\d{1,3}\)\s+"  # a numbered list's ("[14] ", ISO 690; "(12) ", ACS)
    r"|(?:no|nr|n°)\.?\s?\d{1,4}\.\s+"  # an inventory's "No. 212. "
    # ... or "12 " before an author's name and its comma ("12 Emile Cheysson, La lutte ...",
    # "18 R. de La Sizeranne, Le référendum ...", "23 É. Levasseur, ...")
    r"|\d{1,3}\s+(?=[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3},\s"
    r"|(?-i:(?:[A-ZÀ-ÝЀ-Я]\.[\s\-]?)+(?:(?:de|du|von|van|da|di|del|la|le)\s)*"
    r"[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,\s)))?"
    r"(?:(?:lu|cfr?\.|voir|see|lire|à lire|vgl\.|siehe|véase|vid\.|vedi|si veda|zie|zob\.|"
    r"srov\.|viz|por\.|jfr?\.|vö\.|usp\.|см\.)"  # Czech, Polish, Nordic, Hungarian, Russian
    # ... and what the note says of the reference before its colon ("Cfr. el informe presentado
    # ante el Consejo general: Delebecque, Rapport ...")
    r"\s*:?\s+(?:(?-i:[a-zà-ÿа-џ])[^:\n]{0,150}:\s+)?(?=\S))?",
    re.I,
)
# Two labelled parts on one line set off by a dash or a dot: "Création : 1995 – Éditeur : X".
_LABELS_ON_A_LINE = re.compile(r"\s[–—·]\s(?=[^\W\d][^\W\d ]{2,20}(?: [^\W\d]{2,20})?\s?:\s)")
_CRUMB = re.compile(r"\s[›>]\s")  # not "»", a quote's end
# The page a breadcrumb ends on when it names no item: a record's, a result's, an object's.
_PAGE = re.compile(
    r"(?i)(?:notice(?: détaillée| complète)?|détail(?: de la notice)?|record(?: details)?|item(?: "
    r"details)?|object(?:pagina)?|objekt|résultats?|results?|datensatz(?: anzeigen)?|full record|"
    r"abstract|details?|fiche|ficha|scheda|adatlap|vista completa)"
)
# Google Books shows a summary above its table ("Title ⏎ Author ⏎ Publisher, 1979 - 27 pages",
# then "Bibliographic information" and "Title	...", "Author	..."): the table says it all.
_TABLE_FOLLOWS = re.compile(r"^(?:bibliographic information|informations bibliographiques)$", re.I)
# A bookshop's note of the language a title is in ("Le recrutement ... (French Edition)").
_EDITION_TAG = re.compile(r"\s+\((?:[A-Z][a-z]+ )?Edition\)$")
_NUMBER = re.compile(r"^(?:ISBN|ISSN|EAN)\b", re.I)  # read by the identifiers, no label
# A sale's lot ("Lot n° 187"), or its number alone on the first line ("412"), not a year's
_LOT = re.compile(
    r"^\s*(?:(?:lot|los|lotto)\s*(?:n[°o]\.?\s*)?\d+|(?P<bare>(?!1[4-9]\d\d\b|20\d\d\b)\d{1,5}[.)]?))\s*$",
    re.I,
)
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+\S")  # a list's numbered item: "17. Folleto ..."
# ... not an edition's ordinal ("1. Aufl.", "2. utg.", "1. painos", "5. éd.")
_EDITION_LINE = re.compile(
    r"^\s*\d{1,3}\.\s*(?:aufl|auflage|ausg|éd|ed|edition|édition|utg|uppl|udg|oplag|painos|"
    r"vyd|wyd|izd|изд|kiad|opl|izdanje)\b",
    re.I,
)
_MARKDOWN_RULE = re.compile(r"\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*")
# A display copied on one line, its labelled parts set off by semicolons ("Titlu: X ; Publicare:
# Torun : Y, 1993- ; ISSN: ..."): a cut before each label the labelled reader knows.
_LABEL_AFTER = re.compile(r"\s+;\s+(?=([^\W\d][\w ]{1,24}?)\s?:\s)")


def set_aside(description: str) -> str:
    """`description` without a list's bullets, a reader's notes under its one item, an
    e-mail's greeting, request, closing and signature, or Google Books' summary above its
    table; a one-line display's labelled parts on lines of their own; a header row and its row
    of values as labelled lines."""
    text = one_item(description)
    lines = [line.strip() for line in text.strip().splitlines()]
    if sum(" | " in line for line in lines) == 1:  # one line of bars; a table has two
        lines = [_bars(line) for line in lines]
    lines = _crumbs(without_chatter([line for line in lines if not _REMARK.match(line)]))
    lines = without_screen(lines)  # "Biblioteca Complutense — Catálogo Cisne", its menu
    # "LISTE DES DONS — PÉRIODIQUES", "Bibliografia ⏎ Źródła", and a section's heading under
    # the list's ("Quellen und Literatur ⏎⏎ a) Periodika")
    lines = lines[headings(lines) :]
    while lines and not lines[0]:
        lines = lines[1:]
    if lines and SECTION_LETTER.match(lines[0]):  # "a) Periodika", "A Books", "II. Monographien"
        lines = lines[headings(lines) :]
    table = next((i for i, line in enumerate(lines) if _TABLE_FOLLOWS.match(line)), None)
    if table is not None:
        lines = lines[table + 1 :]
    lines = _continued(_labels_before_values(_labels_above_values(lines)))
    lines = [_EDITION_TAG.sub("", line) for line in lines]
    lines = [part for line in lines for part in _labels_on_a_line(line)]
    if len(lines) == 1 and is_label(lines[0].partition(":")[0]):
        lines = _one_line(lines[0])
    lines = opened(lines)  # "Subject: ...", "Bonjour,"
    lines = [_PUBLISHED_BY.sub(r"Publisher : \2\nDate : \1", line) for line in lines]
    lines = closed(lines)  # "Cordialement, ⏎ Marie"
    filled = [line for line in lines if line]
    if filled:
        filled[0] = asked(_NOTE_CUE.sub("", filled[0]))
        lines = filled
    labelled = any(label_of(line) for line in filled)
    if not labelled and (cited := cited_in_text(" ".join(filled))):
        return cited  # a letter's, a post's or an article's sentence around its reference
    return _as_labels(filled) or "\n".join(lines).strip()


def _labels_on_a_line(line: str) -> list[str]:
    """A line's labelled parts set off by a dash or a dot, each on a line of its own, when every
    part after the first opens on a known label ("Création : 1995 – Éditeur : X"; not "Paris –
    Bruxelles : Meline")."""
    parts = _LABELS_ON_A_LINE.split(line)
    known = all(is_label(part.partition(":")[0]) for part in parts[1:])
    return parts if known else [line]


def _bars(line: str) -> str:
    """A brief display's parts set off by bars without a system's own ("Title / X | Place :
    Publisher, 2001- | Journal | MMS ID 9910..."); a Markdown table's row (opening on a bar)
    and a CSV's row stay as they are."""
    parts = line.split(" | ")
    table = line.lstrip().startswith("|") or line.count(";") >= 3 or "\t" in line
    return line if len(parts) < 4 or table else " | ".join(without_chatter(parts))


def one_item(description: str) -> str:
    """A list's one item, its headings above and a reader's arrowed notes under it ("→
    relire l'introduction") set aside (`item_at`); else `description`; bullets left out. The
    second opinions on the title read this too: a list's heading is never its title, nor its
    bullet part of it."""
    lines = description.strip().splitlines()
    at = item_at(lines)
    if at is not None:
        kept = (line for i, line in enumerate(lines[at:]) if not (i and _ARROWED.match(line)))
        description = "\n".join(kept)
    return _BULLET.sub("", description)


def item_at(lines: list[str]) -> int | None:
    """Where a list's one item starts below its headings ("Corso di ... – Bibliografia d'esame
    ⏎ Letture integrative: ⏎ – J. Flach, Essai ..., Paris, 1915", "BIBLIOGRAFIE ⏎ I. Tratate ⏎
    […] ⏎ 23. Lyon-Caen, ..., Paris, 1924"): the list's first item and its one full reference, a
    line of six words or more with a year, up to five lines down, with no labelled line above;
    a sale catalogue's lot, below its "Lot n° 187". None where there is no such item."""
    lots = [
        i for i, line in enumerate(lines) if (lot := _LOT.match(line)) and not (i and lot["bare"])
    ]
    if len(lots) == 1 and lots[0] + 1 < len(lines):  # a sale's "Lot n° 187" above its item
        return lots[0] + 1
    # a reader's arrowed notes under the item are none; nor an edition's "1. Aufl." line
    items = [
        i
        for i, line in enumerate(lines)
        if (_BULLET.match(line) or _NUMBERED.match(line))
        and not (i and _ARROWED.match(line))
        and not _EDITION_LINE.match(line)
    ]
    if len(items) != 1 or not 0 < items[0] <= 5 or not _reference(lines[items[0]]):
        return None  # a product page's "• Éditeur : ...", a dialogue's turns: several items
    if any(is_label(line.partition(":")[0]) for line in lines[: items[0]]):
        return None
    return items[0]


def _reference(line: str) -> bool:
    """A line that gives a reference whole: six words or more and a year."""
    return len(line.split()) >= 6 and re.search(r"\b(?:1[5-9]|20)\d\d\b", line) is not None


def _crumbs(lines: list[str]) -> list[str]:
    """A page's breadcrumb on the first line ("Dialnet › Revistas › Anuario ...", "Rechercher >
    Résultats > Notice détaillée"): its last part alone, the item's title, unless a line below
    gives that title again or the part names a page ("Notice détaillée", "Object"), then none."""
    crumbs = _CRUMB.split(lines[0]) if lines else []
    if len(crumbs) < 3:
        return lines
    last = crumbs[-1].strip()
    # ... given again: alone, or as a title line goes on ("Les misérables / Victor Hugo")
    again = any(re.fullmatch(rf"{re.escape(last)}(?:\s*[/:;=(\[].*|\.\s—.*)?", line.strip(), re.I)
                for line in lines[1:])  # fmt: skip
    return lines[1:] if again or _PAGE.fullmatch(last) else [last, *lines[1:]]


def _labels_above_values(lines: list[str]) -> list[str]:
    """A web page's table copied as a label's line and its value's line ("Publish Date ⏎
    1910", Open Library, Primo): one "Label : value" line each. Two such pairs at least make a
    table; one label alone is a title ("Titre") or a title page's "par"."""
    above = [
        i
        for i, (line, below) in enumerate(itertools.pairwise(lines))
        if below
        and line.casefold() not in ("par", "by")
        and is_label(line, whole=True)
        and not is_label(below, whole=True)
    ]
    if len(above) < 2:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        if i - 1 in above and out:
            out[-1] = f"{out[-1]} : {line}"
        else:
            out.append(line)
    return out


def _labels_before_values(lines: list[str]) -> list[str]:
    """A page that sets each label before its value with a space alone ("Publication date
    1896", "Publisher Paris : E. Plon", the Internet Archive's): "Label : value" lines, when
    three lines at least open so and the label of several words is known whole."""
    labelled = {}
    for i, line in enumerate(lines):
        head, colon, _ = line.partition(":")
        if colon and is_label(head) and all(w.islower() for w in head.split()[1:]):
            continue  # labelled with a colon already ("Lieu d'édition : Paris")
        if any(mark in line and is_label(line.partition(mark)[0]) for mark in ("\t", " - ")):
            continue  # or with a tab, a dash ("Titre<TAB>...", "Title proper - ...")
        words = line.split()
        for n in (3, 2, 1):
            label, value = " ".join(words[:n]), " ".join(words[n:])
            if (
                value[:1].isalnum()
                and not words[n].endswith(":")  # "Other Authors: X", "Call Number: X"
                and label.casefold() not in ("par", "by")
                and re.fullmatch(r"[^\W\d_][\w ]*", label)
                and is_label(label, whole=True)
            ):
                labelled[i] = f"{label} : {value}"
                break
    if len(labelled) < 3:
        return lines
    return [labelled.get(i, line) for i, line in enumerate(lines)]


def _continued(lines: list[str]) -> list[str]:
    """A display's list of names, bodies or imprints that goes on under its label, a value a
    line ("Citi autori: Alternatives économiques (Paris) ⏎ Centre régional ... (Montpellier)"):
    each such line labelled as the first, in a display of three labelled lines or more."""
    labels = [label_of(line) for line in lines]
    if sum(1 for label in labels if label) < 3:
        return lines
    out: list[str] = []
    above = None
    for line, label in zip(lines, labels, strict=True):
        if label or not line or re.match(r"^[^:]{2,40}:\s", line):  # a label of its own
            above = label
            out.append(line)
            continue
        named = is_name(line) or body_words(line) or lex.CORPORATE.search(line)
        imprint = lex.PUBLICATION_AREA.match(line)
        if above and ((above[1] in ("names", "bodies") and named) or
                      (above[1] == "publisher" and imprint)):  # fmt: skip
            out.append(f"{above[0]} : {line}")
        else:
            above = None
            out.append(line)
    return out


def _one_line(line: str) -> list[str]:
    """A one-line display's labelled parts, each on its line."""
    cuts = [
        m for m in _LABEL_AFTER.finditer(line) if is_label(m.group(1)) or _NUMBER.match(m.group(1))
    ]
    starts = [0, *(m.end() - len(m.group(0).lstrip(" ;")) for m in cuts)]
    ends = [m.start() for m in cuts] + [len(line)]
    return [line[a:b].strip() for a, b in zip(starts, ends, strict=True)]


def _cells(line: str, cut: str) -> list[str]:
    """A table's row cut into its cells as a CSV reader cuts it (a cell in quotes keeps its
    commas: '"Davies, Peter Maxwell"'), each without its spaces and quotes."""
    try:  # a stray quote or carriage return: the cut alone
        cells = (
            line.split(cut)
            if line.count('"') % 2
            else next(csv.reader([line], delimiter=cut), [""])
        )
    except csv.Error:
        cells = line.split(cut)
    return [cell.strip().strip('"') for cell in cells]


def _rows(lines: list[str], cut: str, cells: int) -> list[str]:
    """The rows under a header: the lines cut into as many cells, up to the first that is not."""
    return list(itertools.takewhile(lambda line: len(_cells(line, cut)) == cells, lines))


def _as_labels(lines: list[str]) -> str | None:
    """A header row and a row under it (or up to three, a serial's publishers one after the
    other), cut by tabs, semicolons or a Markdown table's bars into as many cells (at least
    three), as "Header : value" lines; None when the lines hold no such table. A header names
    parts: no digits in it but a year's ("Prix HT 2025"), no cell longer than a label. What
    stands above the header (a list's heading, an order's customer) is set aside; labelled
    lines under the table stay ("Remarque : ...")."""
    # a Markdown table: its rows between bars, the rule under its header dropped
    lines = [line.strip().strip("|") for line in lines if not _MARKDOWN_RULE.fullmatch(line)]
    for top in range(min(len(lines) - 1, 3)):
        for cut in ("\t", ";", "|", ","):
            # a header's "Lieu : éditeur, date" read as one label ("Lieu / éditeur, date")
            head = [re.sub(r"\s?:\s", " / ", cell) for cell in _cells(lines[top], cut)]
            named = all(cell and len(cell) <= 30 and not re.search(r"\d", lex.YEAR.sub("", cell))
                        for cell in head)  # fmt: skip
            # commas, which prose has too, head a CSV when two of its labels are known ones
            named = named and (cut != "," or sum(is_label(cell) for cell in head) >= 2)
            rows = _rows(lines[top + 1 : top + 4], cut, len(head))
            if len(head) < 3 or not named or not rows:
                continue
            after = lines[top + 1 + len(rows) :]
            if top and not all(re.match(r"[^\W\d][^:]{0,30}\s?:\s", line) for line in after):
                continue  # a table below other lines: only labelled lines may follow it
            row, *more = (_cells(line, cut) for line in rows)
            labelled = [f"{h} : {v}" for h, v in zip(head, row, strict=True) if v]
            for later in more:  # a serial's later publisher: only what changed
                labelled += [
                    f"{h} : {v}" for h, v, first in zip(head, later, row, strict=True) if v != first
                ]
            return "\n".join(labelled + after)
    return None
