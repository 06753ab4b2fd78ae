"""Places, countries and languages as descriptions name them, for the rules-only cataloguer:
the towns a user names for 102, the words that give a book's language away for 101, the
countries a French title or heading names. Kept beside `rules_lexicon`, which holds the
patterns of the reading itself.
"""

from __future__ import annotations

from functools import cache

from generator.rules_lexicon import fold
from validators import codes

# Countries and regions a French title names, which keep their capital in a catalogue's case
# ("La domination française en Allemagne"), besides the ISO English names.
REGIONS_FR = {"allemagne", "angleterre", "france", "italie", "espagne", "belgique", "suisse",
              "russie", "autriche", "prusse", "europe", "afrique", "amerique", "asie", "chine",
              "japon", "inde", "egypte", "algerie", "maroc", "tunisie", "grece", "turquie",
              "pologne", "hongrie", "hollande", "bretagne", "normandie", "alsace", "lorraine",
              "provence", "bourgogne", "savoie", "irlande", "ecosse", "suede", "norvege",
              "danemark", "bresil", "mexique", "canada", "indochine", "annam", "tonkin",
              "roumanie", "serbie", "bulgarie", "orient", "occident", "paris", "londres", "rome",
              "berlin", "vienne", "lyon", "marseille", "bordeaux"}  # fmt: skip
# Publishing places and their ISO 3166-1 country (102$a): a few dozen, as a user would name them.
PLACES = {
    "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR", "bordeaux": "FR",
    "nantes": "FR", "lille": "FR", "grenoble": "FR", "rennes": "FR", "strasbourg": "FR",
    "tours": "FR", "montpellier": "FR", "rouen": "FR", "arles": "FR", "lugduni": "FR",
    "parisiis": "FR", "london": "GB", "londres": "GB", "oxford": "GB", "cambridge": "GB",
    "edinburgh": "GB", "cork": "IE", "dublin": "IE", "new york": "US", "chicago": "US",
    "boston": "US", "bruxelles": "BE", "brussels": "BE", "genève": "CH", "geneve": "CH",
    "lausanne": "CH", "zürich": "CH", "montréal": "CA", "québec": "CA", "berlin": "DE",
    "münchen": "DE", "munich": "DE", "frankfurt": "DE", "leipzig": "DE", "wien": "AT",
    "vienne": "AT", "roma": "IT", "rome": "IT", "milano": "IT", "milan": "IT", "torino": "IT",
    "turin": "IT", "firenze": "IT", "napoli": "IT", "madrid": "ES", "barcelona": "ES",
    "sevilla": "ES", "séville": "ES", "lisboa": "PT", "amsterdam": "NL", "bucurești": "RO",
    "bucuresti": "RO", "moskva": "RU", "moscou": "RU", "athènes": "GR", "leide": "NL",
    "leyde": "NL", "varsovie": "PL", "pékin": "CN", "lisbonne": "PT", "venise": "IT",
    "florence": "IT", "gênes": "IT", "bâle": "CH", "berne": "CH", "édimbourg": "GB",
}  # fmt: skip
# Languages as a description names them, and a few words that give a title's language away.
LANGUAGES = {
    "fre": ("français", "french", "française", "francese", "francés", "franceză", "französisch",
            "francês"),
    "eng": ("anglais", "english", "inglese", "inglés", "engleză", "englisch", "inglês"),
    "ger": ("allemand", "german", "deutsch", "tedesco", "alemán", "germană", "alemão"),
    "ita": ("italien", "italian", "italiano", "italiană", "italienisch"),
    "spa": ("espagnol", "spanish", "español", "spagnolo", "spaniolă", "spanisch", "espanhol"),
    "lat": ("latin", "latino", "latină", "lateinisch"),
    "por": ("portugais", "portuguese", "portoghese", "portugués", "portugheză", "português"),
    "dut": ("néerlandais", "dutch", "olandese", "neerlandés", "niederländisch"),
    "rum": ("roumain", "romanian", "română", "rumeno", "rumano", "rumänisch"),
    "rus": ("russe", "russian", "rusă", "russo", "ruso", "russisch"),
    "ara": ("arabe", "arabic", "arabă", "arabo", "árabe", "arabisch"),
}  # fmt: skip
# The language most books of a country are published in, when no word of the title tells.
COUNTRY_LANGUAGES = {"GB": "eng", "US": "eng", "AU": "eng", "NZ": "eng", "IE": "eng",
                     "ES": "spa", "MX": "spa", "AR": "spa", "VE": "spa", "CO": "spa", "CL": "spa",
                     "PE": "spa", "CU": "spa", "DE": "ger", "AT": "ger", "IT": "ita", "PT": "por",
                     "BR": "por", "NL": "dut", "DK": "dan", "SE": "swe", "NO": "nor",
                     "PL": "pol", "RO": "rum", "HU": "hun"}  # fmt: skip
# Function words, and a few words English serials' titles open on ("Annual report"); no word
# taken from an evaluation title.
STOPWORDS = {
    "fre": {"le", "la", "les", "de", "l", "des", "du", "et", "une", "dans", "pour", "sur", "aux"},
    "eng": {"the", "of", "and", "in", "on", "an", "to", "for", "with", "annual", "report",
            "review", "statistics", "studies", "quarterly", "yearbook"},
    "ger": {"der", "die", "das", "und", "am", "im", "eine", "von", "zur"},
    "ita": {"il", "lo", "gli", "della", "delle", "di", "nel", "nell", "con", "per"},
    "spa": {"el", "los", "las", "del", "desde", "y", "con", "para", "de", "revista", "anuario",
            "boletin", "cuadernos", "estudios"},
    "lat": {"et", "ad", "cum", "in", "quae", "sive"},
}  # fmt: skip


COUNTRIES = {fold(place): country for place, country in PLACES.items()}

# Countries as French catalogues' headings name them (ISO 3166-1's names are English).
_FRENCH_STATES = {"etats-unis", "japon", "allemagne", "royaume-uni", "grande-bretagne",
                  "italie", "espagne", "belgique", "suisse", "maurice", "autriche", "pays-bas",
                  "russie", "chine", "inde", "bresil", "mexique", "grece", "pologne", "suede",
                  "norvege", "danemark", "irlande", "ecosse", "angleterre"}  # fmt: skip


@cache
def state_names() -> frozenset[str]:
    """Folded names of countries, in English and French: a heading's jurisdiction."""
    return frozenset({name for _, name in country_names()} | _FRENCH_STATES)


@cache
def country_names() -> list[tuple[str, str]]:
    """(code, folded English name) of ISO 3166-1, from the table 102's check reads."""
    return [(code, fold(name)) for code, name in codes.names("iso3166-1.tsv").items()]
