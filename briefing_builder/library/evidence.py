"""The evidence the app works from: the bundled dataset, the user's library and any folders."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.catalogue.loading import Problem, collection_paused
from briefing_builder.errors import DatasetError, LibraryError, LibraryOfflineError
from briefing_builder.library.location import chosen as chosen_location
from briefing_builder.library.location import is_team

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
    library file is migrated, after a backup copy. A team library whose server cannot be
    reached is read from its last copy, and the reason says "Team library offline".

    The library is `library`, else the one chosen (`library.location.chosen`). A problem in
    the bundled dataset or a folder is raised as ever. With no library file yet, the library's
    database layer is not imported here.
    """
    if library is None:
        try:
            location = chosen_location()
        except LibraryError as error:
            return load_catalogue(extra_dirs), f"the library was left out: {error}"
        if not is_team(location) and not Path(location).is_file():
            return load_catalogue(extra_dirs), ""
        from briefing_builder.library.store import Library  # noqa: PLC0415 - SQLAlchemy

        library = Library(location)
    if not library.exists():
        return load_catalogue(extra_dirs), ""
    offline = ""
    try:
        documents = library.contents().documents()
    except LibraryOfflineError as error:
        try:
            documents = library.offline_copy().documents()
        except LibraryError as no_copy:
            return load_catalogue(extra_dirs), f"the team library was left out: {no_copy}"
        offline = f"{library.offline_note()} ({error})"
    except LibraryError as error:
        return load_catalogue(extra_dirs), f"your evidence library was left out: {error}"
    try:
        return load_catalogue(extra_dirs, documents), offline
    except DatasetError as error:
        problems = [p for p in error.problems if isinstance(p, Problem)]
        bad = {d.where for d in documents if any(p.within(d.where) for p in problems)}
        if not bad:
            raise
    kept = [d for d in documents if d.where not in bad]
    try:
        catalogue = load_catalogue(extra_dirs, kept)
    except DatasetError as again:  # what was kept cites what was left out
        return load_catalogue(extra_dirs), (
            f"your evidence library ({library.where}) was left out: {again}"
        )
    shown = [str(p) for p in problems if any(p.within(w) for w in bad)][:10]
    names = ", ".join(sorted(w.removeprefix(f"{library.origin}: source ") for w in bad))
    return catalogue, (
        f"{offline}\n"
        * bool(offline)
        + f"{len(bad)} source(s) of your evidence library ({library.where}) were left out, "
        f"with their items: {names}. Their problems:\n" + "\n".join(f"  {line}" for line in shown)
    )
