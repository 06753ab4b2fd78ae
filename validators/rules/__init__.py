"""Rule modules; importing this package registers every rule in `validators.engine.REGISTRY`."""

from validators.rules import (  # noqa: F401
    coded,
    description,
    doctype,
    identifiers,
    input,
    leader,
    responsibility,
    source,
    structure,
    text,
)
