"""Prompt templates: `prompts/<task>/<method>.<lang>.j2`, versioned by content hash.

A method that writes records has one template per syntax: `<method>.<lang>.j2` asks for MARCXML,
`<method>.mrk.<lang>.j2` for MarcEdit lines. `repair.<lang>.j2` renders the message of a repair
round (the validators' findings on the last answer).

A template renders to a chat. Lines `<<system>>`, `<<user>>` and `<<assistant>>` open a message;
few-shot turns are simply earlier user/assistant pairs. Shared pieces (the few-shot records) live
in `_*.j2` files that templates `{% import %}`; the hash covers the template and everything it
imports or includes, so editing any of them gives new cache keys and new requests.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from generator.isbd import field_lines, isbd
from generator.rules_baseline import rules_draft
from generator.teachers.base import Message
from validators import Record

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
ROLE_LINE = re.compile(r"^<<(system|user|assistant)>>[ \t]*$", re.MULTILINE)


class TemplateMissing(LookupError):
    """No template for this task, method and language."""


@dataclass(frozen=True, slots=True)
class Template:
    name: str  # "unimarc/backtranslation.fr"
    hash: str  # sha256 of the template and every file it pulls in
    template: jinja2.Template

    def render(self, **variables: Any) -> list[Message]:
        return split_messages(self.template.render(**variables))


@cache
def environment(root: Path = PROMPTS_DIR) -> jinja2.Environment:
    """Jinja2 with the filters templates use to show a record (`record_fields`, `record_isbd`,
    `record_mrk`) and to draft one from a description by rules (`rules_draft`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["record_fields"] = lambda xml: field_lines(Record.from_marcxml(xml.strip()))
    env.filters["record_isbd"] = lambda xml, lang="fr": isbd(Record.from_marcxml(xml.strip()), lang)
    env.filters["record_mrk"] = lambda xml: Record.from_marcxml(xml.strip()).to_mrk().rstrip()
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["rules_draft"] = rules_draft
    return env


def load_template(
    task: str, method: str, lang: str, root: Path = PROMPTS_DIR, *, syntax: str = "marcxml"
) -> Template:
    """The template of `method` in `lang`, asking for records in `syntax` (MARCXML's keeps the
    plain name, so the cache keys of runs made before syntaxes existed stay the same)."""
    name = f"{task}/{method}.{lang}" if syntax == "marcxml" else f"{task}/{method}.{syntax}.{lang}"
    env = environment(root)
    try:
        template = env.get_template(f"{name}.j2")
    except jinja2.TemplateNotFound:
        raise TemplateMissing(f"no prompt template {name}.j2 in {root}") from None
    return Template(name, template_hash(env, f"{name}.j2"), template)


def template_hash(env: jinja2.Environment, filename: str) -> str:
    """sha256 over the template's source and, recursively, the sources it references."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    pending = [filename]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
        digest.update(current.encode() + b"\0" + source.encode() + b"\0")
        pending.extend(sorted(r for r in meta.find_referenced_templates(env.parse(source)) if r))
    return digest.hexdigest()


def split_messages(text: str) -> list[Message]:
    """Cut rendered text into chat messages at the role lines."""
    parts = ROLE_LINE.split(text)
    if parts[0].strip():
        raise ValueError("a template must start with a <<system>> or <<user>> line")
    messages = [
        {"role": role, "content": content.strip()}
        for role, content in zip(parts[1::2], parts[2::2], strict=True)
    ]
    if not messages or messages[-1]["role"] != "user":
        raise ValueError("a template must end with a <<user>> message")
    return messages
