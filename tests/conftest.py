"""Shared fixtures: where the shared dev data and seeds are, and a fresh database per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CROSSWIRE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"{SHARED} not present: the shared dev data sits beside the repo in CI")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} not present: the seeds sit beside the repo in CI")
    return seeds


@pytest.fixture(scope="session")
def demo_corpus() -> Path:
    from crosswire.demo import corpus_path

    return corpus_path()


@pytest.fixture()
def seeds_db(seeds_dir: Path, tmp_path: Path) -> Path:
    """The two seeds ingested through the CLI (no vectors) into a fresh database."""
    from click.testing import CliRunner

    from crosswire.cli import main

    db = tmp_path / "seeds.db"
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", str(db), "--embedder", "none", "--json"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
