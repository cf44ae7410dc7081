"""Writes files atomically: a temporary file in the same folder, then os.replace.

A failed export never leaves half a file, and never destroys the file that was there before.
"""

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from briefing_builder.errors import BriefingError, ExportError


def safe_file_stem(name: str) -> str:
    """A name made safe for a file name on any system: letters, digits, spaces, - and _.
    A title's colon becomes a dash: "Briefing pack: Wales" is "Briefing pack - Wales"."""
    name = name.replace(": ", " - ")
    return "".join(c if c.isalnum() or c in " -_" else "-" for c in name).strip() or "pack"


def write_atomically(
    dest: Path, write: Callable[[Path], None], error: type[BriefingError] = ExportError
) -> Path:
    """Calls `write` with a temporary path beside `dest`, then moves the result onto `dest`.

    Problems with the file system are raised as `error`, with a message saying what to do.
    """
    folder = dest.parent
    if not folder.is_dir():
        raise error(f"cannot write {dest}: the folder {folder} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise error(f"cannot write in {folder}: permission denied; choose another folder") from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); give it the mode the file had, or the mode a
        # new file gets, so a pack saved to a shared folder stays readable to colleagues.
        temporary.chmod(_mode_for(dest))
        temporary.replace(dest)
    except PermissionError:
        raise error(
            f"cannot replace {dest}: permission denied. If the file is open in another program, "
            "close it and try again"
        ) from None
    except OSError as problem:
        raise error(f"cannot write {dest}: {problem.strerror or problem}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return dest


def _mode_for(dest: Path) -> int:
    try:
        return stat.S_IMODE(dest.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
