"""How examples are shown to a student: the instruction it gets and the shape of its answer.

The same prompt must be used to build the datasets, to evaluate a base or trained student and in
the exported bundle's loader, or the figures of the evaluation would measure a different task.
"""

from __future__ import annotations

SYSTEM_PROMPTS: dict[tuple[str, str], str] = {
    ("unimarc", "en"): (
        "You are a library cataloguer. Write the UNIMARC bibliographic record of the document "
        "the user describes, as one MARCXML <record> element. Answer with the XML only."
    ),
    ("unimarc", "fr"): (
        "Vous êtes catalogueur. Rédigez la notice bibliographique UNIMARC du document décrit "
        "par l'utilisateur, sous la forme d'un élément MARCXML <record>. Répondez par le XML seul."
    ),
    ("math", "en"): ("Solve the problem. Give the final answer as a number on the last line."),
    ("math", "fr"): (
        "Résolvez le problème. Donnez la réponse finale sous forme de nombre sur la dernière ligne."
    ),
}

# Reasoning traces (ReFT) are written before the answer, between these markers, in the
# assistant turn; extract_xml and the numeric checker skip them when reading the answer.
THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"


def system_prompt(task: str, lang: str) -> str:
    return SYSTEM_PROMPTS.get((task, lang)) or SYSTEM_PROMPTS.get((task, "en")) or ""


def prompt_messages(task: str, lang: str, question: str) -> list[dict[str, str]]:
    """The conversation a student receives: the task's instruction, then the question."""
    messages = [{"role": "user", "content": question}]
    system = system_prompt(task, lang)
    return [{"role": "system", "content": system}, *messages] if system else messages


def assistant(content: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": content}]


def with_reasoning(reasoning: str, answer: str) -> str:
    """The assistant turn of a reasoning-trace example: the trace, then the answer."""
    return f"{THINK_OPEN}\n{reasoning.strip()}\n{THINK_CLOSE}\n{answer.strip()}"


def strip_reasoning(text: str) -> str:
    """The answer part of a completion: what follows the reasoning trace, if any."""
    _, found, after = text.rpartition(THINK_CLOSE)
    return after.strip() if found else text
