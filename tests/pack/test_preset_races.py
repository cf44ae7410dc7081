"""Many programs using one preset store at once: every preset saved is kept exactly once."""

import json
import multiprocessing
import os
import random
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from briefing_builder.errors import PresetError
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import PresetStore

WORKERS = 20
OPERATIONS = 50
NAMES = [f"Shared {n}" for n in range(5)]
SPEC = PackSpec(regions=("west-midlands",), date="2026-12-02")


def _mixed_operations(folder: str, worker: int, log: str) -> None:
    """Saves, renames, deletes and restores on a few shared names; logs what succeeded."""
    store = PresetStore(Path(folder))
    chance = random.Random(worker)
    saved: list[str] = []
    failures: list[str] = []
    for operation in range(OPERATIONS):
        name, other = chance.sample(NAMES, 2)
        token = f"w{worker}-op{operation}"
        try:
            match chance.choice(("save", "save", "rename", "delete", "restore")):
                case "save":
                    store.save(name, SPEC, token)
                    saved.append(token)
                case "rename":
                    store.rename(name, other)
                case "delete":
                    store.delete(name)
                case "restore":
                    store.restore(name)
        except PresetError:
            pass  # a refusal the user is told of: the name is taken, or there is none
        except Exception:
            failures.append(traceback.format_exc())
    Path(log).write_text(json.dumps({"saved": saved, "failures": failures}))


def _descriptions(folder: Path) -> list[str]:
    """The description of every preset file, live or in the trash."""
    files = [*folder.glob("*.json"), *(folder / ".trash").glob("*.json")]
    return [json.loads(path.read_text())["description"] for path in files]


@pytest.mark.slow
def test_many_processes_changing_shared_presets_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "presets"
    context = multiprocessing.get_context("spawn")
    logs = [tmp_path / f"worker-{n}.json" for n in range(WORKERS)]
    workers = [
        context.Process(target=_mixed_operations, args=(str(folder), n, str(logs[n])))
        for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * WORKERS
    results = [json.loads(log.read_text()) for log in logs]
    assert [failure for r in results for failure in r["failures"]] == []
    saved = sorted(token for r in results for token in r["saved"])
    assert len(saved) > WORKERS  # the names were free often enough for the test to mean much
    assert sorted(_descriptions(folder)) == saved  # each save in exactly one place
    assert not list(folder.glob(".*.part"))


@pytest.mark.slow
def test_processes_saving_the_same_names_from_the_command_line_each_win_once(
    tmp_path: Path,
) -> None:
    environment = {**os.environ, "BRIEFING_BUILDER_HOME": str(tmp_path / "home")}
    script = (
        "import os, sys\n"
        "from briefing_builder.cli import main\n"
        "for k in range(1, 11):\n"
        "    main(['presets', 'save', f'race-{k}', '--region', 'TLG',"
        " '--description', f'{sys.argv[1]}-{k}'])\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(n)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all("Traceback" not in err for _, err in outputs), [e for _, e in outputs if e][:1]
    winners = {
        line.removeprefix("Saved preset 'race-").removesuffix("'"): n
        for n, (out, _) in enumerate(outputs)
        for line in out.splitlines()
    }
    said_saved = sum(len(out.splitlines()) for out, _ in outputs)
    assert said_saved == 10  # each name saved once, by one program
    store = PresetStore(tmp_path / "home" / "presets")
    for k in range(1, 11):
        assert store.load(f"race-{k}").description == f"{winners[str(k)]}-{k}"
    refusals = sum(err.count("already exists") for _, err in outputs)
    assert refusals == WORKERS * 10 - 10
