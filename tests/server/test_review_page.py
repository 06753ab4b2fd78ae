"""/review in headless Chromium against a live server: a cataloguer rates three records by
keyboard, corrects one (an invalid edit shows its finding, a valid one saves), the server
restarts and the verdicts are still there, the export holds them, and a record whose title is
an HTML/JS payload shows it as text without running it. Screenshots go to the test's folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from validators.formats.mrk import record_to_mrk
from validators.samples import load_samples

CHROMIUM = Path("/usr/bin/chromium")
PAYLOAD = "<img src=x onerror=window.__pwned=1>"
REPO = Path(__file__).resolve().parents[2]


def queue(url: str) -> list[str]:
    """Three clean records, one breaking F200_IND1, then the payload: ids in queue order."""
    samples = [record_to_mrk(r) for r in load_samples()[:4]]
    broken = samples[3].replace("=200  1\\", "=200  7\\")
    assert broken != samples[3]
    hostile = samples[0].replace("=200  1\\$a", f"=200  1\\$a{PAYLOAD}")
    records = [*samples[:3], broken, hostile]
    descriptions = [f"Document {i}" for i in range(4)] + [
        f"{PAYLOAD}<script>window.__pwned=2</script>"
    ]
    items = [{"description": d, "record": r} for d, r in zip(descriptions, records, strict=True)]
    answer = httpx.post(f"{url}/v1/reviews/items", json={"items": items, "source": "browser"})
    assert answer.status_code == 200, answer.text
    return answer.json()["ids"]


def test_a_cataloguer_reviews_in_the_browser(live_server, require, tmp_path):
    require(CHROMIUM.exists(), "Debian's chromium package is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    data = tmp_path / "data"
    server = live_server(data_dir=data)
    ids = queue(server.url)
    problems: list[str] = []
    shots = tmp_path / "screenshots"

    def shot(page, name: str) -> str:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return f"(screenshot: {path})"

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))

        page.goto(f"{server.url}/review")
        expect(page.locator("#login-label")).to_have_text("Your name")
        page.fill("#login-input", "alice")
        page.keyboard.press("Enter")
        expect(page.locator("#description")).to_have_text("Document 0")
        # One field per line, tag, indicators and subfield codes set apart.
        title = page.locator("#fields > li", has=page.locator(".tag", has_text="200"))
        expect(title.locator(".ind")).to_have_text("1\\")
        expect(title.locator(".code").first).to_have_text("$a")
        shot(page, "1-first-item")

        page.keyboard.press("g")
        expect(page.locator("#description")).to_have_text("Document 1")
        page.keyboard.press("b")
        expect(page.locator("#description")).to_have_text("Document 2")
        page.keyboard.press("n")  # skipped: it stays in alice's queue
        expect(page.locator("#description")).to_have_text("Document 3")
        marked = page.locator("#fields > li.error")
        expect(marked).to_have_count(1)
        assert "F200_IND1" in marked.inner_text(), shot(page, "2-finding-not-marked")

        page.keyboard.press("e")
        record = page.input_value("#edit")
        invalid = record.replace("=200  7\\", "=200  1\\").replace(
            "=102  \\\\$aFR", "=102  \\\\$aXY"
        )
        assert invalid != record.replace("=200  7\\", "=200  1\\")
        page.fill("#edit", invalid)
        expect(page.locator("#edit-status")).to_contain_text("F102_COUNTRY_CODE")
        line = page.locator("#fields > li.error")
        expect(line.locator(".tag")).to_have_text("102")
        assert page.is_disabled("#save"), shot(page, "3-invalid-edit-savable")
        shot(page, "3-invalid-edit")
        valid = record.replace("=200  7\\", "=200  1\\")
        page.fill("#edit", valid)
        expect(page.locator("#edit-status")).to_have_text("the corrected record passes the rules")
        expect(page.locator("#save")).to_be_enabled()
        shot(page, "4-valid-edit")
        page.fill("#comment", "200 ind1 is 1: the title is significant")
        page.keyboard.press("Control+Enter")
        expect(page.locator("#status")).to_have_text("correction saved")
        expect(page.locator("#progress")).to_contain_text("3 rated by you")

        # The payload item: shown as text, never run.
        expect(page.locator("#description")).to_contain_text(PAYLOAD)
        page.wait_for_timeout(500)
        pwned = page.evaluate("window.__pwned")
        images = page.locator("main img").count()
        where = shot(page, "5-payload")
        assert pwned is None and images == 0, where
        assert PAYLOAD in page.locator("#fields").inner_text(), where
        browser_problems = list(problems)

        server.stop()
        server = live_server(data_dir=data)
        page.goto(f"{server.url}/review")  # another port: another origin, so log in again
        page.fill("#login-input", "alice")
        page.keyboard.press("Enter")
        expect(page.locator("#progress")).to_contain_text("3 rated by you")
        # alice's next item after a restart: the one she skipped, then the payload.
        expect(page.locator("#description")).to_have_text("Document 2")
        shot(page, "6-after-restart")
        browser.close()

    assert browser_problems == problems == [], problems
    rows = [json.loads(x) for x in httpx.get(f"{server.url}/v1/reviews/export").text.splitlines()]
    assert [(r["item_id"], r["verdict"]) for r in rows] == [
        (ids[0], "good"),
        (ids[1], "bad"),
        (ids[3], "bad"),
    ]
    assert rows[2]["corrected"] == valid and rows[2]["comment"].startswith("200 ind1")
    assert {r["reviewer"] for r in rows} == {"alice"}
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "review", "export", str(data)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [json.loads(x) for x in (data / "reviews.jsonl").open()] == rows


def test_with_api_keys_the_page_asks_for_a_key(live_server, require, tmp_path):
    require(CHROMIUM.exists(), "Debian's chromium package is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from server.auth import key_owner

    server = live_server({"api_keys": ["reviewer-key"]})
    items = [{"description": "Document 0", "record": record_to_mrk(load_samples()[0])}]
    headers = {"Authorization": "Bearer reviewer-key"}
    httpx.post(f"{server.url}/v1/reviews/items", json={"items": items}, headers=headers)
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{server.url}/review")
        sync_api.expect(page.locator("#login-label")).to_have_text("API key")
        page.fill("#login-input", "not-the-key")
        page.keyboard.press("Enter")
        sync_api.expect(page.locator("#login-error")).to_contain_text("not valid")
        page.fill("#login-input", "reviewer-key")
        page.keyboard.press("Enter")
        sync_api.expect(page.locator("#description")).to_have_text("Document 0")
        page.keyboard.press("g")
        sync_api.expect(page.locator("#done")).to_be_visible()
        page.screenshot(path=str(tmp_path / "keyed-done.png"))
        browser.close()
    assert problems == []
    (row,) = httpx.get(f"{server.url}/v1/reviews/export", headers=headers).text.splitlines()
    assert json.loads(row)["reviewer"] == key_owner("reviewer-key")
