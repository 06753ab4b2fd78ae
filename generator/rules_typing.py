"""How a description was typed, set straight before any reader of the rules-only reading sees
it: a catalogue card typed or OCR'd (its paragraphs indented and their lines running on flush,
words broken at a line's end "Pi-⏎geonneau", "--" for ISBD's dash, OCR's "l" for "1" inside a
year "1834-l892"), an old bibliography's or a dealer's heading ("HUGO (Victor).", "Cheysson
E.") as a catalogue's, and typesetters' quotes ("„Titel“", "“Title”") as a keyboard's.

Why before the others: the exports' and citations' patterns and the pasted context's cues
(`generator.rules_exports`, `generator.rules_pasted`) read the lines and quotes as typed; a
card's lines read one by one would each be a part of its own.
"""

from __future__ import annotations

import re

from generator import rules_lexicon as lex
from generator.rules_places import is_place
from generator.rules_reading import is_name, surname_cased

_INDENTED = re.compile(r"^(?: {2,}|\t)\S")
# A transcription's line numbers ("[1] Handbuch ⏎ [2] des schweizerischen ..."), three at least.
_LINE_NUMBER = re.compile(r"^[ \t]*\[\d{1,2}\][ \t]+", re.M)
# A title page's line that goes on the one above: a link word, then a word in small letters
# ("Handbuch ⏎ des schweizerischen Bundesstaatsrechtes"); not "de Victor Hugo", a statement.
_GOES_ON = re.compile(
    r"^(?:(?:des|de|du|der|die|das|den|of|the|and|et|und|di|del|della|dei|degli|la|le|les|"
    r"pour|sur|zur|zum|für|en|à|au|aux|in|on|for|y|e)\s|d['’])(?:(?:la|le|les|l['’]|the)\s?)?"
    r"[a-zà-ÿа-џ]"
)


def bounded_blanks(text: str) -> str:
    """`text` with each run of blanks on a line (spaces of any width, tabs) cut to eighty: the
    longest a description of the corpus or of styles_dev holds is under seventy (a table's
    column), and the readers' patterns slow on long runs (a line of 20,000 spaces took four
    minutes)."""
    return re.sub(r"[^\S\n]{81,}", lambda run: run[0][:80], text)


def plain_line_ends(text: str) -> str:
    """`text` with other systems' line ends (Windows' CRLF, old Macs' CR) made "\n": the
    learned readers count lines and offsets, which a "\r" left in would move."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def straightened(description: str) -> str:
    """`description` with straight quotes and, when it is a card, each of its paragraphs on one
    line: a card has two paragraphs at least, indented, and lines after the first flush that
    go on the one above."""
    description = re.sub(r"[„“]([^„“”\n]{2,300})[“”]", r'"\1"', description)
    # wikitext's italics and bold ("''Norriges ... Bescriffuelse''"): a quoted title
    description = re.sub(r"(?<!')'{2,3}([^'\n][^\n]{0,300}?)'{2,3}(?!')", r'"\1"', description)
    # Markdown's emphasis ("*Les Annales de droit*", "**Title**"), not a bullet's "* item"
    description = re.sub(r"(?<![\w*])\*{1,2}(?=[^\s*])([^*\n]{1,300}?)(?<=\S)\*{1,2}(?![\w*])",
                         r"\1", description)  # fmt: skip
    # a rule drawn with box characters between a form's parts: no line of its own
    description = re.sub(r"(?m)^[ \t]*[─━]{3,}[ \t]*\n", "", description)
    # "no date" in other lists' words ("n.d.", "o.J.", "u.å.") as ISBD writes it, where an
    # imprint's readers look for a date: "London: Penguin, n.d." -> "..., [s.d.]"
    description = re.sub(rf"(?<=[,\s]){lex.NO_DATE_WORDS}\.(?!\w)", "[s.d.]", description)
    description = _title_lines_joined(_headings(_ocr(description)))
    lines = description.splitlines()
    indented = [i for i, line in enumerate(lines) if _INDENTED.match(line)]
    flush = [i for i, line in enumerate(lines) if i and line.strip() and i not in indented]
    if len(indented) < 2 or not flush or not all(i > indented[0] for i in flush):
        return description
    joined: list[str] = []
    for i, line in enumerate(lines):
        if i in flush and joined:
            joined[-1] = _run_on(joined[-1], line.strip())
        else:
            joined.append(line.strip() if i in indented else line)
    return "\n".join(joined)


def _title_lines_joined(description: str) -> str:
    """A title page transcribed line by line, without its line numbers, its title's words run
    on where a line goes on the one above (`_GOES_ON`): short lines, the one above opening on a
    capital, no stop between, no town above."""
    if len(_LINE_NUMBER.findall(description)) >= 3:
        description = _LINE_NUMBER.sub("", description)
    joined: list[str] = []
    for line in description.splitlines():
        above = joined[-1].strip() if joined else ""
        if (
            _GOES_ON.match(line.strip())
            and above[:1].isupper()
            and not re.search(r"[.:;,!?)\]]$", above)
            and len(above.split()) <= 8
            and len(line.split()) <= 10
            and not is_place(above)
        ):
            joined[-1] = f"{above} {line.strip()}"
        else:
            joined.append(line)
    return "\n".join(joined)


def _headings(description: str) -> str:
    """An old bibliography's, a card's or a dealer's heading as a catalogue writes it: "HUGO
    (Victor)." -> "Hugo, Victor.", "Cheysson E." -> "Cheysson, E.", "[Eckardt, Julius von.]" ->
    "Eckardt, Julius von."."""
    description = re.sub(
        r"(?m)^([A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ'’\-]+(?:[ -][A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ'’\-]+)?)"
        r" ((?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3})$",
        r"\1, \2",
        description,
    )
    # an author the bibliographer supplied, in brackets: "[Eckardt, Julius von.] Aus der ..."
    description = re.sub(
        r"(?im)^((?:(?:no|nr|n°)\.?\s?\d{1,4}\.\s+)?)"  # after an inventory's number
        r"\[((?-i:[A-ZÀ-ÝЀ-Я])[\w'’\-]+, (?-i:[A-ZÀ-ÝЀ-Я])[\w'’\-. ]{1,40}?)\.?\]"
        r"\s+(?=(?-i:[A-ZÀ-ÝЀ-Я]))",
        r"\1\2. ",
        description,
    )
    description = re.sub(
        r"(?m)^(?P<label>(?:[—–]\s)?\d{1,4}\.\s+|[^\W\d][^:\n]{1,30}\s?:\s*)?(?P<surname>[A-ZÀ-ÝЀ-Я][\w'’\-]+)"
        r"\s\((?P<forename>[A-ZÀ-ÝЀ-Я][\w'’\-. ]*?)\)(?:\s\[(?P<dates>\d{4}[\d\-?. ]{0,10})\])?"
        r"(?=[.,]|$|\s\d{4}-|\s[—–]\s)",
        _heading_turned,
        description,
    )
    # a bibliography's entry number before its heading, set off by a dash ("412 — FLACH,
    # Jacques — Title"), or by spaces before a surname in capitals ("32 LEROY-BEAULIEU, Paul")
    description = re.sub(
        r"(?m)^(?!(?:1[5-9]|20)\d\d\s)\d{1,5}(?:\s[—–]\s"  # not a year ("1862 — Hugo, Victor")
        r"(?=[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,\s[A-ZÀ-ÝЀ-Я])"
        r"|[.)]?\s+(?=[A-ZÀ-ÝЀ-Я][A-ZÀ-ÝЀ-Я'’\-]+(?:\s[A-ZÀ-ÝЀ-Я'’\-]+)?,\s[A-ZÀ-ÝЀ-Я]))",
        "",
        description,
    )
    # a heading set off from its title by a dash without a stop (Portugal's NP 405 "HELFFERICH,
    # Karl – Title", a list's "Pinot (Robert) — Title"): ISBD's ". — ", which the readers know
    return re.sub(
        r"(?m)^([A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,"
        r"\s[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?)\s([—–])\s"
        # or a number opening the title: "4 Instrumental motets"
        r"(?=[A-ZÀ-ÝЀ-Я«\"]|\d+\s[A-ZÀ-ÝЀ-Я])",
        _dashed_heading,
        description,
    )


def _dashed_heading(heading: re.Match) -> str:
    """ "HELFFERICH, Karl – " -> "Helfferich, Karl. — "; not a title's towns ("Rome, Naples –
    Souvenirs de voyage")."""
    surname, _, forename = heading.group(1).partition(", ")
    cased = surname_cased(surname)
    if not is_name(f"{forename} {cased}") or (is_place(surname) and is_place(forename)):
        return heading.group(0)
    return f"{cased}, {forename}. — "


def _heading_turned(heading: re.Match) -> str:
    """ "HUGO (Victor)" -> "Hugo, Victor"; an initial's stop not doubled ("CHEYSSON (E.).");
    a card's dates after it set off by a comma ("Pigeonneau (Henri) 1834-1892.", "ZOLLA (Daniel)
    [1859-1927].")."""
    surname, forename = heading.group("surname"), heading.group("forename")
    ends = heading.string[heading.end() : heading.end() + 1]
    forename = forename.rstrip(".") if forename.endswith(".") and ends == "." else forename
    dated = "," if re.match(r"\s\d", heading.string[heading.end() :]) else ""  # not " — Title"
    label = heading.group("label") or ""  # a display's "Auteur : ARNAUNÉ (Auguste)"
    if dates := heading.group("dates"):  # a bibliography's "ZOLLA (Daniel) [1859-1927]."
        dated = f", {dates}"
    return f"{label}{surname_cased(surname)}, {forename}{dated}"


def _run_on(line: str, more: str) -> str:
    """A line and the next of its paragraph, a word broken at the end joined again ("Pi-" and
    "geonneau"; "Leroy-" and "Beaulieu" keep their hyphen)."""
    if re.search(r"[^\W\d_]-$", line) and more[:1].islower():
        return line[:-1] + more
    return line + ("" if line.endswith("-") else " ") + more


def _ocr(text: str) -> str:
    """OCR's "l" for "1" inside a number ("1834-l892") and "0" for "O" inside a name
    ("GLASS0N"), a word broken at a line's end, and a typewriter's "--" or an en dash for ISBD's
    dash."""
    text = re.sub(r"(?<![^\W\d_])l(?=\d{3}\b)|(?<=\d)l(?=\d)", "1", text)
    text = re.sub(r"(?<=[A-ZÀ-ÝЀ-Я])0(?=[A-ZÀ-ÝЀ-Я])", "O", text)  # OCR's "GLASS0N"
    # a word broken at a line's end, both halves in small letters: "insti-⏎tutions"
    text = re.sub(r"(?<=[a-zà-ÿа-џ])-\n(?=[a-zà-ÿа-џ])", "", text)
    text = re.sub(r"(?<=\S)\.?\s+--\s+(?=\S)", ". — ", text)
    # a serial's date still open set with an en dash ("1995– . – ISSN"): a hyphen's
    text = re.sub(r"(?<=\b\d{4})–(?=\s*[.,;)]|\s*$)", "-", text, flags=re.M)
    # NP 405's, DIN 1505's, GOST's ". – ", and after a serial's open date ("1964- . – ISSN")
    return re.sub(r"(?<=\S)(?:\.|(?<=\d-) \.)\s+–\s+", ". — ", text)
