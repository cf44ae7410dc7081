"""A team library's password in the system keyring (the macOS Keychain, Windows Credential
Locker, the Secret Service on a Linux desktop), where there is one.

The keyring is the last place looked: the PostgreSQL client reads `PGPASSWORD` and the `.pgpass`
file itself, and only when the server asks for a password that neither gave is the keyring
asked. A password is stored under the library's user, host, port and database, never in a URL,
a setting, a preset or a log. `keyring` is imported only when a password is needed (it takes a
tenth of a second).
"""

import getpass
from urllib.parse import unquote, urlsplit

from briefing_builder.errors import LibraryError

SERVICE = "Briefing Builder team library"


def account(url: str) -> str:
    """The keyring's name for a library's login: USER@HOST:PORT/DATABASE, with the defaults
    the PostgreSQL client uses filled in."""
    parts = urlsplit(url)
    user = unquote(parts.username or "") or getpass.getuser()
    host = unquote(parts.hostname or "") or "localhost"
    return f"{user}@{host}:{parts.port or 5432}/{parts.path.strip('/')}"


def stored(url: str) -> str | None:
    """The password kept for the library's login; None when there is none, or no keyring."""
    try:
        import keyring  # noqa: PLC0415
        from keyring.errors import KeyringError  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return keyring.get_password(SERVICE, account(url))
    except (KeyringError, RuntimeError, OSError):
        return None


def store(url: str, password: str) -> str:
    """Keeps the password for the library's login; returns the keyring's name for it.
    LibraryError when this computer has no keyring to keep it in."""
    import keyring  # noqa: PLC0415
    from keyring.errors import KeyringError  # noqa: PLC0415

    try:
        keyring.set_password(SERVICE, account(url), password)
    except (KeyringError, RuntimeError, OSError) as error:
        raise LibraryError(
            f"this computer has no system keyring to keep the password in ({error}); put it "
            "in your .pgpass file or in PGPASSWORD instead"
        ) from None
    return account(url)


def forget(url: str) -> bool:
    """Removes the password kept for the library's login; False when none was kept."""
    import keyring  # noqa: PLC0415
    from keyring.errors import KeyringError  # noqa: PLC0415

    try:
        keyring.delete_password(SERVICE, account(url))
    except (KeyringError, RuntimeError, OSError):
        return False
    return True
