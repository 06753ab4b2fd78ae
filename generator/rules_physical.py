"""The physical description in the rules-only reading (215): extent, illustrations and size, as
ISBD sets them ("189 p. : ill., carte dépl. ; 25 cm") or as a display lists them ("Umfang: 240
S. : Ill.", "Description : 16 pages : carte"), and an old book's format ("In-8°").
"""

from __future__ import annotations

import math
import re

from generator import rules_lexicon as lex
from generator.rules_reading import Reading


def _illustrations(line: str) -> str:
    """215$c as catalogues abbreviate what the line names, in its order ("illustrations et
    cartes": "ill., cartes"; "fig., graph."; "ill. en couleurs": "ill. en coul.")."""
    outside = re.sub(r"\([^)]*\)", "", line)  # not the extent's "(... [4] f. de pl.)"
    terms = sorted(
        (match.start(), short or match.group(0).casefold())
        for pattern, short in lex.ILLUSTRATIONS
        for match in re.finditer(pattern, outside, re.I)
    )
    named: list[str] = []
    for _, short in terms:
        if short == "en coul." and named:
            named[-1] += " en coul."
        elif short not in named:
            named.append(short)
    return ", ".join(named) or "ill."


def physical(line: str, found: Reading) -> bool:
    """Extent, illustrations and size of a line; True if the line was a physical description."""
    pages, size, units = lex.PAGES.search(line), lex.SIZE.search(line), lex.UNITS.search(line)
    if units and _BOUND_IN.match(line, units.end()):  # "2 tomes en 1 vol.": the volumes
        units = lex.UNITS.search(line, units.end())
    if pages and (not units or pages.start() < units.start()):  # "viii-122 feuillets"
        unit = "f." if pages.group(2).lower().startswith(("f", "l", "л")) else "p."
        counted = re.sub(r"(?<=[0-9])[ \u00a0\u202f](?=[0-9]{3}\b)", "", pages.group(1))
        sequences = re.sub(r"\s*[+,]\s*", ", ", re.sub(r"\s*-\s*", "-", counted))
        plates = _PLATES.match(line, pages.end())  # "219 p., [2] dépl."
        # an old book's format before its pages stays with them ("In-4°, 117 p.")
        before = _FORMAT_FIRST.search(line[: pages.start()])
        extent = f"{before.group(1) + ', ' if before else ''}{sequences} {unit}"
        found.add("extent", extent + (plates.group(0) if plates else ""), clean=False)
    elif units:
        extent = " ".join(units.group(0).split())
        # a dealer's "1 vol. de 46 pp.", "1 vol. XII-712 págs.": the pages in the volume's brackets
        volumes = re.match(r"vol|tom|bän|bde", units.group(2), re.I)
        if (
            volumes
            and pages
            and not units.group(3)
            and _INTO_PAGES.fullmatch(line, units.end(), pages.start())
        ):
            extent = f"{extent} ({pages.group(0)})"
        for spelled, short in lex.ABBREVIATIONS:
            extent = re.sub(spelled, short, extent, flags=re.I)
        found.add("extent", _pages_named(extent).replace("..", "."), clean=False)
    if size:
        found.add("size", _height(size.group(1)))
    elif (format_ := _FORMAT.search(line)) and (
        (pages and format_.start() > pages.end())
        or (units and format_.start() > units.end())
        or re.fullmatch(r"\s*\S+\s*\.?\s*", line)
    ):  # "90 pages : tabl. ; In-8°": the size's place; or a line of its own ("In-18")
        found.add("size", format_.group(0))
        return True
    if (pages or size) and lex.ILL.search(line):
        found.add("ill", _illustrations(line), clean=False)
    return bool(pages or size)


_BOUND_IN = re.compile(
    r"\s*(?:reliés\s+|rel\.\s+|bound\s+)?(?:en|in)\s+(?=\d+\s*(?:vol|Bd|Band|tom))", re.I
)
_INTO_PAGES = re.compile(r"[\s.,:]*(?:de|of|mit|di|con)?\s*")


def _pages_named(extent: str) -> str:
    """The pages inside a whole extent's brackets as catalogues write them: "(XVI-593 y XI-768
    págs.)" -> "(XVI-593, XI-768 p.)"."""
    joined = r"(?<=[\divxlcdm\]])\s+(?:y|et|and|und|e|i)\s+(?=[\[\divxlcdm])"
    inside = re.sub(joined, ", ", extent, flags=re.I)
    return re.sub(r"(?<=[\divxlcdm\]])\s*(?:pp?\.|pages?|p[áa]gs?\.|p[áa]ginas|S\.|Seiten)(?=\))",
                  " p.", inside, flags=re.I)  # fmt: skip


# An old book's format: "In-8°", "in-4", "Gr. in-4°", "In-fol.", "In-18".
_FORMAT = re.compile(r"(?:Gr\.\s*|Pet\.\s*)?\b[Ii]n-?\s?(?:fol\.?|folio|plano|\d{1,2}°?)(?!\d)")


def is_format(size: str) -> bool:
    """An old book's format ("In-4°") rather than a height in centimetres."""
    return bool(_FORMAT.fullmatch(size.strip(" .")))


_FORMAT_FIRST = re.compile(rf"^\s*({_FORMAT.pattern})\s*,\s*$")
# Leaves of plates after the pages, as catalogues keep them in 215$a.
_PLATES = re.compile(r"(?:,\s*|-)\[?\d+\]?\s*(?:dépl\.|f\. de pl\.|p\. de pl\.|pl\.(?! et))")


def _height(measured: str) -> str:
    """215$d as a catalogue writes it: whole centimetres rounded up ("20.5" -> "21 cm"); of a
    bookseller's three dimensions ("13 x 1.5 x 20"), the height, the last."""
    dimensions = [float(d.replace(",", ".")) for d in re.split(r"\s*x\s*", measured)]
    kept = dimensions[-1:] if len(dimensions) == 3 else dimensions
    return " x ".join(str(math.ceil(d)) for d in kept) + " cm"
