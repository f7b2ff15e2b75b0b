"""shapes: the name-run toolkit the bodies, events and agreements components share."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.components.shapes import (
    SENTENCE_END,
    acronym_start,
    after_document_kind,
    countries_between,
    country_prefix,
    dialogue_heads,
    head_class,
    in_title_line,
    is_acronym_text,
    is_sentence_end,
    left_start,
    ordinal_value,
    paren_acronym,
    plural_of,
    right_end,
    sentence_bounds,
    sentence_span,
    standing_after,
    wg_kinds,
)
from pipeline.nlp import build_blank


def _doc(text: str) -> Doc:
    return build_blank(names=())(text)


def _at(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_name_runs_cross_joiners_but_not_other_heads() -> None:
    doc = _doc("the Africa Working Group of the U.S.-Morocco Strategic Dialogue met")
    dialogue = _at(doc, "Dialogue")
    assert doc[left_start(doc, dialogue) : dialogue].text == "U.S.-Morocco Strategic"
    doc = _doc("the Republic of Korea Economic Security Dialogue and")
    dialogue = _at(doc, "Dialogue")
    assert doc[left_start(doc, dialogue) : dialogue].text == "Republic of Korea Economic Security"
    doc = _doc("a Task Force on Textiles Exports was held on October 3")
    on = _at(doc, "on")
    assert doc[on + 1 : right_end(doc, on + 1)].text == "Textiles Exports"


def test_a_run_stops_at_a_second_head_joined_by_and() -> None:
    doc = _doc("the Northwind Energy Dialogue and Harbor Forum met")
    forum = _at(doc, "Forum")
    assert doc[left_start(doc, forum) : forum].text == "Harbor"


def test_no_run_before_a_lower_case_word() -> None:
    doc = _doc("they met at the dialogue yesterday")
    i = _at(doc, "dialogue")
    assert left_start(doc, i) == i
    assert right_end(doc, _at(doc, "yesterday")) == _at(doc, "yesterday")


def test_paren_acronym_after_a_name() -> None:
    doc = _doc("the Blue Harbor Council (BHC) met")
    e = _at(doc, "(")
    found = paren_acronym(doc, e)
    assert found is not None and found[1] == "BHC" and doc[found[0]].text == "met"
    doc = _doc("the Blue Harbor Council (see below) met")
    assert paren_acronym(doc, _at(doc, "(")) is None


def test_country_compound_in_front_of_a_name() -> None:
    doc = _doc("the United States-Japan Harbor Dialogue")
    codes, core = country_prefix(doc, 1, _at(doc, "Dialogue"))
    assert codes == ["US", "JP"] and doc[core].text == "Harbor"
    doc = _doc("the Harbor Dialogue")
    assert country_prefix(doc, 1, _at(doc, "Dialogue")) == ([], 1)


def test_head_classes_cover_all_three_pattern_files() -> None:
    doc = _doc("Dialogue Workshop Memorandum Group Harbor")
    assert [head_class(t) for t in doc] == ["dialogue", "event", "agreement", "wg", None]


def test_acronym_shapes() -> None:
    for text in ("SCCD", "MoU", "iCET", "G20", "U.S."):
        assert is_acronym_text(text), text
    for text in ("Korea", "and", "A", "2024"):
        assert not is_acronym_text(text), text


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "The U.S. Department signed it with Shell India Pvt. Ltd. on Monday. Next."
    start = text.index("Shell")
    lo, hi = sentence_span(text, start, start + 5)
    assert text[lo:hi] == "The U.S. Department signed it with Shell India Pvt. Ltd. on Monday."
    doc = _doc(text)
    lo_t, hi_t = sentence_bounds(doc, _at(doc, "Shell"))
    assert doc[lo_t].text == "The" and doc[hi_t - 1].text == "."
    assert doc[hi_t].text == "Next"


def test_vocabulary_loads() -> None:
    kinds = wg_kinds()
    assert kinds["working groups"].plural and not kinds["working group"].plural
    assert kinds["committee"].gated and not kinds["task force"].gated
    assert dialogue_heads()["dialogue"] == "always"
    assert plural_of("study") == "studies" and plural_of("survey") == "surveys"


def test_title_case_lines_are_headlines_not_sentences() -> None:
    doc = _doc(
        "Northwind Partners Announce Harbor Logistics Partnership Expansion\n"
        "The Harbor Logistics Partnership Group met. Members agreed on plans.\n"
        "Short Line Here\n"
    )
    assert in_title_line(doc, _at(doc, "Announce"))
    assert not in_title_line(doc, _at(doc, "Members"))
    assert not in_title_line(doc, _at(doc, "Short"))  # too few words to tell


def test_ordinal_words_and_numbers() -> None:
    assert [ordinal_value(w) for w in ("second", "21st", "Inaugural", "Forum")] == [
        "2",
        "21",
        "1",
        None,
    ]


def test_bare_hyphen_joins_a_lower_case_word_but_not_a_participle() -> None:
    doc = _doc("the Group on Agri-food Trade met")
    on = _at(doc, "on")
    assert doc[on + 1 : right_end(doc, on + 1)].text == "Agri-food Trade"
    group = _at(doc, "Trade") + 1
    assert doc[left_start(doc, group) : group].text == "Agri-food Trade"
    doc = _doc("the Energy-led Harbor Dialogue met")
    dialogue = _at(doc, "Dialogue")
    assert doc[left_start(doc, dialogue) : dialogue].text == "Harbor"
    doc = _doc("a Harbor - port deal")  # spaced hyphen: no join
    assert right_end(doc, _at(doc, "Harbor")) == _at(doc, "Harbor") + 1


def test_press_release_kind_before_a_name() -> None:
    doc = _doc("Announcement of the Harbor Trade Mission")
    mission = _at(doc, "Mission")
    assert doc[after_document_kind(doc, 0, mission)].text == "Harbor"
    doc = _doc("Republic of Korea Trade Mission")
    assert after_document_kind(doc, 0, _at(doc, "Mission")) == 0


def test_standing_words_after_a_name() -> None:
    doc = _doc("the Harbor Forum (HF) was reconvened in May")
    assert standing_after(doc, _at(doc, "Forum") + 1)
    doc = _doc("the Harbor Council held its second meeting")
    assert standing_after(doc, _at(doc, "Council") + 1)
    doc = _doc("the Harbor Forum drew crowds. It was reconvened")
    assert not standing_after(doc, _at(doc, "Forum") + 1)


def test_countries_between_after_a_name() -> None:
    doc = _doc("the Harbor Council (HC) between Peru and Ghana met")
    assert countries_between(doc, _at(doc, "Council") + 1) == ["PE", "GH"]
    doc = _doc("the Harbor Council between the United States and the Republic of Korea")
    assert countries_between(doc, _at(doc, "Council") + 1) == ["US", "KR"]
    doc = _doc("the Harbor Council between Peru and Northwind Ltd.")
    assert countries_between(doc, _at(doc, "Council") + 1) == []


def test_acronym_start_reads_initials_leftwards() -> None:
    doc = _doc("An Ocean, Shipping, and Ports (OSP) Task Force")
    assert doc[acronym_start(doc, _at(doc, "("), "OSP") or 0].text == "Ocean"
    doc = _doc("the Harbor Safety (HS) Group")
    assert doc[acronym_start(doc, _at(doc, "("), "HS") or 0].text == "Harbor"
    doc = _doc("we met Harbor Safety (XYZ) Group")
    assert acronym_start(doc, _at(doc, "("), "XYZ") is None



def _sentence_span_by_scan(text: str, start: int, end: int) -> tuple[int, int]:
    """The definition: the last boundary in the 2,000 characters up to ``start`` (the text
    read as if it stopped there), the first from ``end`` on."""
    lo = 0
    for m in SENTENCE_END.finditer(text, max(0, start - 2000), start):
        if is_sentence_end(text, m):
            lo = m.end()
    hi = len(text)
    for m in SENTENCE_END.finditer(text, end):
        if is_sentence_end(text, m):
            hi = m.end()
            break
    return lo, hi


def test_sentence_span_from_cached_boundaries_matches_the_scan() -> None:
    texts = [
        "Jane Roe of Northwind Pvt. Ltd. met the U.S. delegation. Talks ended.\nNext line",
        'He said "we agree.") Then the Minister left; the rest stayed.',
        "A deal (signed.)\u00a0Next one.” Then x. D.C. talks",
        "x" * 2100 + ". After a long run. End",
    ]
    for text in texts:
        for start in range(0, len(text) + 1, 1 if len(text) < 200 else 7):
            for end in (start, min(len(text), start + 3)):
                assert sentence_span(text, start, end) == _sentence_span_by_scan(text, start, end)
