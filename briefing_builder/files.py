"""Writes files atomically: a temporary file in the same folder, then os.replace.

A failed export never leaves half a file, and never destroys the file that was there before.
Each temporary file is locked while it is written; one left by a killed program is no longer
locked, and the next write to that folder removes it.
"""

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from briefing_builder.errors import BriefingError, ExportError

if sys.platform != "win32":  # on Windows an open file cannot be deleted anyway
    import fcntl

PART = ".briefing.part"
"""How our temporary files end, so a clean-up never takes a file of anyone else's."""
_OURS = re.compile(r"\..*\.[a-z0-9_]{8}" + re.escape(PART))
"""The whole name of one of our temporary files: .<file>.<mkstemp's 8 characters>.briefing.part"""
STALE_AFTER_S = 60
"""How old an unlocked temporary file must be before it is taken as left by a killed program."""
STALE_UNLOCKABLE_AFTER_S = 24 * 3600
"""The same where files cannot be locked: long enough that no write is still going on."""

_LIVE: dict[Path, Path] = {}
"""The temporary files this program is writing now, and the file each will become."""

_WORDS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full (or out of room for new files)",
    errno.EDQUOT: "your disk quota is used up",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "the folder does not exist",
    errno.EMFILE: "too many files are open",
    errno.EFBIG: "the file is too large for this disk (or for your account's limit)",
}


def describe_os_error(error: OSError) -> str:
    """What went wrong with the file system, in words for the user."""
    return _WORDS.get(error.errno or 0) or error.strerror or str(error)


def safe_file_stem(name: str) -> str:
    """A name made safe for a file name on any system: letters, digits, spaces, - and _.
    A title's colon becomes a dash: "Briefing pack: Wales" is "Briefing pack - Wales"."""
    name = name.replace(": ", " - ")
    return "".join(c if c.isalnum() or c in " -_" else "-" for c in name).strip() or "pack"


def write_atomically(
    dest: Path, write: Callable[[Path], object], error: type[BriefingError] = ExportError
) -> Path:
    """Calls `write` with a temporary path beside `dest`, then moves the result onto `dest`.

    Problems with the file system are raised as `error`, with a message saying what to do.
    """
    write_together([(dest, write)], error)
    return dest


def write_together(
    writes: Sequence[tuple[Path, Callable[[Path], object]]],
    error: type[BriefingError] = ExportError,
) -> list[Path]:
    """Writes several files so that either all are written or none is changed: each is written
    to its temporary file first, and only when all have been written are they moved into place."""
    with contextlib.ExitStack() as stack:
        temporaries = [stack.enter_context(_temporary(dest, error)) for dest, _ in writes]
        for (dest, write), temporary in zip(writes, temporaries, strict=True):
            with _reported(dest, error):
                write(temporary)
                # mkstemp makes the file private (0600); give it the mode the file had, or the
                # mode a new file gets, so a pack saved to a shared folder stays readable.
                temporary.chmod(_mode_for(dest))
        for (dest, _), temporary in zip(writes, temporaries, strict=True):
            with _reported(dest, error):
                temporary.replace(dest)
    return [dest for dest, _ in writes]


def create_atomically(
    dest: Path, write: Callable[[Path], object], error: type[BriefingError] = ExportError
) -> Path:
    """Like `write_atomically`, but only if `dest` does not exist: a file another program
    created in the meantime is never overwritten (the file is linked into place, not moved)."""
    with _temporary(dest, error) as temporary:
        with _reported(dest, error):
            write(temporary)
            temporary.chmod(_mode_for(dest))
        try:
            os.link(temporary, dest)
        except FileExistsError:
            raise error(f"{dest} already exists") from None
        except OSError as problem:
            if problem.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise error(f"cannot write {dest}: {describe_os_error(problem)}") from None
            _create_without_links(dest, temporary, error)
    return dest


def _create_without_links(dest: Path, temporary: Path, error: type[BriefingError]) -> None:
    """For file systems without hard links: claims the name exclusively, then fills it."""
    try:
        os.close(os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        raise error(f"{dest} already exists") from None
    except OSError as problem:
        raise error(f"cannot write {dest}: {describe_os_error(problem)}") from None
    with _reported(dest, error):
        temporary.replace(dest)


@contextlib.contextmanager
def _temporary(dest: Path, error: type[BriefingError]) -> Iterator[Path]:
    """A locked, empty temporary file beside `dest`, removed afterwards whatever happens; or
    `dest` itself when it is a temporary file this program is writing already (a writer called
    by `write_together`), so messages name the file the user chose."""
    if dest in _LIVE:
        yield dest
        return
    folder = dest.parent
    if not folder.is_dir():
        if folder.exists() or any(p.exists() and not p.is_dir() for p in folder.parents):
            raise error(f"cannot write {dest}: part of the path is a file, not a folder")
        raise error(f"cannot write {dest}: the folder {folder} does not exist")
    if dest.exists() and not dest.is_file():
        what = "a folder" if dest.is_dir() else "not a regular file (a device, a pipe)"
        raise error(f"cannot write {dest}: it is {what}; choose another name")
    remove_stale_temporaries(folder)
    try:
        # The name is cut short so a long destination name still leaves room for the rest.
        handle, name = tempfile.mkstemp(prefix=f".{dest.name[:80]}.", suffix=PART, dir=folder)
    except OSError as problem:
        words = describe_os_error(problem)
        raise error(f"cannot write in {folder}: {words}; choose another folder") from None
    temporary = Path(name)
    _LIVE[temporary] = dest
    try:
        if sys.platform != "win32":
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield temporary
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            temporary.unlink()
        _LIVE.pop(temporary, None)


def discard_temporaries() -> None:
    """Removes the temporary files being written now, for a program stopped part way (Ctrl-C)."""
    for temporary in list(_LIVE):
        with contextlib.suppress(OSError):
            temporary.unlink()


def remove_stale_temporaries(folder: Path) -> None:
    """Removes the temporary files that killed programs left in the folder: ours by their name,
    no longer locked, and not just made."""
    now = time.time()
    for path in folder.glob(f".*{PART}"):
        with contextlib.suppress(OSError):
            if _OURS.fullmatch(path.name) and _is_stale(path, now):
                path.unlink()


def _is_stale(path: Path, now: float) -> bool:
    if sys.platform == "win32":
        return now - path.stat().st_mtime > STALE_UNLOCKABLE_AFTER_S
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a program is writing it now
        return now - os.fstat(handle).st_mtime > STALE_AFTER_S
    finally:
        os.close(handle)


@contextlib.contextmanager
def _reported(dest: Path, error: type[BriefingError]) -> Iterator[None]:
    """Raises the file system's errors as `error`, in words for the user."""
    dest = _LIVE.get(dest, dest)
    try:
        yield
    except PermissionError:
        raise error(
            f"cannot replace {dest}: permission denied. If the file is open in another program, "
            "close it and try again"
        ) from None
    except OSError as problem:
        raise error(f"cannot write {dest}: {describe_os_error(problem)}") from None


def _mode_for(dest: Path) -> int:
    try:
        return stat.S_IMODE(dest.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
