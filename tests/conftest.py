"""Shared fixtures: where the shared corpus lives, and one full-model Extractor per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def require_shared(*parts: str) -> Path:
    """A path under ../shared; missing fails under CI (CI=true) and skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"shared corpus not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI runs with ../shared beside the repo)")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """The full pipeline (model + rules), built once for every test that needs it."""
    from pipeline.api import Extractor

    return Extractor()
