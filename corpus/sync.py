"""Copy redistributable releases and their gold from ../shared into corpus/ (``make sync-corpus``).

A release is copied only when its manifest ``license_note`` allows redistribution:
U.S. federal government works (public domain, 17 U.S.C. 105) and Government of India
PIB releases (reproduction with attribution). Anything else (e.g. Singapore
Government website content) stays in ../shared. Gold is copied for every document
whose release is bundled. Existing files are overwritten only when they differ;
manifest rows keep every field (``license_note`` included), and bundled rows the
shared manifest does not know (the seed) are kept.

Usage: python corpus/sync.py [SHARED_DIR]   (default: ../shared beside the repo)
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ALLOWED = ("U.S. federal government work", "reproduction with attribution")


def redistributable(row: dict[str, Any]) -> bool:
    """Does the licence note allow shipping the text in this repository?"""
    note = str(row.get("license_note") or "")
    return any(marker in note for marker in ALLOWED)


def _copy(src: Path, dst: Path) -> bool:
    if dst.exists() and dst.read_bytes() == src.read_bytes():
        return False
    shutil.copyfile(src, dst)
    return True


def sync(shared: Path, corpus: Path = HERE) -> tuple[int, int, int]:
    """(releases copied, gold copied, releases left out for their licence)."""
    src_releases, src_gold = shared / "corpus" / "releases", shared / "corpus" / "gold"
    releases, gold = corpus / "releases", corpus / "gold"
    releases.mkdir(parents=True, exist_ok=True)
    gold.mkdir(parents=True, exist_ok=True)
    manifest = releases / "manifest.jsonl"
    rows: dict[str, dict[str, Any]] = {}
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[str(row["id"])] = row
    n_rel = n_gold = n_out = 0
    for line in (src_releases / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc_id = str(row["id"])
        if not redistributable(row):
            n_out += 1
            continue
        text = src_releases / f"{doc_id}.txt"
        if not text.exists():
            continue
        n_rel += _copy(text, releases / text.name)
        rows[doc_id] = row
    for path in sorted(src_gold.glob("*.json")):
        if (releases / f"{path.stem}.txt").exists():
            n_gold += _copy(path, gold / path.name)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for _, r in sorted(rows.items()))
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != body:
        manifest.write_text(body, encoding="utf-8")
    return n_rel, n_gold, n_out


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else HERE.parent.parent / "shared"
    if not (shared / "corpus" / "releases" / "manifest.jsonl").exists():
        print(f"sync-corpus: no shared corpus at {shared}", file=sys.stderr)
        return 2
    n_rel, n_gold, n_out = sync(shared)
    print(
        f"sync-corpus: {n_rel} releases and {n_gold} gold records updated;"
        f" {n_out} releases left out (licence does not allow redistribution)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
