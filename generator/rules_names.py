"""Persons and bodies in the rules-only reading: names after "par"/"by" and their roles, and the
access points (700/702, 710/712) a reading's names become.
"""

from __future__ import annotations

import re
import string

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.rules_layout import body_words
from generator.rules_places import is_place
from generator.rules_reading import Reading, is_name, is_person, tidy
from validators.record import DataField, Subfield


def split_name(name: str) -> tuple[str, str, str | None]:
    """Surname, forename and dates of a personal name in direct ("Claire Vasseur") or inverted
    order ("Vasseur, Claire (1950-)")."""
    name = lex.BORN.sub(r"(\1-)", tidy(name))
    if single := lex.SINGLE_NAME.match(name):  # "Stendhal (1783-1842)"
        return single.group(1), "", single.group(2)
    if inverted := lex.INVERTED.match(name):
        surname, forename, dates, heading_dates = inverted.groups()
        if surname.isupper() and re.search(r"[A-ZÀ-ÝЀ-Я]{2}", forename) and forename.isupper():
            surname, forename = surname.title(), forename.title()  # "HUGO, VICTOR": all shouted
        dated = dates or heading_dates
        return _cased(surname, forename), forename, dated and dated.replace("–", "-")
    dated = lex.DATES_AFTER.search(name)  # "Émile Zola (1840-1902)"
    words = (name[: dated.start()] if dated else name).split() or [""]
    # the French norm's "STOURM René", "DE GAULLE Charles": the surname in capitals first
    shouted = next((i for i, w in enumerate(words) if not _CAPITALS.fullmatch(w)), 0)
    if 0 < shouted < len(words) and not any(_CAPITALS.fullmatch(w) for w in words[shouted:]):
        return (
            " ".join(words[:shouted]).title(),
            " ".join(words[shouted:]),
            dated.group(1) if dated else None,
        )
    # A particle in capitals belongs to the surname ("P. Van de Kamp": Van de Kamp, P.); one in
    # small letters stays with the forename ("Ludwig van Beethoven": Beethoven, Ludwig van).
    start = next((i for i, w in enumerate(words[1:-1], 1) if w in lex.PARTICLES), len(words) - 1)
    given = words[:start]
    # "Maréchal Cte Bertrand Clauzel": Clauzel, Bertrand; not "M. H. Abrams"'s initials
    while len(given) > 1 and honorific(given[0]) and not re.fullmatch(r"[A-ZÀ-ÝЀ-Я]\.", given[1]):
        given = given[1:]
    forename = " ".join(given)
    return _cased(" ".join(words[start:]), forename), forename, dated.group(1) if dated else None


_INITIAL = re.compile(r"[A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ]{0,2}\.\s")  # "Ch. ", "L. ": a forename's initial
_CAPITALS = re.compile(r"[A-ZÀ-ÝЀ-Я][A-ZÀ-ÝЀ-Я'’\-]{2,}")  # a surname set in capitals, no "MM."


def honorific(word: str) -> bool:
    """A title a title page gives before a name, which no heading keeps ("Dr", "Maréchal")."""
    return lex.fold(word).rstrip(".") in lex.HONORIFICS


def _cased(surname: str, forename: str) -> str:
    """A surname a citation sets in capitals ("BOURDIEU, Pierre") as a heading writes it."""
    shouted = surname.isupper() and len(surname) > 2 and forename and not forename.isupper()
    return surname.title() if shouted else surname


def direct(name: str) -> str:
    """A heading's name in the order a title page prints it, as 200$f transcribes it ("Camus,
    Albert (1913-1960)" -> "Albert Camus"); a name in direct order as it is."""
    if not lex.INVERTED.match(tidy(name)):
        return name
    surname, forename, _ = split_name(name)
    joiner = "" if forename.endswith(("'", "’")) else " "  # "Eugène d'" + "Eichthal"
    return f"{forename}{joiner}{surname}"


def person(name: str, tag: str, relator: str | None = "070") -> DataField:
    """A 70X for a personal name; no $4 when the role is not known (`relator` None)."""
    surname, forename, dates = split_name(name)
    if re.fullmatch(r"(?:[A-ZÀ-ÝЀ-Я]\.?[\s-]?)*[A-ZÀ-ÝЀ-Я]", forename):  # initials keep their stop
        forename += "."
    subfields = [Subfield("a", surname)] + ([Subfield("b", forename)] if forename else [])
    subfields += [Subfield("f", dates)] if dates else []
    return DataField(tag, " ", "1", subfields + ([Subfield("4", relator)] if relator else []))


def access_points(
    names: list[str],
    others: dict[str, str],
    bodies: set[str] = frozenset(),
    role: str = "070",
    said: set[str] = frozenset(),
) -> list[DataField]:
    """7XX for the names found: the first as the main entry (700 for a person, 710 for a body),
    the rest as secondary entries (702, 712), a stated role (`others`) with its relator code.
    A name is a body when it holds a body's word or stands where only a body can (`bodies`);
    `role` is the main author's relator (a score's composer: 230); a name a label says is a
    body (`said`: "Körperschaft: Suomen Pankki") is one though it reads like a person's.

    The secondary names go to 702 rather than 701: in the real catalogues read, a second name
    of a description is an editor, translator or contributor far more often than a co-author.
    """
    fields: list[DataField] = []
    primary = True
    stated = {surname(n): code for n, code in others.items()}
    # Each person once ("Daniel Zolla" after "Zolla, Daniel (1859-1927)"), where the first
    # came, in the form that says more ("par M.E. Cheysson" in the title, "Auteur : Cheysson,
    # Emile (1836-1910)" after it).
    fullest: dict[str, str] = {}
    for name in names:
        key = surname(name)
        if key not in fullest or _detail(name) > _detail(fullest[key]):
            fullest[key] = name
    seen = set(fullest)
    for key, name in fullest.items():
        if key in stated and is_name(name):  # listed with the authors, its role said elsewhere
            fields.append(person(name, "702", stated[key]))
            continue
        state = _state(name)
        body = name in said or (name in bodies and not is_name(name))
        if lex.CORPORATE.search(name) or body or state:
            # "Etats-Unis. Department of Agriculture", "Japon, Cabinet": a jurisdiction, then
            # its subordinate unit.
            mark = ", " if ". " not in tidy(name) and state else ". "
            # its qualifier in $c: "Istituto per la scienza ... (Italie)", "... (Zülpich)"
            name, qualifier = _QUALIFIER.search(tidy(name)).groups()
            if qualifier and qualifier.isupper() and qualifier[0] == name[:1]:
                name, qualifier = f"{name} ({qualifier})", None  # its acronym: "... (CMIESI)"
            head, dot, unit = name.partition(mark)
            body = [Subfield("a", head)] + ([Subfield("b", unit)] if dot and unit else [])
            body += [Subfield("c", qualifier)] if qualifier else []
            fields.append(DataField("710" if primary else "712", "0", "2", body))
        elif is_person(name):
            fields.append(person(name, "700", role) if primary else person(name, "702", None))
        else:
            continue
        primary = False
    # Each other person once, in a heading's form where the description gives one ("Rosa, Guy
    # [préfacier]" beside "préface de Guy Rosa"): its dates are the access point's.
    for name, code in sorted(others.items(), key=lambda item: not lex.INVERTED.match(item[0])):
        if is_name(name) and (key := surname(name)) not in seen:
            seen.add(key)
            fields.append(person(name, "702", code))
    return fields


# A body's name and the qualifier a heading adds in parentheses (a place, a country; no dates).
_QUALIFIER = re.compile(r"^(.*?)(?:\s*\(([^()\d]+)\))?$", re.S)


def _detail(name: str) -> tuple[bool, bool]:
    """What a form of a person's name tells: its dates, a forename beyond initials."""
    _, forename, dates = split_name(name)
    return bool(dates), bool(re.search(r"[^\W\d_]{2}", forename))


def _state(name: str) -> bool:
    """A country's government or one of its bodies, as headings name them ("Japon, Cabinet",
    "Canada. Commissaire aux langues officielles"): no person's name."""
    head, *unit = re.split(r"\.\s|,\s", tidy(name), maxsplit=1)
    unit = unit[0] if unit else ""
    if not unit or lex.fold(head) not in geo.state_names():
        return False
    # not "France, Anatole": the unit is a body's words, not a forename
    first = lex.fold(unit.split()[0])
    return first in _GOVERNMENT or bool(lex.CORPORATE.search(unit)) or body_words(unit)


# What a government's units are called after its country's name ("Japon, Cabinet").
_GOVERNMENT = {"cabinet", "ministere", "ministry", "parlement", "parliament", "senat", "senate",
               "chambre", "assemblee", "commissaire", "commissioner", "service", "direction",
               "president", "gouvernement", "government", "congress", "congres", "armee", "army",
               "secretariat", "tresor", "treasury", "statistique"}  # fmt: skip


def heading_surnames(found: Reading, leaving: str = "") -> set[str]:
    """Surnames of the persons a title page's lines above the title name (but `leaving`'s own
    line): whom a statement under the title names again in another form."""
    lines = found.parts.get("name lines", [])
    return {surname(n) for n in lines if is_name(n) and tidy(n) != tidy(leaving)}


def one_form_each(names: list[str]) -> list[str]:
    """Each person once, in the form a title page prints (direct order) where the description
    gives two ("Boutmy, Emile (1835-1906)" and "Emile Boutmy")."""
    chosen: dict[str, str] = {}
    for name in names:
        key = surname(name)
        if key not in chosen or (lex.INVERTED.match(chosen[key]) and not lex.INVERTED.match(name)):
            chosen[key] = name
    return list(chosen.values())


def surname(name: str) -> str:
    """What tells two forms of one name apart from another name: the surname, folded ("Zolla"
    of "Zolla, Daniel" and of "par M. Daniel Zolla")."""
    return lex.fold(split_name(name)[0])


def names_by(text: str, found: Reading) -> None:
    """Names after "par", "by", "traduit par"...: authors, or others with their role's code;
    names followed by their role, as booksellers list them ("Ruth Ashdown (Translator)")."""
    for named in lex.NAMED_ROLE.finditer(text):
        role = lex.ROLES_AFTER[lex.fold(named.group(2))]
        found.add("names" if role == "070" else f"others\x1f{role}", named.group(1))
    for heading in _HEADING_AFTER_TITLE.finditer(text):  # '« T » de Goessler, Peter (1872-1956)'
        found.add("names", heading.group(1))
    for author in _AUTHOR_BEFORE_TITLE.finditer(text):  # "un folleto: Emile Boutmy, «T»"
        if is_person(author.group(1)):
            found.add("names", author.group(1))
    for by in lex.BY.finditer(text):
        if _BODY_GOES_ON.match(text, by.end(2)):  # "by Central Bank of Nigeria": a body's
            continue
        # A sentence ends at a word's full stop, not at an initial's ("M. É. Levasseur. Séance")
        name = named_by(by.group(1), re.split(r"(?<=\w{3})\.\s", by.group(2))[0])
        if name is not None:
            role = lex.ROLES.get(by.group(1).casefold()) or role_before(text, by.start(1))
            found.add(f"others\x1f{role}" if role else "names", name)
            if role and name == by.group(2):  # "ed. by A, B and C": the role is each one's
                end = by.end(2)
                while more := _LISTED.match(text, end):
                    found.add(f"others\x1f{role}", more.group(1))
                    end = more.end(1)


def named_by(cue: str, name: str) -> str | None:
    """The name after "par", "by", "de"... as a catalogue writes it: a title page's "par VICTOR
    HUGO" in its own case; None for words in capitals after another cue ("DE ARTE BENE
    LEGENDI": "de" opens titles too) or that name no one."""
    if not name.isupper():
        return name
    cased = string.capwords(name)
    return cased if cue.lower() in ("par", "by") and is_name(cased) else None


# Capitalised words going on with "of X" are a body's name ("Monetary Authority of Singapore"),
# which `rules_prose.bodies_by` reads whole; a person's name does not go on so.
_BODY_GOES_ON = re.compile(r"\s+(?:of|for|on|voor|für|del|della)\s+(?:the\s+)?[A-Za-zÀ-ÿ]")

# A heading after a quoted title's "de" or "by", in a sentence ('« T » de Goessler, Peter
# (1872-1956), publié chez ...', '"T" by Winter, Peter von (1754-1825), published by ...').
_HEADING_AFTER_TITLE = re.compile(
    r"[»\"]\s+(?:de|by|par)\s+([A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,\s+[A-ZÀ-ÝЀ-Я][\w'’\-.]+"
    r"(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+)?(?:\s(?:von|de|van|d['’]))?(?:\s\(\d{4}-[\d.?]*\))?)(?=,|\s\(|\.\s|$)"
)

# An author a sentence names before the title it quotes ("... precioso: Emile Boutmy, «T»").
_AUTHOR_BEFORE_TITLE = re.compile(
    r"(?:^|[:;]\s|\bde\s|\bby\s|\bvon\s)((?:[A-ZÀ-ÝЀ-Я][\w'’\-.]+\s){1,2}[A-ZÀ-ÝЀ-Я][\w'’\-]+),\s[«\"]",
    re.M,
)

# The next name of a list after a role's first ("ed. by Robin Murray, Peter Hill").
_LISTED = re.compile(
    r"(?:\s*,\s*|\s+(?:and|et|&)\s+)([A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s+[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3})"
)


# How a citation lists its authors: "X, Y ; Z", "X, Y, and Z W", "X, Y et Z W", "... et al."
_AUTHORS_SPLIT = re.compile(r"\s*;\s+|,?\s+(?:and|et|&)\s+")


def authors_heading(line: str) -> list[str] | None:
    """A citation's authors before its title ("CHEYSSON, Emile ; Conseil supérieur de
    statistique", "Delorme, Marc ; Ashdown, Ruth", "Zola, Émile, and Henri Mitterand"): the
    names, when the first is inverted and each other is a person or a body; None otherwise (a
    body's own "et": "Institut ... de la statistique et des études économiques")."""
    bare = re.sub(r",?\s+et al\.?$", "", line.strip(" ."))
    parts = [p for p in _AUTHORS_SPLIT.split(bare) if p.strip(" .,;")]
    if len(parts) < 2:  # "...", ", et al."
        return None
    # semicolons set names off for sure ("Petrus Silvanus ; Rigaud, Claude", "...; University
    # College Cork"); "and", "et" only after an inverted name and before names or bodies
    listed = ";" in bare
    if not listed and all(_INITIAL.match(p) and is_name(p) for p in parts):
        return parts  # "Ch. Lyon-Caen et L. Renault": persons by their initials, not "Louis XV"
    inverted = lex.INVERTED.match(parts[0]) and is_name(parts[0])
    body = parts[0][:1].isupper() and lex.CORPORATE.search(parts[0])  # "Ecole des ... ; CNRS"
    if not (inverted or (listed and (is_person(parts[0]) or body))):
        return None
    named = (is_person(p) or (p[:1].isupper() and (listed or lex.CORPORATE.search(p)))
             for p in parts[1:])  # fmt: skip
    return parts if all(named) else None


def role_before(text: str, at: int) -> str | None:
    """The role said before "par"/"by" in the same part of a statement ("édition établie et
    annotée par", "[préface] par"), when the words just before it name one."""
    clause = re.split(r"[/;(]|\.\s(?=[A-ZÀ-ÝЀ-Я])", text[max(0, at - 40) : at])[-1]
    return next((code for cue, code in lex.ROLE_CUES if cue.search(clause)), None)


# A person with their life dates anywhere in a description's words: a sale's "Nouvelles
# d'Albert Sorel (1842-1906)", a shelf list's "FOVILLE, Alfred de (1842-1913).", a catalogue's
# "Paul Leroy-Beaulieu（ポール・ルロワ＝ボーリュー, 1843-1916）", its other script's form before
# the dates left out.
_DATED = re.compile(
    r"(?<![\w'’\-])(?P<name>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:,?\s+(?:[A-ZÀ-ÝЀ-Я][\w'’\-]*\.?|de|von|van|der|du|d['’]\w+|la|le|y)){1,4})"
    r"\s*[(（]\s*(?:[^()（）\d]{1,40}?,\s*)?"
    r"(?P<dates>1[5-9]\d\d\s*[-–]\s*(?:1[5-9]\d\d|20[0-2]\d)?\??)\s*[)）]"
)


def dated_names(text: str, read: Reading) -> list[str]:
    """The persons `text` gives with their life dates, as "Name (dates)": where the rules read
    no person, the one the description dates is most often its author (rounds 34-37: 9 right
    of 10). Not a body's name ("Banque de France (1800-)"), nor the publisher the rules `read`
    ("Edinburgh : William Blackwood (1817-1905)") nor a publisher before its town ("Plon,
    Paris (1960-1976)"); a title's own dates are left to `titled`."""
    published = " ".join(read.parts.get("publisher", []))
    taken = set(re.findall(r"\w+", lex.fold(published)))
    names = []
    for dated in _DATED.finditer(text):
        words = dated.group("name").strip(" ,").split()
        if is_place(dated.group("name").rpartition(",")[2].strip()):
            continue  # a publisher and its town
        dates = re.sub(r"\s", "", dated.group("dates"))
        if lex.CORPORATE.search(dated.group("name")) or (
            dates in published and lex.fold(words[-1].strip(",")) in taken
        ):
            continue
        # the name's own words, those before it left ("Nouvelles d'Albert Sorel")
        for start in range(len(words) - 1):
            name = re.sub(r"^[dD]['’]", "", " ".join(words[start:]))
            ahead = " ".join(words[start + 2 :])  # "Portrait de Léon Say", not "Alfred de Foville"
            particle = words[start + 1 : start + 2] in (["de"], ["du"]) and "," not in name
            if particle and ahead and is_name(ahead):
                continue
            if dates.endswith("-") and "," not in name:
                break  # a serial still going ("Africa today (1954-)"), not "Kielmansegg, Peter"
            if name[:1].isupper() and (is_name(name) or is_name(name.replace(",", "", 1))):
                names.append(f"{name} ({dates})")
                break
    return names


def titled(dated: str, title: str) -> bool:
    """Whether a dated name is the title's words ("Revue Britannique (1825-1901)") or dates the
    title ("Vie de Jean Racine (1639-1699)", "Histoire du Second Empire (1852-1870)"), not an
    author named beside it ("Vieux habits, vieux galons - Albert Sorel")."""
    name, _, dates = dated.rpartition(" (")
    return dates.rstrip(")") in title or lex.fold(name) == lex.fold(title)
