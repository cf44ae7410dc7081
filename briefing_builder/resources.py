"""Finds the bundled resources and templates, from a checkout and from an installed wheel.

In a checkout, `resources/` and `templates/` sit beside the package; the wheel puts them inside
it, under `_bundled/` (see `pyproject.toml`). Neither depends on the working directory.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {name!r} folder is missing from this installation")


def resources_dir() -> Path:
    """The folder of bundled resources: the dataset, fonts, icons, the map."""
    return _bundled("resources")


def templates_dir() -> Path:
    """The folder of bundled house styles."""
    return _bundled("templates")


def dataset_dir() -> Path:
    """The bundled evidence dataset."""
    return resources_dir() / "dataset"
