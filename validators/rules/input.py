"""Rules broken before there is a record to check: the readers report them (`ReadError.rule`)."""

from __future__ import annotations

from validators.engine import declare

declare(
    "XML_WELLFORMED",
    "error",
    1.0,
    "the XML is not well-formed",
    "le XML est mal formé",
)
declare(
    "XML_UNSAFE",
    "error",
    1.0,
    "the XML carries a DTD or entities, which are refused",
    "le XML contient une DTD ou des entités, refusées",
)
declare(
    "XML_MISSING",
    "error",
    1.0,
    "no XML record was found in the text",
    "aucune notice XML n'a été trouvée dans le texte",
)
declare(
    "NO_RECORD",
    "error",
    1.0,
    "the input holds no UNIMARC record",
    "l'entrée ne contient aucune notice UNIMARC",
)
declare(
    "RECORD_COUNT",
    "error",
    1.0,
    "exactly one record was expected",
    "une seule notice était attendue",
)
declare(
    "INPUT_TOO_LARGE",
    "error",
    1.0,
    "the input is larger than the size limit",
    "l'entrée dépasse la taille maximale",
)
declare(
    "ISO2709_STRUCTURE",
    "error",
    1.0,
    "the ISO 2709 record structure is broken",
    "la structure ISO 2709 de la notice est cassée",
)
declare(
    "INPUT_CORRUPT",
    "error",
    1.0,
    "the compressed input is damaged",
    "l'entrée compressée est endommagée",
)
