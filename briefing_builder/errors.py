"""The user-facing exception family.

Every message is written for the person using the app: it says what was wrong and where. The
command line prints it and exits with status 2; the window shows it in a message box.
"""

from collections.abc import Sequence


class BriefingError(Exception):
    """A problem the user can fix, with a message that says what and where."""


class DatasetError(BriefingError):
    """A dataset file is unreadable or breaks the dataset format; `problems` lists each one
    found, with where it is and the field, when they were collected."""

    def __init__(self, message: str, problems: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class UnknownNameError(BriefingError):
    """A region, theme or kind that the catalogue does not know, with close matches."""

    def __init__(self, what: str, given: str, suggestions: list[str]) -> None:
        message = f"unknown {what} {given!r}"
        if suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        super().__init__(message)
        self.what = what
        self.given = given
        self.suggestions = suggestions


class SpecError(BriefingError):
    """A pack spec that cannot be read: a wrong type, an unknown marking, a newer format."""


class PackError(BriefingError):
    """A pack that cannot be made from the choices, such as a selection that matches nothing."""


class TemplateError(BriefingError):
    """A house style that is missing or breaks the template format."""


class ExportError(BriefingError):
    """A pack file that could not be written."""


class PresetError(BriefingError):
    """A preset that cannot be saved, found, read or restored."""


class LibraryError(BriefingError):
    """The evidence library cannot be opened, read or changed: damaged, newer than the app, or
    an id or version that it does not hold."""


class LibraryBusyError(LibraryError):
    """Another process is writing to the evidence library; trying again shortly will work."""


class LibraryOfflineError(LibraryError):
    """The team library's server cannot be reached; the last copy read may stand in for it."""


class LibraryReadOnlyError(LibraryError):
    """The library may be read but not changed: a role that may only read, or an offline copy."""


class EditConflictError(LibraryError):
    """An edit made from a version that is no longer the library's: someone else's change
    came first. Nothing was saved."""
