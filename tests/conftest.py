"""Shared fixtures: the seed article, the bundled samples, and the shared corpora when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
SEED = ARTICLES / "000_c9ab4d96580aabf9.txt"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"../shared/corpora not found at {SHARED_CORPORA}: corpus checks run only where it exists")
    return SHARED_CORPORA
