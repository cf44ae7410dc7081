"""The command line: the same operations as the window, without one.

With no command it starts the app. Every other command leaves Qt unloaded, so it starts fast
and runs on machines without a display. Exit status: 0 done, 2 a user's mistake (the message
says what and where), 130 interrupted (Ctrl-C), 1 a bug.
"""

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

from briefing_builder import __version__
from briefing_builder.catalogue import dataset_version
from briefing_builder.cli import evidence, library, packs, presets
from briefing_builder.cli.output import WIDTH
from briefing_builder.errors import BriefingError
from briefing_builder.files import describe_os_error, discard_temporaries
from briefing_builder.inputs import clean_text
from briefing_builder.library.location import ENVIRONMENT as LIBRARY_VARIABLE

__all__ = ["WIDTH", "main"]

INTERRUPTED = 128 + signal.SIGINT
"""The exit status after Ctrl-C, as shells report it."""


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line and returns the exit status."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # Reported by the command's own parser, so the usage shown is the command's.
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    _clean_arguments(args)
    if args.library:  # for every command, and the app, as the environment variable would be
        os.environ[LIBRARY_VARIABLE] = args.library
    try:
        if args.version:
            print(f"briefing-builder {__version__}, dataset {dataset_version()}")
            return 0
        if args.command is None:
            from briefing_builder.gui.app import run_app  # noqa: PLC0415 - Qt only for the app

            return run_app()
        signal.signal(signal.SIGINT, _interrupted)
        status: int = args.run(args)
        if sys.stdout is not None:  # None when the shell closed it (>&-)
            sys.stdout.flush()  # here, so a failure to print is reported, not ignored at exit
    except BriefingError as error:
        _say(f"briefing-builder: error: {error}")
        return 2
    except BrokenPipeError:
        _silence(sys.stdout)
        return 0
    except OSError as error:
        if error.filename is not None:  # a file or folder the command was given
            _say(f"briefing-builder: error: {error.filename}: {describe_os_error(error)}")
            return 2
        # Printing failed: the output is a full disk, or a closed terminal.
        _silence(sys.stdout)
        _say(f"briefing-builder: error: cannot write the output: {describe_os_error(error)}")
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return status


def _interrupted(number: int, frame: FrameType | None) -> None:
    """Ctrl-C: stops at once, quietly, removing what was being written. Not by raising
    KeyboardInterrupt, which a library's bare `except:` could swallow part way."""
    discard_temporaries()
    os._exit(INTERRUPTED)


def _say(message: str) -> None:
    """Prints an error; if even that cannot be written (standard error full or closed), the
    exit status alone tells."""
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, AttributeError):  # AttributeError: sys.stderr is None when closed
        _silence(sys.stderr)


def _silence(stream: TextIO | None) -> None:
    """Points a standard stream at the null device, so what is left unprinted is dropped at
    exit instead of failing again with a traceback."""
    try:
        number = stream.fileno()  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both of the last
        return  # closed, or not a real file (a test's capture): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, number)
    os.close(null)


def _clean_arguments(args: argparse.Namespace) -> None:
    """Cleans text from the shell once: an argument in another encoding than the terminal's
    arrives with lone surrogates, which no file can store (they become U+FFFD); a repeated
    option value counts once."""
    for name, value in vars(args).items():
        if isinstance(value, str):
            setattr(args, name, clean_text(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, list(dict.fromkeys(clean_text(v) for v in value)))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-builder",
        description="Cited briefing packs on UK regions. With no command, starts the app.",
    )
    parser.add_argument("--version", action="store_true", help="show the app and dataset versions")
    parser.add_argument(
        "--library",
        metavar="LOCATION",
        help=(
            "the evidence library to use: a team's PostgreSQL URL "
            "(postgresql://USER@HOST/DATABASE, the password from .pgpass, PGPASSWORD or the "
            "system keyring) or a "
            f"library file; default {LIBRARY_VARIABLE}, else the one chosen in the window, "
            "else your own"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    evidence.register(commands)
    library.register(commands)
    packs.register(commands)
    presets.register(commands)
    return parser
