"""Measures building briefing packs and writing them as Word and PDF, against bare baselines.

Run by hand, never as part of the tests:

    uv run python benchmarks/bench_packs.py

For a pack of 200 items and one of 2,000 (synthetic items plus the bundled dataset, no region
or theme chosen, nothing excluded, the 'standard' house style), every measurement runs in a
fresh process: the app's build_pack, write_docx and write_pdf; a bare python-docx script and a
bare reportlab script writing the same content (baseline_docx.py, baseline_pdf.py); Pandoc
converting the same content as Markdown to Word (baseline_markdown.py); LibreOffice converting
the app's Word pack to PDF. Runs alternate between the commands, so a busy spell on a shared
machine falls on all of them. Each process's peak memory is its own, read with os.wait4 as
/usr/bin/time does.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from synthetic import write_synthetic_dataset

import briefing_builder
from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.pack import Pack, PackSpec, build_pack
from briefing_builder.render import HouseStyle, load_style

PACK_SIZES = (200, 2_000)
RUNS = {200: 7, 2_000: 5}
TEMPLATE = "standard"
PDF_RATIO_TARGET = 1.3
"""The PDF pack takes at most this many times as long as the bare reportlab script."""
PANDOC_RATIO_TARGET = 1.0
"""The Word pack takes no longer than Pandoc writing the same content."""
PEAK_MEMORY_TARGET_MB = 300
PEAK_MEMORY_AT = 2_000
"""The pack size the peak memory target applies to."""
SPEC = PackSpec(
    title="Regional evidence briefing",
    purpose="Benchmark pack: every matching item, grouped by theme.",
    author="Benchmark",
    department="Briefing Builder",
    date="2026-11-22",
    marking="OFFICIAL",
    template=TEMPLATE,
)
"""No region, theme, kind or text: every item matches; nothing is excluded."""
APP_PATHS = ("briefing_builder", "templates", "resources", "pyproject.toml", "uv.lock")
"""What the figures depend on, checked against the commit at the start and at the end."""

# What a child process does after loading the catalogue and building the pack (all in
# `_child`), and the commands run outside Python.
APP_DOCX, APP_PDF, BARE_DOCX, BARE_PDF, BUILD = "docx", "pdf", "bare-docx", "bare-pdf", "build"
PANDOC, LIBREOFFICE = "pandoc", "libreoffice"
COMMANDS = {
    BUILD: "app: load_catalogue, build_pack (and Catalogue.query alone)",
    APP_DOCX: "app: load, build, write_docx",
    BARE_DOCX: "load, build, bare python-docx script (baseline_docx.py)",
    PANDOC: "pandoc pack.md --to docx --reference-doc ref.docx (baseline_markdown.py)",
    APP_PDF: "app: load, build, write_pdf",
    BARE_PDF: "load, build, bare reportlab platypus script (baseline_pdf.py)",
    LIBREOFFICE: "libreoffice --headless --convert-to pdf, the app's .docx",
}


@dataclass(frozen=True, slots=True)
class Run:
    """One process: its wall and CPU seconds, peak RSS in MB, and the phases it timed itself."""

    wall: float
    cpu: float
    peak_mb: float
    phases: dict[str, float]


@dataclass(frozen=True, slots=True)
class Measure:
    """One line of the table: a median against a baseline, in seconds or MB.

    A time also carries the ratio of CPU times, which other work on the machine disturbs less.
    """

    name: str
    median: float
    baseline: float
    baseline_name: str
    unit: str = "s"
    target: str = "-"
    met: bool | None = None
    cpu_ratio: float | None = None


def run_process(argv: Sequence[str], folder: Path) -> Run:
    """Runs a command to its end: its wall and CPU time, peak RSS, and the JSON it printed."""
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=stdout, stderr=stderr)
        # wait4, unlike Popen.wait, also returns the resource use of this one child (and of the
        # children it waited for), so each run's peak memory is its own.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({process.returncode}):\n{err.read_text()}")
    text = out.read_text(encoding="utf-8").strip()
    phases = json.loads(text.splitlines()[-1]) if text.startswith("{") else {}
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall=wall, cpu=cpu, peak_mb=usage.ru_maxrss / 1024, phases=phases)


class Bench:
    """The files and commands for one pack size, and the runs taken so far."""

    def __init__(self, size: int, folder: Path, profile: Path) -> None:
        self.size = size
        self.folder = folder
        bundled = len(load_catalogue().items)
        write_synthetic_dataset(folder / "dataset", size - bundled)
        catalogue = load_catalogue([folder / "dataset"])
        style = load_style(TEMPLATE)
        self.pack = build_pack(SPEC.with_changes(sections=style.sections), catalogue)
        included = int(dict(self.pack.about)["Items included"])
        if included != size:
            raise RuntimeError(f"the pack holds {included} items, not {size}")
        self._inputs(style)
        self.commands = self._commands(profile)
        self.runs: dict[str, list[Run]] = {name: [] for name in self.commands}

    def _inputs(self, style: HouseStyle) -> None:
        """Pandoc's Markdown and reference document, and the app's .docx for LibreOffice."""
        from baseline_markdown import pack_markdown, reference_docx

        from briefing_builder.render.docx_writer import write_docx

        (self.folder / "pack.md").write_text(pack_markdown(self.pack), encoding="utf-8")
        date = f"{self.pack.date:%d %B %Y}"
        reference_docx(style, self.pack.marking or "", date, self.folder / "ref.docx")
        (self.folder / "lo").mkdir()
        write_docx(self.pack, style, self.folder / "lo" / "pack.docx")

    def _commands(self, profile: Path) -> dict[str, list[str]]:
        def child(task: str) -> list[str]:
            dataset, out = str(self.folder / "dataset"), str(self.folder / f"out-{task}")
            return [sys.executable, __file__, "--child", task, dataset, out]

        commands = {name: child(name) for name in (BUILD, APP_DOCX, BARE_DOCX, APP_PDF, BARE_PDF)}
        if shutil.which("pandoc"):
            commands[PANDOC] = [
                "pandoc",
                str(self.folder / "pack.md"),
                "--from=markdown",
                "--to=docx",
                f"--reference-doc={self.folder / 'ref.docx'}",
                f"--output={self.folder / 'pandoc.docx'}",
            ]
        if shutil.which("libreoffice"):
            commands[LIBREOFFICE] = [
                "libreoffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(self.folder / "lo"),
                str(self.folder / "lo" / "pack.docx"),
            ]
        return commands

    def run_round(self, *, keep: bool = True) -> None:
        """Runs every command once, in turn."""
        for name, argv in self.commands.items():
            run = run_process(argv, self.folder)
            if keep:
                self.runs[name].append(run)

    def median(self, name: str, field: Callable[[Run], float]) -> float:
        return statistics.median(field(run) for run in self.runs[name])

    def timed(self, name: str) -> tuple[float, float]:
        """Median wall and CPU seconds: a child's write phase, or a whole external command."""
        if name in (PANDOC, LIBREOFFICE):
            return self.median(name, lambda run: run.wall), self.median(name, lambda run: run.cpu)
        return (
            self.median(name, lambda run: run.phases["write"]),
            self.median(name, lambda run: run.phases["write_cpu"]),
        )

    def measures(self) -> list[Measure]:
        """The table's lines for this size."""
        size = f"{self.size:,} items"

        def versus(app: str, base: str, what: str, ratio_target: float | None = None) -> Measure:
            (wall, cpu), (base_wall, base_cpu) = self.timed(app), self.timed(base)
            name = f"write_{'docx' if app == APP_DOCX else 'pdf'}, {size}"
            if ratio_target is None:
                return Measure(name, wall, base_wall, what, cpu_ratio=cpu / base_cpu)
            met = wall <= ratio_target * base_wall
            target = f"<= {ratio_target:.1f}x"
            return Measure(name, wall, base_wall, what, "s", target, met, cpu / base_cpu)

        lines = [
            Measure(
                f"build_pack, {size}",
                self.median(BUILD, lambda run: run.phases["build"]),
                self.median(BUILD, lambda run: run.phases["query"]),
                "Catalogue.query, same selection",
            ),
            versus(APP_DOCX, BARE_DOCX, "bare python-docx script"),
        ]
        if PANDOC in self.runs:
            lines.append(versus(APP_DOCX, PANDOC, "pandoc, whole process", PANDOC_RATIO_TARGET))
        lines.append(versus(APP_PDF, BARE_PDF, "bare reportlab script", PDF_RATIO_TARGET))
        if LIBREOFFICE in self.runs:
            lines.append(versus(APP_PDF, LIBREOFFICE, "libreoffice, whole process"))
        targeted = self.size == PEAK_MEMORY_AT
        target = f"< {PEAK_MEMORY_TARGET_MB} MB" if targeted else "-"
        for app, bare, what in ((APP_DOCX, BARE_DOCX, "Word"), (APP_PDF, BARE_PDF, "PDF")):
            memory = self.median(app, lambda run: run.peak_mb)
            lines.append(
                Measure(
                    f"peak RSS, {what} pack process, {size}",
                    memory,
                    self.median(bare, lambda run: run.peak_mb),
                    f"bare {what} script process",
                    "MB",
                    target,
                    memory < PEAK_MEMORY_TARGET_MB if targeted else None,
                )
            )
        return lines

    def processes(self) -> list[tuple[str, ...]]:
        """One row per command: median wall, phases and peak memory, and the run count."""
        rows: list[tuple[str, ...]] = []
        for name, runs in self.runs.items():
            phases = [
                f"{key} {statistics.median(run.phases[key] for run in runs):.3f}"
                for key in ("load", "build", "write", "write_cpu")
                if key in runs[0].phases
            ]
            rows.append(
                (
                    f"{name}, {self.size:,}",
                    f"{self.median(name, lambda run: run.wall):.3f} s",
                    f"{self.median(name, lambda run: run.cpu):.3f} s",
                    ", ".join(phases) or "-",
                    f"{self.median(name, lambda run: run.peak_mb):.0f} MB",
                    str(len(runs)),
                )
            )
        return rows

    def outputs(self) -> list[str]:
        """The size of each file written, and the pages of each PDF, to show they compare."""
        from pypdf import PdfReader

        lines = []
        files = {
            APP_DOCX: self.folder / f"out-{APP_DOCX}",
            BARE_DOCX: self.folder / f"out-{BARE_DOCX}",
            PANDOC: self.folder / "pandoc.docx",
            APP_PDF: self.folder / f"out-{APP_PDF}",
            BARE_PDF: self.folder / f"out-{BARE_PDF}",
            LIBREOFFICE: self.folder / "lo" / "pack.pdf",
        }
        for name, path in files.items():
            if path.exists():
                line = f"{name}: {path.stat().st_size / 1024:,.0f} KB"
                if name in (APP_PDF, BARE_PDF, LIBREOFFICE):
                    line += f", {len(PdfReader(path).pages)} pages"
                lines.append(line)
        return lines


def print_table(rows: Sequence[tuple[str, ...]], headers: tuple[str, ...]) -> None:
    widths = [max(len(row[n]) for row in [headers, *rows]) for n in range(len(headers))]
    for row in [headers, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    print()


def _figure(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:,.1f} ms" if value < 0.1 else f"{value * 1000:,.0f} ms"


def print_measures(measures: list[Measure]) -> None:
    rows = [
        (
            m.name,
            _figure(m.median, m.unit),
            f"{_figure(m.baseline, m.unit)} ({m.baseline_name})",
            f"{m.median / m.baseline:.2f}x",
            m.target,
            "-" if m.met is None else "yes" if m.met else "NO",
            "-" if m.cpu_ratio is None else f"{m.cpu_ratio:.2f}x",
        )
        for m in measures
    ]
    print_table(rows, ("measure", "median", "baseline", "ratio", "target", "met", "cpu ratio"))


def _code_version() -> str:
    """The commit, and the app's files that differ from it, if any (others may be editing)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, check=False, cwd=Path(__file__).parent
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return f"code in {Path(briefing_builder.__file__).parent.parent}, not a git checkout"
    changed = git("status", "--porcelain", "--", *APP_PATHS).splitlines()
    if not changed:
        return f"commit {commit}, app code unchanged"
    return f"commit {commit} with uncommitted changes: " + ", ".join(line[3:] for line in changed)


def _tool_versions() -> list[str]:
    import reportlab

    versions = [f"python-docx {metadata.version('python-docx')}", f"reportlab {reportlab.Version}"]
    for tool in ("pandoc", "libreoffice"):
        if shutil.which(tool):
            done = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
            versions.append(" ".join(done.stdout.split()[:2]))
        else:
            versions.append(f"{tool} not installed: left out")
    return versions


def _child(task: str, dataset: Path, out: Path) -> None:
    """One measured process: load, build, then write with the app or a baseline; prints JSON."""
    start = time.perf_counter()
    catalogue = load_catalogue([dataset])
    loaded = time.perf_counter()
    style = load_style(TEMPLATE)
    spec = SPEC.with_changes(sections=style.sections)
    pack = build_pack(spec, catalogue)
    built = time.perf_counter()
    phases = {"load": loaded - start, "build": built - loaded}
    if task == BUILD:
        phases["query"] = _query_seconds(catalogue, spec)
    else:
        write = _writer(task)
        started, started_cpu = time.perf_counter(), time.process_time()
        write(pack, style, out)
        phases["write"] = time.perf_counter() - started
        phases["write_cpu"] = time.process_time() - started_cpu
    print(json.dumps(phases))


def _query_seconds(catalogue: Catalogue, spec: PackSpec) -> float:
    started = time.perf_counter()
    catalogue.query(spec.regions, spec.themes, spec.kinds, spec.text, wider=spec.include_wider)
    return time.perf_counter() - started


def _writer(task: str) -> Callable[[Pack, HouseStyle, Path], Path]:
    if task == APP_DOCX:
        from briefing_builder.render.docx_writer import write_docx

        return write_docx
    if task == APP_PDF:
        from briefing_builder.render.pdf_writer import write_pdf

        return write_pdf
    if task == BARE_DOCX:
        from baseline_docx import write_bare_docx

        return write_bare_docx
    from baseline_pdf import write_bare_pdf

    return write_bare_pdf


def main() -> None:
    """Makes the datasets, warms up, takes the runs, prints the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--child", nargs=3, metavar=("TASK", "DATASET", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        task, dataset, out = args.child
        _child(task, Path(dataset), Path(out))
        return

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.platform()}")
    version = _code_version()
    print(f"{version}; load average {os.getloadavg()[0]:.2f} at start")
    print(", ".join(_tool_versions()) + "\n")
    measures: list[Measure] = []
    processes: list[tuple[str, ...]] = []
    outputs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-packs-") as temporary:
        root = Path(temporary)
        profile = root / "libreoffice-profile"
        for size in PACK_SIZES:
            bench = Bench(size, root / str(size), profile)
            if size == PACK_SIZES[0]:
                print("warm-up round (discarded)", flush=True)
                bench.run_round(keep=False)
            print(f"{size:,} items: {RUNS[size]} rounds", flush=True)
            for _ in range(RUNS[size]):
                bench.run_round()
            measures += bench.measures()
            processes += bench.processes()
            outputs += [f"{size:,} items, {line}" for line in bench.outputs()]
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")
    if _code_version() != version:
        print(f"WARNING: the code changed while measuring; now {_code_version()}")
    print()
    print_measures(measures)
    print_table(processes, ("process", "wall", "cpu", "phases (s)", "peak RSS", "runs"))
    for line in outputs:
        print(line)
    print()
    for name, what in COMMANDS.items():
        print(f"{name}: {what}")


if __name__ == "__main__":
    main()
