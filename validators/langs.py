"""The languages copiste speaks (rule messages, prompts, verdicts) and the one default.

validators is the leftmost package, so the default lives here and `generator.names` re-exports
it: every command's `--lang`, every route's `lang` and `validate()` read this one value. No
imports, so a CLI can read it while building `--help`.
"""

LANGS = ("en", "fr")
DEFAULT_LANG = "en"
