"""The review page in a real browser (headless Debian Chromium via Playwright).

Checks what only a browser can: the page's own script runs under its CSP, every
release renders, highlights sit on the right text, filtering and sorting work, a
click on a fact scrolls its mention into view and flashes it, and a release that
contains script tags stays inert text. No network request of any kind is allowed.
Under CI=true a missing Chromium fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_samples import fact, hostile, make_record, seed_like

from pipeline.cli import main

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "outputs" / "report-screenshot.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
LATE_NAME = "Jane Roe"


def long_release() -> dict[str, Any]:
    """A release whose only official is named at the very end, far below the first screen."""
    filler = "".join(
        f"Paragraph {i}: the delegations reviewed routine tariff schedules and customs data.\n\n"
        for i in range(80)
    )
    t = f"{filler}Finally, Ambassador {LATE_NAME} closed the meeting.\n"
    return make_record(
        "rel-long",
        t,
        {"officials": [fact("officials", t, [LATE_NAME], name=LATE_NAME, title="Ambassador")]},
        published="2024-07-01",
        title="A long release",
    )


def seed_gold() -> dict[str, Any]:
    return {
        "doc_id": "rel-a",
        "officials": [{"name": "Gina Raimondo", "title": "Secretary of Commerce"}],
        "organizations": [
            {"name": "U.S. Department of Commerce", "type": "government", "country": "US"},
            {"name": "Absolics", "type": "company"},
        ],
    }


def require_chromium() -> str:
    """Chromium's path; skip locally without it or Playwright, fail under CI=true."""
    problem = None
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if exe is None:
        problem = f"{CHROMIUM} not installed (apt-get install chromium; `make test` does it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"playwright not importable: {exc}"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser test cannot run under CI: {problem}")
        pytest.skip(problem)
    assert exe is not None
    return exe


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    out, gold = base / "out", base / "gold"
    out.mkdir()
    gold.mkdir()
    for rec in (seed_like("rel-a"), long_release(), hostile("rel-x")):
        (out / f"{rec['doc_id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    (gold / "rel-a.json").write_text(json.dumps(seed_gold()), encoding="utf-8")
    dest = base / "report.html"
    assert main(["report", str(out), "--gold", str(gold), "-o", str(dest)]) == 0
    return dest


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A loaded page plus everything it tried that it must not."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def view(browser: Any, report_file: Path) -> Iterator[Watched]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    w = Watched(page)

    def on_dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: w.requests.append(r.url))
    page.goto(report_file.as_uri())
    page.wait_for_function("window.tradefacts !== undefined && window.tradefacts !== null")
    yield w
    page.close()
    assert w.dialogs == [], "a dialog fired: script from the data ran"
    assert w.errors == [], "console errors (a CSP violation or a script error)"
    foreign = [u for u in w.requests if not u.startswith(("file:", "data:", "about:"))]
    assert foreign == [], "the page reached for the network"


def mark_texts(page: Any, fact_id: str) -> list[str]:
    return page.eval_on_selector_all(
        f'mark[data-facts~="{fact_id}"]', "els => els.map(e => e.textContent)"
    )


def next_frame(page: Any) -> None:
    """Let the browser render (releases off screen are skipped by content-visibility)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def in_view(page: Any, selector: str) -> bool:
    """The element is inside the window and inside its scrolling text box."""
    return page.eval_on_selector(
        selector,
        """el => {
            const r = el.getBoundingClientRect();
            const box = el.closest('.text').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight
                && r.top >= box.top && r.bottom <= box.bottom;
        }""",
    )


def test_every_release_section_renders(view: Watched) -> None:
    page = view.page
    data = page.evaluate("window.tradefacts")
    docs = data["releases"]["doc_id"]
    assert docs == ["rel-a", "rel-long", "rel-x"]
    sections = page.locator("section.release")
    assert sections.count() == 3
    index_rows = data["tables"]["t-index"]["rows"]
    facts_col = [c["name"] for c in data["tables"]["t-index"]["columns"]].index("facts")
    for i, (doc, sid) in enumerate(zip(docs, data["releases"]["section"], strict=True)):
        sec = page.locator(f"section#{sid}")
        assert sec.get_attribute("data-doc") == doc
        assert sec.locator(".text").is_visible()
        facts = index_rows[i][facts_col]
        assert facts > 0 and sec.locator("tr.fact[data-fact]").count() == facts
        assert sec.locator("mark.hl").count() > 0
        href = page.locator("#t-index tbody tr").nth(i).locator("a").get_attribute("href")
        assert href == f"#{sid}"
    assert page.locator("#t-index tbody tr").count() == 3


def test_highlights_sit_on_the_fact_text(view: Watched) -> None:
    page = view.page
    assert mark_texts(page, "rel-a-officials-0") == ["Gina Raimondo", "Secretary Raimondo"]
    # an event containing a date: one mention cut into two segments, the first shared
    assert "".join(mark_texts(page, "rel-a-events-1")) == "2024 BIO International Convention"
    assert mark_texts(page, "rel-a-dates-2") == ["2024"]
    shared = page.locator('mark[data-facts~="rel-a-dates-2"]').get_attribute("data-facts")
    assert set(shared.split()) == {"rel-a-dates-2", "rel-a-events-1"}
    # one colour per type: the official's mark has the legend's official colour
    colour = "el => getComputedStyle(el).backgroundColor"
    official = page.eval_on_selector('mark[data-facts="rel-a-officials-0"]', colour)
    legend = page.eval_on_selector('.legend input[data-type="officials"] + .sw', colour)
    org = page.eval_on_selector('mark[data-facts="rel-a-organizations-1"]', colour)
    assert official == legend and official != org


def test_filter_narrows_a_table(view: Watched) -> None:
    page = view.page
    rows = page.locator("#t-officials tbody tr")
    total = rows.count()
    assert total == 4  # two in rel-a, one in rel-long, one in rel-x
    page.fill('input.filter[data-for="t-officials"]', "raimondo")
    visible = page.locator("#t-officials tbody tr:not([hidden])")
    assert visible.count() == 1
    assert "Gina Raimondo" in visible.first.inner_text()
    assert page.inner_text("#t-officials-count") == f"1 of {total} rows"
    page.fill('input.filter[data-for="t-officials"]', "")
    assert visible.count() == total
    page.fill('input.filter[data-for="rel-a-facts"]', "location")
    shown = page.locator("#rel-a-facts tbody tr:not([hidden])")
    assert shown.count() >= 3
    assert all("location" in t for t in shown.all_inner_texts())


def test_header_click_sorts(view: Watched) -> None:
    page = view.page
    header = page.locator("#t-officials thead th", has_text="name")
    names = "els => els.map(e => e.cells[0].textContent)"
    header.click()
    asc = page.eval_on_selector_all("#t-officials tbody tr", names)
    assert asc == sorted(asc, key=str.casefold)
    header.click()
    desc = page.eval_on_selector_all("#t-officials tbody tr", names)
    assert desc == list(reversed(asc))
    assert header.get_attribute("aria-sort") == "descending"


def test_click_on_a_fact_scrolls_to_and_flashes_its_mention(view: Watched) -> None:
    page = view.page
    row = page.locator('tr[data-fact="rel-long-officials-0"]')
    mark = 'mark[data-facts~="rel-long-officials-0"]'
    row.scroll_into_view_if_needed()
    next_frame(page)
    assert page.inner_text(mark) == LATE_NAME
    assert not in_view(page, mark)  # at the bottom of a long text box
    row.click()
    next_frame(page)
    assert "flash" in page.get_attribute(mark, "class")
    assert "current" in page.get_attribute(mark, "class")
    assert in_view(page, mark)
    assert "current" in row.get_attribute("class")


def test_click_on_a_mention_selects_its_fact(view: Watched) -> None:
    page = view.page
    page.click('mark[data-facts="rel-a-officials-1"] >> nth=0')
    assert "current" in page.get_attribute('tr[data-fact="rel-a-officials-1"]', "class")
    page.hover('mark[data-facts~="rel-a-dates-2"]')  # the tooltip names every fact of a segment
    tip = page.get_attribute('mark[data-facts~="rel-a-dates-2"]', "title")
    assert set(tip.split("; ")) == {"date: 2024", "event: 2024 BIO International Convention"}


def test_gold_marks_in_the_browser(view: Watched) -> None:
    page = view.page
    sec = page.locator("section#rel-a")
    sec.scroll_into_view_if_needed()  # content-visibility: render it before reading text
    next_frame(page)
    assert "spurious" in sec.locator('tr[data-fact="rel-a-organizations-1"]').get_attribute("class")
    assert "Absolics" in sec.locator(".missed-list").inner_text()
    assert sec.locator("tr.fact.missed").count() == 1
    assert "spurious" in sec.locator(".spurious-list").inner_text().lower()


def test_script_in_a_release_is_inert_text(view: Watched) -> None:
    page = view.page
    sec = page.locator("section#rel-x")
    sec.scroll_into_view_if_needed()
    next_frame(page)
    assert "<script>alert(1)</script>" in sec.locator(".text").inner_text()
    assert "</script><script>alert('title')</script>" in sec.locator("h2").inner_text()
    assert page.evaluate("document.scripts.length") == 2
    assert page.locator("img").count() == 0
    sec.locator("tr.fact").first.click()  # interacting must not run anything either
    assert view.dialogs == []


def test_screenshot(view: Watched) -> None:
    page = view.page
    page.locator('tr[data-fact="rel-a-officials-0"]').click()
    page.locator("section#rel-a").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('rel-a').scrollIntoView()")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_charts_are_drawn_offline(view: Watched) -> None:
    page = view.page
    assert page.locator("figure.chart").count() == 7
    assert page.locator("#chart-types rect.bar").count() == 9
    types = page.eval_on_selector_all("#chart-types title", "els => els.map(e => e.textContent)")
    assert "official: 4" in types  # two in rel-a, one in rel-long, one in rel-x
    assert page.locator("#chart-cooccurrence rect.heat").count() == 2  # US+KR both ways
    assert page.locator("#chart-months g.month").count() >= 2


@pytest.fixture(scope="module")
def split_file(report_file: Path) -> Path:
    out = report_file.parent / "out"
    dest = report_file.parent / "split" / "index.html"
    assert main(["report", str(out), "-o", str(dest), "--split"]) == 0
    return dest


def test_split_page_loads_release_views_on_demand(browser: Any, split_file: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(split_file.as_uri())
    page.wait_for_function("window.tradefacts !== undefined && window.tradefacts !== null")
    assert page.locator("section.release").count() == 0
    # the corpus tables and the facts the release filter searches arrive from files
    page.wait_for_selector("#t-officials tbody tr")
    assert page.locator("#t-officials tbody tr").count() == 4
    page.fill('input.filter[data-for="t-index"]', "samsung")  # a fact of rel-a only
    expect(page.locator("#t-index-count")).to_have_text("1 of 3 rows")
    assert page.locator("#t-index tbody tr").get_attribute("data-doc") == "rel-a"
    page.fill('input.filter[data-for="t-index"]', "")
    page.click('#t-index a[href="#rel-long"]')
    page.wait_for_selector("#tf-viewer section#rel-long")
    assert mark_texts(page, "rel-long-officials-0") == [LATE_NAME]
    page.click('button[data-nav="1"]')
    page.wait_for_selector("#tf-viewer section#rel-x")
    assert page.locator("section.release").count() == 1
    assert "<script>alert(1)</script>" in page.inner_text("#rel-x .text")
    # a review decision works the same in a loaded view
    page.locator('tr[data-fact="rel-x-officials-0"] button[data-act="reject"]').click()
    assert "rv-rejected" in page.get_attribute('tr[data-fact="rel-x-officials-0"]', "class")
    page.goto(split_file.as_uri() + "#rel-x")  # a link straight to a release
    page.wait_for_selector("#tf-viewer section#rel-x")
    assert "rv-rejected" in page.get_attribute('tr[data-fact="rel-x-officials-0"]', "class")
    page.close()
    assert errors == []
    assert all(u.startswith("file:") for u in requests)
    assert any(u.endswith("/index_files/b1.js") for u in requests)
