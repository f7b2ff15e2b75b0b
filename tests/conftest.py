"""Shared fixtures: where the shared corpus lives, and one full-model Extractor per session."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pipeline.api import Extractor
    from pipeline.document import SourceDoc

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


CORPUS = REPO / "corpus"


def require_shared(*parts: str) -> Path:
    """A path under ../shared, or its bundled copy (the seed lives in corpus/releases).

    Missing fails under CI (CI=true) and skips elsewhere.
    """
    if parts[:1] == ("seeds",) and (CORPUS / "releases").joinpath(*parts[1:]).exists():
        return (CORPUS / "releases").joinpath(*parts[1:])
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"shared corpus not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI runs with ../shared beside the repo)")
        pytest.skip(msg)
    return path


def extract_dir(releases: Path, out: Path, workers: int = 1) -> Path:
    """``tradefacts extract`` over a release folder with its manifest, as ``make run`` does;
    every document must be written."""
    import json

    from pipeline.cli import main

    rc = main(
        [
            "extract",
            str(releases),
            "--manifest",
            str(releases / "manifest.jsonl"),
            "--out",
            str(out),
            "--workers",
            str(workers),
            "--quiet",
            "--no-tables",
        ]
    )
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failed"] == 0, summary["errors"]
    assert rc == 0
    return out


def make_src(text: str, published: str | None = None, doc_id: str = "t") -> SourceDoc:
    """A SourceDoc for a test text, as a reader would build it."""
    from pipeline.document import SourceDoc

    sha = hashlib.sha256(text.encode()).hexdigest()
    return SourceDoc(doc_id=doc_id, text=text, published=published, path="<t>", input_sha256=sha)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The full pipeline (model + rules), built once for every test that needs it."""
    from pipeline.api import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def full(extractor: Extractor) -> Extractor:
    """The full pipeline under the name component tests use beside ``blank``."""
    return extractor


@pytest.fixture(scope="session")
def blank() -> Extractor:
    """Tokenizer + our components, no model: for rules that must work without it."""
    from pipeline.api import Extractor
    from pipeline.nlp import build_blank

    return Extractor(nlp=build_blank())
