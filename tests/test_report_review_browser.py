"""Reviewing in a real browser: decisions on facts become gold that ``tradefacts score`` reads.

Headless Debian Chromium (Playwright) accepts, rejects (by keyboard), edits, adds a
fact from a text selection, merges two facts, reloads (decisions persist), sees stale
decisions of a changed text announced and not applied, and exports; ``gold import``
then writes gold files and the scorer reads them directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_samples import SEED_LIKE, seed_like
from test_report_browser import CHROMIUM_ARGS, long_release, require_chromium

from pipeline import score
from pipeline.cli import main
from pipeline.validate import errors as schema_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("review")
    out = base / "out"
    out.mkdir()
    for rec in (seed_like("rel-a"), long_release()):
        (out / f"{rec['doc_id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    assert main(["report", str(out), "-o", str(base / "report.html")]) == 0
    return base


@pytest.fixture(scope="module")
def page(run_dir: Path) -> Iterator[Any]:
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, accept_downloads=True
        )
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.goto((run_dir / "report.html").as_uri())
        pg.wait_for_function("window.tradefacts !== undefined")
        yield pg
        assert errors == [], "script errors in the page"
        browser.close()


def row(page: Any, fid: str) -> Any:
    return page.locator(f'tr[data-fact="{fid}"]')


def select_text(page: Any, doc: str, needle: str) -> None:
    """Select the first occurrence of ``needle`` in a release text, as a mouse drag would."""
    page.evaluate(
        """([doc, needle]) => {
            const div = document.getElementById(doc + '-text');
            const full = div.textContent, at = full.indexOf(needle);
            const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
            let pos = 0, node, range = document.createRange(), started = false;
            while ((node = walker.nextNode())) {
                const len = node.data.length;
                if (!started && pos + len > at) { range.setStart(node, at - pos); started = true; }
                if (started && pos + len >= at + needle.length) {
                    range.setEnd(node, at + needle.length - pos); break;
                }
                pos += len;
            }
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
        }""",
        [doc, needle],
    )


def test_review_export_import_score(page: Any, run_dir: Path) -> None:
    # accept by button
    row(page, "rel-a-officials-0").locator('button[data-act="accept"]').click()
    assert "rv-accepted" in row(page, "rel-a-officials-0").get_attribute("class")
    # reject by keyboard: focus the row, press r; the next row gets the focus
    row(page, "rel-a-locations-1").focus()
    page.keyboard.press("r")
    assert "rv-rejected" in row(page, "rel-a-locations-1").get_attribute("class")
    assert page.evaluate("document.activeElement.getAttribute('data-fact')") == "rel-a-locations-2"
    page.keyboard.press("a")  # accept Texas, then it is merged below anyway
    # edit a field
    ahn = row(page, "rel-a-officials-1")
    ahn.locator('button[data-act="edit"]').click()
    page.fill('tr.editor input[name="organization"]', "Ministry of Trade, Industry and Energy")
    page.click('tr.editor button[data-act="save"]')
    assert "rv-edited" in ahn.get_attribute("class")
    assert "Ministry of Trade, Industry and Energy" in ahn.locator("td.attrs").inner_text()
    # merge Texas into Central Texas
    row(page, "rel-a-locations-2").locator('button[data-act="merge"]').click()
    row(page, "rel-a-locations-0").locator('button[data-act="merge"]').click()
    texas = row(page, "rel-a-locations-2")
    assert "rv-merged" in texas.get_attribute("class")
    assert "same as Central Texas" in texas.locator("td.label").inner_text()
    # add a missed organization from a text selection
    select_text(page, "rel-a", "SCCD")
    page.select_option("#rel-a select.add-type", "dialogues")
    page.click('#rel-a button[data-act="add"]')
    added = page.locator("#rel-a tr.fact.added")
    assert added.count() == 1
    page.fill('tr.editor input[name="acronym"]', "SCCD")
    page.click('tr.editor button[data-act="save"]')
    assert page.locator("#rel-a mark.added").first.inner_text() == "SCCD"
    start = SEED_LIKE.index("SCCD")
    assert added.locator("td").nth(4).inner_text() == str(start)
    # undo clears a decision
    samsung = row(page, "rel-a-organizations-1")
    samsung.locator('button[data-act="reject"]').click()
    assert "rv-rejected" in samsung.get_attribute("class")
    samsung.locator('button[data-act="undo"]').click()
    assert "rv-pending" in samsung.get_attribute("class")
    # everything else accepted in one go
    page.click('#rel-a button[data-act="accept-rest"]')
    status = page.inner_text("#rel-a .review-status")
    assert "to decide" not in status and "1 rejected" in status and "1 merged" in status

    # a review made on an earlier text of rel-long is stale: announced, not applied
    page.evaluate(
        """() => localStorage.setItem('tf-review:rel-long@' + 'f'.repeat(64), JSON.stringify({
            doc_id: 'rel-long', text_sha256: 'f'.repeat(64), added: [],
            decisions: {'officials/0': {status: 'rejected'}}}))"""
    )
    page.reload()
    page.wait_for_function("window.tradefacts !== undefined")
    # decisions survive the reload
    assert "rv-rejected" in row(page, "rel-a-locations-1").get_attribute("class")
    assert "rv-edited" in row(page, "rel-a-officials-1").get_attribute("class")
    assert page.locator("#rel-a tr.fact.added").count() == 1
    assert page.locator("#rel-a mark.added").count() == 1
    long_row = row(page, "rel-long-officials-0")
    assert "rv-rejected" not in (long_row.get_attribute("class") or "")
    assert "stale" in page.inner_text("#rel-long .review-status")
    assert "1 release(s) reviewed" in page.inner_text("#tf-review-count")

    with page.expect_download() as dl:
        page.click("#tf-export")
    export = run_dir / "review.json"
    dl.value.save_as(str(export))
    data = json.loads(export.read_text(encoding="utf-8"))
    assert [r["doc_id"] for r in data["releases"]] == ["rel-a"]  # the stale one is not exported

    gold_dir = run_dir / "gold"
    assert main(["gold", "import", str(export), "--out", str(gold_dir)]) == 0
    gold = json.loads((gold_dir / "rel-a.json").read_text(encoding="utf-8"))
    assert schema_errors(gold, "gold.schema.json") == []
    locs = {g["name"]: g for g in gold["locations"]}
    assert "San Diego" not in locs and "Texas" not in locs  # rejected; merged
    assert "Texas" in locs["Central Texas"]["aliases"]
    ahn_gold = next(o for o in gold["officials"] if o["name"] == "Ahn Duk-geun")
    assert ahn_gold["organization"] == "Ministry of Trade, Industry and Energy"
    assert {"name": "SCCD", "acronym": "SCCD"} in gold["dialogues"]
    # importing again does not overwrite without --force
    assert main(["gold", "import", str(export), "--out", str(gold_dir)]) == 1

    report, _ = score.score_dirs(run_dir / "out", gold_dir)
    doc = next(d for d in report.docs if d.doc_id == "rel-a")
    # San Diego (rejected) and Texas (merged: one gold entry, two extracted) are spurious
    assert (doc.counts["locations"].tp, doc.counts["locations"].fp) == (1, 2)
    assert doc.counts["organizations"].fp == 0  # accepted after the undo
    assert doc.counts["locations"].fn == 0
    assert doc.counts["dialogues"].fn == 1  # the added fact is gold the record lacks
    assert doc.counts["officials"].tp == 2 and doc.counts["officials"].fp == 0
    wrong = [i for i in doc.issues if i.kind == "attribute" and i.type == "officials"]
    assert [i.gold for i in wrong] == ["Ministry of Trade, Industry and Energy"]
    assert main(["score", str(run_dir / "out"), str(gold_dir)]) == 0
