"""The API's errors speak the server's `lang`, as its verdicts do (issue 14): every message has a
form in each language (`server.messages`), chosen per request like a verdict's language."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from server.messages import FRAMES, MESSAGES
from validators.langs import LANGS
from validators.samples import SAMPLE_RECORD

SERVER_SETTINGS = {"lang": "fr", "default_teacher": "isbd"}
XML = {"Content-Type": "application/xml"}
SERVER = Path(__file__).resolve().parents[2] / "server"


def fields(template: str) -> set[str]:
    return {name.split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == code, body
    return body["message"]


def test_a_french_server_answers_its_own_errors_in_french(module_server):
    two = "<collection>" + SAMPLE_RECORD * 2 + "</collection>"
    with module_server.client() as client:
        assert error(client.post("/v1/validate", content=b" ", headers=XML), 422, "empty_body") == (
            "le corps de la requête est vide"
        )
        several = client.post("/v1/validate", content=two, headers=XML)
        assert error(several, 422, "several_records").startswith("le corps contient plus d'une")
        malformed = client.post("/v1/validate", content="<record><leader>", headers=XML)
        assert error(malformed, 400, "malformed_xml").startswith("le XML est mal formé : ")
        missing = error(client.get("/v1/jobs/nope"), 404, "job_not_found")
        assert missing == "aucune tâche 'nope'"
        nowhere = error(client.get("/v1/nowhere"), 404, "not_found")
        assert nowhere == "aucun point d'accès : GET /v1/nowhere"
        body = {"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD]}
        refused = client.post("/v1/generate", json={**body, "teacher": "http://10.0.0.1"})
        assert "n'utilise pas l'enseignant 'http://10.0.0.1'" in error(
            refused, 422, "teacher_not_allowed"
        )
        rules = client.post("/v1/validate/batch", json={"records": ["x"], "rules": "bogus"})
        assert error(rules, 422, "unknown_rules").startswith("valeur inconnue pour rules : 'bogus'")


def test_another_packages_error_is_framed_in_french(module_server):
    """A seed the generator refuses (its message written in the library) comes back led by a
    French sentence, the library's detail kept."""
    body = {"task": "math", "method": "backtranslation", "seeds": ["Combien font 2 et 3 ?"]}
    with module_server.client() as client:
        english = client.post("/v1/generate?lang=en", json=body)
        french = client.post("/v1/generate", json=body)
    detail = error(english, 422, "invalid_seeds")
    assert error(french, 422, "invalid_seeds") == f"amorces inutilisables : {detail}"


def test_a_refused_body_is_one_readable_line(module_server):
    """A body the schema refuses: pydantic's sentence, framed, without its "Value error, "."""
    both = {"task": "unimarc", "method": "answer", "seeds": ["x"], "seeds_file": "x.xml"}
    with module_server.client() as client:
        refused = client.post("/v1/jobs", json=both)
    message = error(refused, 422, "invalid_request")
    assert message == "requête invalide : give seeds inline or as seeds_file, not both"


def test_a_request_naming_a_language_gets_its_errors_in_it(module_server):
    with module_server.client() as client:
        query = client.post("/v1/validate?lang=en", content=b" ", headers=XML)
        assert error(query, 422, "empty_body") == "the request body is empty"
        assert error(client.get("/v1/jobs/nope?lang=en"), 404, "job_not_found") == "no job 'nope'"
        text = {"record": "a title page, no record"}
        named = client.post("/v1/validate", json={**text, "lang": "en"})
        assert error(named, 422, "no_record") == "no XML record or MarcEdit line in the text"
        unnamed = client.post("/v1/validate", json=text)
        assert (
            error(unnamed, 422, "no_record") == "aucune notice XML ni ligne MarcEdit dans le texte"
        )


def test_every_message_has_a_form_in_each_language_that_keeps_its_values():
    """No translation drops a value the English names (a job id, a limit); one may add what
    only it needs (a rule's sentence in that language)."""
    for key, forms in MESSAGES.items():
        assert set(forms) == set(LANGS), key
        assert all(fields(forms["en"]) <= fields(text) for text in forms.values()), key
    for code, forms in FRAMES.items():
        assert set(forms) <= set(LANGS) - {"en"}, code  # English keeps the message as raised
        assert all(fields(text) == {"detail"} for text in forms.values()), code


def catalogue_keys(path: Path) -> list[tuple[int, str]]:
    """The message ids `APIError` / `JobFailure` calls in `path` name as literals: `key=`, else
    their code when they give no message text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        code_at = {"APIError": 1, "JobFailure": 0}.get(node.func.id)
        if code_at is None:
            continue
        named = {k.arg: k.value for k in node.keywords}
        key = named.get("key")
        if key is None and len(node.args) == code_at + 1:
            key = node.args[code_at]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            found.append((node.lineno, key.value))
    return found


@pytest.mark.parametrize("path", sorted(SERVER.rglob("*.py")), ids=lambda p: p.name)
def test_every_message_the_server_names_is_in_the_catalogue(path):
    missing = [
        f"{path.name}:{line} {key}" for line, key in catalogue_keys(path) if key not in MESSAGES
    ]
    assert not missing, missing


def test_the_catalogue_check_sees_a_missing_key(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        'APIError(404, "nowhere")\nJobFailure("x", key="gone")\nAPIError(1, "c", "t")\n'
    )
    assert catalogue_keys(module) == [(1, "nowhere"), (2, "gone")]
