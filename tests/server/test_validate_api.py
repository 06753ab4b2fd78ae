"""POST /v1/validate and /v1/validate/batch over real HTTP, hostile inputs included."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from validators import validate, validate_source
from validators.samples import SAMPLE_RECORD, load_samples

SERVER_SETTINGS = {"max_body_bytes": 300_000, "max_records": 25}

XML = {"Content-Type": "application/xml"}


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    return error


@pytest.fixture(scope="module")
def http(module_server):
    with module_server.client() as client:
        yield client


def test_a_valid_record_as_xml(http):
    response = http.post("/v1/validate", content=SAMPLE_RECORD, headers=XML)
    assert response.status_code == 200
    assert response.json() == {
        "record_id": "copiste-sample-0001",
        "valid": True,
        "score": 1.0,
        "findings": [],
    }


def test_the_json_form_gives_the_same_report_and_finds_records_in_prose(http):
    broken = SAMPLE_RECORD.replace('<subfield code="a">Les fleurs du mal</subfield>', "")
    expected = validate(broken).to_dict()
    assert not expected["valid"]
    for text in (broken, f"Here is the record:\n```xml\n{broken}```\nHope it helps."):
        response = http.post("/v1/validate", json={"record": text})
        assert response.status_code == 200
        assert response.json() == expected
    assert "F200_A_MISSING" in {f["rule"] for f in expected["findings"]}


def test_a_json_record_declaring_another_encoding_reads_as_text_on_both_endpoints(http):
    # JSON carries text, already decoded: the XML declaration's ISO-8859-1 must not make the
    # parser decode it again ("Éditions" read as such, not as mojibake).
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + load_samples()[0].to_marcxml()
    expected = validate(xml).to_dict()
    assert expected["score"] == 1.0
    for text in (xml, f"Notice :\n{xml}\nFin."):
        single = http.post("/v1/validate", json={"record": text})
        assert single.status_code == 200
        assert single.json() == expected
        batch = http.post("/v1/validate/batch", json={"records": [text]})
        assert batch.json()["reports"] == [{"index": 0, **expected}]


def test_messages_follow_the_language(http):
    broken = SAMPLE_RECORD.replace('<controlfield tag="001">copiste-sample-0001</controlfield>', "")
    en = http.post("/v1/validate", content=broken, headers=XML).json()
    fr = http.post("/v1/validate?lang=fr", content=broken, headers=XML).json()
    assert [f["rule"] for f in en["findings"]] == [f["rule"] for f in fr["findings"]]
    assert en["findings"][0]["message"] != fr["findings"][0]["message"]


def test_malformed_xml_is_a_400_with_line_and_column(http):
    cut = SAMPLE_RECORD[: SAMPLE_RECORD.index('<datafield tag="200"')] + '<datafield tag="200">'
    error = error_of(http.post("/v1/validate", content=cut, headers=XML), 400, "malformed_xml")
    assert error["rule"] == "XML_WELLFORMED"
    assert error["line"] >= 1 and error["column"] >= 1


def test_external_entities_are_refused_never_read(http, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE record [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<record><controlfield tag="001">&x;</controlfield></record>'
    )
    response = http.post("/v1/validate", content=xxe, headers=XML)
    error_of(response, 400, "unsafe_xml")
    assert "TOP-SECRET-MARKER" not in response.text
    response = http.post("/v1/validate/batch", json={"records": [xxe, SAMPLE_RECORD]})
    assert response.status_code == 200
    first, second = response.json()["reports"]
    assert [f["rule"] for f in first["findings"]] == ["XML_UNSAFE"] and second["valid"]
    assert "TOP-SECRET-MARKER" not in response.text


def test_an_entity_expansion_bomb_is_refused_at_once(http):
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = (
        f"<!DOCTYPE record [{''.join(levels)}]>"
        "<record><controlfield tag='001'>&l9;</controlfield></record>"
    )
    start = time.monotonic()
    error_of(http.post("/v1/validate", content=bomb, headers=XML), 400, "unsafe_xml")
    # Without a DTD an entity reference is undefined: refused as unreadable, never expanded.
    response = http.post("/v1/validate", content="<record>&l9;</record>", headers=XML)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"unsafe_xml", "malformed_xml"}
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    "prolog",
    ["<!-- a comment first -->", "<?xml version='1.0'?>\n<!-- c -->\n", "<?xml version='1.0'?>"],
)
def test_a_dtd_is_refused_wherever_it_hides(http, prolog):
    doctype = "<!DOCTYPE record [<!ENTITY a 'expanded'>]>"
    record = "<record><controlfield tag='001'>&a;</controlfield></record>"
    body = prolog + doctype + record
    error_of(http.post("/v1/validate", content=body, headers=XML), 400, "unsafe_xml")
    error_of(http.post("/v1/validate", json={"record": body}), 400, "unsafe_xml")
    error_of(http.post("/v1/validate/batch", content=body, headers=XML), 400, "unsafe_xml")
    error_of(
        http.post("/v1/validate", content=gzip.compress(body.encode()), headers=XML),
        400,
        "unsafe_xml",
    )
    report = http.post("/v1/validate/batch", json={"records": [body]}).json()["reports"][0]
    assert [f["rule"] for f in report["findings"]] == ["XML_UNSAFE"]


def test_a_doctype_that_declares_nothing_is_accepted_and_one_that_declares_is_not(http):
    collection = (
        '<?xml version="1.0"?>\n<!DOCTYPE collection>\n'
        + f'<collection xmlns="http://www.loc.gov/MARC21/slim">{SAMPLE_RECORD}{SAMPLE_RECORD}'
        + "</collection>"
    )
    batch = http.post("/v1/validate/batch", content=collection, headers=XML)
    assert batch.status_code == 200, batch.text
    assert [r["valid"] for r in batch.json()["reports"]] == [True, True]
    record = "<!DOCTYPE record>\n" + SAMPLE_RECORD
    assert http.post("/v1/validate", content=record, headers=XML).json()["valid"]
    assert http.post("/v1/validate", json={"record": record}).json()["valid"]
    report = http.post("/v1/validate/batch", json={"records": [record]}).json()["reports"][0]
    assert report["valid"]
    # An external identifier declares something: still refused, whichever way it comes.
    external = '<!DOCTYPE record SYSTEM "file:///etc/passwd">\n' + SAMPLE_RECORD
    error_of(http.post("/v1/validate", content=external, headers=XML), 400, "unsafe_xml")
    report = http.post("/v1/validate/batch", json={"records": [external]}).json()["reports"][0]
    assert [f["rule"] for f in report["findings"]] == ["XML_UNSAFE"]


def test_gzip_bodies_are_read_and_corrupt_ones_refused(http):
    packed = gzip.compress(SAMPLE_RECORD.encode())
    assert http.post("/v1/validate", content=packed, headers=XML).json()["valid"]
    for corrupt in (packed[:30], b"\x1f\x8b\x08\x00garbage"):
        response = http.post("/v1/validate", content=corrupt, headers=XML)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] in {"unreadable_input", "malformed_xml"}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_wrong_content_type_is_a_415_that_lists_the_right_ones(http, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.post("/v1/validate", content=SAMPLE_RECORD.encode(), headers=headers)
    error = error_of(response, 415, "unsupported_media_type")
    assert "application/xml" in error["accepted"]


def test_json_mistakes_are_4xx(http):
    json_headers = {"Content-Type": "application/json"}
    error_of(http.post("/v1/validate", content="{nope", headers=json_headers), 400, "invalid_json")
    error_of(http.post("/v1/validate", json={"recrod": "x"}), 422, "invalid_request")
    error_of(http.post("/v1/validate", json=["x"]), 422, "invalid_request")
    error = error_of(
        http.post("/v1/validate", json={"record": SAMPLE_RECORD, "rules": "nope"}),
        422,
        "unknown_rules",
    )
    assert "nope" in error["message"]
    error_of(
        http.post("/v1/validate?rules=nope", content=SAMPLE_RECORD, headers=XML),
        422,
        "unknown_rules",
    )
    error_of(http.post("/v1/validate", json={"record": "no record here"}), 422, "no_record")
    error_of(http.post("/v1/validate", content=b"  ", headers=XML), 422, "empty_body")
    error_of(http.post("/v1/validate", content="<a><b/></a>", headers=XML), 422, "no_record")


def test_an_oversized_body_is_a_413_naming_the_limit(http):
    big = SAMPLE_RECORD.replace("Les fleurs du mal", "x" * 400_000)
    error = error_of(http.post("/v1/validate", content=big, headers=XML), 413, "body_too_large")
    assert error["limit"] == SERVER_SETTINGS["max_body_bytes"]
    assert str(SERVER_SETTINGS["max_body_bytes"]) in error["message"]

    def chunks():  # no Content-Length: the limit holds on the bytes actually received
        for _ in range(40):
            yield b"<!-- " + b"y" * 10_000 + b" -->"

    error_of(http.post("/v1/validate", content=chunks(), headers=XML), 413, "body_too_large")
    assert http.post("/v1/validate", content=SAMPLE_RECORD, headers=XML).status_code == 200


def test_several_records_go_to_the_batch_endpoint(http):
    collection = f"<collection>{SAMPLE_RECORD}{SAMPLE_RECORD}</collection>"
    error_of(http.post("/v1/validate", content=collection, headers=XML), 422, "several_records")


def test_a_batch_of_real_records_gets_the_reports_the_library_gives(http, real_dir):
    for name, media in [
        ("sudoc_marcxml-nons__marcxml2tei.xml", "application/xml"),
        ("bncf_unimarcslim__gbergamin-unimarcxml.xml", "text/xml"),
        ("bnr-romania_iso2709__qa-catalogue.mrc", "application/marc"),
    ]:
        path = real_dir / name
        response = http.post(
            "/v1/validate/batch", content=path.read_bytes(), headers={"Content-Type": media}
        )
        assert response.status_code == 200, response.text
        expected = [r.to_dict() for r in validate_source(path)]
        body = response.json()
        assert body["count"] == len(expected) > 1
        assert body["valid"] + body["invalid"] == body["count"]
        assert [{k: v for k, v in r.items() if k != "index"} for r in body["reports"]] == expected
        assert [r["index"] for r in body["reports"]] == list(range(len(expected)))


def test_too_many_records_is_a_413(http, real_dir):
    sru = real_dir / "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml"
    error = error_of(
        http.post("/v1/validate/batch", content=sru.read_bytes(), headers=XML),
        413,
        "too_many_records",
    )
    assert error["limit"] == SERVER_SETTINGS["max_records"]
    many = {"records": [SAMPLE_RECORD] * (SERVER_SETTINGS["max_records"] + 1)}
    error_of(http.post("/v1/validate/batch", json=many), 413, "too_many_records")


def test_a_json_batch_judges_each_item_alone(http):
    records = [SAMPLE_RECORD, "<record><leader>", "", SAMPLE_RECORD.replace("fre", "xx")]
    response = http.post("/v1/validate/batch", json={"records": records, "lang": "fr"})
    assert response.status_code == 200
    reports = response.json()["reports"]
    assert [r["valid"] for r in reports] == [True, False, False, validate(records[3]).valid]
    assert reports[1]["findings"][0]["rule"] == "XML_WELLFORMED"
    assert reports[2]["findings"][0]["rule"] == "NO_RECORD"


def test_unknown_routes_and_methods_answer_in_the_error_shape(http):
    error_of(http.get("/v1/nothing"), 404, "not_found")
    error_of(http.get("/v1/validate"), 405, "method_not_allowed")
    error_of(http.get("/v1/jobs/does-not-exist"), 404, "job_not_found")


def test_metrics_count_requests_and_verdicts(http):
    http.post("/v1/validate", content=SAMPLE_RECORD, headers=XML)
    text = http.get("/metrics").text
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    ok = 'copiste_http_requests_total{method="POST",route="/v1/validate",status="200"}'
    assert samples[ok] >= 1
    assert samples['copiste_validations_total{valid="true"}'] >= 1
    assert any(k.startswith("copiste_http_request_duration_seconds_bucket") for k in samples)
    assert json.loads(http.get("/healthz").text)["status"] == "ok"


def test_a_batch_with_a_malformed_record_answers_the_others(http):
    records = "".join(SAMPLE_RECORD.split("?>", 1)[-1] for _ in range(5))
    body = f"<collection>{records}</collection>"
    body = body.replace("Les fleurs du mal", "Les fleurs & du mal", 1)  # record 1 of 5
    response = http.post("/v1/validate/batch", content=body, headers=XML)
    assert response.status_code == 200, response.text
    reports = response.json()["reports"]
    assert len(reports) == 5
    [finding] = reports[0]["findings"]
    assert finding["rule"] == "XML_WELLFORMED" and finding["line"] and finding["column"]
    assert all(r["valid"] for r in reports[1:])


def test_a_gzip_body_over_the_limit_once_decompressed_is_a_413(http):
    records = "".join(SAMPLE_RECORD.split("?>", 1)[-1] for _ in range(400))
    packed = gzip.compress(f"<collection>{records}</collection>".encode())
    assert len(packed) < SERVER_SETTINGS["max_body_bytes"] < len(records)
    for endpoint in ("/v1/validate", "/v1/validate/batch"):
        error_of(http.post(endpoint, content=packed, headers=XML), 413, "body_too_large")
