"""Options that several commands share, and the pack spec they describe."""

import argparse
import datetime as dt
import difflib
import sys
from pathlib import Path

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import SpecError
from briefing_builder.inputs import read_text
from briefing_builder.pack import (
    AUTHORED,
    AUTHORED_LABELS,
    GROUPINGS,
    MARKINGS,
    PackSpec,
)
from briefing_builder.pack.authored import MAX_AUTHORED_CHARS

_MAX_SECTION_BYTES = 4 * MAX_AUTHORED_CHARS
"""A section file's size limit: its characters are counted once it is read."""


def load_for(args: argparse.Namespace) -> Catalogue:
    """The evidence a command works from: bundled, the user's library, and each --dataset
    folder. A library that cannot be used is left out, with a warning on standard error."""
    from briefing_builder.library.evidence import load_evidence  # noqa: PLC0415 - SQLAlchemy

    catalogue, warning = load_evidence(getattr(args, "dataset", ()))
    if warning:
        print(f"briefing-builder: warning: {warning}", file=sys.stderr)
    return catalogue


def add_dataset_option(parser: argparse.ArgumentParser) -> None:
    """--dataset DIR, repeatable."""
    parser.add_argument(
        "--dataset",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of extra source files to load with the bundled dataset (repeatable)",
    )


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """What evidence to choose: regions, themes, kinds, text, wider matches."""
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="R",
        help="an area: id, ITL1 code, GSS code or name (repeatable)",
    )
    parser.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="T",
        help="a theme: id or name (repeatable; none means all)",
    )
    parser.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="K",
        help="finding, recommendation or statistic (repeatable; none means all)",
    )
    parser.add_argument(
        "--text",
        default=None,
        metavar="WORDS",
        help="every word must appear in the title, text, quote or source title",
    )
    # None when not given, so a preset's choice stands unless the flag overrides it.
    parser.add_argument(
        "--no-wider",
        dest="wider",
        action="store_false",
        default=None,
        help="leave out items tagged only with a wider area (a group, England, the UK)",
    )


def add_pack_options(parser: argparse.ArgumentParser) -> None:
    """How the pack reads and looks. Defaults are None so a preset's choices stand."""
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ITEM_ID",
        help="leave an item out (repeatable)",
    )
    parser.add_argument(
        "--title",
        metavar="TEXT",
        help="the pack's title; with --each-region, {region} in it becomes each region's name",
    )
    parser.add_argument(
        "--purpose",
        metavar="TEXT",
        help="what the brief is for (required to build, here or as --section purpose=FILE)",
    )
    parser.add_argument(
        "--section",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help=f"a section you wrote, as a Markdown file; NAME is one of {', '.join(AUTHORED)} "
        "(repeatable; cite evidence as [item-id])",
    )
    parser.add_argument(
        "--draft-points",
        action="store_true",
        help="draft the key messages from the evidence: one numbered point per item, citing it",
    )
    parser.add_argument("--contact", metavar="TEXT", help="who to contact about the brief")
    parser.add_argument("--cleared-by", metavar="TEXT", help="who cleared the brief")
    parser.add_argument("--author", metavar="TEXT", help="who prepared it")
    parser.add_argument("--department", metavar="TEXT", help="the author's organisation")
    parser.add_argument(
        "--marking",
        choices=MARKINGS,
        help="the security marking printed at the top and bottom of every page (default OFFICIAL)",
    )
    parser.add_argument(
        "--template", metavar="NAME", help="the house style (default standard; see: list templates)"
    )
    parser.add_argument(
        "--group-by",
        choices=GROUPINGS,
        help="one evidence section per theme (default) or per region",
    )


def spec_from_args(args: argparse.Namespace, catalogue: Catalogue, base: PackSpec) -> PackSpec:
    """The base spec with every option the user gave applied over it, names checked.

    Regions and themes are stored by id, so a preset keeps working if a name is reworded.
    """
    for item_id in args.exclude:
        catalogue.item(item_id)
    changes: dict[str, object] = {"date": dt.date.today().isoformat()}
    if args.region:
        # dict.fromkeys: an area named twice (TLG and West Midlands) counts once.
        changes["regions"] = tuple(dict.fromkeys(catalogue.area(ref).id for ref in args.region))
    if args.theme:
        changes["themes"] = tuple(dict.fromkeys(catalogue.theme(ref).id for ref in args.theme))
    if args.kind:
        changes["kinds"] = tuple(dict.fromkeys(catalogue.kind(ref) for ref in args.kind))
    if args.text is not None:
        changes["text"] = args.text
    if args.wider is not None:
        changes["include_wider"] = args.wider
    if args.exclude:
        changes["excluded"] = tuple(dict.fromkeys((*base.excluded, *args.exclude)))
    names = ("title", "purpose", "author", "department", "marking", "template", "group_by")
    for name in (*names, "contact", "cleared_by"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    sections = _sections(args.section)
    if "purpose" in sections and args.purpose is not None:
        raise SpecError("give the purpose once: --purpose TEXT or --section purpose=FILE")
    if "summary" in sections and args.draft_points:
        raise SpecError("give --section summary=FILE or --draft-points, not both")
    spec = base.with_changes(**changes, **sections)
    if args.draft_points:
        # The writers load only when asked for, so list and query start quickly.
        from briefing_builder.render.export import drafted_points  # noqa: PLC0415

        spec = spec.with_changes(summary=drafted_points(spec, catalogue))
    return spec


def _sections(values: list[str]) -> dict[str, str]:
    """The text of each --section NAME=FILE, read and checked, by spec field."""
    sections: dict[str, str] = {}
    for value in values:
        name, equals, file = value.partition("=")
        name = name.strip().lower()
        if not equals or not file:
            raise SpecError(
                f"--section {value}: expected NAME=FILE, for example summary=summary.md"
            )
        if name not in AUTHORED:
            close = difflib.get_close_matches(name, AUTHORED, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SpecError(
                f"--section {value}: no section {name!r}; {hint}choose from {', '.join(AUTHORED)}"
            )
        if name in sections:
            raise SpecError(f"--section {name} is given twice")
        path = Path(file)
        text = read_text(path, SpecError, limit=_MAX_SECTION_BYTES)
        if len(text) > MAX_AUTHORED_CHARS:
            raise SpecError(
                f"{path}: {AUTHORED_LABELS[name]} is {len(text):,} characters long; a section "
                f"of a brief holds at most {MAX_AUTHORED_CHARS:,}"
            )
        sections[name] = text
    return sections
