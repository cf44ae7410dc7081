"""The evidence library: sources and items, kept in the user's own SQLite file or in a team's
PostgreSQL database; the same tables, the same code.

Every write is one transaction that first reads the library, makes the change in memory, has
the catalogue's loader check the result by the rules of the bundled dataset, and only then
writes the rows and their history. A process killed part way leaves the library as it was; a
second writer waits up to `BUSY_SECONDS`, then is told the library is busy.

A team library is created and migrated only by `briefing-builder library init URL`, never by
opening it. Each read of it is kept as a copy in the user's data folder, for when the server
cannot be reached (`Library.offline_copy`).
"""

import dataclasses
import datetime as dt
import getpass
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.catalogue.loading import Problem, SourceDocument, problems_message
from briefing_builder.errors import (
    BriefingError,
    DatasetError,
    EditConflictError,
    LibraryBusyError,
    LibraryError,
    LibraryOfflineError,
    LibraryReadOnlyError,
)
from briefing_builder.files import describe_os_error, write_atomically
from briefing_builder.library import location as locations
from briefing_builder.library import passwords
from briefing_builder.library.schema import SCHEMA_VERSION, history, items, presets, sources
from briefing_builder.resources import library_file, team_copies_dir

MY_LIBRARY = "My library"
"""Where library evidence comes from, as the window and the command line name it."""
TEAM_LIBRARY = "Team library"
BUSY_SECONDS = 2.0
"""How long a write waits for another process's write to finish before saying the library is
busy."""
CONNECT_SECONDS = 5
"""How long to wait for a team library's server to answer before calling it offline."""
_WRITE_LOCK = 7_165_001
"""The PostgreSQL advisory lock every writer of a team library takes, as SQLite's writers take
the file's: the version check and the write are then one step."""
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ENTITIES = {"source": sources, "item": items, "preset": presets}
EVIDENCE = ("source", "item")
"""What an evidence write reads and compares; a preset's write reads only the presets."""


@dataclass(slots=True)
class Row:
    """A source or item as the library holds it: its record in the dataset format."""

    id: str
    record: dict[str, Any]
    version: int
    retired: bool
    changed_at: str
    changed_by: str
    source_id: str | None = None
    """The source an item belongs to; None for a source."""


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(Row))


@dataclass(slots=True)
class Contents:
    """The whole library, read in one transaction: sources and items by id, in order."""

    sources: dict[str, Row] = field(default_factory=dict)
    items: dict[str, Row] = field(default_factory=dict)
    origin: str = MY_LIBRARY
    presets: dict[str, Row] = field(default_factory=dict)
    """The team's presets, by their name's key; read with the evidence or on their own."""
    """Where the window and the command line say its evidence comes from."""

    def rows(self, entity: str) -> dict[str, Row]:
        """The sources ("source"), the items ("item") or the presets ("preset"), by id."""
        return {"source": self.sources, "item": self.items, "preset": self.presets}[entity]

    def documents(self) -> list[SourceDocument]:
        """Each source with its items, in the dataset format, for the catalogue's loader."""
        by_source: dict[str, list[Row]] = {source_id: [] for source_id in self.sources}
        for row in self.items.values():
            by_source[str(row.source_id)].append(row)
        return [
            SourceDocument(
                where=f"{self.origin}: source {source_id!r}",
                origin=self.origin,
                document={
                    "source": source.record,
                    "items": [row.record for row in by_source[source_id]],
                },
                retired=frozenset(
                    [row.id for row in by_source[source_id] if row.retired]
                    + ([source_id] if source.retired else [])
                ),
            )
            for source_id, source in self.sources.items()
        ]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a source or an item in its history: what it said, and who made it when."""

    entity: str
    id: str
    version: int
    record: dict[str, Any]
    retired: bool
    change: str
    changed_at: str
    changed_by: str


@dataclass(frozen=True, slots=True)
class Change:
    """A source or item to write: added when the id is new, else a new version."""

    entity: str
    record: dict[str, Any]
    source_id: str | None = None
    retired: bool = False
    change: str = ""
    """What the history says was done; worked out from the rows when empty."""
    base: int | None = None
    """The version the change was made from (an edit form's), or 0 for something new; a
    change made from an older version than the library's is refused. None: whatever it is."""

    key: str = ""
    """The row's id where the record holds none (a preset's: its name's key)."""

    @property
    def id(self) -> str:
        return self.key or str(self.record.get("id", ""))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a write did: the ids added, changed (a new version) and left as they were, and
    the version each row written now has."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    versions: Mapping[str, int] = field(default_factory=dict)


class Library:
    """An evidence library: a SQLite file, created on the first write, or a team's PostgreSQL
    database, created by `init`."""

    def __init__(self, location: Path | str) -> None:
        self.team = locations.is_team(location)
        self.url = locations.checked(str(location)) if self.team else ""
        self.path = (
            team_copy_file(self.url)
            if self.team
            else location
            if isinstance(location, Path)
            else locations.file_location(location)
        )
        """The SQLite file; for a team library, where its offline copy is kept."""
        self.where = locations.shown(location)
        """The location as messages show it."""
        self.origin = TEAM_LIBRARY if self.team else MY_LIBRARY
        self.offline_since = ""
        """For a team library read from its copy: when that copy was read (ISO 8601, UTC)."""
        self._engines: dict[bool, Engine] = {}

    @classmethod
    def default(cls) -> "Library":
        """The user's library: in the user data folder, or under BRIEFING_BUILDER_HOME."""
        return cls(library_file())

    @classmethod
    def chosen(cls, given: str | None = None) -> "Library":
        """The library chosen by `--library`, BRIEFING_BUILDER_LIBRARY or the window; else the
        user's own."""
        return cls(locations.chosen(given))

    def exists(self) -> bool:
        """Whether there is a library to read: a team library always has one, or says why not."""
        return self.team or self.path.is_file()

    def contents(self, entities: Sequence[str] = tuple(_ENTITIES)) -> Contents:
        """Everything the library holds (or only the `entities` named); empty when it has not
        been created yet. A team library's whole read is kept as its offline copy."""
        if not self.exists():
            return Contents(origin=self.origin)
        with self._connect() as connection:
            schema = self._schema(connection)
            if schema == SCHEMA_VERSION:
                contents = _read(connection, self.origin, entities)
                if self.team and len(entities) == len(_ENTITIES):
                    self._keep_copy(contents)
                return contents
        if schema is None and not self.team:
            return Contents(origin=self.origin)
        with self._writer() as connection:
            self._migrate(connection)
        with self._connect() as connection:
            return _read(connection, self.origin, entities)

    def offline_copy(self) -> Contents:
        """The last copy of the team library read on this computer, for when its server cannot
        be reached; sets `offline_since`. LibraryError if there is none."""
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            contents = Contents(origin=self.origin)
            for entity in _ENTITIES:
                for values in kept[entity]:
                    contents.rows(entity)[values["id"]] = Row(**values)
            read_at = str(kept["read_at"])
            with suppress(OSError, ValueError):
                read = _read_json(self._read_file())
                if read.get("fingerprint") == kept.get("fingerprint"):
                    read_at = str(read["read_at"])
        except FileNotFoundError:
            raise LibraryOfflineError(
                f"Team library offline ({self.where}), and no copy of it has been read on this "
                "computer yet"
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise LibraryError(
                f"{self.path}: the team library's copy cannot be read ({error})"
            ) from None
        self.offline_since = read_at
        return contents

    def init(self) -> int | None:
        """Creates the library's tables, or migrates them to this app's schema; returns the
        schema it held before (None: none)."""
        try:
            with self._writer() as connection:
                found = self._schema(connection)
                self._migrate(connection, init=True)
        except LibraryReadOnlyError as error:
            if self.offline_since:
                raise
            raise LibraryReadOnlyError(
                f"{self.where}: your role may not create or change the library's tables; run "
                "library init as the library's keeper, a role that may create tables in the "
                "database. "
                f"{error}"
            ) from None
        return found

    def offline_note(self) -> str:
        """What the window says while the team library is offline ("" while it is not)."""
        if not self.offline_since:
            return ""
        return f"Team library offline: showing the copy from {moment(self.offline_since)}"

    def refusal(self) -> str:
        """Why this library cannot be changed from here ("" when it can): an offline copy, or
        a PostgreSQL role that may only read."""
        if self.offline_since:
            return f"{self.offline_note()}; edits wait until it is back"
        if not self.team:
            return ""
        with self._connect() as connection:
            may = connection.execute(
                sa.text(
                    "SELECT has_table_privilege(current_user, 'items', 'INSERT, UPDATE') "
                    "AND has_table_privilege(current_user, 'sources', 'INSERT, UPDATE') "
                    "AND has_table_privilege(current_user, 'presets', 'INSERT, UPDATE') "
                    "AND has_table_privilege(current_user, 'history', 'INSERT')"
                )
            ).scalar()
        if may:
            return ""
        return f"your role may only read the team library ({self.where})"

    def catalogue(self, extra_dirs: Sequence[Path | str] = ()) -> Catalogue:
        """The bundled evidence with this library's and the folders', checked as one."""
        return load_catalogue(extra_dirs, self.contents().documents())

    def history(self, entity_id: str, entities: Sequence[str] = EVIDENCE) -> list[Version]:
        """Every version of the item (or, when no item has the id, the source; or the preset,
        when `entities` is ("preset",)), oldest first."""
        missing = f"the library holds no {' or '.join(entities)} {entity_id!r}"
        if not self.exists():
            raise LibraryError(missing)
        with self._connect() as connection:
            if self._schema(connection) is None:
                raise LibraryError(missing)
            versions = _history(connection, entity_id, entities)
        if not versions:
            raise LibraryError(missing)
        return versions

    def write(
        self,
        changes: Sequence[Change] | Callable[[Contents], Sequence[Change]],
        *,
        check: bool = True,
        entities: Sequence[str] = EVIDENCE,
    ) -> Outcome:
        """Writes the changes in one transaction, or nothing.

        `changes` may be a function of the library as it is, for a change that depends on it
        (retiring, restoring). With `check`, the catalogue's loader checks the library as it
        would be, and a problem in what changed refuses it all.

        The reading and checking happen before the write lock is taken, so other writers wait
        only for the rows to be written; if another writer changed the library in between,
        the change is worked out again from the library as it is now. Only the `entities`
        named are read and compared: the evidence, or the presets.
        """
        while True:
            contents = self.contents(entities)
            planned = list(changes(contents) if callable(changes) else changes)
            after = _apply(contents, planned)
            if check:
                _check(after, planned)
            with self._transaction() as connection:
                if _versions(connection, entities) == _versions_of(contents, entities):
                    return _write(connection, contents, planned, _stamp(connection, self.team))

    def row(self, entity: str, entity_id: str) -> Row:
        """The source or item ("source", "item") with this id."""
        rows = self.contents().rows(entity)
        if entity_id not in rows:
            raise LibraryError(f"the library holds no {entity} {entity_id!r}")
        return rows[entity_id]

    def entity(self, entity_id: str) -> tuple[str, Row]:
        """The item with this id, or else the source: ("item", row) or ("source", row)."""
        contents = self.contents()
        return _entity(contents, entity_id)

    def retire(self, entity_id: str, *, retired: bool = True) -> str:
        """Retires an item or a source (all its items with it), or brings it back; returns
        which it was."""

        kind = ""

        def change(contents: Contents) -> list[Change]:
            nonlocal kind
            kind, row = _entity(contents, entity_id)
            if row.retired == retired:
                state = "retired" if retired else "in use"
                raise LibraryError(f"the {kind} {entity_id!r} is already {state}")
            return [
                Change(
                    kind,
                    row.record,
                    row.source_id,
                    retired,
                    "retired" if retired else "brought back",
                )
            ]

        self.write(change, check=not retired)
        return kind

    def restore(self, entity_id: str, version: int) -> int:
        """Makes an old version of an item or source the current one, as a new version;
        returns the new version's number."""

        old = self.history(entity_id)
        chosen = next((v for v in old if v.version == version), None)

        def change(contents: Contents) -> list[Change]:
            kind, row = _entity(contents, entity_id)
            if chosen is None:
                numbers = ", ".join(str(v.version) for v in old)
                raise LibraryError(
                    f"the {kind} {entity_id!r} has no version {version} (it has {numbers})"
                )
            if chosen.record == row.record:
                differs = (
                    "; only whether it is retired differs, which retiring or bringing it back "
                    "changes"
                    if chosen.retired != row.retired
                    else ""
                )
                raise LibraryError(
                    f"version {version} of the {kind} {entity_id!r} says the same as its "
                    f"current version {row.version}{differs}"
                )
            return [Change(kind, chosen.record, row.source_id, row.retired, f"restored {version}")]

        return self.write(change).versions[entity_id]

    def _engine_for(self, *, writing: bool = False) -> Engine:
        engine = self._engines.get(writing)
        if engine is None:
            engine = self._engines[writing] = (
                _postgres_engine(self.url, writing=writing)
                if self.team
                else _sqlite_engine(self.path, writing=writing)
            )
        return engine

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection for reading; what the database says becomes a LibraryError."""
        with _reported(self), self._engine_for().connect() as connection:
            yield connection

    @contextmanager
    def _writer(self) -> Iterator[Connection]:
        """A connection of the writing engine, outside a transaction (to create or migrate)."""
        if self.offline_since:
            raise LibraryReadOnlyError(self.refusal())
        if not self.team:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryError(
                    f"{self.path.parent}: cannot create the library's folder "
                    f"({describe_os_error(error)})"
                ) from None
        with _reported(self), self._engine_for(writing=True).connect() as connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A write transaction, holding the write lock from its start so a second writer waits
        here, on a library created or migrated first if it needs to be."""
        with self._writer() as connection:
            self._migrate(connection)
        with _reported(self), self._engine_for(writing=True).begin() as connection:
            yield connection

    def _schema(self, connection: Connection) -> int | None:
        """The library's schema version; None for a file or database with no library in it
        yet. A schema newer than this app's is refused, naming both."""
        tables = set(sa.inspect(connection).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise LibraryError(
                f"{self.where}: is not a Briefing Builder library (it holds other tables); "
                "it was left as it is"
            )
        found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        if found is None:
            return 0
        if not str(found).isdigit():
            raise LibraryError(
                f"{self.where}: the library's schema {found!r} is not one this app knows "
                f"(it reads schemas 1 to {SCHEMA_VERSION}); it was left as it is"
            )
        number = int(found)
        if number > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.where}: the library is schema {found}, newer than this app reads "
                f"(schema {SCHEMA_VERSION}): update Briefing Builder to use it"
            )
        return number

    def _migrate(self, connection: Connection, *, init: bool = False) -> None:
        """Brings the library to this app's schema: a file after a backup copy beside it if it
        held one already; a team database only when `init` asks (else it is refused, saying
        so), since every member of the team uses it."""
        found = self._schema(connection)
        connection.rollback()
        if found == SCHEMA_VERSION:
            return
        if self.team and not init:
            held = "holds no library yet" if found is None else f"is schema {found}"
            raise LibraryError(
                f"{self.where}: the team library {held}, and this app uses schema "
                f"{SCHEMA_VERSION}: its keeper runs `briefing-builder library init URL` "
                "(after a pg_dump backup)"
            )
        if found is not None and not self.team:
            self._back_up(found)
        from alembic import command  # noqa: PLC0415 - needed only to create or migrate
        from alembic.config import Config  # noqa: PLC0415

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, str(SCHEMA_VERSION))
        connection.commit()
        if not self.team:
            # Kept by the file from now on: readers never wait for a writer, nor a writer for
            # them. (On the driver's connection, outside a transaction, where SQLite allows it.)
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA journal_mode = WAL")

    def _keep_copy(self, contents: Contents) -> None:
        """Keeps what was read as the offline copy, and when it was read. The copy is written
        again only when the library has changed since (writing 20,000 items took 0.26 to
        0.37 s of a 0.9 to 1.2 s read); a copy that cannot be written is only a copy, and the
        read stands."""
        versions = sorted(_versions_of(contents, tuple(_ENTITIES)).items())
        fingerprint = hashlib.sha256(repr(versions).encode("utf-8")).hexdigest()
        read = {"fingerprint": fingerprint, "read_at": _now()}
        try:
            copied = _read_json(self._read_file()).get("fingerprint")
        except (OSError, ValueError):
            copied = None
        with suppress(BriefingError, OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if copied != fingerprint or not self.path.is_file():
                kept = {
                    "location": self.where,
                    **read,
                    **{
                        entity: [_row_values(row) for row in contents.rows(entity).values()]
                        for entity in _ENTITIES
                    },
                }
                _write_json(self.path, kept)
            _write_json(self._read_file(), read)

    def _read_file(self) -> Path:
        """Where the time of the last read of a team library is kept, beside its copy."""
        return self.path.with_suffix(".read.json")

    def _back_up(self, schema: int) -> Path:
        """Copies the library, whole and consistent, to <name>.schema-<N>.bak beside it."""
        backup = self.path.with_name(f"{self.path.name}.schema-{schema}.bak")
        try:
            with (
                sqlite3.connect(self.path) as original,
                sqlite3.connect(backup) as copy,
            ):
                original.backup(copy)
        except (OSError, sqlite3.Error) as error:
            raise LibraryError(
                f"{backup}: cannot write the backup copy made before migrating the library "
                f"({error}); the library was left as it is"
            ) from None
        return backup


def _read_json(path: Path) -> dict[str, Any]:
    """A small JSON object kept by the app; {} when there is none yet."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return found if isinstance(found, dict) else {}


def _write_json(path: Path, value: dict[str, Any]) -> None:
    text = json.dumps(value, ensure_ascii=False)
    write_atomically(path, lambda temporary: temporary.write_text(text, "utf-8"), LibraryError)


def _row_values(row: Row) -> dict[str, Any]:
    """A row as the copy keeps it (not `dataclasses.asdict`, which deep-copies every record:
    a third of reading a 20,000-item team library)."""
    return {name: getattr(row, name) for name in _ROW_FIELDS}


def team_copy_file(url: str) -> Path:
    """Where the copy of a team library is kept: one file per library URL."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return team_copies_dir() / f"team-library-{digest}.json"


def _sqlite_engine(path: Path, *, writing: bool) -> Engine:
    """An engine whose transactions begin as SQLite is told: a writer's at once (IMMEDIATE),
    so two writers never both read and then fail to write, the second waits instead; a
    reader's when it first reads, from a snapshot that no writer blocks."""
    engine = sa.create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_SECONDS, "isolation_level": None},
        poolclass=sa.pool.NullPool,
    )
    begin = "BEGIN IMMEDIATE" if writing else "BEGIN"

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi: sqlite3.Connection, record: object) -> None:
        dbapi.execute("PRAGMA foreign_keys = ON")

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)

    return engine


def _postgres_engine(url: str, *, writing: bool) -> Engine:
    """An engine for a team library through psycopg 3: a reader's transactions see one
    snapshot of the whole library; a writer's take the write lock first, waiting at most
    `BUSY_SECONDS` for another writer."""
    address = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(
        address,
        connect_args={"connect_timeout": CONNECT_SECONDS, "application_name": "Briefing Builder"},
        poolclass=sa.pool.NullPool,
        isolation_level="READ COMMITTED" if writing else "REPEATABLE READ",
    )

    @sa.event.listens_for(engine, "do_connect")
    def _with_the_keyring(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        # The keyring is asked only when the server wants a password no usual place gave.
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as error:
            if "no password supplied" not in str(error):
                raise
            password = passwords.stored(url)
            if password is None:
                raise
            return dialect.connect(*cargs, **{**cparams, "password": password})

    if writing:

        @sa.event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(BUSY_SECONDS * 1000)}ms'")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")

    return engine


@contextmanager
def _reported(library: Library) -> Iterator[None]:
    """Turns what the database says about a damaged, locked or unreadable file, or an
    unreachable or refusing server, into a message that names it; nothing is changed to mend
    it."""
    try:
        yield
    except sa.exc.DBAPIError as error:
        if library.team:
            raise _postgres_error(error.orig, library.where) from None
        text = str(error.orig)
        if isinstance(error, sa.exc.OperationalError) and ("locked" in text or "busy" in text):
            raise LibraryBusyError(
                f"the library is busy: another Briefing Builder is saving to {library.where}; "
                "try again in a moment"
            ) from None
        if isinstance(error, sa.exc.OperationalError):
            raise LibraryError(f"{library.where}: the library cannot be opened ({text})") from None
        raise LibraryError(
            f"{library.where}: the library is damaged or not a library ({text}); "
            "it was left as it is"
        ) from None


def _postgres_error(error: BaseException | None, where: str) -> LibraryError:
    """What a team library's server said, as the official needs to hear it: which of host,
    authentication, database, permissions or a busy library failed."""
    state = getattr(error, "sqlstate", None) or ""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if state == "55P03":
        return LibraryBusyError(
            f"the library is busy: another Briefing Builder is saving to {where}; "
            "try again in a moment"
        )
    if state == "42501":
        return LibraryReadOnlyError(
            f"your role may only read the team library ({where}); the server said: {text}"
        )
    if state.startswith("28") or "authentication failed" in text or "no password" in text:
        return LibraryError(
            f"{where}: the server refused the login ({text}); check the user in the URL and "
            "the password in your .pgpass file, PGPASSWORD or the system keyring "
            "(briefing-builder library password URL)"
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return LibraryError(f"{where}: the server has no such database ({text})")
    if state in ("", "08000", "08001", "08006", "57P01", "57P03"):
        return LibraryOfflineError(f"Team library offline: cannot reach {where} ({text})")
    return LibraryError(f"{where}: the team library's server said: {text}")


def _read(connection: Connection, origin: str, entities: Sequence[str]) -> Contents:
    # Rows unpacked by position: reading each column by name cost a third of reading 20,000.
    contents = Contents(origin=origin)
    for entity in entities:
        table = _ENTITIES[entity]
        rows = contents.rows(entity)
        query = sa.select(
            table.c.id,
            table.c.record,
            table.c.version,
            table.c.retired,
            table.c.changed_at,
            table.c.changed_by,
            table.c.source_id if entity == "item" else sa.null(),
        ).order_by(table.c.id)
        for row_id, record, version, retired, at, by, source_id in connection.execute(query):
            rows[row_id] = Row(
                row_id, _record(record, row_id), version, bool(retired), at, by, source_id
            )
    return contents


def _versions(connection: Connection, entities: Sequence[str]) -> dict[tuple[str, str], int]:
    """Every row's version: what a writer compares to see if the library changed under it."""
    found = {}
    for entity in entities:
        table = _ENTITIES[entity]
        for row_id, version in connection.execute(sa.select(table.c.id, table.c.version)):
            found[entity, row_id] = version
    return found


def _versions_of(contents: Contents, entities: Sequence[str]) -> dict[tuple[str, str], int]:
    return {
        (entity, row.id): row.version
        for entity in entities
        for row in contents.rows(entity).values()
    }


def _record(text: str, row_id: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        raise LibraryError(
            f"the library's row {row_id!r} is damaged (its record is not a JSON object); "
            "the library was left as it is"
        )
    return record


def _history(connection: Connection, entity_id: str, entities: Sequence[str]) -> list[Version]:
    rows = connection.execute(
        sa.select(history)
        .where(history.c.id == entity_id, history.c.entity.in_(entities))
        .order_by(history.c.entity, history.c.version)
    ).all()
    versions = [
        Version(
            entity=row.entity,
            id=row.id,
            version=row.version,
            record=_record(row.record, row.id),
            retired=bool(row.retired),
            change=row.change,
            changed_at=row.changed_at,
            changed_by=row.changed_by,
        )
        for row in rows
    ]
    if any(v.entity == "item" for v in versions):
        return [v for v in versions if v.entity == "item"]
    return versions


def _entity(contents: Contents, entity_id: str) -> tuple[str, Row]:
    if entity_id in contents.items:
        return "item", contents.items[entity_id]
    if entity_id in contents.sources:
        return "source", contents.sources[entity_id]
    raise LibraryError(f"the library holds no item or source {entity_id!r}")


def _apply(contents: Contents, changes: Sequence[Change]) -> Contents:
    """The library as it would be after the changes (rows not yet stamped or numbered)."""
    after = Contents(
        dict(contents.sources), dict(contents.items), contents.origin, dict(contents.presets)
    )
    for change in changes:
        rows = after.rows(change.entity)
        old = rows.get(change.id)
        if change.entity == "preset":
            _check_base(change, old)
            rows[change.id] = Row(
                change.id, change.record, old.version if old else 0, change.retired, "", ""
            )
            continue
        others = after.rows("source" if change.entity == "item" else "item")
        if change.id in others:
            other = "an item" if change.entity == "source" else "a source"
            raise LibraryError(
                f"{change.entity} {change.id!r}: the id is already {other}'s; choose another"
            )
        _check_base(change, old)
        if change.entity == "item":
            if change.source_id not in after.sources:
                raise LibraryError(
                    f"item {change.id!r}: its source {change.source_id!r} is not in your "
                    "library; the items you add belong to a source of your own: add one first "
                    "(for a report the bundled evidence cites, under an id of your own)"
                )
            if old is not None and old.source_id != change.source_id:
                raise LibraryError(
                    f"item {change.id!r} belongs to the source {old.source_id!r}, "
                    f"not {change.source_id!r}; an item cannot move to another source"
                )
        rows[change.id] = Row(
            change.id,
            change.record,
            old.version if old else 0,
            change.retired,
            "",
            "",
            change.source_id,
        )
    return after


def _check_base(change: Change, old: Row | None) -> None:
    """Refuses a change made from a version that is no longer the library's."""
    if change.base is None or (old.version if old else 0) == change.base:
        return
    if old is None:
        raise LibraryError(f"the {change.entity} {change.id!r} is no longer in the library")
    if change.base == 0:
        raise LibraryError(
            f"the library already has {'an' if change.entity == 'item' else 'a'} "
            f"{change.entity} {change.id!r} (added by {old.changed_by} on "
            f"{moment(old.changed_at)}); "
            "choose another id"
        )
    raise EditConflictError(
        f"the {change.entity} {change.id!r} was changed by {old.changed_by} on "
        f"{moment(old.changed_at)} (version {old.version}) after you opened version {change.base}; "
        "nothing was saved: open it again to see that change, then make yours"
    )


def _check(after: Contents, changes: Sequence[Change]) -> None:
    """Has the loader check the library as it would be; refuses the change for a problem in a
    source it touches (a problem elsewhere is the load's to report, and does not block an edit
    that mends something else)."""
    touched = {f"{after.origin}: source {_source_id(change)!r}" for change in changes}
    try:
        load_catalogue(documents=after.documents(), what="the change")
    except DatasetError as error:
        mine = [
            p
            for p in error.problems
            if isinstance(p, Problem) and any(p.within(where) for where in touched)
        ]
        if mine:
            raise DatasetError(problems_message("the change", mine), mine) from None


def _source_id(change: Change) -> str:
    return change.id if change.entity == "source" else str(change.source_id)


def _write(
    connection: Connection, contents: Contents, changes: Sequence[Change], stamp: Mapping[str, str]
) -> Outcome:
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    versions: dict[str, int] = {}
    for change in changes:
        table = _ENTITIES[change.entity]
        rows = contents.rows(change.entity)
        old = rows.get(change.id)
        if old is not None and old.record == change.record and old.retired == change.retired:
            unchanged.append(change.id)
            versions[change.id] = old.version
            continue
        version = versions[change.id] = old.version + 1 if old else 1
        values: dict[str, Any] = {
            "record": json.dumps(change.record, ensure_ascii=False),
            "version": version,
            "retired": change.retired,
            **stamp,
        }
        if change.entity == "item":
            values["source_id"] = change.source_id
        if old is None:
            connection.execute(sa.insert(table).values(id=change.id, **values))
            added.append(change.id)
        else:
            connection.execute(sa.update(table).where(table.c.id == change.id).values(**values))
            changed.append(change.id)
        rows[change.id] = Row(
            change.id, change.record, version, change.retired, "", "", change.source_id
        )
        connection.execute(
            sa.insert(history).values(
                entity=change.entity,
                id=change.id,
                version=version,
                record=values["record"],
                retired=change.retired,
                change=change.change or ("added" if old is None else "edited"),
                **stamp,
            )
        )
    return Outcome(tuple(added), tuple(changed), tuple(unchanged), versions)


def _stamp(connection: Connection, team: bool) -> dict[str, str]:
    """Who is making a change, and when: the display name chosen in settings, else the team
    library's database user, else the login name."""
    user = locations.setting("display_name")
    if not user and team:
        user = str(connection.execute(sa.text("SELECT current_user")).scalar())
    if not user:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):  # no login name: a service account without one
            user = "unknown"
    return {"changed_at": _now(), "changed_by": user}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def moment(stamp: str) -> str:
    """A change's time as messages give it, in this computer's time zone: "7 December 2026 at
    23:59 GMT"; the stamp as it is if it is not an ISO time."""
    try:
        local = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{local.day} {local:%B %Y at %H:%M %Z}".rstrip()
