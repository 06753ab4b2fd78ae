"""Named rule sets: which rules run, at which severity, on what kind of data.

- `strict`: UNIMARC as IFLA writes it; every rule at its declared severity.
- `lenient`: legacy data as libraries actually hold it: `#` and `|` read as blank indicators,
  code lists matched case-insensitively, coded dates left blank accepted, undefined digit
  subfields ($1, $9) read as local ones, and rules that old records commonly bend (801
  missing, indicators, 100$a positions other than its length and date) become warnings. The
  rules the corruption operators target stay errors in both sets.
"""

from __future__ import annotations

from functools import cache

import validators.rules  # noqa: F401  (registers the rules)
from validators.engine import REGISTRY, RULESETS, Profile, RuleSet

DEFAULT = "strict"


def _strict() -> RuleSet:
    return RuleSet(
        "strict",
        "IFLA UNIMARC as written",
        {r.id: r.severity for r in REGISTRY.values()},
    )


def _lenient() -> RuleSet:
    return RuleSet(
        "lenient",
        "legacy data: blank indicators as # or |, 801 optional, minor codes as warnings",
        {r.id: r.lenient or r.severity for r in REGISTRY.values()},
        Profile(
            blank_indicators=frozenset(" #|"),
            fill_indicator="|",
            fold_case=True,
            blank_dates=True,
            local_digit_subfields=True,
        ),
    )


RULESETS.update({"strict": _strict, "lenient": _lenient})


@cache
def get_ruleset(name: str = DEFAULT) -> RuleSet:
    if name not in RULESETS:
        raise KeyError(f"unknown rule set {name!r}; choose one of {', '.join(RULESETS)}")
    return RULESETS[name]()
