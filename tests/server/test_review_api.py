"""`/v1/reviews/*` on a live server: queueing, verdicts by name or by key, live checks,
refused corrections, two reviewers on one item, a job's results, and the export."""

from __future__ import annotations

import json

from distill.prompting import student_messages
from server.auth import key_owner
from validators.formats.mrk import record_to_mrk
from validators.samples import SAMPLE_RECORD, load_samples


def sample_items(n: int) -> list[dict]:
    return [
        {"description": f"Description {i}", "record": r.to_marcxml(), "id": f"s{i}"}
        for i, r in enumerate(load_samples()[:n])
    ]


def test_reviewers_by_name_checks_corrections_and_export(live_server):
    server = live_server()
    with server.client() as client:
        added = client.post("/v1/reviews/items", json={"items": sample_items(2), "source": "t"})
        assert added.status_code == 200 and added.json()["added"] == 2
        again = client.post("/v1/reviews/items", json={"items": sample_items(2)})
        assert again.json() == {"added": 0, "ids": added.json()["ids"]}
        unnamed = client.get("/v1/reviews/next")
        assert unnamed.status_code == 422 and unnamed.json()["error"]["code"] == "reviewer_required"

        first = client.get("/v1/reviews/next", params={"reviewer": "alice"}).json()
        item = first["item"]
        assert item["record"] == record_to_mrk(load_samples()[0]) and item["syntax"] == "mrk"
        assert item["report"]["valid"] and first["progress"]["remaining"] == 2

        broken = item["record"].replace("=200  1\\", "=200  7\\")
        checked = client.post("/v1/reviews/check", json={"item_id": item["id"], "text": broken})
        (finding,) = [f for f in checked.json()["findings"] if f["rule"] == "F200_IND1"]
        assert finding["tag"] == "200" and broken.split("\n")[finding["line"] - 1][:4] == "=200"
        refused = client.post(
            "/v1/reviews",
            json={
                "item_id": item["id"],
                "verdict": "bad",
                "corrected": broken,
                "reviewer": "alice",
            },
        )
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "correction_invalid"
        assert "F200_IND1" in refused.json()["error"]["message"]

        fixed = item["record"].replace("$aLes jardins", "$aLes Jardins")
        saved = client.post(
            "/v1/reviews",
            json={
                "item_id": item["id"], "verdict": "bad", "corrected": fixed,
                "comment": "capital", "reviewer": "alice",
            },
        )  # fmt: skip
        assert saved.status_code == 200, saved.text
        assert saved.json()["progress"]["yours"] == 1
        bob = client.post(
            "/v1/reviews", json={"item_id": item["id"], "verdict": "good", "reviewer": "bob"}
        )
        assert bob.status_code == 200
        # alice's next item is the second; bob's too (he rated the first).
        assert (
            client.get("/v1/reviews/next", params={"reviewer": "alice"}).json()["item"]["id"]
            == added.json()["ids"][1]
        )
        progress = client.get("/v1/reviews/progress").json()
        assert (progress["reviewed"], progress["verdicts"], progress["agreement"]) == (1, 2, 0.5)

        missing = client.post(
            "/v1/reviews", json={"item_id": "nope", "verdict": "good", "reviewer": "a"}
        )
        assert missing.status_code == 404
        exported = client.get("/v1/reviews/export")
        assert exported.headers["content-type"].startswith("application/x-ndjson")
        rows = [json.loads(line) for line in exported.text.splitlines()]
    assert [(r["reviewer"], r["verdict"], r["corrected"]) for r in rows] == [
        ("alice", "bad", fixed),
        ("bob", "good", None),
    ]
    assert rows[0]["comment"] == "capital" and rows[0]["source"] == "t"
    assert rows[0]["description"] == "Description 0" and rows[0]["prompt"] == student_messages(
        "Description 0", "mrk"
    )


def test_with_keys_a_verdict_is_the_keys(live_server):
    server = live_server({"api_keys": ["alpha-key", "beta-key"]})
    with server.client() as anonymous:
        assert anonymous.get("/v1/reviews/next").status_code == 401
        page = anonymous.get("/review")  # the page itself holds no data
        assert (
            page.status_code == 200
            and "script-src 'self'" in page.headers["content-security-policy"]
        )
        assert anonymous.get("/review/assets/review.js").status_code == 200
    with server.client("alpha-key") as client:
        client.post("/v1/reviews/items", json={"items": sample_items(1)})
        item = client.get("/v1/reviews/next").json()["item"]
        saved = client.post(
            "/v1/reviews", json={"item_id": item["id"], "verdict": "good", "reviewer": "mallory"}
        ).json()["saved"]
        assert saved["reviewer"] == key_owner("alpha-key")
        assert client.get("/v1/reviews/next").json()["item"] is None
    with server.client("beta-key") as client:
        assert client.get("/v1/reviews/next").json()["item"]["id"] == item["id"]
        text = client.get("/v1/reviews/export").text
    assert "alpha-key" not in text and key_owner("alpha-key") in text


def test_a_finished_jobs_results_are_queued(live_server):
    import time

    server = live_server({"default_teacher": "isbd"})
    with server.client() as client:
        job = client.post(
            "/v1/jobs",
            json={"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD], "n": 1},
        ).json()
        deadline = time.monotonic() + 60
        while client.get(f"/v1/jobs/{job['id']}").json()["status"] != "succeeded":
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.2)
        added = client.post("/v1/reviews/items", json={"job": job["id"]})
        assert added.status_code == 200 and added.json()["added"] == 1
        item = client.get("/v1/reviews/next", params={"reviewer": "a"}).json()["item"]
        assert item["source"].endswith("examples.jsonl") and item["record"].startswith("=LDR")
        assert client.post("/v1/reviews/items", json={"job": "nope"}).status_code == 404
