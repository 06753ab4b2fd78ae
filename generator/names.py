"""The closed lists users choose from, each written once: tasks, methods, languages.

The CLI's choices, `RunConfig`'s checks, the API's schema and the method registry all read
these, so a new task or language is added here and everywhere follows. No imports: the CLI
reads this module while building `--help`.
"""

from __future__ import annotations

TASKS = ("unimarc", "math")
METHODS = ("backtranslation", "answer", "reasoning", "synthesis")
LANGS = ("en", "fr")
# The language of prompts and messages when none is given, the same in every command and route.
DEFAULT_LANG = "en"
# How a model writes a record: MarcEdit's mnemonic lines, or MARCXML (validators.grammar.SYNTAXES).
SYNTAXES = ("marcxml", "mrk")
DEFAULT_SYNTAX = "marcxml"
# Repair rounds a run may ask for an invalid record (`--repair`).
MAX_REPAIR = 2
