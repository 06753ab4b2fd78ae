"""A letter's or an e-mail's furniture around what it asks to be catalogued, for the pasted
text's reader (`rules_pasted.set_aside`): its headers and greeting above, its closing and
signature below, the request before the title ("Pourriez-vous me faire une notice pour : ...")."""

from __future__ import annotations

import re

from generator import rules_lexicon as lex

# A greeting's words, opening a line.
_GREETING_WORDS = (
    r"^(?:bonjour|bonsoir|salut|hello|hi|dear|cher|chère|madame|monsieur|mesdames|buongiorno|"
    r"hola|estimad[oa]s?|guten tag|hallo|sehr geehrte|gentile|gentili|egregi[oa]|car[oa]|"
    r"querid[oa]s?|liebe[rs]?|beste|geachte|dzień dobry|szanown[aiy]|dobrý den|dobrý deň|"
    r"vážen[áí]|bună ziua|stimate|stimată|olá|bom dia|boa tarde|prezad[oa]s?|hej|hei|god dag|"
    r"jó napot|tisztelt|здравствуйте|добрый день|уважаем[ыа][йяе]|merhaba|sayın|"
    r"poštovan[aeio]|добрий день|шановн[іий]|היי)(?!\w)"
)
_GREETING = re.compile(_GREETING_WORDS + r"[^\n.]{0,40}[,!:]?$", re.I)
_CLOSING = re.compile(
    r"^(?:merci|cordialement|bien (?:à vous|cordialement)|bonne (?:journée|soirée)|"
    r"(?:with\s+)?(?:best|kind|warm|kindest|warmest)?\s*regards|(?:best|kind)\s+wishes|"
    r"best[,!.]?$|cheers|yours(?:\s+(?:sincerely|faithfully|truly))?[,.]?$|terveisin|mvh|"
    r"groetjes|hartelijke groeten|un abrazo|un saluto|hilsen|grü(?:ß|ss)e|"
    r"thanks|thank you|many thanks|sincerely|grazie|gracias|"
    r"mit freundlichen grüßen|vielen dank|atentamente|un saludo|saludos|cordiali saluti|"
    r"distinti saluti|la ringrazio|quedamos a la espera|agradecer[ií]amos|met vriendelijke groet|"
    r"beste groeten|cumprimentos|atenciosamente|obrigad[oa]|viele grüße|beste grüße|"
    r"liebe grüße|pozdrawiam|z poważaniem|dziękuję|ďakujem|děkuji|s pozdravom|s pozdravem|"
    r"mulțumesc|mulţumesc|cu stimă|med vänliga hälsningar|vänliga hälsningar|hälsningar|"
    r"med venlig hilsen|vennlig hilsen|ystävällisin terveisin|kiitos|köszönöm|üdvözlettel|"
    r"с уважением|спасибо|lijep pozdrav|srdačan pozdrav|s poštovanjem|з повагою|дякую|"
    r"תודה)(?!\w)[^\n]{0,80}$",
    re.I,
)
# A request before what is asked for: "Pourriez-vous me faire une notice pour ... : Les ...".
_REQUEST = re.compile(
    r"^(?:pourriez|pouvez|serait-il|merci de|je (?:voudrais|souhaite\w*)|j'aimerais|could you|"
    r"can you|would you|please|quelqu'un|qqn|est-ce que|anyone|can someone|does anyone)\b"
    # up to its colon, or its question mark when the question names nothing (no comma, no
    # quote: "quelqu'un peut vérifier si on l'a déjà ? Stourm, ...")
    # or "... la notice de" / "... a record for" just before what it names
    r"(?:[^:?\n«\"“]{0,200}?:|[^:?\n«\"“,]{0,200}?\?"
    r"|[^:?\n«\"“,]{0,120}?\b(?:notice|record|fiche)\s+(?:de|d['’]|du|for|of)(?=\s|\w))\s*(?=\S)",
    re.I,
)
# A greeting and a sentence on the line before a quoted title ("Hallo zusammen, hier noch eine
# Broschüre: "Maison Leclaire ...", Paris, ...").
_GREETED = re.compile(_GREETING_WORDS + r"[^\n\"«]{0,160}?:\s*(?=[\"«])", re.I)
_HEADER = re.compile(  # a reply's or a forward's subject too: "Re: ...", "TR : ...", "AW: ..."
    r"^(?:subject|objet|asunto|oggetto|betreff|assunto|onderwerp|temat|předmět|predmet|ämne|"
    r"emne|aihe|tárgy|subiect|тема|konu|件名|from|to|cc|sent|envoyé|re|fwd?|tr|aw|wg)"
    r"\s?(?::\s|：\s?)",
    re.I,
)
_SIGNATURE = 60  # a line after the closing this short is a name, a service, a telephone


def opened(lines: list[str]) -> list[str]:
    """`lines` without the headers ("Subject: ...", "From: ...") and the greeting above."""
    while lines and _HEADER.match(lines[0]):
        lines = lines[1:]
    while lines and not lines[0]:
        lines = lines[1:]
    if len(lines) > 2 and _GREETING.match(lines[0]):
        lines = lines[1:]
    return lines


def closed(lines: list[str]) -> list[str]:
    """`lines` without the closing and the short lines of the signature under it."""
    closing = next(
        (i for i, line in enumerate(lines) if i and _CLOSING.match(line) and not _titled(lines, i)),
        None,
    )
    if closing is not None and all(len(line) <= _SIGNATURE for line in lines[closing:]):
        return lines[:closing]
    return lines


def asked(line: str) -> str:
    """A first line without the request or the greeting before what it names."""
    return _GREETED.sub("", _REQUEST.sub("", line))


def _titled(lines: list[str], at: int) -> bool:
    """A bare "Hilsen ...", "Grüße ..." that is a title before its imprint ("Hilsen fra Norge ⏎
    Oslo : Cappelen, 1985"), not a letter's closing ("Hilsen fra Kari")."""
    bare = re.match(r"(?i)(?:hilsen|grü(?:ß|ss)e)\s", lines[at])
    return bare is not None and any(lex.YEAR.search(line) for line in lines[at:])
