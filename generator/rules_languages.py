"""101$a for the rules-only cataloguer (`rules_baseline`): the languages a description's labels
code or name, or its text states, else the one its title's script or small words give away,
else the publishing country's."""

from __future__ import annotations

import re

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.rules_reading import Reading
from validators.codes import languages


def languages_of(found: Reading, description: str, country: str | None, title: str) -> list[str]:
    """101$a: the languages a label codes ("Langue : pol, fre") or names ("Multiple languages":
    mul), else one the text states ("en anglais"), else the one the `title`'s words (the one
    chosen, which may not be the rules') and the subtitle's give away, else the publishing
    country's ("London": eng), else French (the description's own)."""
    labelled = lex.fold(" ".join(found.parts.get("language", [])))
    stated = lex.fold(description)
    codes = re.split(r"[\s,;/]+", labelled) if labelled else []
    codes = [lex.ALPHA_2.get(code, code) for code in codes]  # schema.org's "en"
    if codes and all(code in languages() for code in codes):  # "Langue : fre"
        return list(dict.fromkeys(codes))
    if re.search(
        r"\b(?:multiple languages|multilingu(?:e|al)|multilingv|plusieurs langues)\b", labelled
    ):
        return ["mul"]
    for code, names in geo.LANGUAGES.items():
        if labelled and any(lex.fold(n) in labelled for n in names):
            return [code]
    for code, names in geo.LANGUAGES.items():
        if any(re.search(rf"\b(?:en|in)\s+{lex.fold(n)}\b", stated) for n in names):
            return [code]
    titles = [title, *found.parts.get("subtitle", [])]
    words = set(re.findall(r"[a-zà-ÿа-џ]+", " ".join(titles).casefold()))
    scores = {code: len(words & stop) for code, stop in geo.STOPWORDS.items()}
    # no country known: the script the title and the place share ("Київ"), else French
    written = _script_language(" ".join(titles)) if country is None else None
    shared = written is not None and written == _script_language(found.first("place") or "")
    national = geo.COUNTRY_LANGUAGES.get(country or "", written if shared else "fre")
    top = max(scores.values())
    tied = [code for code, score in scores.items() if score == top]
    return [national if not top or national in tied else tied[0]]  # "de": French or Spanish


# A title's script that tells its language, or the likeliest of those written in it: Cyrillic
# with Belarusian's, Ukrainian's or Serbian's own letters, else Russian; Arabic script with
# Persian's letters, else Arabic; kana Japanese, hangul Korean, Han alone Chinese (or Japanese
# written in kanji alone: no script tells them apart).
_SCRIPTS = (
    ("bel", r"[ўЎ]|^(?=.*[іІ])(?=.*[ыЫэЭ])"), ("ukr", r"[іїєґІЇЄҐ]"), ("srp", r"[ђћџљњјЂЋЏЉЊЈ]"),
    ("rus", r"[а-яА-ЯёЁ]"), ("gre", r"[α-ωΑ-Ω]"), ("heb", r"[\u0590-\u05ff]"),
    ("per", r"[پچژگ]"), ("ara", r"[\u0600-\u06ff]"),
    ("jpn", r"[\u3040-\u30ff]"), ("kor", r"[\uac00-\ud7af]"), ("chi", r"[\u4e00-\u9fff]"),
)  # fmt: skip


def _script_language(title: str) -> str | None:
    """The language a title's script tells when most of its letters are in that script."""
    letters = [c for c in title if c.isalpha()]
    foreign = [c for c in letters if not ("a" <= c.lower() <= "z" or "\u00c0" <= c <= "\u024f")]
    if not letters or len(foreign) * 2 <= len(letters):
        return None
    return next((code for code, script in _SCRIPTS if re.search(script, title)), None)
