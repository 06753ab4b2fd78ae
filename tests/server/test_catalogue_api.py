"""`POST /v1/catalogue` on a live server (uvicorn on 127.0.0.1) with a tiny random student."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from validators import ReadError, read_records

pytestmark = pytest.mark.slow

DESCRIPTIONS = [
    "Les jardins de la rive haute : roman / Claire Vasseur. Lyon : Éditions du Vieux Pont, 2021",
    "Atlas des oiseaux de Bretagne. Rennes, 2019",
    "Poèmes choisis / Anne Hébert",
]


@pytest.fixture(scope="module")
def short_student(tiny_student, tmp_path_factory):
    """The tiny random model with a short answer length in its generation config, as
    `copiste export --max-new-tokens` writes it: a random model never ends a record itself."""
    from transformers import GenerationConfig

    folder = tmp_path_factory.mktemp("student") / "tiny"
    shutil.copytree(tiny_student, folder)
    GenerationConfig(max_new_tokens=48, do_sample=False).save_pretrained(folder)
    return folder


@pytest.fixture
def student_server(live_server, short_student):
    """A server whose student is the tiny random model (loaded on the first request)."""
    return live_server(
        {
            "student": str(short_student),
            "student_agency": "Bibliothèque test",
            "max_catalogue_descriptions": 3,
        }
    )


def _record(item: dict):
    assert item["record"] is not None, item["findings"]
    (record,) = list(read_records(item["record"]))
    assert not isinstance(record, ReadError)
    return record


def test_one_description_gets_a_checked_record(student_server):
    with student_server.client(timeout=300) as client:
        answer = client.post("/v1/catalogue", json={"description": DESCRIPTIONS[0]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["count"] == 1 and len(body["records"]) == 1
    item = body["records"][0]
    assert item["index"] == 0 and {"valid", "score", "findings"} <= set(item)
    assert body["valid"] == int(item["valid"])
    record = _record(item)
    assert record.first("801", "b") == "Bibliothèque test" and record.control("001")


def test_concurrent_requests_share_batches(student_server):
    payloads = [{"descriptions": DESCRIPTIONS[:2]}, *({"description": d} for d in DESCRIPTIONS)]
    with student_server.client(timeout=300) as client, ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda p: client.post("/v1/catalogue", json=p), payloads))
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert [a.json()["count"] for a in answers] == [2, 1, 1, 1]
    for answer in answers:
        for item in answer.json()["records"]:
            _record(item)
    batches = re.findall(r"(\d+) descriptions from (\d+) requests", student_server.log.read_text())
    assert any(int(requests) > 1 for _, requests in batches), batches
    assert all(int(n) <= 3 for n, _ in batches)  # max_catalogue_descriptions bounds a batch


def test_limits_and_bad_requests(student_server):
    with student_server.client() as client:
        too_many = client.post("/v1/catalogue", json={"descriptions": ["a", "b", "c", "d"]})
        assert too_many.status_code == 413
        assert too_many.json()["error"]["code"] == "too_many_descriptions"
        for payload in (
            {},
            {"description": "a", "descriptions": ["b"]},
            {"description": "   "},
            {"descriptions": []},
            {"description": "x" * 8001},
            {"description": "a", "rules": "strict"},
        ):
            answer = client.post("/v1/catalogue", json=payload)
            assert answer.status_code == 422, (payload, answer.text)
            assert set(answer.json()["error"]) >= {"code", "message"}


def test_without_a_student_the_endpoint_says_so(live_server):
    server = live_server()
    with server.client() as client:
        answer = client.post("/v1/catalogue", json={"description": DESCRIPTIONS[1]})
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "no_student" and "student" in error["message"]
