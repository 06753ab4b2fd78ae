"""The API answers in the server's `lang` setting when a request names no language."""

from __future__ import annotations

import json
import time

from validators import validate
from validators.samples import SAMPLE_RECORD

XML = {"Content-Type": "application/xml"}
BROKEN = SAMPLE_RECORD.replace('<subfield code="a">Les fleurs du mal</subfield>', "")


def messages(report: dict) -> list[str]:
    return [finding["message"] for finding in report["findings"]]


def test_verdicts_follow_the_lang_setting(live_server):
    french = [f.message for f in validate(BROKEN, lang="fr").findings]
    english = [f.message for f in validate(BROKEN, lang="en").findings]
    assert french and french != english
    seed = {"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD]}
    generate = {**seed, "teacher": "isbd"}

    for setting, expected, other in (("fr", french, english), ("en", english, french)):
        server = live_server({"lang": setting, "default_teacher": "isbd"})
        with server.client() as client:
            raw = client.post("/v1/validate", content=BROKEN, headers=XML).json()
            assert messages(raw) == expected
            body = client.post("/v1/validate", json={"record": BROKEN}).json()
            assert messages(body) == expected
            batch = client.post("/v1/validate/batch", json={"records": [BROKEN]}).json()
            assert messages(batch["reports"][0]) == expected
            # A request that names a language gets it, whatever the setting.
            asked = "en" if setting == "fr" else "fr"
            named = client.post("/v1/validate", json={"record": BROKEN, "lang": asked}).json()
            assert messages(named) == other
            query = client.post(f"/v1/validate?lang={asked}", content=BROKEN, headers=XML)
            assert messages(query.json()) == other

            example = client.post("/v1/generate", json=generate).json()["examples"][0]
            assert example["lang"] == setting
            example = client.post("/v1/generate", json={**generate, "lang": asked}).json()
            assert example["examples"][0]["lang"] == asked

            # A job keeps the language it was given at submission, after a restart too.
            job = client.post("/v1/jobs", json={**generate, "n": 1}).json()
            deadline = time.monotonic() + 60
            while client.get(f"/v1/jobs/{job['id']}").json()["status"] != "succeeded":
                assert time.monotonic() < deadline
                time.sleep(0.1)
            result = client.get(f"/v1/jobs/{job['id']}/result").text
            assert [json.loads(line)["lang"] for line in result.splitlines()] == [setting]
