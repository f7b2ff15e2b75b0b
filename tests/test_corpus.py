"""The bundled corpus: only redistributable releases, each with its manifest row, and the
``make sync-corpus`` step that brings new ones (and new gold) from ../shared."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO

CORPUS = REPO / "corpus"


def _sync_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_sync", CORPUS / "sync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(manifest: Path) -> list[dict]:
    return [json.loads(x) for x in manifest.read_text("utf-8").splitlines() if x.strip()]


def test_every_bundled_release_has_a_row_whose_licence_allows_it() -> None:
    sync = _sync_module()
    rows = _rows(CORPUS / "releases" / "manifest.jsonl")
    ids = {r["id"] for r in rows}
    assert ids == {p.stem for p in (CORPUS / "releases").glob("*.txt")}
    refused = [r["id"] for r in rows if not sync.redistributable(r)]
    assert refused == []
    assert {p.stem for p in (CORPUS / "gold").glob("*.json")} <= ids


def _release(root: Path, doc_id: str, note: str) -> dict:
    (root / f"{doc_id}.txt").write_text(f"Release {doc_id}\n\nBody.", "utf-8")
    return {"id": doc_id, "title": f"Release {doc_id}", "license_note": note}


def test_sync_copies_only_what_may_be_redistributed(tmp_path: Path) -> None:
    sync = _sync_module()
    shared = tmp_path / "shared"
    releases, gold = shared / "corpus" / "releases", shared / "corpus" / "gold"
    releases.mkdir(parents=True)
    gold.mkdir(parents=True)
    rows = [
        _release(releases, "us-1", "U.S. federal government work, public domain"),
        _release(releases, "in-1", "PIB copyright policy permitting reproduction with attribution"),
        _release(releases, "sg-1", "Singapore Government website content, not public domain"),
    ]
    (releases / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for doc_id in ("us-1", "sg-1"):
        (gold / f"{doc_id}.json").write_text(json.dumps({"doc_id": doc_id}), "utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "releases").mkdir(parents=True)
    kept = {"id": "seed", "license_note": "U.S. federal government work"}
    (corpus / "releases" / "manifest.jsonl").write_text(json.dumps(kept) + "\n", "utf-8")

    assert sync.sync(shared, corpus) == (2, 1, 1)
    assert sorted(p.name for p in (corpus / "releases").glob("*.txt")) == ["in-1.txt", "us-1.txt"]
    assert [p.name for p in (corpus / "gold").glob("*.json")] == ["us-1.json"]
    bundled = {r["id"]: r for r in _rows(corpus / "releases" / "manifest.jsonl")}
    assert sorted(bundled) == ["in-1", "seed", "us-1"]
    assert bundled["in-1"]["license_note"] == rows[1]["license_note"]
    assert sync.sync(shared, corpus) == (0, 0, 1)  # nothing new the second time
