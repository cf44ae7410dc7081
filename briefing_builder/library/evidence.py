"""The evidence the app works from: the bundled dataset, the user's library and any folders."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.errors import DatasetError, LibraryError
from briefing_builder.resources import library_file

if TYPE_CHECKING:
    from briefing_builder.library.store import Library


def load_evidence(
    extra_dirs: Sequence[Path | str] = (), library: "Library | None" = None
) -> tuple[Catalogue, str]:
    """The catalogue with the library's evidence, and ""; or, when the library cannot be read
    (damaged, newer than the app) or its evidence has problems, the catalogue without it and
    the reason, for the window or the command line to say. The library is never changed.

    A problem in the bundled dataset or a folder is raised as ever. With no library file yet,
    the database layer is not even imported, so a first run starts as fast as before.
    """
    path = library.path if library is not None else library_file()
    if not path.is_file():
        return load_catalogue(extra_dirs), ""
    from briefing_builder.library.store import Library  # noqa: PLC0415 - loads SQLAlchemy

    library = library or Library(path)
    try:
        documents = library.contents().documents()
    except LibraryError as error:
        return load_catalogue(extra_dirs), f"your evidence library was left out: {error}"
    try:
        return load_catalogue(extra_dirs, documents), ""
    except DatasetError as error:
        catalogue = load_catalogue(extra_dirs)
        return catalogue, f"your evidence library ({path}) was left out: {error}"
