"""Checks the generator adds to the validators' verdict: grounding, numeric answers, arithmetic.

A backtranslated description is only useful if it carries what the record says (title, author,
year): otherwise the student learns to invent. Math answers are numbers compared with the seed's
gold answer, and synthesised problems carry an expression that must evaluate to their answer.
"""

from __future__ import annotations

import ast
import hashlib
import operator
import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.isbd import Facts
from generator.parsing import _THOUSANDS, normalise_number

# Bump when a check below changes meaning: stored responses are then judged again.
CHECKS_VERSION = "2"
TITLE_COVERAGE = 0.8
# Words a teacher may drop or change when it cites a title (articles, prepositions).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "au",
        "aux",
        "d",
        "de",
        "del",
        "della",
        "des",
        "di",
        "die",
        "das",
        "der",
        "du",
        "en",
        "et",
        "gli",
        "il",
        "l",
        "la",
        "le",
        "les",
        "lo",
        "of",
        "the",
        "un",
        "una",
        "une",
        "und",
        "von",
    ]
)


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: what matching compares."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


def title_present(title: str, text: str) -> bool:
    """The whole title, or most of its words (a teacher may drop an article or a subtitle)."""
    wanted, folded = fold(title), fold(text)
    if not wanted:
        return True
    if f" {wanted} " in f" {folded} ":
        return True
    words = set(folded.split())
    tokens = [t for t in wanted.split() if t not in STOPWORDS] or wanted.split()
    return sum(t in words for t in tokens) / len(tokens) >= TITLE_COVERAGE


def phrase_present(needle: str, text: str) -> bool:
    """`needle`'s words, in order, in `text`, case and accents aside."""
    folded = fold(needle)
    return bool(folded) and f" {folded} " in f" {fold(text)} "


def grounding(text: str, facts: Facts) -> dict[str, Any]:
    """Which facts of the record the text carries; a fact the record lacks is not asked for."""
    detail: dict[str, bool | None] = {
        "title": title_present(facts.title, text) if facts.title else None,
        "author": any(phrase_present(a, text) for a in facts.authors) if facts.authors else None,
        "year": facts.year in re.findall(r"\d{4}", text) if facts.year else None,
    }
    return {"grounding": all(v is not False for v in detail.values()), "grounding_detail": detail}


_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}


class ExpressionError(ValueError):
    """Not a plain arithmetic expression over numbers."""


def evaluate(expression: str) -> tuple[Decimal, list[str]]:
    """The value of `3 * (12 + 4) / 2`, and its operands; no names, calls or powers allowed."""
    text = expression.replace("×", "*").replace("÷", "/").replace(",", ".").strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"not an arithmetic expression: {expression!r}") from None
    operands: list[str] = []

    def walk(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            operands.append(normalise_number(str(node.value)) or str(node.value))
            return Decimal(str(node.value))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = walk(node.left), walk(node.right)
            try:
                return _OPERATORS[type(node.op)](left, right)
            except ArithmeticError:
                raise ExpressionError(f"cannot evaluate {expression!r}") from None
        raise ExpressionError(f"only numbers and + - * / // % are allowed: {expression!r}")

    return walk(tree.body), operands


def numbers_in(text: str) -> set[str]:
    text = _THOUSANDS.sub("", text)
    found = (normalise_number(n) for n in re.findall(r"\d+(?:[.,]\d+)?", text))
    return {n for n in found if n is not None}


def operands_present(question: str, operands: list[str]) -> bool:
    """Every number the solution uses is given in the problem (the teacher did not drop one)."""
    present = numbers_in(question)
    return all(normalise_number(o.lstrip("-")) in present for o in operands)


def validator_version(rules: str) -> str:
    """Changes when the rule engine, the rule set chosen or these checks change."""
    from validators import engine

    version = f"{engine.ENGINE_VERSION}|{rules}|checks-{CHECKS_VERSION}"
    return hashlib.sha256(version.encode()).hexdigest()[:16]
