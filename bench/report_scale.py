"""How the review page scales: build a report over N synthetic releases and time it in Chromium.

Prints figures, asserts nothing: build time, page and data sizes, time to open the
page in headless Chromium (navigation to the index table drawn), filter and sort
times on the release index and the officials table, and time to load one release
view. Releases are generated (invented names from syllables, ISO country codes),
written as .txt inputs with records that point at them, so the report decodes each
text again exactly as for a real run.

    python bench/report_scale.py [-n 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
SYL = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "dan", "ri", "mo", "nel", "ta", "bur", "es"]
ORG_TAILS = ["Ltd.", "Inc.", "Ministry of Trade", "Association", "Council", "GmbH"]
COUNTRIES = ["US", "KR", "JP", "IN", "SG", "DE", "FR", "GB", "BR", "MX", "CA", "AU", "VN", "ID"]


def word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYL) for _ in range(n)).capitalize()


def make_release(
    i: int, rng: random.Random, people: list[str], orgs: list[str]
) -> tuple[str, dict[str, Any]]:
    """A release text and its record (facts with exact mention offsets)."""
    parts: list[str] = []
    facts: dict[str, list[dict[str, Any]]] = {
        t: []
        for t in (
            "officials",
            "organizations",
            "locations",
            "countries",
            "dates",
            "working_groups",
            "dialogues",
            "events",
            "agreements",
        )
    }
    pos = 0

    def add(chunk: str) -> int:
        nonlocal pos
        parts.append(chunk)
        pos += len(chunk)
        return pos - len(chunk)

    year, month = 2015 + i % 10, 1 + i % 12
    value = f"{year}-{month:02d}"
    month_name = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][month - 1]
    for k in range(8):
        person = rng.choice(people)
        org = rng.choice(orgs)
        code = rng.choice(COUNTRIES)
        add(f"Paragraph {k}. Minister ")
        s = add(person)
        facts["officials"].append(
            {
                "name": person,
                "title": "Minister",
                "organization": org,
                "country": code,
                "aliases": [],
                "mentions": [
                    {"start": s, "end": s + len(person), "text": person, "source": "bench:official"}
                ],
                "source": "bench:official",
            }
        )
        add(" of ")
        s = add(org)
        facts["organizations"].append(
            {
                "name": org,
                "type": "company",
                "country": code,
                "parent": None,
                "aliases": [],
                "mentions": [{"start": s, "end": s + len(org), "text": org, "source": "bench:org"}],
                "source": "bench:org",
            }
        )
        add(" met delegates from ")
        s = add(code)
        facts["countries"].append(
            {
                "code": code,
                "name": code,
                "mentions": [{"start": s, "end": s + 2, "text": code, "source": "bench:country"}],
                "source": "bench:country",
            }
        )
        add(" in ")
        d = f"{month_name} {year}"
        s = add(d)
        facts["dates"].append(
            {
                "text": d,
                "value": value,
                "granularity": "month",
                "mentions": [{"start": s, "end": s + len(d), "text": d, "source": "bench:date"}],
                "source": "bench:date",
            }
        )
        add(
            ". The delegations reviewed tariff schedules, customs data and supply chains "
            "for critical goods, and agreed to meet again before the end of the year.\n\n"
        )
    ev = f"{word(rng)} Trade Forum"
    add("They opened the ")
    s = add(ev)
    facts["events"].append(
        {
            "name": ev,
            "kind": "forum",
            "date": value,
            "location": None,
            "participants": [],
            "aliases": [],
            "mentions": [{"start": s, "end": s + len(ev), "text": ev, "source": "bench:event"}],
            "source": "bench:event",
        }
    )
    add(".\n")
    text = "".join(parts)
    record = {
        "doc_id": f"rel-{i:05d}",
        "published": f"{year}-{month:02d}-15",
        "title": f"Release {i}: {ev}",
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        **facts,
        "boilerplate": [],
        "input": {
            "path": f"in/rel-{i:05d}.txt",
            "format": "txt",
            "encoding": "utf-8",
            "date_source": "record",
        },
    }
    return text, record


def build_run(base: Path, n: int) -> Path:
    rng = random.Random(7)
    people = [f"{word(rng)} {word(rng, 3)}" for _ in range(3000)]
    orgs = [f"{word(rng)} {rng.choice(ORG_TAILS)}" for _ in range(1500)]
    (base / "in").mkdir(parents=True)
    out = base / "out"
    out.mkdir()
    for i in range(n):
        text, rec = make_release(i, rng, people, orgs)
        (base / "in" / f"rel-{i:05d}.txt").write_text(text, encoding="utf-8")
        (out / f"{rec['doc_id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    return out


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


TIME_INPUT = """([sel, value, reps]) => {
    const input = document.querySelector(sel);
    const set = (v) => {
        input.value = v;
        input.dispatchEvent(new Event('input', {bubbles: true}));
        document.body.offsetHeight;  // force style and layout of the new rows
    };
    const times = [];
    for (let k = 0; k < reps; k++) {
        set(value ? '' : 'zzz-no-match');
        const t0 = performance.now();
        set(value);
        times.push(performance.now() - t0);
    }
    set('');
    times.sort((a, b) => a - b);
    return times[Math.floor(reps / 2)];
}"""
TIME_SORT = """([sel, reps]) => {
    const th = document.querySelector(sel);
    const times = [];
    for (let k = 0; k < reps; k++) {
        const t0 = performance.now();
        th.click();
        document.body.offsetHeight;
        times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(reps / 2)];
}"""
TIME_VIEW = """(i) => new Promise((done) => {
    const viewer = document.getElementById('tf-viewer');
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
        if (!viewer.querySelector('section.release mark')) return;
        obs.disconnect();
        document.body.offsetHeight;
        done(performance.now() - t0);
    });
    obs.observe(viewer, {childList: true});
    location.hash = '#' + window.tradefacts.releases.section[i];
})"""
REPS = 5


def measure(dest: Path, rounds: int, n: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(rounds):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t0 = time.perf_counter()
            page.goto(dest.as_uri(), wait_until="load")
            page.wait_for_selector("#t-index tbody tr")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            figures.setdefault("open (navigation to index drawn), s", []).append(
                time.perf_counter() - t0
            )
            page.wait_for_selector("#t-officials tbody tr")  # corpus tables arrive after load
            figures.setdefault("corpus tables drawn (from navigation), s", []).append(
                time.perf_counter() - t0
            )
            # the first search loads the release filter's fact names (search.js)
            page.fill("input.filter[data-for='t-index']", "forum")
            page.wait_for_function(
                "() => !document.getElementById('t-index-count').textContent.startsWith('loading')"
            )
            tests = [
                ("filter releases by a fact name", "input.filter[data-for='t-index']", "nel"),
                ("filter releases: two terms", "input.filter[data-for='t-index']", "forum 2019"),
                (
                    "clear release filter (draw the first rows)",
                    "input.filter[data-for='t-index']",
                    "",
                ),
                ("filter officials", "input.filter[data-for='t-officials']", "ka"),
            ]
            for name, sel, value in tests:
                ms = page.evaluate(TIME_INPUT, [sel, value, REPS])
                figures.setdefault(f"{name}, ms", []).append(ms)
            for name, sel in [
                ("sort releases by officials", "#t-index thead th:nth-child(5)"),
                ("sort releases by title", "#t-index thead th:nth-child(4)"),
                ("sort officials by name", "#t-officials thead th:nth-child(1)"),
            ]:
                figures.setdefault(f"{name}, ms", []).append(page.evaluate(TIME_SORT, [sel, REPS]))
            for i in (2, 5000 % n, n - 1):
                figures.setdefault("load one release view, ms", []).append(
                    page.evaluate(TIME_VIEW, i)
                )
            page.close()
        browser.close()
    return {k: statistics.median(v) for k, v in figures.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="releases (10000)")
    ap.add_argument("--rounds", type=int, default=3, help="browser rounds, median shown (3)")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    ap.add_argument("--reuse", action="store_true", help="measure the report already in --keep")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline.report import write_report

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tf-report-scale-"))
    try:
        if args.reuse and args.keep:
            for name, value in measure(base / "report.html", args.rounds, args.n).items():
                print(f"{name:45s} {value:10.3f}")
            return 0
        t0 = time.perf_counter()
        out = build_run(base, args.n)
        print(f"generated {args.n:,} releases in {time.perf_counter() - t0:.1f} s")
        dest = base / "report.html"
        t0 = time.perf_counter()
        import os

        cwd = os.getcwd()
        os.chdir(base)  # records name their inputs relative to the run directory
        try:
            write_report(out, None, dest)
        finally:
            os.chdir(cwd)
        print(f"report built in {time.perf_counter() - t0:.1f} s")
        files = base / "report_files"
        print(
            f"index page {dest.stat().st_size / 1e6:.2f} MB; "
            f"{len(list(files.glob('*.js'))):,} release files, {dir_size(files) / 1e6:.1f} MB"
        )
        for name, value in measure(dest, args.rounds, args.n).items():
            print(f"{name:45s} {value:10.3f}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
