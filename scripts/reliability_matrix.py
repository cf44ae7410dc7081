"""Runs the command line against hostile input of every class in issue 11 and counts what broke.

    uv run python scripts/reliability_matrix.py [--quick]

Each case runs `briefing-builder` in a fresh process with its own BRIEFING_BUILDER_HOME and a
time limit. A case fails if it prints a traceback, hangs past its limit, exits with status 1 (a
bug), or leaves what it must not: a lost preset, a `.part` file, an image or a link in a PDF that
no input asked for. Run by hand; the test suite checks each class on its own.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 120
BRIEF = ("--purpose", "A test of hostile input.")
"""A brief needs a purpose: each build is given one unless the case gives its own."""


@dataclass
class Outcome:
    status: int | None
    out: str
    err: str
    seconds: float


@dataclass
class Tally:
    runs: Counter[str] = field(default_factory=Counter)
    tracebacks: Counter[str] = field(default_factory=Counter)
    hangs: Counter[str] = field(default_factory=Counter)
    bugs: Counter[str] = field(default_factory=Counter)
    broken: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def record(self, group: str, case: str, outcome: Outcome, ok: bool = True) -> None:
        self.runs[group] += 1
        if outcome.status is None:
            self.hangs[group] += 1
            self.notes.append(f"{group}/{case}: no answer in {LIMIT_S} s")
        elif "Traceback" in outcome.err or "Exception ignored" in outcome.err:
            self.tracebacks[group] += 1
            self.notes.append(f"{group}/{case}: {outcome.err.strip().splitlines()[-1]}")
        elif outcome.status == 1:
            self.bugs[group] += 1
            self.notes.append(f"{group}/{case}: exit 1: {outcome.err.strip()[-200:]}")
        if not ok:
            self.broken[group] += 1
            self.notes.append(f"{group}/{case}: left something it must not")


def cli(home: Path, *argv: str, limit: float = LIMIT_S, **popen: object) -> Outcome:
    environment = {**os.environ, "BRIEFING_BUILDER_HOME": str(home)}
    if argv[:1] == ("build",) and "--purpose" not in argv:
        argv = ("build", *BRIEF, *argv[1:])
    started = time.monotonic()
    run = subprocess.Popen(
        [sys.executable, "-m", "briefing_builder", *argv],
        env=environment,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        **popen,
    )
    try:
        out, err = run.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        run.kill()
        run.communicate()
        return Outcome(None, "", "", limit)
    return Outcome(run.returncode, out or "", err, time.monotonic() - started)


def no_parts(folder: Path) -> bool:
    return not list(folder.rglob(".*.part"))


# 1. Concurrent preset operations


def concurrency(work: Path, tally: Tally, workers: int, names: int) -> None:
    home = work / "race"
    script = (
        "import sys\nfrom briefing_builder.cli import main\n"
        f"for k in range({names}):\n"
        "    main(['presets', 'save', f'race-{k}', '--region', 'TLG', '--description', "
        "f'{sys.argv[1]}-{k}'])\n"
    )
    environment = {**os.environ, "BRIEFING_BUILDER_HOME": str(home)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(n)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    saved = sum(out.count("Saved preset") for out, _ in outputs)
    stored = len(list((home / "presets").glob("*.json")))
    tracebacks = sum("Traceback" in err for _, err in outputs)
    tally.runs["1 presets"] += workers * names
    tally.tracebacks["1 presets"] += tracebacks
    lost = saved - stored
    if lost or saved != names:
        tally.broken["1 presets"] += 1
    tally.notes.append(
        f"1 presets: {workers} processes x {names} saves of shared names: {saved} said Saved, "
        f"{stored} stored, {lost} lost, {tracebacks} tracebacks"
    )
    mixed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/pack/test_preset_races.py::test_many_processes_changing_shared_presets_lose_nothing"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    tally.runs["1 presets"] += 20 * 50
    if mixed.returncode != 0:
        tally.broken["1 presets"] += 1
    summary = mixed.stdout.strip().splitlines()[-1]
    tally.notes.append(f"1 presets: 20 x 50 mixed operations: {summary}")


# 2 and 4. House styles: markup and bad values


def style(home: Path, name: str, toml: str, files: dict[str, bytes] | None = None) -> None:
    folder = home / "templates" / name
    folder.mkdir(parents=True, exist_ok=True)
    base = (ROOT / "templates" / "standard" / "template.toml").read_text(encoding="utf-8")
    (folder / "template.toml").write_text(base + "\n" + toml, encoding="utf-8")
    for file_name, data in (files or {}).items():
        (folder / file_name).write_bytes(data)


MARKUP = [
    '<img src="{image}"/>',
    '<a href="javascript:alert(1)">click</a>',
    '<img src="/etc/passwd"/>',
    "About <b>this",
    '<font name="Courier">x</font>',
    "<para>&amp;</para> & <",
]


def markup(work: Path, tally: Tally) -> None:
    image = work / "secret.png"
    Image.new("RGB", (4, 4), "red").save(image)
    for number, pattern in enumerate(MARKUP):
        home = work / f"markup-{number}"
        text = pattern.format(image=image)
        quoted = json.dumps(text)
        style(home, "hostile", "", None)
        path = home / "templates" / "hostile" / "template.toml"
        toml = (
            path.read_text(encoding="utf-8")
            .replace('contents = "Contents"', f"contents = {quoted}")
            .replace('sources = "Sources"', f"sources = {quoted}")
        )
        path.write_text(toml.replace('name = "Standard brief"', f"name = {quoted}"), "utf-8")
        pdf = home / "pack.pdf"
        written = home / "written.md"
        written.write_text(f"- {text}\n\n{text} [{text}]", encoding="utf-8", errors="replace")
        outcome = cli(home, "build", "--region", "TLG", "--template", "hostile",
                      "--title", text, "--author", text, "--purpose", text,
                      "--section", f"points={written}", "--section", f"background={written}",
                      "--output", str(pdf))  # fmt: skip
        ok = True
        if outcome.status == 0:
            reader = PdfReader(pdf)
            for page in reader.pages:
                resources = page["/Resources"].get_object()
                if "/XObject" in resources:
                    for xobject in resources["/XObject"].values():
                        if xobject.get_object().get("/Subtype") == "/Image":
                            ok = False  # no image was asked for: the map is a drawing
                for annotation in page.get("/Annots") or []:
                    action = annotation.get_object().get("/A") or {}
                    uri = str(action.get("/URI", ""))
                    if uri and not uri.startswith(("http://", "https://")):
                        ok = False
        tally.record("2 markup", text[:30], outcome, ok)


def bad_styles(work: Path, tally: Tally) -> None:
    big_logo = work / "big.png"
    Image.new("1", (20000, 20000)).save(big_logo)
    cmyk = work / "cmyk.jpg"
    Image.new("CMYK", (40, 40), (0, 100, 100, 0)).save(cmyk)
    truncated = work / "cut.png"
    Image.new("RGB", (400, 400), "blue").save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:300])
    cases: dict[str, tuple[str, dict[str, bytes]]] = {
        "nan": ("[fonts]\nbody_size = nan\n", {}),
        "inf": ("[spacing]\nline_spacing = inf\n", {}),
        "body_size 500": ("[fonts]\nbody_size = 500\n", {}),
        "no room": ("[page]\nmargins_mm = [150, 150, 150, 150]\n", {}),
        "line_spacing 1e6": ("[spacing]\nline_spacing = 1e6\n", {}),
        "control char in fonts.word": ('[fonts]\nword = "Ari\\u0007al"\n', {}),
        "20000x20000 logo": ('[logo]\nfile = "logo.png"\n', {"logo.png": big_logo.read_bytes()}),
        "cmyk jpeg": ('[logo]\nfile = "logo.jpg"\n', {"logo.jpg": cmyk.read_bytes()}),
        "truncated png": ('[logo]\nfile = "logo.png"\n', {"logo.png": truncated.read_bytes()}),
        "not a docx": ('[word]\nreference = "ref.docx"\n', {"ref.docx": b"PK\x03\x04broken"}),
    }
    for name, (toml, files) in cases.items():
        home = work / f"style-{tally.runs['4 styles']}"
        style(home, "good", "")
        folder = home / "templates" / "bad"
        folder.mkdir(parents=True)
        # The other keys take their defaults, so the case's own table is the only one.
        (folder / "template.toml").write_text(f'name = "Bad"\n{toml}', encoding="utf-8")
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        listed = cli(home, "list", "templates")
        shown = listed.status == 0 and "good" in listed.out
        tally.record("4 styles", f"list {name}", listed, shown)
        built = cli(home, "build", "--region", "TLG", "--template", "bad",
                    "--output", str(home / "p.docx"))  # fmt: skip
        tally.record("4 styles", f"build {name}", built, built.status in (0, 2))
    utf16 = work / "style-utf16"
    style(utf16, "u16", "")
    path = utf16 / "templates" / "u16" / "template.toml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-16")
    tally.record("4 styles", "utf-16", cli(utf16, "build", "--region", "TLG", "--template",
                                           "u16", "--output", str(utf16 / "p.pdf")))  # fmt: skip


# 3. Hostile and damaged files


def hostile_files(work: Path, tally: Tally) -> None:
    preset = {"format_version": 2, "name": "Odd", "description": "", "spec": {"format_version": 1}}
    contents = {
        "deep brackets": "[" * 100_000,
        "5000-digit version": '{"format_version": ' + "7" * 5000 + "}",
        "version true": json.dumps({**preset, "format_version": True}),
        "modified number": json.dumps({**preset, "modified": 5}),
        "modified list": json.dumps({**preset, "modified": [1]}),
        "modified object": json.dumps({**preset, "modified": {}}),
        "lone surrogate": json.dumps({**preset, "name": "bad\udcffname"}),
    }
    for name, text in contents.items():
        home = work / f"hostile-{tally.runs['3 files']}"
        presets = home / "presets"
        presets.mkdir(parents=True)
        (presets / "odd.json").write_text(text, encoding="utf-8", errors="surrogatepass")
        cli(home, "presets", "save", "Good", "--region", "TLG")
        for argv in (
            ["presets", "list"],
            ["build", "--preset-file", str(presets / "odd.json"), "--output", str(home / "p.pdf")],
            ["presets", "import", str(presets / "odd.json"), "--name", "Imported"],
            ["presets", "rename", "Odd", "Renamed"],
        ):
            outcome = cli(home, *argv)
            kept = (presets / "odd.json").read_text(encoding="utf-8", errors="surrogatepass")
            tally.record("3 files", f"{name}: {argv[1]}", outcome, kept == text)
    for kind in ("fifo", "zero"):
        home = work / f"special-{kind}"
        presets = home / "presets"
        presets.mkdir(parents=True)
        special = presets / "special.json"
        if kind == "fifo":
            os.mkfifo(special)
        else:
            special.symlink_to("/dev/zero")
        data = home / "data"
        data.mkdir()
        (data / "s.json").symlink_to(special)
        for argv in (
            ["presets", "list"],
            ["build", "--preset-file", str(special), "--output", str(home / "p.pdf")],
            ["presets", "from-pack", str(special)],
            ["query", "--dataset", str(data)],
        ):
            tally.record("3 files", f"{kind}: {argv[1]}", cli(home, *argv, limit=30))
    home = work / "surrogates"
    for argv in (
        ["presets", "save", os.fsdecode(b"bad\xffname"), "--region", "TLG",
         "--title", os.fsdecode(b"t\xff"), "--description", os.fsdecode(b"d\xff")],
        ["build", "--preset", os.fsdecode(b"bad\xffname"), "--output", str(home / "s.pdf")],
        ["build", "--preset", os.fsdecode(b"bad\xffname"), "--output", str(home / "s.docx")],
        ["presets", "list"],
    ):  # fmt: skip
        tally.record("3 files", f"surrogates: {argv[1]}", cli(home, *argv))


# 5. Long text


def long_text(work: Path, tally: Tally, quick: bool) -> None:
    home = work / "long"
    cases = {
        "3500-char title": ["--title", "word " * 700],
        "3500-char text filter": ["--text", "skills " * 500],
        "TLG x200": [arg for _ in range(200) for arg in ("--region", "TLG")],
        "3000-word purpose": ["--purpose", "policy " * 3000],
        "100000-char unbroken title": ["--title", "x" * 100_000],
    }
    if not quick:
        cases["1M-char title"] = ["--title", "long " * 200_000]
    for name, flags in cases.items():
        for kind in ("pdf", "docx"):
            dest = home / f"{len(tally.notes)}-{tally.runs['5 long']}.{kind}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            outcome = cli(home, "build", "--region", "TLG", *flags, "--output", str(dest))
            tally.record("5 long", f"{name} {kind} ({outcome.seconds:.1f} s)", outcome,
                         outcome.status != 0 or dest.stat().st_size > 0)  # fmt: skip
            tally.notes.append(f"5 long: {name} {kind}: exit {outcome.status}, "
                               f"{outcome.seconds:.1f} s")  # fmt: skip


# 6. File systems that say no


def _limit_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


def file_systems(work: Path, tally: Tally) -> None:
    home = work / "fs"
    home.mkdir()
    (home / "afile").write_text("x")
    cases = {
        "output under a file": ["build", "--region", "TLG", "--output", str(home / "afile/p.pdf")],
        "300-char name": ["build", "--region", "TLG", "--output", str(home / ("n" * 300 + ".pdf"))],
        "missing folder": ["build", "--region", "TLG", "--output", str(home / "none/p.pdf")],
    }
    for name, argv in cases.items():
        tally.record("6 fs", name, cli(home, *argv), no_parts(home))
    for kind in ("docx", "pdf"):
        outcome = cli(home, "build", "--region", "UK", "--output", str(home / f"big.{kind}"),
                      preexec_fn=_limit_size)  # fmt: skip
        tally.record("6 fs", f"file size limit {kind}", outcome, no_parts(home))
    both = cli(home, "build", "--region", "UK", "--format", "pdf", "--format", "docx",
               "--output", str(home / "both"), preexec_fn=_limit_size)  # fmt: skip
    written = list(home.glob("both.*"))
    tally.record("6 fs", "two formats, one too large", both, not written and no_parts(home))
    store_file = work / "fs-store"
    store_file.mkdir()
    (store_file / "presets").write_text("a file")
    tally.record("6 fs", "presets folder is a file",
                 cli(store_file, "presets", "save", "A", "--region", "TLG"))  # fmt: skip
    trash = work / "fs-trash"
    cli(trash, "presets", "save", "A", "--region", "TLG")
    (trash / "presets" / ".trash").write_text("a file")
    outcome = cli(trash, "presets", "delete", "A")
    kept = list((trash / "presets").glob("*.json"))
    tally.record("6 fs", "trash is a file", outcome, outcome.status == 2 and len(kept) == 1)
    with open("/dev/full", "w") as full:  # noqa: PTH123
        tally.record("6 fs", "full stdout", cli(home, "list", "regions", stdout=full))
    for attempt in range(10):
        target = home / f"interrupted-{attempt}"
        target.mkdir()
        run = subprocess.Popen(
            [sys.executable, "-m", "briefing_builder", "build", *BRIEF, "--region", "UK",
             "--output", str(target / "p.pdf")],
            env={**os.environ, "BRIEFING_BUILDER_HOME": str(home)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        while not list(target.glob(".*.part")) and run.poll() is None:
            time.sleep(0.005)
        time.sleep(0.1 * (attempt % 5))
        run.send_signal(signal.SIGINT if attempt % 2 else signal.SIGKILL)
        _, err = run.communicate()
        if attempt % 2:
            outcome = Outcome(run.returncode, "", err, 0)
            tally.record("6 fs", f"ctrl-c {attempt}", outcome,
                         run.returncode in (0, 130) and no_parts(target))  # fmt: skip
        else:
            for left in target.glob(".*.part"):  # as if killed long ago
                os.utime(left, (0, 0))
            after = cli(home, "build", "--region", "TLG", "--output", str(target / "next.pdf"))
            tally.record("6 fs", f"killed {attempt} then next write", after, no_parts(target))


# 7. Text the PDF cannot show


def scripts(work: Path, tally: Tally) -> None:
    home = work / "scripts"
    titles = {
        "CJK": "区域简报 地域ブリーフィング 지역 브리핑",
        "Arabic": "إحاطة إقليمية",
        "Hebrew": "תדריך אזורי",
        "emoji": "Briefing 📊🇬🇧",
    }
    for name, title in titles.items():
        for kind in ("pdf", "docx"):
            dest = home / f"{name}.{kind}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            outcome = cli(home, "build", "--region", "TLG", "--title", title, "--output", str(dest))
            tally.record("7 scripts", f"{name} {kind}", outcome)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer processes, no 1M title")
    args = parser.parse_args()
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix="matrix-"))
    steps: list[tuple[str, Callable[[], None]]] = [
        ("1", lambda: concurrency(work, tally, 20, 5 if args.quick else 20)),
        ("2", lambda: markup(work, tally)),
        ("3", lambda: hostile_files(work, tally)),
        ("4", lambda: bad_styles(work, tally)),
        ("5", lambda: long_text(work, tally, args.quick)),
        ("6", lambda: file_systems(work, tally)),
        ("7", lambda: scripts(work, tally)),
    ]
    for number, step in steps:
        started = time.monotonic()
        step()
        print(f"class {number} done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    groups = sorted(tally.runs)
    print(f"{'class':12} {'runs':>5} {'tracebacks':>10} {'hangs':>5} {'exit 1':>6} {'broken':>6}")
    for group in groups:
        print(f"{group:12} {tally.runs[group]:5} {tally.tracebacks[group]:10} "
              f"{tally.hangs[group]:5} {tally.bugs[group]:6} {tally.broken[group]:6}")  # fmt: skip
    for note in tally.notes:
        print(note)
    shutil.rmtree(work, ignore_errors=True)
    failed = sum(
        sum(counter.values())
        for counter in (tally.tracebacks, tally.hangs, tally.bugs, tally.broken)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
