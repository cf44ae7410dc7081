"""Finds the bundled resources and templates, from a checkout and from an installed wheel.

In a checkout, `resources/` and `templates/` sit beside the package; the wheel puts them inside
it, under `_bundled/` (see `pyproject.toml`). Neither depends on the working directory.
"""

import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
_APP = "briefing-builder"


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


def fonts_dir() -> Path:
    """The bundled fonts, with their licences."""
    return resources_dir() / "fonts"


def app_home() -> Path | None:
    """BRIEFING_BUILDER_HOME, which points the whole app (presets, templates, logs) at one
    folder, for tests and portable use; None when it is not set."""
    home = os.environ.get("BRIEFING_BUILDER_HOME")
    return Path(home) if home else None


def presets_dir() -> Path:
    """The preset store: the user config folder, or BRIEFING_BUILDER_HOME/presets."""
    return (app_home() or Path(platformdirs.user_config_dir(_APP, appauthor=False))) / "presets"


def settings_file() -> Path:
    """The window's and the session's settings (an INI file): the user config folder, or
    BRIEFING_BUILDER_HOME/settings.ini, so a portable or test run touches nothing else."""
    home = app_home()
    folder = home or Path(platformdirs.user_config_dir(_APP, appauthor=False))
    return folder / "settings.ini"


def log_file() -> Path:
    """The app's log of unexpected errors: the user log folder, or BRIEFING_BUILDER_HOME/logs."""
    home = app_home()
    folder = home / "logs" if home else Path(platformdirs.user_log_dir(_APP, appauthor=False))
    return folder / "briefing-builder.log"


def user_templates_dir() -> Path:
    """The user's own house styles; one there overrides a bundled one of the same name."""
    return (app_home() or Path(platformdirs.user_data_dir(_APP, appauthor=False))) / "templates"


def library_file() -> Path:
    """The user's evidence library (SQLite): the user data folder, or
    BRIEFING_BUILDER_HOME/library.sqlite."""
    folder = app_home() or Path(platformdirs.user_data_dir(_APP, appauthor=False))
    return folder / "library.sqlite"


def team_copies_dir() -> Path:
    """Where the last copy read of each team library is kept, for when its server is offline."""
    return (app_home() or Path(platformdirs.user_data_dir(_APP, appauthor=False))) / "team"


def cache_dir() -> Path:
    """What the app keeps to reuse and can always make again (the cover's map pictures): the
    user cache folder, or BRIEFING_BUILDER_HOME/cache."""
    home = app_home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(_APP, appauthor=False))
