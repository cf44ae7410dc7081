"""The presets commands and building from presets, as users and scripts call them."""

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_builder.cli import main
from briefing_builder.pack.presets import PresetStore
from briefing_builder.render.embedded import read_pack_spec
from briefing_builder.resources import presets_dir

FIXTURE = Path(__file__).parents[1] / "pack" / "fixtures" / "preset-format-1.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def save_wm(capsys: pytest.CaptureFixture[str], name: str = "WM monthly") -> None:
    status, _, err = run(
        capsys,
        "presets",
        "save",
        name,
        "--description",
        "For the board",
        "--region",
        "TLG",
        "--theme",
        "skills",
        "--title",
        "Skills in the West Midlands",
        "--marking",
        "OFFICIAL-SENSITIVE",
        "--purpose",
        "For the *board*.",
        "--cleared-by",
        "Head of Skills",
        "--contact",
        "Skills team",
    )
    assert status == 0, err


def test_save_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    save_wm(capsys)
    _, out, _ = run(capsys, "presets", "list", "--json")
    (record,) = json.loads(out)
    assert record["name"] == "WM monthly"
    assert record["description"] == "For the board"
    assert record["regions"] == ["west-midlands"]
    assert record["themes"] == ["skills"]
    assert record["readable"] is True
    assert record["modified"]
    _, out, _ = run(capsys, "presets", "show", "wm monthly")
    assert "Skills in the West Midlands" in out
    assert "OFFICIAL-SENSITIVE" in out
    _, out, _ = run(capsys, "presets", "show", "WM monthly", "--json")
    assert json.loads(out)["spec"]["marking"] == "OFFICIAL-SENSITIVE"


def test_an_unreadable_preset_is_listed_with_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    save_wm(capsys)
    (presets_dir() / "damaged.json").write_text("{not json", encoding="utf-8")
    _, out, _ = run(capsys, "presets", "list", "--json")
    records = {r["name"]: r for r in json.loads(out)}
    assert records["damaged"]["readable"] is False
    assert "bad JSON" in records["damaged"]["error"]
    assert records["WM monthly"]["readable"] is True
    _, table, _ = run(capsys, "presets", "list")
    assert "UNREADABLE: bad JSON" in table


def test_saving_over_a_preset_needs_force(capsys: pytest.CaptureFixture[str]) -> None:
    save_wm(capsys)
    status, _, err = run(capsys, "presets", "save", "WM MONTHLY", "--region", "Wales")
    assert status == 2
    assert "already exists" in err
    assert run(capsys, "presets", "save", "WM MONTHLY", "--region", "Wales", "--force")[0] == 0
    assert PresetStore(presets_dir()).load("wm monthly").spec.regions == ("wales",)


def test_rename_delete_and_restore(capsys: pytest.CaptureFixture[str]) -> None:
    save_wm(capsys)
    assert run(capsys, "presets", "rename", "WM monthly", "West Midlands / monthly")[0] == 0
    status, out, _ = run(capsys, "presets", "delete", "West Midlands / monthly")
    assert status == 0
    assert "presets restore" in out
    assert json.loads(run(capsys, "presets", "list", "--json")[1]) == []
    assert run(capsys, "presets", "restore", "West Midlands / monthly")[0] == 0
    assert [r["name"] for r in json.loads(run(capsys, "presets", "list", "--json")[1])] == [
        "West Midlands / monthly"
    ]


def test_an_unknown_preset_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    save_wm(capsys)
    status, _, err = run(capsys, "presets", "show", "WM")
    assert status == 2
    assert "no preset called 'WM'; did you mean 'WM monthly'?" in err


def test_export_and_import_with_a_new_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    save_wm(capsys)
    shared = tmp_path / "shared.json"
    assert run(capsys, "presets", "export", "WM monthly", str(shared))[0] == 0
    status, out, _ = run(capsys, "presets", "import", str(shared), "--name", "From Sam")
    assert status == 0
    assert "Imported preset 'From Sam'" in out


def test_an_old_preset_with_missing_items_imports_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "presets", "import", str(FIXTURE))
    assert status == 0
    assert "an-item-since-removed" in out
    assert "levelling-up-white-paper-mission-5" not in out.split("ignored:")[1]


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_from_pack_gives_back_the_packs_choices(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extension: str
) -> None:
    save_wm(capsys)
    pack = tmp_path / f"wm.{extension}"
    assert (
        run(
            capsys,
            "build",
            "--preset",
            "WM monthly",
            "--exclude",
            "level-up-industry-4",
            "--output",
            str(pack),
        )[0]
        == 0
    )
    status, _, _ = run(capsys, "presets", "from-pack", str(pack), "--name", f"Again {extension}")
    assert status == 0
    store = PresetStore(presets_dir())
    recovered = store.load(f"Again {extension}").spec
    original = store.load("WM monthly").spec
    assert recovered.with_changes(sections=None, date=original.date) == original.with_changes(
        excluded=("level-up-industry-4",)
    )


def test_from_pack_refuses_a_file_the_app_did_not_make(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "letter.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    status, _, err = run(capsys, "presets", "from-pack", str(other))
    assert status == 2
    assert str(other) in err


def test_build_from_a_preset_with_overrides(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from docx import Document

    save_wm(capsys)
    out = tmp_path / "wm.docx"
    assert (
        run(
            capsys,
            "build",
            "--preset",
            "WM monthly",
            "--marking",
            "none",
            "--output",
            str(out),
        )[0]
        == 0
    )
    document = Document(str(out))
    assert document.core_properties.title == "Skills in the West Midlands"
    assert document.sections[0].header.paragraphs[0].text == ""


def test_build_from_a_preset_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "ne.pdf"
    status, printed, err = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        "--preset-file",
        str(FIXTURE),
        "--output",
        str(out),
    )
    assert status == 0, err
    assert printed.strip() == str(out)


def test_each_region_writes_one_pack_per_region_and_reports_failures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "Skills in Wales.pdf").write_bytes(b"keep me")
    status, out, _ = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        "--region",
        "North East",
        "--region",
        "Wales",
        "--region",
        "Midlands",
        "--theme",
        "skills",
        "--title",
        "Skills in {region}",
        "--each-region",
        "--output",
        str(folder),
    )
    assert status == 2
    lines = out.splitlines()
    assert lines[0].startswith("[1/3] North East: ")
    assert lines[1].startswith("[2/3] Wales: failed:")
    assert lines[2].startswith("[3/3] The Midlands: ")
    assert lines[3] == f"2 of 3 packs written to {folder}; failed: Wales"
    assert sorted(p.name for p in folder.iterdir()) == [
        "Skills in North East.pdf",
        "Skills in The Midlands.pdf",
        "Skills in Wales.pdf",
    ]
    assert (folder / "Skills in Wales.pdf").read_bytes() == b"keep me"
    reader = PdfReader(folder / "Skills in North East.pdf")
    assert reader.metadata.title == "Skills in North East"
    assert "Skills in North East" in reader.pages[0].extract_text()


def test_each_region_adds_the_region_to_a_title_without_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _out, err = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        *("--region", "Wales", "--region", "Scotland", "--theme", "skills"),
        *("--title", "Board briefing", "--each-region", "--output", str(tmp_path)),
    )
    assert status == 0, err
    titles = {p.name: PdfReader(p).metadata.title for p in tmp_path.iterdir()}
    assert titles == {
        "Board briefing - Wales.pdf": "Board briefing: Wales",
        "Board briefing - Scotland.pdf": "Board briefing: Scotland",
    }


def test_presets_live_in_the_folder_briefing_builder_home_names(home: Path) -> None:
    assert presets_dir() == home / "presets"


def test_each_region_drafts_its_key_messages_from_its_own_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    argv = ["--purpose", "For a test.", "--region", "Wales", "--region", "North East"]
    argv += ["--theme", "skills", "--draft-points", "--title", "Skills in {region}"]
    status, out, err = run(capsys, "build", *argv, "--each-region", "--output", str(folder))
    assert status == 0, out + err
    wales, north_east = (
        read_pack_spec(folder / f"Skills in {region}.pdf").summary.splitlines()
        for region in ("Wales", "North East")
    )
    assert wales[0].startswith("1. ")
    assert north_east[0].startswith("1. ")
    assert wales != north_east, "each region's own items, every one cited in its own pack"
