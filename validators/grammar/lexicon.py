"""How each syntax writes the characters of a record, as regex pieces every dialect reads.

Python `re`, Rust's `regex` (llguidance) and xgrammar read these alike: character classes,
`(?:...)`, `|`, `?`, `*`, `+`, `{n}` and `{m,n}`, no look-around and no back-reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Syntax = Literal["mrk", "marcxml"]

YEAR4 = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
DAY28 = "(?:0[1-9]|1[0-9]|2[0-8])"
# A calendar date; 29 February is taken in any year (leap years are left to the checker).
MMDD = f"(?:(?:0[13578]|1[02])(?:{DAY28}|29|3[01])|(?:0[469]|11)(?:{DAY28}|29|30)|02(?:{DAY28}|29))"
DATE = YEAR4 + MMDD
SPECIAL = set("\\.^$|?*+()[]{}/-")


def esc(text: str) -> str:
    """A literal for every regex dialect the grammar goes to (Lark's `/` delimiter included)."""
    return "".join("\\" + c if c in SPECIAL else ("\\n" if c == "\n" else c) for c in text)


def char_class(chars: Iterable[str]) -> str:
    chars = sorted(set(chars))
    body = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    return body if len(chars) == 1 and body not in SPECIAL else f"[{body}]"


def alt(options: Iterable[str]) -> str:
    options = sorted(set(options))
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """How one syntax writes the characters of a record.

    mrk (as `validators.formats.mrk` writes it) spells `$`, braces, backslashes and control
    characters as mnemonics (`{dollar}`, `{0A}`), and a space of the leader or a control field
    as a backslash; MARCXML escapes `<` and `&` as entities.
    """

    syntax: Syntax
    blank: str  # a blank of the leader, a control field or an indicator
    text: str  # one character of a subfield value, spaces excepted
    space: str  # a space in a subfield value

    @property
    def free(self) -> str:
        """Any one character of a subfield value (100$a's positions)."""
        return f"(?:{self.text}|{self.space})"

    @property
    def free_control(self) -> str:
        """Any one character of the leader or a control field."""
        return f"(?:{self.text}|{self.blank})"

    def value(self) -> str:
        """A subfield value holding at least one character other than a space."""
        return f"{self.space}*{self.text}{self.free}*"

    def control_value(self) -> str:
        return f"{self.blank}*{self.text}{self.free_control}*"

    def literal(self, value: str, *, control: bool = False) -> str:
        """A fixed value as this syntax writes it (`control`: in the leader or a 00X field)."""
        if self.syntax == "mrk":
            escaped = value.translate(MRK_CONTROL if control else MRK_VALUE)
            return esc(escaped)
        return esc(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


MNEMONIC = "\\{(?:dollar|lcub|rcub|bsol|[0-7][0-9A-Fa-f])\\}"
MRK_VALUE = {ord("$"): "{dollar}", ord("{"): "{lcub}", ord("}"): "{rcub}", ord("\\"): "{bsol}"}
MRK_CONTROL = {**MRK_VALUE, ord(" "): "\\"}
XML_ENTITY = "&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);"
LEXICONS = {
    "mrk": Lexicon(
        "mrk",
        blank="\\\\",
        text=f"(?:[^\\x00-\\x20\\x7f$\\\\{{}}]|{MNEMONIC})",
        space=" ",
    ),
    "marcxml": Lexicon(
        "marcxml",
        blank=" ",
        text=f"(?:[^<&\\s]|{XML_ENTITY})",
        space="[^<&\\S]",
    ),
}
WS = "(?:\\n {0,8})?"  # MARCXML: what pretty printing puts between elements
