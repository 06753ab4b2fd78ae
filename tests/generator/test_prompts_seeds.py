"""Templates (every task x method x language), their content hash, and the seed readers."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.methods import METHODS, TASKS, get_method
from generator.prompts import PROMPTS_DIR, TemplateMissing, load_template, split_messages
from generator.rules_baseline import rules_draft
from generator.seeds import SeedError, load_seeds


def seed_for(task: str, method: str, lang: str, records_path):
    if task == "unimarc" and method != "synthesis":
        return load_seeds(records_path, task=task, method=method, lang=lang)[0]
    return load_seeds(None, task=task, method=method, lang=lang)[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("task", TASKS)
def test_every_template_renders_a_few_shot_chat(task, method, lang, records_path):
    template = load_template(task, method, lang)
    seed = seed_for(task, method, lang, records_path)
    messages = template.render(**get_method(task, method).variables(seed, lang))
    roles = [m["role"] for m in messages]
    assert roles[0] == "system" and roles[-1] == "user"
    assert "assistant" in roles  # at least one worked example
    assert all(m["content"] for m in messages)
    assert len(template.hash) == 64
    last = messages[-1]["content"]
    if task == "unimarc" and method == "backtranslation":
        assert "Le cartographe des marées" in last
    if task == "math" and method == "answer":
        assert seed.question in last


@pytest.mark.parametrize("method", ["answer", "reasoning"])
def test_a_teacher_asked_for_mrk_gets_the_rules_draft_of_the_description(method):
    """The same draft a student reads: the embedded teacher invented titles and names without it."""
    description = "Le Petit Prince / Antoine de Saint-Exupéry. — Paris : Gallimard, 1946. — 93 p."
    for lang in ("fr", "en"):
        messages = load_template("unimarc", method, lang, syntax="mrk").render(question=description)
        last = messages[-1]["content"]
        assert last.startswith(description) and last.endswith(rules_draft(description))
        assert "=200  1\\$aLe Petit Prince$fAntoine de Saint-Exupéry" in last
        assert "=210  \\\\$aParis$cGallimard$d1946" in last
        # the worked example shows the draft too, so the teacher sees what to do with one
        example = next(m["content"] for m in messages if m["role"] == "user")
        assert "=2" in example.split("\n\n")[-1]


def test_the_hash_covers_imported_few_shot_files(tmp_path):
    root = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, root)
    before = load_template("unimarc", "answer", "fr", root=root).hash
    assert before == load_template("unimarc", "answer", "fr", root=root).hash
    fewshot = root / "unimarc" / "_fewshot.j2"
    fewshot.write_text(fewshot.read_text().replace("312 p.", "313 p."))
    from generator.prompts import environment

    environment.cache_clear()  # a new process would start afresh
    assert load_template("unimarc", "answer", "fr", root=root).hash != before
    environment.cache_clear()


def test_missing_template_and_bad_layouts_are_reported():
    with pytest.raises(TemplateMissing, match=r"unimarc/poetry\.fr\.j2"):
        load_template("unimarc", "poetry", "fr")
    with pytest.raises(ValueError, match="must start"):
        split_messages("hello\n<<user>>\nhi")
    with pytest.raises(ValueError, match="end with a <<user>>"):
        split_messages("<<user>>\nhi\n<<assistant>>\nhello")


def test_records_become_seeds_with_their_001(records_path, real_dir):
    seeds = load_seeds(records_path, task="unimarc", method="backtranslation", lang="fr")
    assert [s.id for s in seeds] == [f"COPISTE-T-000{i}" for i in range(1, 5)]
    assert seeds[0].parsed_record.first("200", "a") == "Le cartographe des marées"
    iso = load_seeds(
        real_dir / "bnr-romania_iso2709__qa-catalogue.mrc",
        task="unimarc",
        method="answer",
        lang="fr",
    )
    assert len(iso) == 21 and all(s.record for s in iso)


def test_jsonl_seeds_localised_and_checked(tmp_path):
    path = tmp_path / "seeds.jsonl"
    rows = [
        {"id": "p1", "question": {"fr": "Combien ?", "en": "How many?"}, "answer": 3},
        {"question": "No id?"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    seeds = load_seeds(path, task="math", method="answer", lang="en")
    assert [(s.id, s.question, s.answer) for s in seeds] == [
        ("p1", "How many?", "3"),
        ("seed-2", "No id?", None),
    ]
    path.write_text('{"id": "x", "colour": "blue"}\n')
    with pytest.raises(SeedError, match="unknown seed field"):
        load_seeds(path, task="math", method="answer", lang="en")
    path.write_text("{not json\n")
    with pytest.raises(SeedError, match="line 1: not JSON"):
        load_seeds(path, task="math", method="answer", lang="en")


def test_seed_fields_of_the_wrong_type_are_a_seed_error():
    """Found by schemathesis through POST /v1/jobs: a dict where a question belongs was a 500."""
    with pytest.raises(SeedError, match=r"seed 1: question: .*string"):
        load_seeds([{"question": {}}], task="unimarc", method="synthesis", lang="en")
    with pytest.raises(SeedError, match="seed 2: topic"):
        load_seeds(
            ["fine", {"topic": ["a", "list"]}], task="unimarc", method="synthesis", lang="en"
        )


def test_inline_seeds_and_builtin_sets(records_path):
    xml = records_path.read_text()
    one = xml[xml.index("<record>") : xml.index("</record>") + len("</record>")]
    seeds = load_seeds(
        [one, "Un problème ?", {"topic": "a thesis"}], task="unimarc", method="synthesis", lang="fr"
    )
    assert seeds[0].id == "COPISTE-T-0001" and seeds[1].question == "Un problème ?"
    assert seeds[2].topic == "a thesis"
    problems = load_seeds(None, task="math", method="answer", lang="fr")
    assert len(problems) >= 20 and all(p.expression and p.answer for p in problems)
    topics = load_seeds(None, task="unimarc", method="synthesis", lang="en")
    assert topics[0].topic == "a contemporary novel in paperback"
    with pytest.raises(SeedError, match="needs seeds"):
        load_seeds(None, task="unimarc", method="answer", lang="fr")


def test_unusable_seed_files_are_clear_errors(tmp_path):
    with pytest.raises(SeedError, match="not found"):
        load_seeds(tmp_path / "nope.xml", task="unimarc", method="answer", lang="fr")
    broken = tmp_path / "broken.xml"
    broken.write_text("<collection><record><leader>x</leader>")
    with pytest.raises(SeedError, match="no readable record"):
        load_seeds(broken, task="unimarc", method="answer", lang="fr")
    strange = tmp_path / "data.bin"
    strange.write_bytes(b"\x00\x01binary")
    with pytest.raises(SeedError, match="cannot tell"):
        load_seeds(strange, task="unimarc", method="answer", lang="fr")


def test_a_seed_record_counts_by_content_not_by_layout(records_path):
    from generator.seeds import Seed
    from validators import Record

    seed = load_seeds(records_path, task="unimarc", method="answer", lang="fr")[0]
    compact = Record.from_marcxml(seed.record).to_marcxml(pretty=False)
    assert Seed(id=seed.id, record=compact).content_hash == seed.content_hash
    edited = seed.record.replace("248 p.", "249 p.")
    assert Seed(id=seed.id, record=edited).content_hash != seed.content_hash
