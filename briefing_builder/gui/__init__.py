"""The Qt window. The only layer that imports PySide6.

PySide6 6.12.0 on Python 3.11 drops one reference to None each time Python calls a Qt method
that returns nothing (setText, lineTo, processEvents...). After a few thousand such calls
None's reference count reaches zero and the interpreter aborts ("none_dealloc"), which in a
long session would close the app with the user's work. Python 3.12 made None immortal; for
older Pythons with that release, None is given a reference count that no session can use up.
tests/gui/test_workers.py proves a process survives a hundred thousand such calls.

The same release does the same to True and False where a Python override answers Qt with a
bool (a model's setData): the soak test (tests/gui/test_soak.py) aborted with "bool_dealloc"
after some 15,000 actions. They get the same treatment.
"""

import ctypes
import sys

import PySide6


def _keep_none_alive() -> None:
    if sys.version_info < (3, 12) and PySide6.__version_info__[:3] == (6, 12, 0):
        # ob_refcnt is the first field of every CPython object.
        for constant in (None, True, False):
            ctypes.c_ssize_t.from_address(id(constant)).value += 1 << 40


_keep_none_alive()
