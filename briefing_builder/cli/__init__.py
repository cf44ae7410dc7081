"""The command line: the same operations as the window, without one.

With no command it starts the app. Every other command leaves Qt unloaded, so it starts fast
and runs on machines without a display. Exit status: 0 done, 2 a user's mistake (the message
says what and where), 1 a bug.
"""

import argparse
import sys
from collections.abc import Sequence

from briefing_builder import __version__
from briefing_builder.catalogue import dataset_version
from briefing_builder.cli import evidence, packs, presets
from briefing_builder.cli.output import WIDTH
from briefing_builder.errors import BriefingError

__all__ = ["WIDTH", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line and returns the exit status."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # Reported by the command's own parser, so the usage shown is the command's.
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if args.version:
            print(f"briefing-builder {__version__}, dataset {dataset_version()}")
            return 0
        if args.command is None:
            from briefing_builder.gui.app import run_app  # noqa: PLC0415 - Qt only for the app

            return run_app()
        status: int = args.run(args)
    except BriefingError as error:
        print(f"briefing-builder: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-builder",
        description="Cited briefing packs on UK regions. With no command, starts the app.",
    )
    parser.add_argument("--version", action="store_true", help="show the app and dataset versions")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    evidence.register(commands)
    packs.register(commands)
    presets.register(commands)
    return parser
