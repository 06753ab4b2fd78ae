"""What the rules-only cataloguer (`generator.rules_baseline`) reads descriptions with: the
regular expressions for identifiers, years, extents, sizes, editions, series and names, and the
word tables (labels, roles, designations), kept apart from the reading itself.
"""

from __future__ import annotations

import re
import unicodedata

ISBN = re.compile(
    r"\bISBN(?:-1[03])?(?:/[\w/]+)?\s*:?\s*([0-9][0-9\- ]{8,16}[0-9Xx])(?:\s*\(([^)]{1,30})\))?"
)  # "ISBN 2-07-...", "ISBN-13 : 978-...", DNB's "ISBN/Einband/Preis: 3-8094-..."
BARE_ISBN = re.compile(r"\b(97[89][\- ]?[0-9][0-9\- ]{8,14}[0-9])\b")
ISSN = re.compile(r"\bISSN\s*[:\-]?\s*([0-9]{4}-?[0-9]{3}[0-9Xx])")
# An ISSN without its label, as compact descriptions end ("... / 1855- / 1146-7266").
BARE_ISSN = re.compile(r"(?<![\w\-])([0-9]{4}-[0-9]{3}[0-9Xx])(?![\w\-])")
# ISBD's general material designation after a title: "[Texte imprimé]", "[Ressource électronique]".
_DESIGNATIONS = (
    r"texte imprimé|texte manuscrit|ressource [ée]lectronique|enregistrement sonore|"
    r"images? animées?|image fixe|musique (?:imprimée|manuscrite)|document cartographique"
    r"(?: imprimé)?|multimédia multisupport|document électronique|objet|kit|text tip\w*|"
    r"printed text|electronic resource|sound recording|videorecording|cartographic material|"
    r"elektronisk resurs|elektronische ressource|risorsa elettronica|recurso electr[oó]nico|"
    r"recurso eletr[oô]nico|مصدر إلكتروني|testo a stampa|texto impreso|druckschrift|tryckt text|"
    r"obrazový dokument|elektronický zdroj|tištěný text|elektronische bron|gedrukte tekst|"
    r"dokument elektroniczny|tekst drukowany"
)
GMD = re.compile(rf"\s*\[+\s*({_DESIGNATIONS})\s*\]+", re.I)
# ... on a line of its own, without brackets, under a display's title ("Recurso eletrônico");
# not the everyday words "objet" and "kit"
GMD_ALONE = re.compile(rf"^[ \t]*(?!objet|kit)({_DESIGNATIONS})[ \t]*\.?[ \t]*$", re.I | re.M)
# ISO 639-1's codes of the languages met, as ISO 639-2/B (101) writes them: web pages' "en".
ALPHA_2 = {"fr": "fre", "en": "eng", "de": "ger", "it": "ita", "es": "spa", "pt": "por",
           "nl": "dut", "la": "lat", "ru": "rus", "ro": "rum", "pl": "pol", "sv": "swe",
           "da": "dan", "no": "nor", "fi": "fin", "cs": "cze", "hu": "hun", "el": "gre",
           "ar": "ara", "ja": "jpn", "zh": "chi"}  # fmt: skip
# The designations as cataloguers write them, what a slip in typing one is set back to.
GMD_TERMS = ("Texte imprimé", "Texte manuscrit", "Ressource électronique",
             "Enregistrement sonore", "Images animées", "Image fixe", "Musique imprimée",
             "Musique manuscrite", "Document cartographique", "Multimédia multisupport",
             "Document électronique")  # fmt: skip
YEAR = re.compile(r"(?<![0-9\-])(1[4-9][0-9]{2}|20[0-9]{2})(?![0-9])")
# 210$d as ISBD transcribes it: a serial's opening year ("1995-"), a span ("2002-2007"), the
# copyright or legal deposit mark ("cop. 2010", "DL 2009") and the brackets of a supplied date.
# "No date" in other lists' words ("s.d.", "n.d.", German "o.J.", Norwegian "u.å.", Polish
# "b.r.", Hungarian "é. n."; not Latin "s.a.", a Spanish firm's "S.A."), ISBD's "[s.d.]".
NO_DATE_WORDS = r"(?:s\.\s?d|n\.\s?d|o\.\s?J|u\.\s?å|b\.\s?r|é\.\s?n)"
NO_DATE = re.compile(rf"\[?{NO_DATE_WORDS}\.(?!\w)\]?")
# ... after a town or a publisher, the date left in it: "Penguin, n.d.", "Budapest, é. n"
NO_DATE_AFTER = re.compile(rf",\s*\[?{NO_DATE_WORDS}\.?\]?$")
_Y = r"(?:1[4-9][0-9]{2}|20[0-9]{2}|(?:1[4-9]|20)[0-9.]\.)"  # "[19..]-": a decade unknown
PUBLICATION_DATE = re.compile(
    rf"(?<![\w\-])(\[s\.\s?d\.\]|{NO_DATE.pattern}|\[?(?:(?:cop\.|impr\.|DL|ca\.|c)\s?)?{_Y}"
    rf"(?:\s?\((?:DL|impr\.|cop\.|P)\))?\]?"
    rf"(?:\s?-\s?(?:{_Y}|[0-9]{{2}}(?![0-9]))\]?|/{_Y}-?|-(?![0-9]))?)"
)
PAGES = re.compile(  # "1 232 pages": a thousands' space inside the count; "55-IX p."
    # and the counted sequences after the roman one: "X, 266, 30 p."
    r"((?:(?<![^\W\d_])[\[\]ivxlcdm]+\s*[-+,]\s*(?:[\[\]0-9]+\s*[+,]\s*){0,3}|[\[\]0-9]+-)?"
    r"\[?(?<![0-9])(?:[0-9]{1,3}"
    r"(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+|(?<=-)[ivxlcdm]+)\]?)\s*"
    # and as the Slavic, Dutch, Hungarian and Nordic lists count them: "300 с.", "212 str.",
    # "96 blz.", "120 old.", "212 sider", "48 л." (leaves)
    r"(pp?\.|pages?|f\.|ff\.|feuillets|leaves|S\.|Seiten|pagine|p[áa]gs?\.|p[áa]ginas"
    r"|с\.|стр\.|л\.|str\.|stron|blz\.|old\.|sider|sidor)(?!\w)",
    re.I,
)
# A whole extent as French cataloguing abbreviates it: "1 vol. (VIII-439 p.)", "2 disques".
UNITS = re.compile(
    r"(\d+)\s*(vol\.|vols\.?|volumes?|tomes|tomos|tomi|Bände|Bde\.|disques?|cartes?|partitions?|"
    r"feuillets?|atlas|est\.|estampes?)"
    r"(?:\s*(\([^)]{1,60}\)))?",
    re.I,
)
ABBREVIATIONS = (
    (r"\b(?:volumes?|vols\.|vols\b|tomes|tomos|tomi|Bände|Bde\.)(?!\w)", "vol."),
    (r"\bpages?\b", "p."),
    (r"\bfeuillets\b", "f."),
)
SIZE = re.compile(
    r"([0-9]+(?:[.,][0-9]+)?(?:\s*x\s*[0-9]+(?:[.,][0-9]+)?){0,2})\s*(?:cm\b|centim[eè]tres?)",
    re.I,
)
# What a physical description names as illustrations, and its abbreviation in 215$c (maps as
# written: "carte dépl." and "cartes" are different statements).
AS_WRITTEN = ""
ILLUSTRATIONS = (
    (r"\bill(?:\.|ustrations?\b|ustrée?s?\b)", "ill."), (r"\bfig(?:\.|ures?\b)", "fig."),
    (r"\bpl(?:\.|anches?\b)", "pl."), (r"\bcartes?\b(?:\s+dépl\.)?", AS_WRITTEN),
    (r"\bportr(?:\.|aits?\b)", "portr."),
    (r"\bfac-sim(?:\.|ilés?\b)", "fac-sim."), (r"\bgraph(?:\.|iques?\b)", "graph."),
    (r"\ben coul(?:\.|eurs?\b)", "en coul."),
)  # fmt: skip
ILL = re.compile(r"\b(ill\.|illustr|illustré|en couleurs|cartes?\b|fig\.|figures)", re.I)
# An edition statement with what it says of the text ("2e éd., rev., corr. et augm.", "4. éd.
# revue et mise au courant", "3rd ed., rev. and enl."), up to the next area or sentence.
EDITION = re.compile(
    r"\b((?:[0-9]+(?:\.(?=[ªºa]))?\s*(?:e|è|ème|ª|nd|rd|st|th|re|°|a)?\.?\s*(?:éd\.|édition|ed\.|edition|ed\b|"
    r"edizione|ristampa|edición|edição)"
    r"|(?:nouv\.|nouvelle|new|revised|rev\.)\s+(?:éd\.|édition|ed\.|edition|ed\b)"
    r"|[0-9]+\.,?\s*(?:[^\W\d_]+\.?,?\s+){0,8}(?:Aufl\.|Auflage|Ausg\.|Ausgabe)"  # "2., überarb."
    # an ordinal in words: "Zweite, auf Grundlage der Bundesverfassung von 1874 ... Ausgabe"
    r"|(?:^|(?<=\.\s)|(?<=;\s))(?:zweite|dritte|vierte|fünfte|neue|second|third|fourth|fifth|"
    r"deuxième|troisième|"
    r"quatrième|seconda|terza|quarta|segunda|tercera|cuarta),?\s+(?:(?:[^\W\d_]+|\d{4})\.?,?\s+)"
    r"{0,10}?(?:Ausgabe|Auflage|Aufl\.|édition|edition|edizione|edición))"
    r"(?:[,.]?\s*(?:rev\w*\.?|cor\w*\.?|augm\w*\.?|bcp|refondue|mise au courant|entièrement|"
    r"complétée|enl\w*\.?|updated|expanded|et|and|&)(?=[\s,.]|$))*)",
    re.I,
)
SERIES = re.compile(
    r"^\(?(?:collection|coll\.|series|série)\s*:?\s*(.+?)\)?\.?$|^\((.+?)\)\.?$", re.I
)
# A series' number, or numbers after " ; " ("Folio classique ; 2675-2676")
SERIES_NUMBER = re.compile(
    r"\s*(?:[;,]\s*|\s)(?:n°|no\.?|vol\.?|num[ée]ro)?\s*([0-9]+|(?<=;\s)[0-9]+-[0-9]+)\s*$", re.I
)
# The words before a name say its role: the author's (700/701) or another's (702, relator code).
ROLES = {
    "sous la direction de": "727", "under the supervision of": "727", "traduit par": "730",
    "translated by": "730", "trans. by": "730", "transl. by": "730", "tr. by": "730",
    "edited by": "340", "ed. by": "340", "édité par": "340", "édition de": "340",
    "edición de": "340", "a cura di": "340", "cartographie": "180", "illustré par": "440",
    "illustrated by": "440", "préface de": "080", "preface by": "080", "préf. de": "080",
    "trad. de": "730", "trad. par": "730", "traduction de": "730", "postface de": "075",
    "postf. de": "075", "introd. de": "080", "introduction de": "080", "ill. de": "440",
    "illustrations de": "440", "avant-propos de": "080", "trans.": "730",
    "con una prefazione di": "080", "con prefazione di": "080", "prefazione di": "080",
    "introduzione di": "080", "traduzione di": "730", "tradotto da": "730",
    "illustrazioni di": "440", "prólogo de": "080", "con prólogo de": "080",
    "traducción de": "730", "traducido por": "730", "ilustraciones de": "440",
    "mit einem vorwort von": "080", "vorwort von": "080", "übersetzt von": "730",
    "herausgegeben von": "340", "hrsg. von": "340", "mit illustrationen von": "440",
}  # fmt: skip
# "préface d'Henri Guillemin": the same roles before a vowel.
ROLES |= {cue[:-2] + apostrophe: code for cue, code in list(ROLES.items())
          if cue.endswith(" de") for apostrophe in ("d'", "d’")}  # fmt: skip
# A role said before "par"/"by" with other words between ("édition établie et annotée par X",
# "[préface] par X", "Texte traduit de l'anglais par X"): the cue's code, first match wins.
ROLE_CUES = (
    (re.compile(r"tradu|translat|\btrad\.|\btr\.|übersetz", re.I), "730"),
    (re.compile(r"pr[ée]fa[cz]|introduc|introduz|avant-propos|foreword|pr[óo]logo|vorwort", re.I),
     "080"),
    (re.compile(r"illustr", re.I), "440"),
    (re.compile(r"[ée]dit|[ée]tabli|annot|publi[ée]e?s?\b|recueilli|r[ée]uni|continu|"
                r"\bed\.|\b[ée]d\.|\beds\.", re.I), "340"),
)  # fmt: skip
# A statement of another's role as a comma list sets it after the title ("préface de X", "con
# una prefazione di X", "with an introduction by X"): 200$g, and the person's 702.
ROLE_STATEMENT = re.compile(
    r"(?:(?:avec|with|con|mit)\s(?:(?:une?|an?|una|einem)\s)?)?"
    rf"(?:{'|'.join(re.escape(cue) for cue in ROLES)})\s+(?=(?-i:[A-ZÀ-ÝЀ-Я]))",
    re.I,
)
# The words that announce a title in a sentence, in the languages of the letters and posts that
# name a book so: "intitulé T", "titled T", "mit dem Titel T"; and, before a capital only, a
# letter's or a thesis's "nel volume T", "na breve memória T", "il s'agit de T".
TITLE_WORDS = (
    r"intitulée?s?|titled|entitled|intitolat[oaie]|titulad[oa]s?|betitelt(?:e[nms]?)?|"
    r"mit dem Titel|unter dem Titel|getiteld|met de titel|sous le titre|under the title|"
    r"con el título|col titolo|dal titolo|com o título|intitulad[oa]s?|intitulat[ăa]?|"
    r"pod tytułem|zatytułowan[aey]|s názvem|című"
)
SENTENCE_CUES = (
    r"nel volume|il volume|na (?:breve )?memória|no livro|il s['’]agit de|"
    r"dans son (?:livre|ouvrage)|in (?:his|her) book|im Band|en su libro|"
    r"in (?:seinem|ihrem) Buch|nel suo libro|en su obra|in (?:zijn|haar) boek|"
    r"dans l['’]ouvrage|in the (?:book|volume)|no seu livro|în cartea"
)
TITLE_CUES = f"{TITLE_WORDS}|{SENTENCE_CUES}"
# A name and its role in parentheses after it, as booksellers list them.
ROLES_AFTER = {"author": "070", "auteur": "070", "auteur du texte": "070", "translator": "730",
               "traducteur": "730", "traductrice": "730", "editor": "340",
               "editeur scientifique": "340", "illustrator": "440", "illustrateur": "440",
               "foreword": "080", "preface": "080", "prefacier": "080",
               "directeur de publication": "651", "compositeur": "230",
               "cartographe": "180", "verfasser": "070", "autore": "070", "autor": "070",
               "herausgeber": "340", "hrsg.": "340", "übersetzer": "730", "traduttore": "730",
               "traductor": "730", "curatore": "340", "illustratore": "440",
               "ilustrador": "440", "directeur de these": "727", "bearbeiter": "340",
               "bearb.": "340", "graveur": "440", "ed. lit.": "340",
               "degree supervisor": "727"}  # fmt: skip
# The role a catalogue displays after a name: ". Auteur du texte", " (Translator)", the Library
# of Congress's ", editor.".
ROLE_AFTER_NAME = re.compile(
    r"(?:\.\s+|,\s+|\s*[(\[])((?i:auteur du texte|auteur|directeur de thèse|traducteur|traductrice|"
    r"illustrateur|préfacier|"
    r"éditeur scientifique|directeur de publication|compositeur|cartographe|author|translator|"
    r"editor|illustrator|verfasser|herausgeber|hrsg\.|übersetzer|autore|traduttore|curatore|"
    r"autor|traductor|foreword|bearbeiter|graveur|ed\. lit|degree supervisor))"
    r"(?:[Ii]n)?\.?[)\]]?$"  # K10plus' "VerfasserIn"
)
NAMED_ROLE = re.compile(
    rf"([A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s+[A-ZÀ-ÝЀ-Я][\w'’\-.]+){{1,3}})\s*\(((?i:{'|'.join(ROLES_AFTER)}))\)"
)
BY = re.compile(
    rf"(?:^|[\s(])((?i:{'|'.join(ROLES)}|par|by|written by|auctore|von|di|de))"
    r"(?:\s+|(?<=['’]))(?:(?<=[Pp]ar )le\s+(?=(?:Maréchal|Général|Comte|Baron|Docteur|Duc|"
    r"Marquis|Vicomte|Colonel|Capitaine|Professeur|Président)\b))?([A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s+(?:de\s+|van\s+|von\s+)?[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3})"
)
NAME = re.compile(
    r"^[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s+(?:de\s+|van\s+|von\s+)?[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3}$"
)
# Titles a title page gives before a name, which no heading keeps ("le Maréchal Cte Bertrand").
HONORIFICS = {"marechal", "cte", "comte", "general", "gal", "baron", "docteur", "dr", "mgr",
              "abbe", "prof", "professeur", "sir", "m", "mme", "mlle", "mm", "capitaine",
              "colonel", "amiral", "duc", "marquis", "vicomte", "monsieur", "madame"}  # fmt: skip
# "Surname, Forename" with the dates a catalogue's heading gives: "(1950-)" or ", 1802-1885",
# and as cards write them: "(1560?-1628)", "(geb. 1951)".
# A particle may stand inside the surname ("Geyr von Schweppenburg, Max").
INVERTED = re.compile(r"^([A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s(?:(?:von|van|zu|de|du|da|di|del)\s)?"
                      r"[A-ZÀ-ÝЀ-Я][\w'’\-]+)?),"
                      r"\s*([A-ZÀ-ÝЀ-Я][\w'’\-. ]*?)"
                       r"(?:\s*\(\(?(?:(?:geb\.|née? en|b\.|born|n\.|nat[oa] nel|ur\.)\s?)?"
                       r"([0-9][0-9.?\-–]+)\)?\)"
                       r"|,\s*([0-9]{3,4}\??-(?:[0-9]{3,4}\??)?))?\.?$")  # fmt: skip
# A name's dates after it in parentheses: "Émile Zola (1840-1902)", "(1937-....)".
DATES_AFTER = re.compile(r"\s*\(\(?(\d{3,4}[0-9.?]*-[0-9.?]*)\)?\)\.?$")
# A birth year alone, as a shop or a list gives it: "Peter Burian (n. 1951)", "(b. 1941)".
BORN = re.compile(r"\((?:n\.|b\.|born|geb\.|né|née|nato|nata|ur\.)\s?(\d{4})\)")
# A person known by one name, with the dates that tell it from a word ("Stendhal (1783-1842)").
SINGLE_NAME = re.compile(r"^([A-ZÀ-ÝЀ-Я][\w'’\-]+)" + DATES_AFTER.pattern)
HEADING = re.compile(
    r"^(?:(?:au |le )?verso|back|dos de la page de titre|page de titre|couverture|cover|"
    r"(?:frontespizio|frontispice|title page|titelblatt|portada|titelseite)[^:]{0,40}?|"
    r"(revue|périodique|partition|score|carte|map|livre|thèse|mémoire)[^:]{0,40}?)\s*:\s*",
    re.I,
)
# An imprint without its date: "Place : Publisher," (the date on the next line).
IMPRINT = re.compile(r"^\[?([^:\[\]]{2,40}?)\]?\s+:\s+([^:;/]{2,80}?),?$")
# ISBD's publication area: "Place : Publisher, Date" (any place, any publisher).
# English sets the colon without a space before it ("Paris: A. Lacroix, 1862").
PUBLICATION_AREA = re.compile(r"^\[?([^:\[\]]{2,60}?)\]?\s*:\s+(.{2,120}?)[,;]\s*(\S.{3,30}?)\.?$")
# Words that make a name a corporate body's (710/712) rather than a person's (700-702).
CORPORATE = re.compile(
    r"\b(academy|académie|accademia|agence|agency|association|\w*bank|banque|board|bureau|"
    r"cent(?:re|er|ro)|comité|commission|committee|conseil|council|department|département|"
    r"fondation|foundation|fondazione|institut\w*|istituto|library|bibliothèque|ministère|"
    r"ministry|musée|museum|office|organi[sz]ation|records|productions|société|society|"
    r"università|universit[éy]|universidad|uniwersytet|company|ltd|inc|gmbh|orchestr\w*|"
    r"ensemble|choeur|chœur|quartet|quatuor|nations|union|statistical|gouvernement|government|"
    r"colegio|college|collège|[ée]cole|school|banco|banca|laboratoire|laboratory|instituto|observatoire|"
    r"observatory|facult\w+|corporation|authority|autorité|forum|fundaci[oó]n|\w*verein|kring|"
    r"fund|fonds|federation|fédération|confederation|confédération|syndicat|chamber|\w*zentrum|"
    # German bodies' compounds ("Friedrich-Ebert-Stiftung", "Pfarrarchiv", "Staatsbibliothek"),
    # not the titles that open on the bare word ("Archiv für Sozialgeschichte")
    r"\w*stiftung|\w+archiv|\w+bibliothek|\w*akademie|\w*ministerium|\w*verband|universität|"
    r"\w*hochschule)\b",
    re.I,
)
# A line that says what the item is ("livre numérique en PDF", "Thèse de doctorat, ..."), not
# a journal's title that opens on the word ("Revue des deux mondes", "Revue d'histoire").
GENRE = re.compile(
    r"^(?:partition|score|livre|book|thèse|mémoire|thesis|revue(?!\s+(?:des?|du|d['’])\b)|"
    r"carte|map)\b(?!.* / )",
    re.I,
)
# Leader/6-7 from what the description says the item is: music, maps, serials.
# The main author's relator code where the kind of document tells it (a score's composer,
# a map's cartographer).
KIND_ROLES = {"cm": "230", "em": "180", "km": "440"}
# The kind a general material designation says (folded): a score, a print, a map.
GMD_KINDS = {"musique": "cm", "image fixe": "km", "document cartographique": "em",
             "cartographic": "em"}  # fmt: skip
# A score's instrumentation in its title ("Mélodies ... pour chant et piano", "for organ").
SCORED = re.compile(
    r"\b(?:pour|for|für|per)\s+(?:(?:une?|deux|trois|quatre|\d+)\s+)?(?:piano|orgue|organ|orgel|"
    r"violons?|violins?|violoncelle|cello|chant|voix|voices?|orchestre|orchestra|flûte|flute|"
    r"guitare|guitar|clavecin|harpsichord|harpe|harp|quatuor|quartet|choeur|chœur|choir)\b",
    re.I,
)
# A thesis: its university is an access point as the degree grantor (relator 295).
THESIS = re.compile(r"\b(?:thèse|these|thesis|mémoire|dissertation|doctorat)\b", re.I)
KINDS = {"partition": "cm", "score": "cm", "carte": "em", "map": "em", "revue": "as",
          "périodique": "as"}  # fmt: skip
ARTICLES = {"le", "la", "les", "l", "un", "une", "the", "a", "an", "die", "der", "das", "il",
             "el", "lo", "los", "las", "de", "du", "des", "ein", "eine"}  # fmt: skip
# Particles of a surname when written in capitals ("P. Van de Kamp"; "Ludwig van Beethoven" not).
PARTICLES = {"Van", "Von", "De", "Du", "Des", "Da", "Di", "Del", "Della", "Dos", "La", "Le", "Ten",
             "Ter", "Mac"}  # fmt: skip
# A surname's particle in small letters ("Jean de La Fontaine", "Borel d'Hauterive").
PARTICLE = re.compile(
    r"^(?:de|d['’]\w*|van|von|der|den|da|di|du|des|la|le|y|e|zu|dos|das|del|della|degli|ten|ter|op)$"
)
# Abbreviations of four letters or more whose full stop ends no sentence ("Impr. Morel").
ABBREVIATED = {"impr", "edit", "trad", "réimpr", "reimpr", "ill", "illustr", "nouv", "augm",
               "prof", "coll", "dir", "publ", "ltda", "bibliogr", "suppl", "pref", "postf",
               "introd", "annot", "comment", "collab", "photogr", "reed", "reprod", "angl", "trans",
               "allem", "ital", "dépl", "depl", "coul", "portr", "graph"}  # fmt: skip
# A volume's number after a title's " ; " ("; 8 ; Russie", "; II ; ..."), not a word ("CIVIL").
PART_NUMBER = re.compile(r"^(?:\d+|[IVXLC]+)(?=\s*(?:[;,.]|$))")
# A part's designation after its title ("Les misérables. T. 1", "Annales. Vol. 3"): 200$h.
PART = re.compile(
    r"^(?:T|Tome|Vol|Volume|Livre|Partie|Part|Bd|Band|Book|Fasc|Fascicule)\.?\s*[0-9IVXLC]+\b"
)
# Words no personal name opens on: articles and prepositions ("En Russie", "Sur la route"),
# a role's abbreviation ("Trans. William Weaver", "Ed. John Steele").
NOT_NAMES = ARTICLES | {"en", "in", "au", "aux", "a", "sur", "pour", "of", "for", "on", "to",
                        "dans", "par", "by", "et", "and", "trans.", "trad.", "ed.", "eds.",
                        "dir.", "ill.", "pref.", "introd.", "em", "auf", "im", "nel",
                        "nella", "och", "und"}  # fmt: skip
# A serial's or a report's own words, which no person's name holds ("Administrative Science
# Quarterly", "Annual Report", "American Ethnologist"'s like: "Harvard Law Review").
SERIAL_WORDS = re.compile(
    r"\b(?:quarterly|review|journal|report|bulletin|annals|annales|proceedings|transactions|"
    r"yearbook|jahrbuch|zeitschrift|revue|rivista|revista|gazette|magazine|newsletter|studies|"
    r"science|sciences|history|economics|society|institute|institut|annual|cahiers|anuario|"
    r"annuaire|acta)\b",
    re.I,
)
PUBLISHER_WORDS = re.compile(
    r"\b(éditions?|editions?|edizioni|ediciones|press|presses|\w*verlag|publish\w*|books|"
    r"libraire|librairie|université|university|apud|impr\w*|association)\b",
    re.I,
)
# The word a firm's name ends on, which catalogues leave out ("Harcourt Brace, Publishers").
PUBLISHERS_WORD = re.compile(r",\s*(?:publishers?|éditeurs?)\.?(?=\n|$)", re.I | re.M)
# Words around a publisher's name: "publiée à Nantes par ...", "apud ...", "... depuis 2005".
PUBLISHER_NOISE = re.compile(
    r"^.*\b(?:chez|apud|par|pub\w* by|publié par|présentée? à l'|à)\b\s*(?:l['’](?=[A-ZÀ-ÝЀ-Я]))?"
    r"|\s+(?:depuis|en|since)\s+[0-9]{4}$",
    re.I,
)
# What introduces a publisher in prose: the part after it is a publisher, the next its place.
PUBLISHER_CUE = re.compile(r"^(?:publiée?s? chez|pub\w* by|publié par|édité par|chez)\s", re.I)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Designations in the languages of catalogues that do not write UNIMARC, as a French record
# (cataloguing language "fre" in 100) writes them; Italian and Romanian ones stay their own.
GMD_FRENCH = {fold(typed): french for typed, french in {
    "electronic resource": "Ressource électronique", "elektronisk resurs": "Ressource électronique",
    "elektronische ressource": "Ressource électronique", "recurso electronico":
    "Ressource électronique", "recurso eletronico": "Ressource électronique",
    "مصدر إلكتروني": "Ressource électronique", "printed text": "Texte imprimé",
    "texto impreso": "Texte imprimé", "druckschrift": "Texte imprimé", "tryckt text":
    "Texte imprimé", "sound recording": "Enregistrement sonore", "videorecording":
    "Images animées", "cartographic material": "Document cartographique",
    "obrazový dokument": "Image fixe", "elektronický zdroj": "Ressource électronique",
    "tištěný text": "Texte imprimé", "elektronische bron": "Ressource électronique",
    "gedrukte tekst": "Texte imprimé", "dokument elektroniczny": "Ressource électronique",
    "tekst drukowany": "Texte imprimé",
}.items()}  # fmt: skip
