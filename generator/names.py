"""The closed lists users choose from, each written once: tasks, methods, languages.

The CLI's choices, `RunConfig`'s checks, the API's schema and the method registry all read
these, so a new task is added here (a language in validators.langs) and everywhere follows.
Nothing heavy is imported: the CLI reads this module while building `--help`.
"""

from __future__ import annotations

# The languages and the default one, the same in every command and route: written once in
# validators (the leftmost package), re-exported here.
from validators.langs import DEFAULT_LANG, LANGS

TASKS = ("unimarc", "math")
METHODS = ("backtranslation", "answer", "reasoning", "synthesis")
# How a model writes a record: MarcEdit's mnemonic lines, or MARCXML (validators.grammar.SYNTAXES).
SYNTAXES = ("marcxml", "mrk")
DEFAULT_SYNTAX = "marcxml"
# What sends a run's requests: the asyncio loop in this process, or a Ray Data pipeline.
ENGINES = ("local", "ray")
# Repair rounds a run may ask for an invalid record (`--repair`).
MAX_REPAIR = 2
__all__ = [
    "DEFAULT_LANG",
    "DEFAULT_SYNTAX",
    "ENGINES",
    "LANGS",
    "MAX_REPAIR",
    "METHODS",
    "SYNTAXES",
    "TASKS",
]
