"""The wheel carries the dataset: installed away from the checkout, the command still works."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "uv is needed to build the wheel (pip install uv)"
    return uv


def _run(*argv: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{argv}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result.stdout


@pytest.mark.slow
def test_an_installed_wheel_finds_its_dataset_outside_the_checkout(tmp_path: Path) -> None:
    uv = _uv()
    _run(uv, "build", "--wheel", "--out-dir", tmp_path / "dist", ROOT, cwd=ROOT)
    (wheel,) = (tmp_path / "dist").glob("briefing_builder-*.whl")
    _run(uv, "venv", "--quiet", tmp_path / "venv", cwd=tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    _run(uv, "pip", "install", "--quiet", "--python", python, wheel, cwd=tmp_path)

    out = _run(tmp_path / "venv" / "bin" / "briefing-builder", "list", "regions", cwd=tmp_path)
    assert "West Midlands" in out
    assert "E12000005" in out
    where = _run(
        python,
        "-c",
        "from briefing_builder import resources; print(resources.dataset_dir())",
        cwd=tmp_path,
    )
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")
