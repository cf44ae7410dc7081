"""Shared fixtures. Tests run headless: Qt uses the offscreen platform unless told otherwise."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# On CI the property tests draw the same examples every run, so a landing is never decided by
# the luck of the draw; runs elsewhere keep exploring new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from briefing_builder.catalogue import Catalogue, load_catalogue  # noqa: E402 - after the platform is set

SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak-actions", type=int, default=2000, help="user actions in the window's soak test"
    )
    parser.addoption("--soak-seed", type=int, default=10, help="the soak test's random seed")


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the app's user folder (presets, templates) at a fresh folder: never the real one."""
    folder = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_BUILDER_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The real bundled dataset, loaded once."""
    return load_catalogue()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared reference folder (seed documents, verified data) beside the checkout."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared reference folder is not at {SHARED}")
    return SHARED
