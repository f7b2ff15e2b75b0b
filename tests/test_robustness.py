"""Hostile text: any Unicode string yields a schema-valid record with true offsets.

Property tests run the full pipeline (model + rules) on generated strings, including
control characters, emoji, right-to-left marks and very long words.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.api import without_surrogates
from pipeline.cli import main
from pipeline.document import SourceDoc
from pipeline.validate import errors
from tests.conftest import REPO

NASTY = [
    "",
    " ",
    "\x00\x01\x02",
    "\u202eKorea\u202c and the \u200fUnited States\u200e",
    "🇺🇸🇰🇷 U.S.-Korea 🤝 May 2024",
    "A" * 100_000,
    "Secretary " * 2000,
    "\r\n\r\nToday,\rthe Minister of Trade\r\nmet.",
    "Ministry of ( Trade ) , and , Energy ((( SCCD ))) working group",
    "\ud800 lone surrogate",
    "#### ### #Tag #Tag",
]


def _check(extractor: Any, text: str) -> None:
    src = SourceDoc(doc_id="p", text=text, published="2024-06-27")
    rec = extractor.extract(src)
    assert errors(rec) == []
    text = without_surrogates(src).text  # the text the offsets index
    assert rec["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    for key, value in rec.items():
        if isinstance(value, list) and key != "boilerplate":
            for fact in value:
                for m in fact["mentions"]:
                    assert 0 <= m["start"] < m["end"] <= len(text)
                    assert text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_nasty_strings(extractor: Any, text: str) -> None:
    _check(extractor, text)


words = st.one_of(
    st.text(min_size=1, max_size=12),
    st.sampled_from(
        [
            "U.S.",
            "Korea",
            "Minister",
            "Secretary",
            "of",
            "Trade",
            "May",
            "2024",
            "today",
            "working",
            "group",
            "Dialogue",
            "(SCCD)",
            ",",
            "and",
            "Ministry",
            "\u200f",
            "🤝",
        ]
    ),
)


# derandomize: the same examples on every run, so CI cannot fail by chance (issue 11); the
# examples below are shapes a random run once found
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@example(", ,")
@example("Jane Doe, , Minister")
@example(", Minister, Ministry of Trade")
@given(st.lists(words, max_size=60).map(" ".join))
def test_any_text_gives_a_valid_grounded_record(extractor: Any, text: str) -> None:
    _check(extractor, text)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(max_size=400))
def test_any_unicode_gives_a_valid_grounded_record(extractor: Any, text: str) -> None:
    _check(extractor, text)


def test_corpus_plus_bad_inputs_are_all_accounted_for(tmp_path: Path) -> None:
    """Every input is written, skipped or failed, and only the bad ones fail."""
    releases = REPO / "corpus" / "releases"
    n_releases = len(list(releases.glob("*.txt")))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_bytes(b"  \n\t ")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (bad / "broken.json").write_text("{not json")
    (bad / "good-cp1252.txt").write_bytes(
        "Caf\xe9 talks: the Minister met in Paris today.".encode("cp1252")
    )
    out = tmp_path / "out"
    rc = main(
        [
            "extract",
            str(releases),
            str(bad),
            "--manifest",
            str(releases / "manifest.jsonl"),
            "--out",
            str(out),
            "--quiet",
            "--no-tables",
            "--workers",
            "1",
        ]
    )
    summary = json.loads((out / "summary.json").read_text())
    assert summary["inputs"] == summary["written"] + summary["skipped"] + summary["failed"]
    assert summary["inputs"] == n_releases + 5
    assert summary["failed"] == 4, summary["errors"]
    assert {e["doc"] for e in summary["errors"]} == {"empty", "blank", "image", "broken"}
    assert rc == 1
