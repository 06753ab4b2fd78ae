"""Rule modules; importing this package registers every rule in `validators.engine.REGISTRY`."""

from validators.rules import core  # noqa: F401
