"""Boilerplate markers: footers, hashtags and end markers are set aside, facts are not."""

from __future__ import annotations

import pytest

from pipeline.components.boilerplate import find_boilerplate, load_markers
from pipeline.patterns.load import PatternError, load_jsonl


def test_footer_hashtags_and_end_marker_are_set_aside() -> None:
    text = (
        "The Minister met the Ambassador in Paris.\n"
        "###\n"
        "Discover trade policy news updates on The Example Report. Free trade tools are "
        "available at example.com.\n#TradeNews #Policy"
    )
    regions = find_boilerplate(text, load_markers())
    covered = {i for s, e, _ in regions for i in range(s, e)}
    assert not any(i in covered for i in range(len("The Minister met the Ambassador in Paris.")))
    assert text.index("###") in covered
    assert text.index("Discover") in covered
    assert text.index("#Policy") in covered


def test_media_contact_block_swallows_the_rest() -> None:
    text = "Body text.\nMedia Contact: Jane Doe\nphone 555 0100\n"
    (start, end, marker), *_ = find_boilerplate(text, load_markers())
    assert marker == "media_contact" and end == len(text) and start == text.index("Media")


def test_hashtag_candidates_are_dropped_from_the_record(extractor) -> None:  # type: ignore[no-untyped-def]
    from pipeline.api import extract

    rec = extract("The United States and Japan signed a memorandum.\n#Japan #Trade", "2024-01-02")
    for country in rec["countries"]:
        for m in country["mentions"]:
            assert not m["text"].startswith("#")
            assert m["start"] < rec_text_len("The United States and Japan signed a memorandum.")


def rec_text_len(first_line: str) -> int:
    return len(first_line)


def test_bad_pattern_file_fails_at_load() -> None:
    with pytest.raises(PatternError):
        load_jsonl("boilerplate.jsonl", required=("no_such_key",))
