"""How a description is laid out, for the rules-only reading (`generator.rules_baseline`): its
lines once ISBD's areas, lists of parts and a reference's sentences are set apart, the line a title
page prints in capitals, and the bodies that stand above a title.
"""

from __future__ import annotations

import difflib
import re
import string

from generator import rules_geography as geo
from generator import rules_label_words as words
from generator import rules_lexicon as lex
from generator.rules_places import STATE, is_place
from generator.rules_reading import date_of, is_name


def normalise(description: str) -> str:
    """A description's typing set straight before it is read: a web page's invisible marks
    (a bookseller's "Éditeur ‏ : ‎ Gallimard"), runs of spaces ("Central  Bank"),
    a line broken after a comma and going on in small letters ("Lois,⏎décrets"), "par" alone on
    a title page's line joined to the name under it."""
    description = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", description)  # a web page's marks
    # a blob of a thousand characters or more without a space (a pasted image's base64, a run
    # of digits; a COinS span's OpenURL, some 500, is read) is no word of a description, and
    # the readers' patterns slow on it (20,000 digits after an imprint took 76 s)
    description = re.sub(r"\S{1000,}", " ", description)
    description = re.sub(r"[ \u00a0\u202f]{2,}|[\u00a0\u202f]", " ", description)
    # a display's "Recurso eletrônico" under its title; a first line is the title ("Sound
    # recording", John M. Eargle's book)
    first, newline, rest = description.lstrip().partition("\n")
    description = first + newline + lex.GMD_ALONE.sub(r"[\1]", rest)
    description = re.sub(r",[ \t]*\n[ \t]*(?=[a-zà-ÿа-џ])", ", ", description)
    # a heading broken after its surname's comma ("Cordier, ⏎ Henri (1849-1925)")
    description = re.sub(
        r"(?m)((?:^|\s)[A-ZÀ-ÝЀ-Я][\w'’\-]+),[ \t]*\n[ \t]*(?=[A-ZÀ-ÝЀ-Я][\w'’\-.]*\s*(?:\(|;|$))",
        r"\1, ",
        description,
    )
    # ... and a reference's heading so broken, its title after it ("BURIAN, ⏎ Peter. Lieder")
    description = re.sub(
        r"(?m)^([A-ZÀ-ÝЀ-Я][\w'’\-]+),[ \t]*\n[ \t]*(?=[A-ZÀ-ÝЀ-Я][\w'’\-]*\.\s+[A-ZÀ-ÝЀ-Я])",
        r"\1, ",
        description,
    )
    description = re.sub(r"(?im)^[ \t]*(par|by)[ \t]*\n[ \t]*", r"\1 ", description)
    description = _spoken(description)
    description = re.sub(r"\[\s*([^\[\]\d]{8,32}?)\s*\]", _designation, description)
    description = re.sub(r"(?<=\d{4})–", "-", description)  # "1975–": a serial still going
    description = re.sub(r"(?<=\d{4})\s?ff\.", "-", description)  # German's "1970 ff."
    description = re.sub(r"(?<=\d{4}-) \.(?=\s)", ".", description)  # ABNT's "2006- . "
    description = re.sub(r"(?<=\b\d{4})\+", "-", description)  # a union list's "1976+"
    # the count after its unit, as old English catalogues and Italian dealers set it
    description = re.sub(
        r"(?<![\d\]] )\bpp\.\s+((?:[ivxlc]+,\s)?\d+)(?![\d-])", r"\1 p.", description
    )  # not "207 pp. 22 cm"
    description = re.sub(r"<(\d[^<>]*)>", r"(\1)", description)  # SBN's "Eco, Umberto <1932->"
    # the other towns an imprint leaves out: "Sarasota, Fla., etc. 1926-"
    return re.sub(r"(?<=\.),\s*\[?etc\.\]?(?=\s+\[?\d{4})", "", description)


def _designation(bracketed: re.Match) -> str:
    """A general material designation typed with a slip ("[Musique ipmrimée]", "[Imgae
    fixe]") as cataloguers write it; any other bracketed words as they are ("[Paris]")."""
    typed = bracketed.group(1)
    close = difflib.get_close_matches(typed.casefold(), _GMD_FOLDED, n=1, cutoff=0.85)
    return f"[{_GMD_FOLDED[close[0]]}]" if close else bracketed.group(0)


_GMD_FOLDED = {term.casefold(): term for term in lex.GMD_TERMS}


def sentences(line: str) -> list[str]:
    """A reference typed on one line ("Marcy, Paul. Les moulins de Brenne. Tours : Impr.
    Morel, 1861. 96 p.", "Title, by X. Lyon, Y, 2021. 312 p.") cut into its sentences when one
    after the first is an imprint or an extent; otherwise the line stays whole, as a title may
    hold a full stop ("Cours de finances. Le budget"). An imprint in parentheses ("(Lyon: Y,
    2021)") is a sentence of its own."""
    listed = any(len(line.split(mark)) >= 4 for mark in (" / ", " - ", " | "))
    bare = re.sub(r"\([^()]*\)", "", line)  # a note's quotes in brackets: "(Extr. des « X ».)"
    if listed or any(mark in bare for mark in ("«", '"')):  # a list of parts, prose
        return [line]
    line = re.sub(r"\s*\(([^()]{3,80}:[^()]{3,80}\d{4})\)[.,]?", r". \1. ", line).strip()
    parts = [p for p in re.split(r"(?:(?<=[\w)\]])|(?<=\d-))\.\s+", line) if p.strip()]
    merged: list[str] = []
    for part in parts:  # "Impr. Morel", "M. Paul Marcy": an abbreviation ends no sentence
        last = merged[-1].split()[-1] if merged and merged[-1].split() else ""
        # an initial, a word in small letters ("éd", "vol") or a known abbreviation; not a
        # short surname ("edited by Peter H. Lee. New York : ...")
        initials = re.fullmatch(r"(?:[A-ZÀ-ÝЀ-Я]\.-?)*[A-ZÀ-ÝЀ-Я]", last)  # "H", "G.F"
        # a number ends one before a capital ("pp. 235. Paris, Guillaumin et Cie, 1852."), not
        # an ordinal's ("8. édition", "2. Aufl.")
        lowered = not last[:1].isupper() and (last[:1].isalpha() or part[:1].islower())
        short = len(last) < 4 and (initials or lowered or last in _TITLES)
        abbreviation = bool(merged) and (short or lex.fold(last) in lex.ABBREVIATED)
        # not a name's particle at a heading's end: "Eckardt, Julius von. Aus der ..."
        abbreviation = abbreviation and not (lex.PARTICLE.match(last) and is_name(merged[-1]))
        # "591 p. (Les Rougon-Macquart ; 13)": the series; "1 vol. (12 p.)" one extent
        series = re.match(r"\((?![IVXLC]+[\s,-]|\d)[^\W\d_]", part) is not None
        series = series and ":" not in (merged or [""])[-1]  # after an extent, not an imprint
        if abbreviation and not series:
            merged[-1] += ". " + part
        else:
            if abbreviation:  # before a series: the extent keeps its full stop ("591 p.")
                merged[-1] += "."
            merged.append(part)
    for i in range(len(merged) - 1, 0, -1):  # "Les misérables. T. 1 / X": one title
        if lex.PART.match(merged[i]):
            merged[i - 1 : i + 1] = [f"{merged[i - 1]}. {merged[i]}"]
    closing = [p for p in merged[1:] if lex.PAGES.search(p) or lex.UNITS.search(p)
               or ((date_of(p) or ":" in p) and is_place(re.split(r"[:,]", p)[0]))]  # fmt: skip
    # a reference closing on its publisher and date, with no town ("X. Title. Sage, 1974-")
    publisher, _, date = (merged or [""])[-1].rstrip(" .").rpartition(", ")
    dated = lex.PUBLICATION_DATE.fullmatch(date) and (not publisher or publisher[:1].isupper())
    # ... after an author's heading only ("Annuaire. Statistique de la France. INSEE, 1950" is
    # a title's two sentences and its publisher)
    dated = dated and bool(merged) and (is_name(merged[0]) or lex.CORPORATE.search(merged[0]))
    state = len(merged) > 2 and lex.fold(merged[0]) in geo.state_names()
    if state and lex.CORPORATE.search(merged[1]):  # not "Suisse. Paris : Hachette, 1990"
        merged[:2] = [f"{merged[0]}. {merged[1]}"]  # a state's unit: "Etats-Unis. Department X"
    if closing or (len(merged) > 2 and dated):
        return merged
    # A card's heading before its title ("Zola, Émile, 1840-1902. Germinal / Émile Zola"):
    # the heading is a line of its own, the title's full stops stay ("Cours de finances. Le ...").
    if len(merged) < 2 or not (lex.INVERTED.match(merged[0]) and is_name(merged[0])):
        return [line]
    after = line[len(merged[0]) :].lstrip(". ")
    if is_place(merged[0]) or after.startswith(":"):  # "Newbury Park, Calif. : Sage"
        return [line]
    if lex.ROLE_AFTER_NAME.search(line):  # a display's name and role: "X, Y. Directeur de thèse"
        return [line]
    return [merged[0], after]


# Capitalised abbreviations of three letters or fewer that end no sentence: titles, forenames
# ("par Aug. Arnauné"), firms.
_TITLES = {"Dr", "Mr", "Mrs", "Mme", "Mgr", "St", "Ste", "Cie", "Co", "Bd", "Ed", "Jr", "Sr",
           "Ch", "Th", "Ph", "Fr", "Vol", "Abb", "Ms", "Gr", "Aug", "Wm", "Geo", "Jos", "Ant",
           "Edm", "Jul", "Chr", "Fréd", "Ern", "Em", "Alb", "Alf", "Léo", "Hy", "Éd", "Eds",
           "Éds"}  # fmt: skip


def _spoken(description: str) -> str:
    """An old title page typed all in capitals ("GERMINAL par ÉMILE ZOLA ⏎ PARIS ⏎ G.
    CHARPENTIER ET Cie, ÉDITEURS ⏎ 1885"): the first line that names no one stays in capitals,
    joined with the lines its title goes on over (the title `title_in_capitals` looks for);
    the others in the case a catalogue writes names and places in; elsewhere the description
    as it is. The verso after the page ("---", "Verso :") is left as typed."""
    every = description.splitlines()
    end = next((i for i, line in enumerate(every) if _VERSO.match(line)), len(every))
    lines, verso = every[:end], every[end:]
    letters = [c for c in "".join(lines) if c.isalpha()]
    worded = [line for line in lines if re.search(r"[^\W\d_]{2}", line)]
    if len(worded) < 3 or sum(c.isupper() for c in letters) < 0.85 * len(letters):
        return description
    # the title is the first line that names no one ("ÉMILE ZOLA ⏎ GERMINAL")
    named = [w.isupper() and is_name(string.capwords(w)) for w in worded]
    named = [  # a title's first line whose next goes on with a link word names no one
        n and not (i + 1 < len(worded) and _LINKED.match(worded[i + 1]))
        for i, n in enumerate(named)
    ]
    title = next((w for w, n in zip(worded, named, strict=True) if not n), "")
    first = lines.index(title or worded[0])
    # a title set over several lines ("LE DÉFILÉ ⏎ DU BAS-DANUBE ⏎ DEPUIS BAZIAS ..."): its
    # next lines open on a link word, or the line before ends on one ("SUR ⏎ LA COLONISATION")
    last = first
    while (
        last + 1 < len(lines)
        and lines[last + 1].isupper()
        and (_LINKED.match(lines[last + 1]) or _LINKED.fullmatch(lines[last].split()[-1]))
    ):
        last += 1
    head = " ".join(line.strip() for line in lines[first : last + 1])
    cased = [re.sub(r"[^\W\d_][\w'’]*", _word_case, line) for line in lines]
    return "\n".join([*cased[:first], head, *cased[last + 1 :], *verso])


_VERSO = re.compile(r"^\s*(?:-{3,}|(?:au |le )?verso\b|back\b|dos\b)", re.I)


_LINKED = re.compile(
    r"(?:DU|DE|DES|D['’]|SUR|DEPUIS|À|AU|AUX|ET|POUR|AVEC|EN|DANS|CONTRE|OF|THE|AND|IN|ON|FOR|"
    r"TO|FROM)(?:\s|$|(?<=['’]))"
)


def _word_case(word: re.Match[str]) -> str:
    """A word of a line in capitals as a name or a place is written: "CHARPENTIER" ->
    "Charpentier", links in small letters ("ET" -> "et"), abbreviations as they are ("Cie")."""
    text = word.group(0)
    if not text.isupper() or re.fullmatch(r"[IVXLCDM]+", text):  # "TOME XVI", "M. DC. LII."
        return text
    folded = text.lower()
    return folded if folded in _SMALL_LINKS else text.capitalize()


_SMALL_LINKS = frozenset({"et", "de", "du", "des", "la", "le", "les", "and", "of", "par", "by"})


def split_lines(description: str) -> list[str]:
    """Lines, with ISBD's area separators and compact forms' separators as line breaks: a line
    of four or more parts set off by " - " or " / ", one of them a date, is a list of parts
    ("Zolla, Daniel - Le blé et les céréales - O. Doin et fils - Paris - 1909"), where one " - "
    or " / " is a title's own ("Annual report - Central Bank of Ireland")."""
    text = description.replace(" — ", "\n").replace(" | ", "\n")
    lines = []
    for whole in text.splitlines():
        if listed := _list_parts(whole, " - "):  # before ISBD's ". - " ("3e éd. - E. Plon - ...")
            lines.extend(listed)
            continue
        for line in (part for area in whole.split(". - ") for part in sentences(area)):
            listed = _list_parts(line, " / ") or _list_parts(line, " - ") or _imprints(line)
            # a labelled line is its label's to read ("Contributors: X, Y, 1613-1676, editor.")
            listed = listed or (None if words.opens_on_label(line) else comma_list(line))
            lines.extend(listed or [line])
    return [line.strip() for line in lines if line.strip()]


def _imprints(line: str) -> list[str] | None:
    """A serial's successive imprints on one line ("Paris : Colin, 1946-1997 ; Paris : Éd. de
    l'EHESS, 1998-"): each its own line, when every part is one."""
    parts = re.split(r"\s;\s(?=[^;:]{2,40}\s?:\s)", line)
    imprint = all(lex.PUBLICATION_AREA.match(p.strip(" .")) for p in parts)
    return parts if len(parts) > 1 and imprint else None


def _list_parts(line: str, mark: str) -> list[str] | None:
    """The parts of a line set off by `mark`, when four or more and one of them a date."""
    parts = line.split(mark)
    dated = any(lex.PUBLICATION_DATE.fullmatch(p.strip()) for p in parts)
    return parts if len(parts) >= 4 and dated else None


_COMMAS = re.compile(r", (?![^()]*\))")  # a list's commas, not those inside "(XXIV-791, 738 p.)"
_TOWN_DATE = re.compile(
    r"[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:[ -][A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s\[?(?:1[4-9]|20)\d\d\]?"
)


def comma_list(line: str) -> list[str] | None:
    """The parts of a description typed on one line with commas ("Charles Lesage, Napoléon Ier
    créancier de la Prusse, Hachette, Paris, 1924, 1 vol."), when four or more, one a date and
    one a place or an extent; a part in small letters goes on the one before ("La monnaie, le
    crédit et le change"), as a forename its surname ("Hugo, Victor") and an omission its name."""
    # an imprint set off by its colon ("Ithaca, N.Y.: Graduate School ..., Cornell University,
    # 1956"; `is_place` knows a town with its state): the town before it, the publisher after,
    # commas and all; no list, unless a later part is a town or a name: a title opening on a
    # town ("London: The Biography, Peter Ackroyd, Chatto & Windus, London, 2000")
    town = re.match(r"([^:;]{2,40}?)\s?:\s", line)
    if town and is_place(town[1]):
        later = [part.strip(" .") for part in _COMMAS.split(line[town.end() :])]
        if not any(is_place(part) or is_name(part) for part in later):
            return None
    # "..., 1970-, " where an ISSN was read off; no part cut inside "(XXIV-791, 738 p.)"
    parts = _COMMAS.split(line.rstrip(" ,;"))
    bare = [p.strip(" .") for p in parts]
    # prose is its own reader's; a quoted title read off ("« », Antoine de Saint-Exupéry, ...")
    # is a part of the list
    prose = any(mark in line.removeprefix("« »,") for mark in ("«", '"', "“"))
    # a date alone, or after its town ("A. Colin, Paris 1924"); the last part's may open it
    # ("1915 (132 pp., con indice). Disponibile in biblioteca")
    dated = [lex.PUBLICATION_DATE.fullmatch(p) or _TOWN_DATE.fullmatch(p) for p in bare]
    dated.append(re.match(rf"(?:{lex.PUBLICATION_DATE.pattern})\s\(", bare[-1]))
    if prose or len(parts) < 4 or not any(dated):
        return None
    closing = (is_place(b) or lex.PAGES.search(p) or lex.UNITS.search(p)
               or (_TOWN_DATE.fullmatch(b) and is_place(b.rsplit(" ", 1)[0]))
               for b, p in zip(bare, parts, strict=True))  # fmt: skip
    if not any(closing):
        return None
    merged: list[str] = []
    for part in parts:
        last = merged[-1] if merged else ""
        surname = len(last.split()) == 1 and not is_place(last) and not last.isupper()
        # not "ASIL, Washington, D.C.", nor a title before its author's name listed again
        # ("Peter McGehee, Sweetheart, Peter McGehee, ...")
        again = is_name(part) and bare.count(part.strip(" .")) > 1
        surname = surname and not again and is_name(f"{last}, {part}")
        state = is_place(last) and STATE.match(part.strip())  # "Washington, D.C."
        if last and (
            part.strip(" .") == ""
            or surname
            or state
            or (part[:1].islower() and not is_place(last))
        ):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    return merged


def title_in_capitals(lines: list[str]) -> int | None:
    """The line a title page prints in capitals, when one is: the title proper, the lines
    above it its authors ("Central Bank of Ireland ⏎ ANNUAL REPORT"). A single word in
    capitals is more often a body's acronym ("SAGA", "CODESRIA") than a title: not taken."""
    shouted = [i for i, line in enumerate(lines) if _in_capitals(line)]
    # An author's name in capitals above the title's ("VICTOR HUGO ⏎ LES MISÉRABLES")
    while len(shouted) > 1 and is_name(string.capwords(lines[shouted[0]])):
        shouted.pop(0)
    return shouted[0] if shouted and shouted[0] > 0 else None


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    capitals = len(letters) > 3 and all(c.isupper() for c in letters)
    return capitals and len(line.split()) > 1 and not is_name(line)


def body_words(line: str) -> bool:
    """A name with a word in small letters that is no surname's particle: a body's ("Monetary
    Authority of Singapore", "Banco central de Chile"), not a person's ("Borel d'Hauterive")."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", line)
    return any(w[:1].islower() and not lex.PARTICLE.match(w) for w in words)


def is_body(line: str, text: str, after: list[str]) -> bool:
    """A corporate body standing as an author above the title, with lines after it for the
    title: a line that opens on a body's word ("Société de législation comparée", "Centre
    de recherches...") or holds one and comes again (author, then publisher: "Central Bank of
    Ireland")."""
    body = lex.CORPORATE.search(line)
    bare = re.sub(r"\s*\([^)]*\)$", "", line).casefold()  # "Royal African Society (GB)"
    state = re.match(r"([A-ZÀ-ÝЀ-Я][\w\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w\-]+){0,2})\.\s+[A-ZÀ-ÝЀ-Я]", line)
    if after and state and lex.fold(state.group(1)) in geo.state_names():
        return True  # a state's unit ("Canada. Commissaire aux langues officielles", "UNITED
        # STATES. NATIONAL LABOR RELATIONS BOARD.")
    # a name ending on a body's word ("Scandinavian Sociological Association"), not a firm's
    last = body and body.end() == len(line.rstrip(" .")) and line.istitle()
    firm = lex.PUBLISHER_WORDS.search(line) or re.search(r"\b(?:Inc|Ltd|Corp)\.?$", line)
    last = last and not firm and not (after and is_place(after[0]))  # a publisher over its town
    # not a title in capitalised words above its author ("The Secret Society ⏎ John Smith")
    last = last and lex.fold(line.split()[0]) not in lex.ARTICLES
    last = last and not (after and is_name(after[0].split(" / ")[0]))
    return bool(after and body) and bool(
        body.start() == 0
        or _SECOND_WORD_BODY.match(line)
        or last
        or text.casefold().count(bare) > 1
    )


# A body's own noun as the second word ("American Society of International Law", "National
# Bank of Poland") or after a jurisdiction ("France. Ministère de ..."); adjectives such as
# "statistical" open titles too ("Annual statistical digest").
_SECOND_WORD_BODY = re.compile(
    r"^(?!(?:The|Le|La|Les|An?)\s)[A-ZÀ-ÝЀ-Я][\w'’\-]+\.?\s(?i:society|société|academy|académie|"
    r"association|bank|banque|ministère|ministry|universit[éy]|universidad|institut\w*|council|"
    r"conseil|commission|committee|comité|department|département|agency|agence|bureau|"
    r"fondation|foundation|library|bibliothèque|museum|musée)\b"
)
