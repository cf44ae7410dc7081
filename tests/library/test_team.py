"""A team's library on a real PostgreSQL server: made by `library init`, refused when its schema
is missing or newer, permissions from PostgreSQL's roles, passwords from where the PostgreSQL
client looks, and the last copy read standing in while the server is offline."""

import datetime as dt
import io
import itertools
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from briefing_builder.cli import main
from briefing_builder.errors import LibraryError, LibraryOfflineError, LibraryReadOnlyError
from briefing_builder.library import store
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.schema import SCHEMA_VERSION
from briefing_builder.library.store import TEAM_LIBRARY, Change, Library
from tests.helpers.datasets import source_document
from tests.helpers.postgres import Server, running_server

ROLES = Path(__file__).resolve().parents[2] / "docs" / "team-roles.sql"


def add(library: Library, name: str = "my-evidence") -> None:
    document = source_document(name)
    library.write(
        [Change("source", document["source"])]
        + [Change("item", item, name) for item in document["items"]]
    )


def run_sql(server: Server, database: str, sql: str) -> None:
    with psycopg.connect(server.url(database), autocommit=True) as connection:
        connection.execute(sql.encode())


@pytest.fixture
def database(postgres_server: Server) -> str:
    return postgres_server.new_database()


def test_init_makes_the_tables_once_and_says_so(
    postgres_server: Server, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_server.url(database)
    assert main(["library", "init", url]) == 0
    assert f"Created the library's tables (schema {SCHEMA_VERSION})" in capsys.readouterr().out
    assert main(["library", "init", url]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert main(["--library", url, "library", "add-source", "--id", "ons", "--title", "Jobs",
                 "--publisher", "ONS", "--notes", "test"]) == 0  # fmt: skip
    assert main(["--library", url, "library", "list"]) == 0
    assert "Jobs" in capsys.readouterr().out


def test_a_database_without_the_tables_is_refused_naming_library_init(
    postgres_server: Server, database: str
) -> None:
    library = Library(postgres_server.url(database))
    with pytest.raises(LibraryError, match=r"holds no library yet.*library init URL"):
        library.contents()
    with pytest.raises(LibraryError, match="library init URL"):
        add(library)
    catalogue, warning = load_evidence(library=library)
    assert "holds no library yet" in warning
    assert catalogue.items, "the bundled evidence still loads"


def test_a_team_library_newer_than_the_app_is_refused_naming_both_versions(
    postgres_server: Server, database: str
) -> None:
    library = Library(postgres_server.url(database))
    library.init()
    run_sql(postgres_server, database, "UPDATE alembic_version SET version_num = '9'")
    with pytest.raises(
        LibraryError, match=rf"is schema 9, newer than this app reads \(schema {SCHEMA_VERSION}\)"
    ):
        library.contents()


def test_team_items_say_they_come_from_the_team_library(
    postgres_server: Server, database: str
) -> None:
    library = Library(postgres_server.url(database))
    library.init()
    add(library)
    catalogue, warning = load_evidence(library=library)
    assert warning == ""
    assert catalogue.item("my-evidence-1").source.origin == TEAM_LIBRARY == "Team library"


def test_the_two_documented_roles_read_and_edit(postgres_server: Server, database: str) -> None:
    Library(postgres_server.url(database)).init()
    run_sql(postgres_server, database, ROLES.read_text(encoding="utf-8"))
    for role, group in (("jane", "briefing_editor"), ("sam", "briefing_reader")):
        run_sql(
            postgres_server,
            database,
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} LOGIN IN ROLE {group}; END IF; END $$",
        )
    editor = Library(postgres_server.url(database, role="jane"))
    assert editor.refusal() == ""
    add(editor)
    assert editor.history("my-evidence-1")[0].changed_by == "jane"

    reader = Library(postgres_server.url(database, role="sam"))
    assert reader.contents().items.keys() == {"my-evidence-1"}
    assert "your role may only read the team library" in reader.refusal()
    with pytest.raises(LibraryReadOnlyError, match="your role may only read the team library"):
        reader.retire("my-evidence-1")
    assert not editor.contents().items["my-evidence-1"].retired


def test_the_password_comes_from_pgpassword_or_a_pgpass_file(
    postgres_server: Server,
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Library(postgres_server.url(database)).init()
    url = postgres_server.reader_with_password(database, "kim", "right horse battery")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(LibraryError, match=r"the server refused the login.*\.pgpass"):
        Library(url).contents()
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(LibraryError, match="password authentication failed"):
        Library(url).contents()
    monkeypatch.setenv("PGPASSWORD", "right horse battery")
    assert Library(url).contents().items == {}
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{postgres_server.port}:{database}:kim:right horse battery\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert Library(url).contents().items == {}


def test_the_password_can_be_kept_in_the_system_keyring(
    postgres_server: Server,
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    keyring_file: Path,
) -> None:
    Library(postgres_server.url(database)).init()
    url = postgres_server.reader_with_password(database, "lee", "staple cow")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(LibraryError, match="PGPASSWORD or the system keyring"):
        Library(url).contents()
    monkeypatch.setattr("sys.stdin", io.StringIO("staple cow\n"))
    assert main(["library", "password", url]) == 0
    said = capsys.readouterr()
    assert f"Kept the password for lee@127.0.0.1:{postgres_server.port}/{database}" in said.out
    assert "staple cow" not in said.out + said.err
    assert Library(url).contents().items == {}, "the keyring gave the password"
    assert main(["library", "password", "--forget", url]) == 0
    assert "Removed the password" in capsys.readouterr().out
    with pytest.raises(LibraryError, match="the server refused the login"):
        Library(url).contents()

    keyring.set_keyring(FailKeyring())
    monkeypatch.setattr("sys.stdin", io.StringIO("staple cow\n"))
    assert main(["library", "password", url]) == 2
    error = capsys.readouterr().err
    assert "this computer has no system keyring" in error
    assert ".pgpass" in error
    assert "Traceback" not in error


def test_a_url_with_a_password_is_refused_and_never_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--library", "postgresql://kim:hunter2@db.example/lib", "library", "list"]) == 2
    error = capsys.readouterr().err
    assert "may not hold a password" in error
    assert "hunter2" not in error


def test_a_missing_database_and_an_unreachable_host_say_which(postgres_server: Server) -> None:
    with pytest.raises(LibraryError, match="no such database"):
        Library(postgres_server.url("no_such_library")).contents()
    with pytest.raises(LibraryOfflineError, match="Team library offline: cannot reach"):
        Library("postgresql://kim@127.0.0.1:1/lib").contents()


def test_when_the_server_stops_the_last_copy_stands_in_and_edits_wait() -> None:
    with running_server() as server:
        assert server is not None
        database = server.new_database()
        library = Library(server.url(database))
        library.init()
        add(library)
        assert load_evidence(library=Library(server.url(database)))[1] == ""
        server.stop()
        try:
            offline = Library(server.url(database))
            catalogue, warning = load_evidence(library=offline)
            assert warning.startswith("Team library offline: showing the copy from ")
            read_at = dt.datetime.fromisoformat(offline.offline_since).astimezone()
            assert f"the copy from {read_at.day} {read_at:%B %Y at %H:%M}" in warning
            assert offline.offline_since not in warning, "a time as people write it"
            assert catalogue.item("my-evidence-1").source.origin == TEAM_LIBRARY
            assert "Team library offline" in offline.refusal()
            with pytest.raises(LibraryError, match="Team library offline"):
                add(offline, "written-offline")
        finally:
            server.start()
        back = Library(server.url(database))
        catalogue, warning = load_evidence(library=back)
        assert warning == ""
        assert back.offline_since == ""
        add(back, "written-after")
        assert "written-after-1" in back.contents().items


def test_team_presets_from_the_command_line(
    postgres_server: Server,
    database: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgres_server.url(database)
    Library(url).init()
    made = [
        "--library",
        url,
        "presets",
        "--team",
        "save",
        "WM monthly",
        "--region",
        "West Midlands",
    ]
    assert main(made) == 0
    assert main(["--library", url, "presets", "--team", "list"]) == 0
    assert "WM monthly" in capsys.readouterr().out
    assert main(["presets", "list"]) == 0
    assert "WM monthly" not in capsys.readouterr().out, "my own presets are apart"
    pack = tmp_path / "pack.docx"
    purpose = "The monthly West Midlands brief for the board."
    build = ["build", "--team-preset", "WM monthly", "--output", str(pack), "--purpose", purpose]
    assert main(["--library", url, *build]) == 0
    assert pack.is_file()
    assert main(["--library", url, "library", "history", "WM monthly"]) == 0
    out = capsys.readouterr().out
    assert "added" in out
    assert "WM monthly" in out
    monkeypatch.setenv("BRIEFING_BUILDER_LIBRARY", "")  # as a new process without --library
    assert main(["presets", "--team", "list"]) == 2
    assert "team presets are kept in a team library" in capsys.readouterr().err


def test_the_copy_is_rewritten_only_when_the_library_changed_and_keeps_the_last_read_time(
    postgres_server: Server, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(postgres_server.url(database))
    library.init()
    add(library)
    times = itertools.chain(
        ["2026-12-07T08:00:00+00:00", "2026-12-07T09:00:00+00:00"], itertools.repeat("later")
    )
    monkeypatch.setattr(store, "_now", lambda: next(times))
    library.contents()
    written = library.path.read_bytes()
    library.contents()
    assert library.path.read_bytes() == written, "nothing changed: the copy stands"
    copy = Library(postgres_server.url(database))
    assert copy.offline_copy().items.keys() == {"my-evidence-1"}
    assert copy.offline_since == "2026-12-07T09:00:00+00:00", "the time of the last read"
    add(library, "more")
    library.contents()
    assert "more-1" in Library(postgres_server.url(database)).offline_copy().items


@pytest.mark.parametrize(
    "typed", ["postgressql://ann@db/lib", "http://ann@db/lib", "ann@127.0.0.1:5432/lib"]
)
def test_a_mistyped_team_url_is_refused_not_made_a_file(
    typed: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--library", typed, "library", "add-source", "--id", "x", "--title", "T",
                 "--publisher", "P", "--notes", "n"]) == 2  # fmt: skip
    assert "not a library location; a team library's URL starts postgresql://" in (
        capsys.readouterr().err
    )
    assert not any(tmp_path.iterdir()), "no file was made"


def test_library_init_by_a_role_that_cannot_create_tables_says_who_must_run_it(
    postgres_server: Server, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_sql(
        postgres_server,
        database,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ned') THEN "
        "CREATE ROLE ned LOGIN; END IF; END $$",
    )
    assert main(["library", "init", postgres_server.url(database, role="ned")]) != 0
    message = capsys.readouterr().err
    assert "your role may not create or change the library's tables" in message
    assert "as the library's keeper, a role that may create tables" in message
    assert "Traceback" not in message
    assert Library(postgres_server.url(database)).init() is None, "nothing was half made"
