"""German, Italian, Spanish and Polish references for `rules_citations`: the styles that set a
book's parts off by commas and colons rather than by full stops, so that their patterns and
the adjustments they need (a heading's "Stourm R.", pages as "III + 655 págs.", an offprint's
note in brackets) stand together, apart from the English-language styles.
"""

from __future__ import annotations

import re

# A German reference: "Poinsard, Léon: Title. Paris 1891." and a body's "Deutsche Bundesbank:
# Title. Frankfurt am Main: Deutsche Bundesbank 1996 ff. (online)."
_STOP_IN_NAME = r"(?<=\b[A-ZÀ-ÝЀ-Я])\.|(?<=\bFrhr)\.|(?<=\bFrfr)\.|(?<=\bGf)\."
GERMAN = re.compile(
    # a stop in the heading after an initial or a noble's title only ("Goessler, P.:", "Geyr
    # von Schweppenburg, Max Frhr. / Goessler, Peter:", not "Meyer, Hans. Die Stadt:")
    rf"^(?P<names>[A-ZÀ-ÝЀ-Я](?:[^:;().]|{_STOP_IN_NAME}){{1,80}}?(?:[^\s:;().]|{_STOP_IN_NAME}))"
    r":\s(?P<title>.+?)\.\s+"
    # an edition in German or in the book's language: "2. Aufl.", "3e éd. rev. et mise au courant"
    r"(?:(?P<edition>(?:\d+\.,?\s?(?:[^\W\d_]+\.?,?\s+){0,3}(?:Aufl|Ausg)"  # "2., durchges. Aufl."
    r"|\d+\s?(?:e|è|ème|nd|rd|th)\.?\s?(?:éd|ed))[^:]*?)\.\s+)?"
    # the town, "am Main" or "am Neckar" abbreviated too ("Esslingen a. N.")
    r"(?P<place>[A-ZÀ-ÝЀ-Я][^.:;]{1,40}?(?:\sa\.\s?[A-ZÀ-ÝЀ-Я]\.)?|\[o\.\s?O\.\]|\[S\.\s?l\.\])"
    r"(?::\s(?P<publisher>(?:[A-ZÀ-ÝЀ-Я]\.\s)?[^.:;]{2,80}?))?,?\s"
    r"(?P<date>\d{4})(?P<open>\s?ff\.?|-)?\.?(?:\s\((?P<medium>[^()]+)\))?\.?"
    r"(?:\s(?:[248]°|Fol\.|gr\.\s?[48]°)[,.])?"  # a format before the pages: "4°, VIII, 48 S."
    r"(?:\s(?P<pages>[\dIVXLC][\dIVXLC\-, ]*\s?S)\.?"  # "VIII, 439 S."
    # what the pages go on with: plates, maps, a series in brackets, an ISBN
    r"(?:,\s(?!ISBN)[^()]*?)?(?:\s?\((?P<series>[^()]+)\))?"
    r"(?:[.,]?\s(?P<kind_of_number>ISBN)[:\s]*(?P<number>[\dXx\-]{10,17}))?"
    r"(?:\s(?:[248]°|\d{1,2}°|Fol\.|gr\.\s?[48]°))?)?\.?$"  # or the format after: "203 S. 8°."
)

# ... and with commas, as a German thesis's bibliography sets it: "Kielmansegg, Peter Graf:
# Deutschland und der Erste Weltkrieg, 2., durchges. Aufl., Stuttgart: Klett-Cotta 1980."
GERMAN_COMMAS = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][^:;().]{1,80}?[^\s:;().]):\s(?P<title>[^:]+?),\s+"
    r"(?:(?P<edition>\d+\.,?\s?(?:[^\W\d_]+\.?,?\s+){0,3}(?:Aufl|Ausg)\.?),\s+)?"
    r"(?P<place>[A-ZÀ-ÝЀ-Я][^.:;,]{1,40}?):\s(?P<publisher>[^.:;,]{2,80}?),?\s"
    r"(?P<date>\d{4})(?:,\s(?P<pages>[\dIVXLC][\dIVXLC\-, ]*\s?S)\.)?"
    r"(?:\s\(ISBN[^()]*\))?\.?$"  # "... Klett-Cotta 1980 (ISBN 3-12-915070-6)."
)

# Italian and Spanish bibliographies: the surname in capitals, then commas all along, the pages
# last in the book's or the list's words ("POINSARD L., La France dans ses grandes colonies,
# Parigi, s.e., 1891, pp. 80."; "STOURM, René: Le budget, París, Guillaumin, 1889, III + 655
# págs.").
ROMANCE_COMMAS = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][A-ZÀ-ÝЀ-Я'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][A-ZÀ-ÝЀ-Я'’\-]+)?"
    r"(?:,\s[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?|\s(?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3})"
    # ... or a surname then its initials, or the initials then the surname ("Stourm R.",
    # "M. Mazzucato")
    r"|[A-ZÀ-ÝЀ-Я][\w'’\-]+\s(?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3}|(?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3}[A-ZÀ-ÝЀ-Я][\w'’\-]+)"
    r"[,:]\s(?P<title>.+?)(?:,\s(?P<volumes>\d+\s(?:vols?|voll|t|tomes|tomos)\.?))?"
    r",\s(?P<place>[A-ZÀ-ÝЀ-Я][^.,:;]{1,40}?|[Ss]\.\s?[lL]\.)"
    r"(?:(?:,|\s?:)\s(?P<publisher>[^,:;]{2,80}?))?,\s(?P<date>\d{4})"
    r"(?:\s\((?P<series>[^()]+)\))?(?:,\spassim)?"  # a footnote's "passim": no part of it
    r"(?:,\s(?:(?P<pages>(?:[IVXLC]+\s?[+,\-]\s?)?\d+)\s?(?:págs?|pp?|pagine|pag|s|str|S)\.?"
    r"|(?:pp?|págs?|pag)\.\s?(?P<counted>(?:[IVXLC]+-)?\d+)))?(?:\s\(ISBN\s(?P<isbn>[^()]*)\))?\.?$"
)
NEXT_AUTHOR = re.compile(r"[A-ZÀ-ÝЀ-Я][\w'’\-]+,?\s(?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3}[,;(]")
# A translator's or an editor's credit a list sets after the title's commas ("Lo Stato
# innovatore, trad. di F. Galimberti, Roma-Bari, ...")
_CREDIT_AFTER_TITLE = re.compile(
    r",\s(?P<credit>trad\.\s(?:di|de)|traduzione di|traducción de|tradução de|a cura di|"
    r"edición de|translated by)\s(?P<credited>[^,]+)$"
)


# Central European archaeology's and the Nordic lists' author-year style, the year before a
# colon: "Geyr von Schweppenburg, M. – Goessler, P. 1910: Hügelgräber im Illertal bei
# Tannheim. Esslingen: P. Neff."
_HEADING = (
    r"[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s(?:[a-zà-ÿ]+\s)?[A-ZÀ-ÝЀ-Я][\w'’\-]+){0,3},\s"  # a surname,
    r"(?:[A-ZÀ-ÝЀ-Я]\.\s?-?){1,3}"  # its initials
)
YEAR_COLON = re.compile(
    rf"^(?P<names>{_HEADING}(?:\s?[–—&/;]\s{_HEADING}){{0,3}})\s?(?P<date>\d{{4}})[a-z]?:\s"
    r"(?!.*\bIn:\s)(?P<title>.+?)\.\s+(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>(?:[A-ZÀ-ÝЀ-Я]\.\s)?[^.:]{2,80}?)"
    r"(?:\.\s(?P<pages>(?:[IVXLC]+,\s)?\d+\s?(?:pp|p|S|s))\.?)?\.?$"  # "London: Methuen. 532 pp."
)


def romance(groups: dict[str, str]) -> dict[str, str]:
    """An Italian, Spanish or Polish reference's parts as the labelled reader takes them: a
    credit after the title's commas, "Stourm R." as a heading writes it, the series in
    brackets or an offprint's note there, the pages counted in the list's words, the volumes
    as the extent."""
    if "counted" in groups:  # "pp. 80"
        groups["pages"] = groups["counted"]
    if credit := _CREDIT_AFTER_TITLE.search(groups["title"]):
        groups["title"] = groups["title"][: credit.start()]
        groups["credit"] = "Edited" if "cura" in credit["credit"] else "Translated"
        groups["credited"] = credit["credited"]
    if "isbn" in groups:
        groups["kind_of_number"], groups["number"] = "ISBN", groups["isbn"]
    if not groups["names"].isupper():  # "Stourm R.": "Stourm, R."
        groups["names"] = re.sub(
            r"^([^\W\d_][\w'’\-]+)\s(?=(?:[A-ZÀ-ÝЀ-Я]\.\s?)+$)", r"\1, ", groups["names"]
        )
    if "series" in groups:  # «Anticorpi», 43
        if re.match(r"(?i)estr|extr|tir[ée]|sonderdr|offprint|separat", groups["series"]):
            groups["note"] = groups.pop("series")  # "(Estratto dalla Revue ...)": an offprint's
        else:
            groups["series"] = re.sub(r"[«»\"]", "", groups["series"]).replace(", ", " ; ")
    if "pages" in groups:
        groups["pages"] = re.sub(r"\s?\+\s?", ", ", groups["pages"]) + " p"
    if "volumes" in groups:  # "2 vols.": the extent
        groups["pages"] = groups["volumes"]
    return groups
