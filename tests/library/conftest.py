"""The library fixtures: each behavioural test runs against the user's own SQLite file and
against a team's PostgreSQL database, the same code on another engine."""

import pytest

from briefing_builder.library.store import Library
from tests.helpers.postgres import Server


@pytest.fixture(params=["file", "team"])
def library(request: pytest.FixtureRequest) -> Library:
    """An empty library: the user's own file, or a new team database made ready by `init`."""
    if request.param == "file":
        return Library.default()
    server: Server = request.getfixturevalue("postgres_server")
    team = Library(server.url(server.new_database()))
    team.init()
    return team


@pytest.fixture
def file_library() -> Library:
    """The user's own library file (for what only a file has: damage, locks, backups)."""
    return Library.default()
