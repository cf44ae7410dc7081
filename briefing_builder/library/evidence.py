"""The evidence the app works from: the bundled dataset, the user's library and any folders."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.catalogue.loading import Problem, collection_paused
from briefing_builder.errors import DatasetError, LibraryError
from briefing_builder.resources import library_file

if TYPE_CHECKING:
    from briefing_builder.library.store import Library


@collection_paused()
def load_evidence(
    extra_dirs: Sequence[Path | str] = (), library: "Library | None" = None
) -> tuple[Catalogue, str]:
    """The catalogue with the library's evidence, and ""; or, when the library cannot be read
    (damaged, newer than the app), the catalogue without it and the reason, for the window or
    the command line to say; a library source with problems (an id a new bundled dataset
    took, say) is left out alone, with its items, and named. Nothing is mended; an older
    library is migrated, after a backup copy.

    A problem in the bundled dataset or a folder is raised as ever. With no library file yet,
    the library's database layer is not imported here.
    """
    path = library.path if library is not None else library_file()
    if not path.is_file():
        return load_catalogue(extra_dirs), ""
    from briefing_builder.library.store import MY_LIBRARY, Library  # noqa: PLC0415 - SQLAlchemy

    library = library or Library(path)
    try:
        documents = library.contents().documents()
    except LibraryError as error:
        return load_catalogue(extra_dirs), f"your evidence library was left out: {error}"
    try:
        return load_catalogue(extra_dirs, documents), ""
    except DatasetError as error:
        problems = [p for p in error.problems if isinstance(p, Problem)]
        bad = {d.where for d in documents if any(p.within(d.where) for p in problems)}
        if not bad:
            raise
    kept = [d for d in documents if d.where not in bad]
    try:
        catalogue = load_catalogue(extra_dirs, kept)
    except DatasetError as again:  # what was kept cites what was left out
        return load_catalogue(extra_dirs), f"your evidence library ({path}) was left out: {again}"
    shown = [str(p) for p in problems if any(p.within(w) for w in bad)][:10]
    names = ", ".join(sorted(w.removeprefix(f"{MY_LIBRARY}: source ") for w in bad))
    return catalogue, (
        f"{len(bad)} source(s) of your evidence library ({path}) were left out, with their "
        f"items: {names}. Their problems:\n" + "\n".join(f"  {line}" for line in shown)
    )
