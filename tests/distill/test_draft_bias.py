"""Decoding with a bonus for the rules' draft: what it proposes, and that it moves a model."""

from __future__ import annotations

import pytest

from distill.prompting import draft_of, student_messages
from generator.draft_bias import END, next_draft_text

DRAFT = [
    "=101  0\\$afre",
    "=200  1\\$aTitre$fAuteur",
    "=702  \\1$aA$bB",
    "=702  \\1$aC$bD",
]
HEAD = "=LDR  00000nam0\\2200000\\\\\\450\\\n=100  \\\\$a20000101d1990    m  y0frey50      ba\n"


@pytest.mark.parametrize(
    ("written", "proposed"),
    [
        (HEAD, "=101  0\\$afre\n"),
        (HEAD + "=101  0\\$afre\n=2", "00  1\\$aTitre$fAuteur\n"),
        (HEAD + "=101  0\\$afre\n=200  1\\$aTitre$fAuteur", "\n"),
        # a field written the student's own way: the draft's line for it is passed
        (HEAD + "=101  0\\$afre\n=200  1\\$aAutre titre\n", "=702  \\1$aA$bB\n"),
        (HEAD + "=102  \\\\$aFR\n", "=200  1\\$aTitre$fAuteur\n"),
        # a repeated field: the next of its draft lines, until the field has as many as the draft
        (HEAD + "=702  \\1$aA$bB\n", "=702  \\1$aC$bD\n"),
        (HEAD + "=702  \\1$aZ\n=702  \\1$aY\n", END),
        (HEAD + "=101  0\\$afre\n=200  1\\$aTitre$fAuteur\n=3", None),
        (HEAD + "\n".join(DRAFT) + "\n", END),
    ],
)  # fmt: skip
def test_the_draft_proposes_its_next_line_then_the_end(written, proposed):
    assert next_draft_text(DRAFT, written) == proposed


def test_no_draft_no_proposal():
    assert next_draft_text([], HEAD) is None


def test_the_draft_is_read_back_from_the_prompt():
    messages = student_messages("Le Petit Prince / Antoine de Saint-Exupéry. — Paris : Gallimard")
    draft = draft_of(messages)
    assert "=200  1\\$aLe Petit Prince$fAntoine de Saint-Exupéry" in draft
    assert all(line.startswith("=") for line in draft)
    assert draft_of([{"role": "user", "content": "no draft here"}]) == []


@pytest.mark.slow
def test_a_strong_bias_makes_even_a_random_model_write_the_draft(tiny_student):
    """A random model writes the draft's lines only when the bias is on, then ends the record;
    under the grammar the bias does not override its mask (the record still opens with =LDR)."""
    from distill.catalogue import CatalogueOptions, Cataloguer
    from distill.student import Student

    description = "Le Petit Prince / Antoine de Saint-Exupéry. — Paris : Gallimard, 1946. — 93 p."
    draft = draft_of(student_messages(description))
    student = Student(str(tiny_student))

    def answer(bias: float, constrain: bool, tokens: int) -> str:
        options = CatalogueOptions(draft_bias=bias, constrain=constrain, max_new_tokens=tokens)
        return Cataloguer(student, options).catalogue([description])[0].answer

    assert answer(100.0, False, 200).strip().splitlines() == draft
    assert not set(draft) & set(answer(0.0, False, 200).splitlines())
    assert answer(100.0, True, 12).startswith("=LDR  ")


def test_the_leader_of_a_draft_comes_first_and_is_passed_once_written():
    draft = ["=LDR  00000nam0\\2200000\\\\\\450\\", *DRAFT]
    assert next_draft_text(draft, "") == draft[0] + "\n"
    assert next_draft_text(draft, "=LDR  00000cjc0\\2200000\\\\\\450\\\n") == DRAFT[0] + "\n"


@pytest.mark.slow
def test_a_bundle_decodes_with_the_bias_it_was_measured_with(tiny_student, tmp_path):
    """`bench/student.py` chooses the bias on validation and exports it with the student:
    `copiste catalogue` and the API then decode as was measured, unless told otherwise."""
    from distill.catalogue import CatalogueOptions, Cataloguer
    from distill.export import export
    from distill.student import Student

    description = "Le Petit Prince / Antoine de Saint-Exupéry. — Paris : Gallimard, 1946. — 93 p."
    draft = draft_of(student_messages(description))
    manifest = export(tiny_student, tmp_path / "bundle", max_new_tokens=200, draft_bias=100.0)
    assert manifest["draft_bias"] == 100.0
    student = Student(str(tmp_path / "bundle"))

    def answer(**options) -> str:
        cataloguer = Cataloguer(student, CatalogueOptions(constrain=False, **options))
        return cataloguer.catalogue([description])[0].answer

    assert answer().strip().splitlines() == draft
    assert not set(draft) & set(answer(draft_bias=0.0).splitlines())
    assert Student(str(tiny_student)).draft_bias == 5.0  # a folder that is no bundle: the default
