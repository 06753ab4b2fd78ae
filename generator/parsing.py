"""Turn raw teacher text into the parts of an example: reasoning, question, answer.

Small teachers wrap their output in prose, code fences, labels and quotes; reasoning models put
their trace in `<think>` blocks (or the server splits it off into a separate field). Parsing is
forgiving about the wrapping and strict about the content, which the checks then judge.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

_THINK = re.compile(r"<(think|thinking|reasoning)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_OPEN_THINK = re.compile(r"^\s*<(think|thinking|reasoning)>(.*)$", re.DOTALL | re.IGNORECASE)
_CLOSE_ONLY = re.compile(r"^(.*?)</(think|thinking|reasoning)>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[\w-]*[ \t]*\n?(.*?)```", re.DOTALL)
_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:description|question|problem|problème|probleme|énoncé|enonce|"
    r"texte|text|answer|réponse|reponse)(?:\*\*)?\s*:\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)
_QUOTES = ('"', "«", "“", "'")
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = r"-?\d+(?:[.,]\d+)?"
_FINAL = re.compile(
    rf"(?:####|\\boxed\{{|(?:final answer|answer|réponse finale|réponse|reponse|résultat|"
    rf"resultat|result)\s*(?:is|est)?\s*[:=]?)\s*\$?\s*({_NUMBER})",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(_NUMBER)
_TAG = "<{0}>(.*?)</{0}>"


def split_reasoning(text: str, server_reasoning: str | None = None) -> tuple[str | None, str]:
    """(reasoning, rest): the server's reasoning field wins, else `<think>` blocks are cut out.

    An unclosed `<think>` (the teacher ran out of tokens while thinking) is all reasoning and
    leaves no answer. A `</think>` without its opening tag closes a trace that started with the
    answer (chat templates that put `<think>` in the prompt; small models imitating them).
    """
    if server_reasoning and server_reasoning.strip():
        return server_reasoning.strip(), _THINK.sub("", text).strip()
    blocks = [m.group(2).strip() for m in _THINK.finditer(text)]
    rest = _THINK.sub("", text)
    headless = _CLOSE_ONLY.match(rest)
    if headless:
        blocks.insert(0, headless.group(1).strip())
        rest = rest[headless.end() :]
    unclosed = _OPEN_THINK.match(rest)
    if unclosed:
        blocks.append(unclosed.group(2).strip())
        rest = ""
    reasoning = "\n\n".join(b for b in blocks if b)
    return reasoning or None, rest.strip()


def clean_prose(text: str) -> str:
    """The text itself, without code fences, a leading label or enclosing quotes."""
    fenced = _FENCE.findall(text)
    if fenced:
        text = max(fenced, key=len)
    text = _LABEL.sub("", text.strip(), count=1).strip()
    closing = {'"': '"', "«": "»", "“": "”", "'": "'"}
    if len(text) > 1 and text[0] in _QUOTES and text.endswith(closing[text[0]]):
        text = text[1:-1].strip()
    return text


def normalise_number(text: str) -> str | None:
    """`12,5` / `12.50` / `1 200` as a canonical decimal string (`12.5`, `1200`), or None."""
    text = _THOUSANDS.sub("", text.strip()).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def final_number(text: str) -> str | None:
    """The answer of a solution: after `####`, `Answer:`, `Réponse :`..., else the last number."""
    text = _THOUSANDS.sub("", text)
    marked = _FINAL.findall(text)
    if marked:
        return normalise_number(marked[-1])
    numbers = _ANY_NUMBER.findall(text)
    return normalise_number(numbers[-1]) if numbers else None


def numbers_equal(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    x, y = normalise_number(a), normalise_number(b)
    if x is None or y is None:
        return False
    return abs(Decimal(x) - Decimal(y)) <= Decimal("1e-6") * max(Decimal(1), abs(Decimal(y)))


def tagged(text: str, name: str) -> str | None:
    found = re.search(_TAG.format(name), text, re.DOTALL | re.IGNORECASE)
    return found.group(1).strip() if found else None


def json_object(text: str) -> dict | None:
    """The first JSON object in `text` (bare, fenced or inside prose), or None."""
    candidates = [*_FENCE.findall(text), text]
    for candidate in candidates:
        start = candidate.find("{")
        while start != -1:
            try:
                value, _ = json.JSONDecoder().raw_decode(candidate[start:])
            except ValueError:
                start = candidate.find("{", start + 1)
                continue
            if isinstance(value, dict):
                return value
            start = candidate.find("{", start + 1)
    return None
