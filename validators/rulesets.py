"""Named rule sets: which rules run, for which kind of data."""

from __future__ import annotations

from functools import cache

import validators.rules  # noqa: F401  (registers the rules)
from validators.engine import REGISTRY, RuleSet

DEFAULT = "strict"


@cache
def get_ruleset(name: str = DEFAULT) -> RuleSet:
    if name not in RULESETS:
        raise KeyError(f"unknown rule set {name!r}; choose one of {', '.join(RULESETS)}")
    return RULESETS[name]()


RULESETS = {
    "strict": lambda: RuleSet("strict", "IFLA UNIMARC as written", tuple(REGISTRY.values())),
}
