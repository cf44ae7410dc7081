"""Where the evidence library is: the user's own SQLite file (the default) or a team's
PostgreSQL database, named by a URL. Light: no database layer is imported here.

The location is, first found: `--library`, then `BRIEFING_BUILDER_LIBRARY`, then the one chosen
in the window (settings.ini, `[library] location`), then the user's own file. A URL never holds
a password: the PostgreSQL client finds it in the usual places (a `.pgpass` file, `PGPASSWORD`),
or the app in the system keyring (`passwords`), so no preset, setting or log can carry one.
"""

import configparser
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from briefing_builder.errors import LibraryError
from briefing_builder.resources import library_file, settings_file

ENVIRONMENT = "BRIEFING_BUILDER_LIBRARY"
SETTINGS_SECTION = "library"
"""settings.ini's section: `location` (a URL, or empty for the user's own file) and
`display_name` (who the history says made a change; the login or database user if empty)."""
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_team(location: str | Path) -> bool:
    """Whether the location is a team's PostgreSQL URL rather than a file."""
    return isinstance(location, str) and location.split(":", 1)[0].lower() in _SCHEMES


def checked(location: str) -> str:
    """A team URL as given, if it names a database and holds no password; LibraryError saying
    what is wrong if not."""
    parts = urlsplit(location.strip())
    if parts.password is not None:
        raise LibraryError(
            f"{shown(location)}: a library URL may not hold a password; put it in your "
            ".pgpass file, in PGPASSWORD or in the system keyring (briefing-builder library "
            "password URL)"
        )
    if not parts.path.strip("/"):
        raise LibraryError(
            f"{shown(location)}: the URL names no database; write it as "
            "postgresql://USER@HOST/DATABASE"
        )
    return location.strip()


def shown(location: str | Path) -> str:
    """The location as messages and the window show it: any password replaced by ***."""
    if not is_team(location):
        return str(location)
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    user = f"{parts.username}:***@" if parts.username else ":***@"
    netloc = user + parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=netloc))


def chosen(given: str | None = None) -> str | Path:
    """The library to use: given (`--library`), else the environment, else the window's
    choice, else the user's own file."""
    for location in (given, os.environ.get(ENVIRONMENT), setting("location")):
        if location and location.strip():
            return checked(location) if is_team(location) else file_location(location)
    return library_file()


def file_location(location: str) -> Path:
    """A library file's path; LibraryError for what looks like an address of another kind (a
    mistyped postgresql://), which would otherwise become a file of that name."""
    if "://" in location or "@" in location:
        raise LibraryError(
            f"{shown(location)}: not a library location; a team library's URL starts "
            "postgresql:// (postgresql://USER@HOST/DATABASE)"
        )
    return Path(location).expanduser()


def setting(key: str) -> str:
    """A value of settings.ini's [library] section; "" when unset or unreadable."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(settings_file(), encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return ""
    value = parser.get(SETTINGS_SECTION, key, fallback="").strip()
    if len(value) > 1 and value[0] == value[-1] == '"':  # how Qt writes a value with = or ;
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value
