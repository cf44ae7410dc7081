"""Measures issue 16's targets, each as a ratio against a baseline timed in the same run.

Run by hand, never as part of the tests:

    uv run python benchmarks/bench_speed.py            # about 2 minutes here

1. A typical pack from the command line, the whole process as a user runs it
   (`briefing-builder build --region "West Midlands"`, the bundled dataset), to Word against
   Pandoc converting the same content (baseline_markdown.py), and to PDF against
   `python -c "import reportlab.platypus"`. Runs alternate between the commands; medians.
2. `write_pdf` against the bare reportlab script (baseline_pdf.py) at 200 and 2,000 items,
   in this process, alternating; medians.
3. `write_docx` at 2,000 and at 10,000 items: the ratio of the times (linear is 5x).
4. The locator map's share of a typical Word write: `cover_map` (the picture kept from an
   earlier write, as every write after the first has it) and `map_png` (drawn afresh) against
   the whole `write_docx` of the typical pack.
"""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from baseline_markdown import pack_markdown, reference_docx
from baseline_pdf import write_bare_pdf
from synthetic import write_synthetic_dataset

from briefing_builder.catalogue import load_catalogue
from briefing_builder.catalogue.boundaries import load_boundaries
from briefing_builder.pack import Pack, PackSpec, build_pack
from briefing_builder.render import HouseStyle, load_style
from briefing_builder.render.docx_writer import write_docx
from briefing_builder.render.locator import cover_map, map_png
from briefing_builder.render.pdf_writer import write_pdf

TEMPLATE = "standard"
PROCESS_RUNS = 7
TYPICAL = ("build", "--region", "West Midlands", "--purpose", "A ministerial visit.")
TARGETS = {
    "word": 2.5,
    "pdf": 1.5,
    "write_pdf": 0.75,
    "write_docx": 5.5,
    "locator": 0.10,
}


def median_wall(argv: Sequence[str], runs: int) -> list[float]:
    """Each run's wall seconds of a command run to its end (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def timed(write: Callable[[], object]) -> float:
    start = time.perf_counter()
    write()
    return time.perf_counter() - start


def pack_of(size: int, folder: Path, style: HouseStyle) -> Pack:
    """A pack of every item of the bundled dataset and synthetic ones, `size` in all."""
    bundled = len(load_catalogue().items)
    dataset = folder / f"dataset-{size}"
    if not dataset.exists():
        dataset.mkdir()
        write_synthetic_dataset(dataset, size - bundled)
    spec = PackSpec(
        title="Regional evidence briefing",
        purpose="Benchmark pack: every matching item, grouped by theme.",
        date="2026-11-22",
        marking="OFFICIAL",
        template=TEMPLATE,
    )
    pack = build_pack(spec.with_changes(sections=style.sections), load_catalogue([dataset]))
    if int(dict(pack.about)["Items included"]) != size:
        raise RuntimeError(f"the pack does not hold {size} items")
    return pack


def row(name: str, value: float, baseline: float, target_key: str, unit: str = "s") -> list[str]:
    ratio = value / baseline
    target = TARGETS[target_key]
    return [name, f"{value:.3f} {unit}", f"{baseline:.3f} {unit}", f"{ratio:.2f}x",
            f"<= {target}x", "yes" if ratio <= target else "no"]  # fmt: skip


def processes(folder: Path, style: HouseStyle, rows: list[list[str]]) -> None:
    app = [str(Path(sys.executable).with_name("briefing-builder")), *TYPICAL, "--force"]
    word = [*app, "--format", "docx", "--output", str(folder / "typical")]
    pdf = [*app, "--format", "pdf", "--output", str(folder / "typical")]
    platypus = [sys.executable, "-c", "import reportlab.platypus"]
    pack = build_pack(
        PackSpec(regions=("west-midlands",), purpose="A ministerial visit.", template=TEMPLATE)
        .with_changes(sections=style.sections),
        load_catalogue(),
    )  # fmt: skip
    (folder / "typical.md").write_text(pack_markdown(pack), encoding="utf-8")
    reference_docx(style, pack.marking or "", f"{pack.date:%d %B %Y}", folder / "ref.docx")
    pandoc = [
        "pandoc",
        str(folder / "typical.md"),
        "--from=markdown",
        "--to=docx",
        f"--reference-doc={folder / 'ref.docx'}",
        f"--output={folder / 'pandoc.docx'}",
    ]
    commands = {"word": word, "pdf": pdf, "platypus": platypus}
    if shutil.which("pandoc"):
        commands["pandoc"] = pandoc
    for argv in commands.values():
        median_wall(argv, 1)  # warm-up: the map kept, the files in the page cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(PROCESS_RUNS):
        for name, argv in commands.items():
            times[name] += median_wall(argv, 1)
    median = {name: statistics.median(values) for name, values in times.items()}
    if "pandoc" in median:
        rows.append(row("typical pack to Word, process / Pandoc", median["word"],
                        median["pandoc"], "word"))  # fmt: skip
    else:
        rows.append(["typical pack to Word", f"{median['word']:.3f} s", "pandoc not installed",
                     "-", "-", "-"])  # fmt: skip
    rows.append(row("typical pack to PDF, process / import reportlab.platypus", median["pdf"],
                    median["platypus"], "pdf"))  # fmt: skip


def writers(folder: Path, style: HouseStyle, rows: list[list[str]]) -> None:
    for size, runs in ((200, 5), (2_000, 3)):
        pack = pack_of(size, folder, style)
        app, bare = [], []
        write_pdf(pack, style, folder / "warm.pdf")
        for n in range(runs):
            app.append(timed(partial(write_pdf, pack, style, folder / f"app-{size}-{n}.pdf")))
            bare.append(timed(partial(write_bare_pdf, pack, style, folder / f"bare-{n}.pdf")))
        rows.append(row(f"write_pdf, {size:,} items / bare reportlab", statistics.median(app),
                        statistics.median(bare), "write_pdf"))  # fmt: skip
    small, large = pack_of(2_000, folder, style), pack_of(10_000, folder, style)
    at_2k = timed(lambda: write_docx(small, style, folder / "2k.docx"))
    at_10k = timed(lambda: write_docx(large, style, folder / "10k.docx"))
    rows.append(row("write_docx, 10,000 items / 2,000", at_10k, at_2k, "write_docx"))


def locator(folder: Path, style: HouseStyle, rows: list[list[str]]) -> None:
    pack = build_pack(
        PackSpec(regions=("west-midlands",), purpose="A ministerial visit.", template=TEMPLATE)
        .with_changes(sections=style.sections),
        load_catalogue(),
    )  # fmt: skip
    shaded = frozenset(pack.map_regions)
    colour = style.colours.accent
    whole = statistics.median(
        timed(partial(write_docx, pack, style, folder / f"typical-{n}.docx")) for n in range(5)
    )
    kept = statistics.median(timed(lambda: cover_map(shaded, 600, colour)) for _ in range(5))
    boundaries = load_boundaries()
    drawn = statistics.median(
        timed(lambda: map_png.__wrapped__(boundaries, shaded, 600, colour)) for _ in range(5)
    )
    rows.append(row("locator map kept / typical write_docx", kept, whole, "locator"))
    rows.append(row("locator map drawn afresh / typical write_docx", drawn, whole, "locator"))


def main() -> None:
    style = load_style(TEMPLATE)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        processes(folder, style, rows)
        writers(folder, style, rows)
        locator(folder, style, rows)
    headers = ["measure", "time", "baseline", "ratio", "target", "met"]
    print("| " + " | ".join(headers) + " |")
    print("| " + " | ".join("---" for _ in headers) + " |")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
