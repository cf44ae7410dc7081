"""Shared fixtures. Tests run headless: Qt uses the offscreen platform unless told otherwise."""

import os
from collections.abc import Iterator
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
from tests.helpers.postgres import REQUIRED, Server, running_server  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak-actions", type=int, default=2000, help="user actions in the window's soak test"
    )
    parser.addoption("--soak-seed", type=int, default=10, help="the soak test's random seed")


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the app's user folder (presets, templates, library) at a fresh folder: never the
    real one."""
    folder = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_BUILDER_HOME", str(folder))
    # Empty (the user's own file), and put back after each test: `--library` sets it.
    monkeypatch.setenv("BRIEFING_BUILDER_LIBRARY", "")
    return folder


@pytest.fixture
def keyring_file(tmp_path: Path) -> Iterator[Path]:
    """A real keyring backend keeping its passwords in a file of the test's own."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    yield Path(backend.file_path)
    keyring.set_keyring(before)


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A throwaway PostgreSQL server for the session's team library tests. Skipped where the
    machine has no PostgreSQL server programs, unless BRIEFING_BUILDER_REQUIRE_POSTGRES is set
    (as `.ci/run` sets it), which makes that a failure."""
    with running_server() as server:
        if server is None:
            message = "no PostgreSQL server programs (initdb, pg_ctl) on this machine"
            if os.environ.get(REQUIRED):
                pytest.fail(f"{message}, and {REQUIRED} is set")
            pytest.skip(message)
        yield server
