"""The command line as users and their scripts call it: output, exit codes, no Qt."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_builder import __version__
from briefing_builder.cli import WIDTH, main
from tests.helpers.datasets import source_document, write_source


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_version_shows_the_app_and_dataset_versions(
    capsys: pytest.CaptureFixture[str], catalogue
) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"briefing-builder {__version__}, dataset {catalogue.version}"


def test_query_lists_the_west_midlands_items_with_their_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(
        capsys, "query", "--region", "West Midlands", "--theme", "green transition"
    )
    assert status == 0
    assert "midlands-engine-priorities-13" in out
    assert "CABLED" in out
    words = " ".join(out.split())
    assert "Midlands Engine Observatory (n.d.)" in words
    assert "bailey-tomlinson-acss-2" not in out
    cabled = next(line for line in out.splitlines() if "midlands-engine-priorities-13" in line)
    assert "West Midlands" in cabled
    uk_wide = next(line for line in out.splitlines() if "midlands-engine-priorities-3 " in line)
    assert "UK-wide (wider)" in uk_wide


def test_human_output_fits_in_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["query"], ["list", "regions"], ["list", "themes"], ["list", "sources"]):
        _, out, _ = run(capsys, *argv)
        assert max(len(line) for line in out.splitlines()) <= WIDTH, argv


def test_query_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "query", "--region", "TLG", "--kind", "statistic", "--json")
    assert status == 0
    records = json.loads(out)
    assert {r["id"] for r in records} >= {
        "gdhi-per-head-2021-west-midlands",
        "employment-rate-west-midlands",
    }
    gdhi = next(r for r in records if r["id"] == "gdhi-per-head-2021-west-midlands")
    assert gdhi["value"] == 18566
    assert gdhi["uk_value"] == 21679
    assert gdhi["unit"] == "£ per head"
    assert gdhi["period"] == "2021"
    assert gdhi["match"] == "exact"
    assert set(gdhi["source"]) == {"id", "title", "publisher", "published", "url", "from"}
    assert gdhi["source"]["from"] == "Bundled"
    assert {"id", "kind", "title", "text", "quote", "locator", "regions", "themes", "match"} <= set(
        gdhi
    )


def test_findings_in_json_carry_no_statistic_fields(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "query", "--kind", "finding", "--json")
    assert all("value" not in record for record in json.loads(out))


@pytest.mark.parametrize(
    ("what", "fields"),
    [
        ("regions", {"id", "name", "kind", "itl1", "gss"}),
        ("themes", {"id", "name", "description"}),
        ("sources", {"id", "title", "publisher", "published", "url", "from", "items"}),
    ],
)
def test_list_json_has_the_documented_fields(
    capsys: pytest.CaptureFixture[str], what: str, fields: set
) -> None:
    status, out, _ = run(capsys, "list", what, "--json")
    assert status == 0
    records = json.loads(out)
    assert records
    assert all(set(r) == fields for r in records)


def test_list_sources_counts_each_sources_items(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "sources", "--json")
    counts = {r["id"]: r["items"] for r in json.loads(out)}
    assert counts["level-up-industry"] == 5
    assert counts["levelling-up-white-paper"] == 12


def test_an_extra_dataset_is_listed_and_queried(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_source(tmp_path, source_document())
    _, out, _ = run(capsys, "list", "sources", "--dataset", str(tmp_path))
    assert "my-evidence" in out
    _, out, _ = run(
        capsys,
        "query",
        "--region",
        "west midlands",
        "--text",
        "walsall",
        "--dataset",
        str(tmp_path),
    )
    assert "my-evidence-1" in out


def test_an_unknown_region_exits_2_with_suggestions_and_no_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "query", "--region", "Yorkshire")
    assert status == 2
    assert out == ""
    assert "unknown region 'Yorkshire'; did you mean 'Yorkshire and The Humber'" in err
    assert "Traceback" not in err


def test_a_broken_dataset_exits_2_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_source(tmp_path, "{", name="broken")
    status, _, err = run(capsys, "list", "sources", "--dataset", str(tmp_path))
    assert status == 2
    assert f"{path}: bad JSON at line 1" in err


def test_a_selection_that_matches_nothing_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "query", "--region", "Wales", "--text", "CABLED", "--no-wider")
    assert status == 0
    assert out == ""
    assert "No items match this selection" in err
    assert "Try fewer words in --text, or no --no-wider, or a wider --region." in err


def test_a_bad_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["list", "everything"])
    assert exit_.value.code == 2


@pytest.mark.slow
def test_commands_other_than_the_app_never_import_qt(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    script = (
        "import sys\n"
        "from briefing_builder import cli, catalogue, errors, pack, render, resources\n"
        "assert cli.main(['query', '--region', 'London']) == 0\n"
        "assert cli.main(['build', '--purpose', 'Test.', '--region', 'London',"
        f" '--format', 'pdf', '--format', 'docx', '--output', {str(pack)!r}]) == 0\n"
        "assert cli.main(['list', 'regions', '--json']) == 0\n"
        "assert cli.main(['--version']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "sys.exit(f'Qt loaded: {loaded}' if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
def test_python_m_briefing_builder_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing_builder", "query", "--region", "Nowhere"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("briefing-builder: error: unknown region 'Nowhere'")


def test_the_table_shows_a_statistics_figure_against_the_uk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "query", "--region", "Wales", "--kind", "statistic")
    flat = " ".join(out.split())
    assert "£18,038 per head (UK £21,679)" in flat
    assert "74.1% of people aged 16 to 64 (UK 75.7%)" in flat


def test_the_applies_to_column_appears_only_when_a_region_is_chosen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, with_region, _ = run(capsys, "query", "--region", "Wales")
    _, without, _ = run(capsys, "query", "--theme", "transport")
    assert with_region.splitlines()[0].split() == [
        "ID",
        "KIND",
        "APPLIES",
        "TO",
        "TITLE",
        "AND",
        "SOURCE",
    ]
    assert without.splitlines()[0].split() == ["ID", "KIND", "TITLE", "AND", "SOURCE"]


def test_query_json_carries_each_items_caveats(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "query", "--region", "Northern Ireland", "--kind", "statistic", "--json"
    )
    employment = next(r for r in json.loads(out) if r["id"] == "employment-rate-northern-ireland")
    assert "not strictly comparable" in employment["caveat"]
    assert employment["applies_to"] == "Northern Ireland"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--theme", "greeen"], "unknown theme 'greeen'; did you mean 'Green transition'?"),
        (["--region", "scotlnd"], "unknown region 'scotlnd'; did you mean 'Scotland'?"),
        (["--region", "Yorkshire"], "did you mean 'Yorkshire and The Humber'?"),
        (["--kind", "bogus"], "did you mean 'finding' or 'recommendation' or 'statistic'?"),
    ],
)
def test_a_misspelt_name_gets_useful_suggestions(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, "query", *argv)
    assert status == 2
    assert err.strip().endswith(message)


def test_an_unknown_option_shows_the_commands_own_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["query", "--colour", "red"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: briefing-builder query")
    assert "unrecognized arguments: --colour red" in err


def test_the_no_match_hint_names_only_what_was_given(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "query", "--text", "no such words anywhere")
    assert "Try fewer words in --text." in err
    assert "--theme" not in err


@pytest.mark.slow
def test_the_window_opens_without_either_writer_and_a_pdf_build_without_words(
    tmp_path: Path,
) -> None:
    """The writers are imported when a pack is written, in the format asked for: opening the
    window loads neither reportlab nor the Word writer, and a PDF build no Word writer."""
    script = (
        "import sys\n"
        "from briefing_builder.gui import main_window\n"
        "early = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdf')\n"
        "               or m.startswith('briefing_builder.render.') and 'writer' in m)\n"
        "assert not early, f'the window loaded {early}'\n"
        "from briefing_builder import cli\n"
        "assert cli.main(['build', '--purpose', 'Test.', '--region', 'London',"
        f" '--format', 'pdf', '--output', {str(tmp_path / 'pack')!r}]) == 0\n"
        "assert 'reportlab' in sys.modules\n"
        "assert 'briefing_builder.render.docx_writer' not in sys.modules, 'a PDF loaded Word'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "pack.pdf").is_file()


def test_a_word_build_loads_no_pdf_library_and_draws_its_map_once(tmp_path: Path) -> None:
    """A Word build loads neither reportlab (the locator map's PNG is drawn with Pillow) nor
    the PDF writer; the next build of the same regions reuses the map without Pillow."""
    script = (
        "import sys\n"
        "from briefing_builder import cli\n"
        "assert cli.main(['build', '--purpose', 'Test.', '--region', 'London', '--force',"
        f" '--format', 'docx', '--output', {str(tmp_path / 'pack')!r}]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PIL')\n"
        "                or m.startswith('briefing_builder.render.pdf'))\n"
        "print('loaded:', *loaded)\n"
    )
    loaded = []
    for _run in range(2):
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr[-2000:]
        (line,) = [x for x in result.stdout.splitlines() if x.startswith("loaded:")]
        loaded.append(set(line.split()[1:]))
    assert (tmp_path / "pack.docx").is_file()
    assert not {m for m in loaded[0] if not m.startswith("PIL")}, "a Word build loaded PDF"
    assert "PIL.ImageDraw" in loaded[0], "the first build draws the map"
    assert not loaded[1], "the second reuses it"
