"""A throwaway PostgreSQL server for the tests: a cluster in a temporary folder, started by the
test run and stopped after it.

PostgreSQL refuses to run as root, so under root the server runs as an unprivileged user
("postgres" where Debian's package made it, else "nobody"). It listens on a Unix socket in its
folder, where every local role is trusted, and on a free port of 127.0.0.1, where a password is
asked for, so both trust and authentication can be tested.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

REQUIRED = "BRIEFING_BUILDER_REQUIRE_POSTGRES"
"""Set (as `.ci/run` does) to make a machine without PostgreSQL fail the tests that need it
instead of skipping them."""


def server_bin() -> Path | None:
    """The folder of `initdb` and `pg_ctl`: on the PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = Path("/usr/lib/postgresql").glob("*/bin/initdb")
    folders = sorted((p.parent for p in versions), key=lambda f: int(f.parent.name))
    return folders[-1] if folders else None


@dataclass
class Server:
    """A running throwaway server."""

    folder: Path
    user: str
    port: int
    bin: Path
    _databases: int = 0

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str, role: str | None = None) -> str:
        """A URL to a database over the Unix socket, as `role` (default the superuser)."""
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{role or self.user}@/{database}?host={host}&port={self.port}"

    def tcp_url(self, database: str, role: str) -> str:
        """A URL over TCP on 127.0.0.1, where the server asks for a password."""
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Runs SQL as the superuser, outside a transaction (CREATE DATABASE needs that)."""
        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql.encode())

    def reader_with_password(self, database: str, role: str, password: str) -> str:
        """A login role that may read the database's tables and needs a password over TCP;
        the URL to log in as it (tcp_url)."""
        self.admin(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} LOGIN PASSWORD '{password}'; END IF; END $$; "
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
            database,
        )
        return self.tcp_url(database, role)

    def new_database(self) -> str:
        """A fresh, empty database; its name."""
        self._databases += 1
        name = f"library_{self._databases}"
        self.admin(f'CREATE DATABASE "{name}"')
        return name

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop")

    def start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def _run(self, *command: str) -> None:
        as_user = {"user": self.user} if os.geteuid() == 0 else {}
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder, **as_user)


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server() -> Iterator[Server | None]:
    """A started server, or None when this machine has no PostgreSQL server programs."""
    bin_folder = server_bin()
    if bin_folder is None:
        yield None
        return
    if os.geteuid() == 0:
        user = "postgres" if _has_user("postgres") else "nobody"
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
    folder = Path(tempfile.mkdtemp(prefix="bb-postgres-"))
    (folder / "socket").mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        for path in (folder, folder / "socket"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    server = Server(folder, user, _free_port(), bin_folder)
    server._run(
        str(bin_folder / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        user,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--no-sync",
    )
    with (folder / "data" / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write(
            f"port = {server.port}\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder / 'socket'}'\n"
            "fsync = off\n"
            "max_connections = 60\n"
        )
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
