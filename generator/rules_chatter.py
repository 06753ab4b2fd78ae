"""What a marketplace listing, an order or a chat transcript carries around the item, set aside
for the rules-only reading (`generator.rules_pasted.set_aside`): a price, postage, the copy's
condition, an item or record number, a listing's category crumbs, and a chat's speakers with
their times, the library's own replies and the window's title.

Why lines and not words: each of these sits on a line of its own (or opens one), where a
title, a publisher or a date never does; read as parts, "45 €" is an extent and "Condition:
Used" a subtitle.
"""

from __future__ import annotations

import re

from generator.rules_label_words import known
from generator.rules_lexicon import fold

_PRICE = (
    r"(?:[€£$]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|£|\$|eur\b|euros?\b|chf\b|usd\b|gbp\b)"
    r"|(?:eur|chf|usd|gbp)\s?\d[\d.,]*)"
)
# A line that prices, ships or numbers the copy ("45 €", "Condition: Used", "Versand: EUR 4,50",
# "Artikel-Nr. 48213", "MMS ID 991004587230105806").
_TRADE = re.compile(
    rf"^(?:{_PRICE}(?:\s.*)?"
    r"|(?:price|prix|preis|prezzo|precio|preço|condition|état|zustand|stato|estado|versand|"
    r"shipping|postage|envío|envio|spedizione|livraison|frais de port|artikel-nr|item number|"
    r"mms id|record #|réf\. libraire)\b\s*(?:[:.#-]|\s\d).*)$",
    re.I,
)
# A chat's speaker and time before what is said: "Utente (10:42): ", "[10:42] ", "Tom 10:42 ".
_SPEAKER = re.compile(
    r"^(?:\[\d{1,2}[:h]\d{2}\]\s*|[^\W\d][\w*'’ .]{0,30}?\s\(\d{1,2}[:h]\d{2}\)\s*:\s*)"
)
# ... the library's own, whose replies name no item; the chat window's title.
_LIBRARY = re.compile(
    r"^(?:bibliothek|biblioteca|bibliotecari[oa]|bibliothèque|bibliothécaire|library|librarian|"
    r"mediateca|médiathèque)\b",
    re.I,
)
_WINDOW = re.compile(r"^[^\n:]{2,60}\s[–-]\s(?:chat|live chat)$", re.I)
# A union list's holdings under its title: a département's number, a library's siglum and the
# years it holds ("75 BIUC   1850-1868.", "69 BM 1853-1860 [lacunes]").
_HOLDINGS = re.compile(r"^\d{2,3}\s+[A-Z][A-Z0-9\-]{1,9}\s+\d{4}(?:\s?-\s?(?:\d{4})?)?\b.{0,40}$")
# A post's hashtags, a transcriber's "[...]", an auction's lot number and its terms; a routing
# slip's boxes to tick ("☐ Fr. Berger ☐ Hr. Öztürk"), a form's or a card's number on a line of
# its own ("Ficha n.º 17").
_AROUND = re.compile(
    r"^(?:(?:\S*\s*#\w+\s*)+|\[\s*(?:\.\.\.|…)\s*\]|lot n[°o]\s*\d+|item \d{1,4}|"
    r"(?:.*?[☐☑☒□]){2}.*|"
    r"(?:fiche|ficha|scheda|karte|karteikarte|card|bon|bordereau|formulaire|form|demande|"
    r"request|order|commande|bestellung|carton|box|boîte|dossier|item|inventaire|accession)\b"
    r"[\w'’ ]{0,20}\s(?:n\.?[°º]|no\.|nr\.)\s?\d[\w\-/]*\.?|"
    r"(?:estimation|frais acheteur|exposition publique|pièce n°\s*\d+|fascicule)\b.*|"
    # a forum's byline: "Posted by bombarde16", "Message de X »", "Verfasst von X"
    r"(?:posted by|posté par|message de|verfasst von|inviato da|publicado por|geplaatst door)"
    r"\s\S+(?:\s[»›]?.{0,40})?)$",
    re.I,
)


# A post's pictographs (emoji: "📊", "🧵", "👇") and a thread's counter opening a post ("1/4").
_EMOJI = re.compile(  # not a routing slip's boxes ("☐ Fr. Berger"), which `_AROUND` reads
    r"[\U0001F000-\U0001FAFF\uFE0F\u200D\u2600-\u260F\u2613-\u27BF\u2B00-\u2BFF]"
)
_COUNTER = re.compile(r"^\d{1,2}/\d{1,2}\s+(?=\S)")
# A display's field left empty, a dash for its value ("ISBN/ISSN: -", "Edisi: —").
_EMPTY = re.compile(r"^[^:]{2,40}:\s*[-–—]+\s*$")


# A catalogue's screen named at the top of what was copied from it ("Toyo Bunko OPAC —
# Western-language books", "Biblioteca Complutense — Catálogo Cisne", "Sénat — Catalogue en
# ligne"): a part of eight words at most, no digit, one of them the catalogue's; not a
# catalogue's own title ("Catalogue des incunables — Bibliothèque nationale").
_SCREEN = re.compile(
    r"^(?!.*\d)(?=(?:\S+\s+){0,7}\S+$)(?:.*\b(?:opac|metaopac|discovery)\b"
    # a catalogue's word alone, or with a screen's or a union catalogue's ("Catalog online",
    # "Catalogue en ligne", "Электронный каталог", "Catálogo Coletivo"), not a book's
    # ("The complete catalogue", "Catalogue raisonné", "katalog zbiorów")
    r"|(?:catalog|catalogue|catalogo|catálogo|catalogus|katalog|каталог)"
    r"|.*\b(?:catalog|catalogue|catalogo|catálogo|catalogus|katalog|каталог)\b\s+"
    r"(?:online|en ligne|in linea|en línea|on-line|web|colectivo|coletivo|collettivo|tarama|"
    r"suche)\b.*"
    r"|.*\b(?:online|electronic|электронный|web)\s+(?:catalog|catalogue|каталог)\b.*)$",
    re.I,
)


def without_screen(lines: list[str]) -> list[str]:
    """`lines` without the catalogue screen's name above them, its library and its name set
    apart by a dash, and without its menus and tabs; a table's header row stays, which a row
    of as many cells follows."""
    parts = re.split(r"\s[—–]\s", lines[0]) if lines else []
    if len(lines) > 1 and len(parts) > 1 and any(_SCREEN.search(part) for part in parts):
        lines = lines[1:]
    return [
        line
        for i, line in enumerate(lines)
        if not _menu(line) or _cell_count(lines[i + 1 : i + 2]) == _cell_count([line])
    ]


def _cell_count(lines: list[str]) -> int:
    """How many cells between bars the first of `lines` has (0: none)."""
    return len(lines[0].strip(" |").split(" | ")) if lines else 0


def _menu(line: str) -> bool:
    """A screen's menu or tabs: three cells or more between bars, each of three words at most,
    no number and no label the labelled reader knows ("Căutare simplă | Căutare avansată |
    Răsfoire", "Nuova ricerca | Modifica ricerca | Elenco OPAC")."""
    cells = [cell.strip() for cell in line.strip(" |").split(" | ")]
    return len(cells) >= 3 and all(
        0 < len(cell.split()) <= 3
        and not re.search(r"\d", cell)
        and not known(fold(cell).strip(), whole=True)
        for cell in cells
    )


def without_chatter(lines: list[str]) -> list[str]:
    """`lines` without a listing's and a chat's lines around the item, speakers' names cut,
    a union list's holdings, a post's pictographs and a thread's counters, a display's empty
    fields."""
    lines = [_EMOJI.sub("", line).strip() for line in lines]
    if lines and _COUNTER.match(lines[0]):  # a thread's posts; not a series' "10/18" below
        lines = [_COUNTER.sub("", line) for line in lines]
    priced = any(_TRADE.match(line) for line in lines)
    kept = []
    for line in lines:
        if (
            _EMPTY.match(line)
            or _TRADE.match(line)
            or _WINDOW.match(line)
            or _AROUND.match(line)
            or _HOLDINGS.match(line)
        ):
            continue
        if priced and " · " in line and not re.search(r"\d", line):
            continue  # a listing's category crumbs: "Livros · Particular"
        if speaker := _SPEAKER.match(line):
            if _LIBRARY.match(line):
                continue
            line = line[speaker.end() :]
        kept.append(line)
    return kept
