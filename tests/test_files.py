"""Atomic writes keep a file's permissions, so a pack on a shared drive stays shared."""

import os
from pathlib import Path

from briefing_builder.files import write_atomically


def test_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        new = write_atomically(tmp_path / "pack.pdf", lambda p: p.write_text("one"))
        assert new.stat().st_mode & 0o777 == 0o644
        new.chmod(0o664)
        write_atomically(new, lambda p: p.write_text("two"))
        assert new.stat().st_mode & 0o777 == 0o664
        assert new.read_text() == "two"
    finally:
        os.umask(mask)
