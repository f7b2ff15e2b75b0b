"""Our components are spaCy-shaped: configured factories, declared span keys, a pipeline
that survives ``to_disk``/``spacy.load`` unchanged."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import spacy
from spacy.language import Language

from pipeline.components import PIPELINE_ORDER, SPAN_KEYS
from pipeline.components.base import spans_of
from pipeline.nlp import build_blank
from pipeline.patterns import load
from tests.conftest import CORPUS, make_src

if TYPE_CHECKING:
    from pipeline.api import Extractor
    from pipeline.record import Candidate, Context, Fact

SEED = CORPUS / "releases" / "000_b60951ee979ae1a4.txt"

# Invented releases of different shapes: a dateline and roster, a meeting report with
# bodies of both kinds, a compound "U.S.-Korea" the tokenizer must split.
TEXTS = (
    "NAIROBI, 5 May 2024 -- Minister of Trade Jane Doe met Northwind Ltd. and the "
    "Kenya-Germany Joint Working Group on Solar Equipment held its second meeting.\n"
    "John Roe, Chief Executive Officer, Northwind Ltd.\n",
    "The Canada-Mexico Strategic Dialogue convened in Ottawa on 12 March 2023. "
    "Both sides agreed to launch a Working Group on Critical Minerals and to sign a "
    "Memorandum of Understanding on Customs Cooperation.",
    "The U.S.-Korea Trade Forum met in Seoul, Republic of Korea, last week; the "
    "Ministry of Commerce of India sent observers.",
)


def config_files(name: str) -> list[str]:
    """The data files a factory's default config names (``patterns`` or ``data_files``)."""
    cfg = Language.get_factory_meta(name).default_config
    if "patterns" in cfg:
        return [cfg["patterns"]]
    return list(cfg["data_files"])


def record_json(ex: Extractor, text: str) -> str:
    return json.dumps(ex.extract(make_src(text, published="2024-05-06")), sort_keys=True)


@pytest.mark.parametrize("name", PIPELINE_ORDER)
def test_every_factory_has_a_default_config_naming_its_data_files(name: str) -> None:
    files = config_files(name)
    assert files, f"{name} names no data file"
    assert set(files) <= set(load.pattern_files())


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The pattern files read from disk while the fixture is active."""
    seen: set[str] = set()
    original = load._lines

    def logged(name: str) -> list[tuple[int, str]]:
        seen.add(name)
        return original(name)

    monkeypatch.setattr(load, "_lines", logged)
    yield seen


def clear_caches() -> None:
    """Forget every cached load of pipeline code, so the next use reads its files again."""
    for mod_name, mod in list(sys.modules.items()):
        if mod_name.startswith("pipeline.") and mod is not None:
            for obj in list(vars(mod).values()):
                if callable(obj) and hasattr(obj, "cache_clear"):
                    obj.cache_clear()


def test_config_names_every_data_file_the_rules_read(reads: set[str]) -> None:
    """Each component, built and run with cold caches, reads only files its config names."""
    nlp = build_blank()
    docs = [nlp(t) for t in (SEED.read_text(encoding="utf-8"), *TEXTS)]
    for name in PIPELINE_ORDER:
        clear_caches()
        reads.clear()
        component = nlp.create_pipe(name)
        for doc in docs:
            component(doc)
        assert reads, f"{name} read no data file with cold caches"
        assert reads <= set(config_files(name)), f"{name} reads undeclared {reads}"


def test_config_names_every_data_file_its_resolver_reads(
    extractor: Extractor, reads: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolvers live beside their components and shape the records: their reads count too.
    Each resolver reruns with cold caches on the contexts it saw in a real extraction."""
    from pipeline import resolve

    seen: dict[str, list[Context]] = {}
    original = dict(resolve.RESOLVERS)

    def snapshot(fact_type: str) -> Callable[[list[Candidate], Context], list[Fact]]:
        def run(cands: list[Candidate], ctx: Context) -> list[Fact]:
            seen.setdefault(fact_type, []).append(copy.deepcopy(ctx))
            return original[fact_type](cands, ctx)

        return run

    for fact_type in original:
        monkeypatch.setitem(resolve.RESOLVERS, fact_type, snapshot(fact_type))
    for text in (SEED.read_text(encoding="utf-8"), *TEXTS):
        extractor.extract(make_src(text, published="2024-05-06"))
    for fact_type, contexts in seen.items():
        clear_caches()
        reads.clear()
        for ctx in contexts:
            ctx = copy.deepcopy(ctx)
            original[fact_type](ctx.of(fact_type), ctx)
        name = SPAN_KEYS[fact_type]
        assert reads <= set(config_files(name)), f"{name} resolver reads undeclared {reads}"
    assert set(seen) == set(original)


def test_a_config_naming_other_files_fails_loudly() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="data_files"):
        nlp.add_pipe("tf_places", config={"data_files": ["places.jsonl"]})


def test_analyze_pipes_finds_no_problem_in_the_built_pipeline(extractor: Extractor) -> None:
    analysis = extractor.nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in extractor.nlp.pipe_names}


def test_analyze_pipes_catches_a_reader_before_its_writer() -> None:
    order = [n for n in PIPELINE_ORDER if n != "tf_countries"] + ["tf_countries"]
    problems = build_blank(order).analyze_pipes(pretty=False)["problems"]
    assert problems["tf_places"] == ["doc._.tf_countries"]


@pytest.mark.parametrize("name", PIPELINE_ORDER)
def test_each_component_assigns_the_span_key_of_its_own_name(name: str) -> None:
    meta = Language.get_factory_meta(name)
    assert f"doc._.{name}" in meta.assigns
    assert [a for a in meta.assigns if a.startswith("doc._.")] == [f"doc._.{name}"]


def test_span_keys_are_the_component_names() -> None:
    assert set(SPAN_KEYS.values()) == set(PIPELINE_ORDER)


def test_docs_carry_only_component_keys_and_labels_tell_types_apart(
    extractor: Extractor,
) -> None:
    doc = extractor.nlp(TEXTS[1])
    assert {k for k in doc.spans if k.startswith("tf_")} <= set(PIPELINE_ORDER)
    labels = {s.label_ for s in doc.spans["tf_bodies"]}
    assert labels == {"working_groups", "dialogues"}
    for fact_type in ("working_groups", "dialogues"):
        assert spans_of(doc, fact_type)
        assert {s.label_ for s in spans_of(doc, fact_type)} == {fact_type}
    places = extractor.nlp(TEXTS[2])
    assert {s.label_ for s in places.spans["tf_places"]} == {"locations"}
    # the Doc extension analyze_pipes relies on is the span group itself
    assert [s.text for s in doc._.tf_bodies] == [s.text for s in doc.spans["tf_bodies"]]


@pytest.fixture(scope="module")
def saved(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nlp")
    extractor.nlp.to_disk(path)
    return path


def test_a_saved_and_reloaded_pipeline_gives_identical_records(
    extractor: Extractor, saved: Path
) -> None:
    from pipeline.api import Extractor

    reloaded = Extractor(nlp=spacy.load(saved))
    assert reloaded.nlp.pipe_names == extractor.nlp.pipe_names
    # the extra infix survives: "U.S.-Korea" is two names, each a token
    assert "Korea" in [t.text for t in reloaded.nlp.make_doc(TEXTS[2])]
    for text in (SEED.read_text(encoding="utf-8"), *TEXTS):
        assert record_json(reloaded, text) == record_json(extractor, text)


def test_a_saved_pipeline_loads_through_the_entry_points_alone(saved: Path) -> None:
    """A spaCy user who never imports our package: the factories come from the
    ``spacy_factories`` entry point."""
    code = (
        "import json, sys, spacy; nlp = spacy.load(sys.argv[1]); "
        "doc = nlp('On 5 May 2024 Germany and Kenya met in Nairobi.'); "
        "print(json.dumps(sorted(doc.spans)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(saved)], capture_output=True, text=True, check=True
    )
    keys = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"tf_countries", "tf_dates", "tf_places"} <= set(keys)
