"""Browser fixtures: Debian's chromium (installed on demand by scripts/ensure-chromium.sh), driven by
Playwright through ``executable_path``; a read-only server over the demo database (+ seeds)."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("CROSSWIRE_SHARED", ROOT.parent / "shared")) / "seeds"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--font-render-hinting=none"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def web_seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present: the seeds sit beside the repo in CI")
    return SEEDS


@pytest.fixture(scope="session")
def chromium_path() -> str:
    script = ROOT / "scripts" / "ensure-chromium.sh"
    try:
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot run {script.name}: {exc}")
    if done.returncode != 0:
        pytest.skip(f"no Chromium and it cannot be installed here: {done.stderr.strip()[-300:]}")
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (crosswire[test])")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from crosswire.web.testing import LiveServer, ensure_demo_db

    base = tmp_path_factory.getbasetemp() / "crosswire-web"
    base.mkdir(exist_ok=True)
    db = ensure_demo_db(base / "demo.db", seeds=SEEDS if SEEDS.is_dir() else None)
    with LiveServer(db, read_only=True) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
