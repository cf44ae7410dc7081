"""Measures what tagging costs: today's write_pdf against write_pdf from before the PDF was tagged.

Run by hand, never as part of the tests:

    uv run python benchmarks/bench_tagging.py [--before REV]

REV (default f03c6c3, the last commit whose PDF was untagged) is checked out in a temporary git
worktree. For the 200- and 2,000-item packs of bench_packs.py, each round runs bench_packs.py's
PDF child once from this tree and once from the worktree (its package first on PYTHONPATH), in
fresh processes, alternating, and takes the write phase each timed itself and its peak memory.
The ratios are medians against medians of the same run. Issue 13 allows at most 1.15x, and
under 300 MB at 2,000 items.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_packs import APP_PDF, PACK_SIZES, RUNS, Run, run_process
from synthetic import write_synthetic_dataset

from briefing_builder.catalogue import load_catalogue

HERE = Path(__file__).resolve().parent
LIMIT = 1.15
"""The most tagging may cost, as a ratio of write times."""


def _child(tree: Path, dataset: Path, out: Path, folder: Path) -> Run:
    argv = [sys.executable, str(tree / "benchmarks" / "bench_packs.py")]
    argv += ["--child", APP_PDF, str(dataset), str(out)]
    return run_process(["env", f"PYTHONPATH={tree}", *argv], folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="f03c6c3", help="the untagged commit (f03c6c3)")
    args = parser.parse_args()
    root = HERE.parent
    with tempfile.TemporaryDirectory(prefix="briefing-bench-tagging-") as temporary:
        folder = Path(temporary)
        before = folder / "before"
        subprocess.run(
            ["git", "-C", str(root), "worktree", "add", "--detach", str(before), args.before],
            check=True,
            capture_output=True,
        )
        try:
            bundled = len(load_catalogue().items)
            print(f"tagged: this tree; untagged: {args.before}")
            for size in PACK_SIZES:
                dataset = folder / f"dataset-{size}"
                write_synthetic_dataset(dataset, size - bundled)
                runs: dict[str, list[Run]] = {"tagged": [], "untagged": []}
                for round_ in range(RUNS[size] + 1):
                    for name, tree in (("tagged", root), ("untagged", before)):
                        run = _child(tree, dataset, folder / f"{name}.pdf", folder)
                        if round_:  # the first round warms the caches and is left out
                            runs[name].append(run)
                tagged, untagged = (
                    statistics.median(run.phases["write"] for run in runs[name])
                    for name in ("tagged", "untagged")
                )
                peak = max(run.peak_mb for run in runs["tagged"])
                ratio = tagged / untagged
                print(
                    f"{size:,} items, {RUNS[size]} rounds: write_pdf tagged "
                    f"{tagged * 1000:,.0f} ms, untagged {untagged * 1000:,.0f} ms, {ratio:.2f}x "
                    f"({'within' if ratio <= LIMIT else 'over'} {LIMIT}x); "
                    f"peak RSS tagged {peak:.0f} MB, untagged "
                    f"{max(run.peak_mb for run in runs['untagged']):.0f} MB",
                    flush=True,
                )
        finally:
            subprocess.run(
                ["git", "-C", str(root), "worktree", "remove", "--force", str(before)], check=True
            )


if __name__ == "__main__":
    main()
