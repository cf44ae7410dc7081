"""briefing-builder build and list templates, as scripts call them."""

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from briefing_builder.cli import main
from tests.helpers.packs import EXAMPLE

WM = ["--region", "West Midlands", "--theme", "digital infrastructure"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_format_comes_from_the_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "wm.pdf"
    status, out, _ = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        *WM,
        "--title",
        "Digital in the West Midlands",
        "--output",
        str(pdf),
    )
    assert status == 0
    assert out.strip() == str(pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Digital in the West Midlands" in text


def test_two_formats_are_written_beside_each_other(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base = tmp_path / "wm-pack"
    status, out, _ = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        *WM,
        "--format",
        "docx",
        "--format",
        "pdf",
        "--output",
        str(base),
    )
    assert status == 0
    assert out.split() == [str(base) + ".docx", str(base) + ".pdf"]
    headings = [
        p.text for p in Document(str(base) + ".docx").paragraphs if p.style.name == "Heading 1"
    ]
    assert "Digital infrastructure" in headings


def test_the_options_reach_the_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "wm.docx"
    run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        *WM,
        "--purpose",
        "Board meeting",
        "--author",
        "A. Official",
        "--department",
        "WMCA",
        "--marking",
        "OFFICIAL-SENSITIVE",
        "--template",
        "plain",
        "--group-by",
        "region",
        "--exclude",
        "midlands-engine-priorities-15",
        "--output",
        str(out),
    )
    document = Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Board meeting" in body
    assert "WMCA" in body
    assert "Poor digital connectivity in parts of the Midlands" not in body
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # Grouped by region: the Midlands items the West Midlands lies within are wider context.
    assert "Wider context: the Midlands and the UK" in headings
    assert "Digital infrastructure" not in headings
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert document.core_properties.author == "A. Official"


def test_an_existing_file_is_kept_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "wm.pdf"
    pdf.write_bytes(b"last month's pack")
    status, _, err = run(capsys, "build", "--purpose", "For a test.", *WM, "--output", str(pdf))
    assert status == 2
    assert f"{pdf} already exists: use --force to replace" in err
    assert pdf.read_bytes() == b"last month's pack"
    assert (
        run(capsys, "build", "--purpose", "For a test.", *WM, "--output", str(pdf), "--force")[0]
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--output", "pack.txt"], "should end in .docx or .pdf, or give --format"),
        (["--format", "pdf", "--output", "pack.docx"], "does not end in .pdf"),
        (["--format", "pdf", "--format", "docx", "--output", "pack.pdf"], "without an extension"),
        (
            ["--template", "glossy", "--output", "pack.pdf"],
            "no house style called 'glossy'; choose from one-pager",
        ),
        (
            ["--exclude", "level-up-industry-9", "--output", "pack.pdf"],
            "unknown item 'level-up-industry-9'",
        ),
        (["--text", "no such words", "--output", "pack.pdf"], "no evidence matches this selection"),
    ],
)
def test_mistakes_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "build", "--purpose", "For a test.", *WM, *argv)
    assert status == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_list_templates_names_the_bundled_house_styles(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "templates", "--json")
    assert status == 0
    styles = {t["name"]: t for t in json.loads(out)}
    assert {"standard", "one-pager", "plain"} <= set(styles)
    assert "contents" not in styles["one-pager"]["sections"]
    assert set(styles["standard"]) == {"name", "title", "description", "sections", "folder"}


GREEN = ["--region", "West Midlands", "--theme", "green transition"]


def _sections(*names: str) -> list[str]:
    return [arg for name in names for arg in ("--section", f"{name}={EXAMPLE / name}.md")]


def test_the_sections_you_wrote_reach_both_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = [*GREEN, *_sections("purpose", "summary", "points", "background", "handling")]
    argv += ["--contact", "Priya Shah, 020 7946 0000", "--cleared-by", "Deputy Director"]
    status, _, err = run(
        capsys,
        "build",
        *argv,
        "--format",
        "pdf",
        "--format",
        "docx",
        "--output",
        str(tmp_path / "brief"),
    )
    assert status == 0, err
    pdf = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "brief.pdf").pages
    )
    docx = " ".join(p.text for p in Document(str(tmp_path / "brief.docx")).paragraphs)
    for text in (pdf, docx):
        assert "lines to take" in text
        assert "Points to make" in text
        assert "confirm with the host organisation" in text
        assert "Priya Shah, 020 7946 0000" in text
        assert "Deputy Director" in text
        assert "[midlands-engine-priorities" not in text, "citations print as numbers"


def test_draft_points_writes_one_key_message_per_item_citing_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, "presets", "save", "Drafted", *GREEN, "--purpose", "A visit.", "--draft-points"
    )
    assert status == 0, err
    status, out, _ = run(capsys, "presets", "show", "Drafted", "--json")
    summary = json.loads(out)["spec"]["summary"]
    lines = summary.splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("1. ")
    assert lines[0].endswith("[midlands-engine-priorities-13]")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--section", "sumary=x.md"],
            "--section sumary=x.md: no section 'sumary'; did you mean 'summary'? choose from",
        ),
        (["--section", "points"], "--section points: expected NAME=FILE"),
        (["--section", "points=/nowhere/points.md"], "/nowhere/points.md"),
        (
            ["--purpose", "A", "--section", f"purpose={EXAMPLE / 'purpose.md'}"],
            "give the purpose once",
        ),
        ([*_sections("summary"), "--draft-points"], "--section summary=FILE or --draft-points"),
        (
            ["--exclude", "midlands-engine-priorities-2", *_sections("summary")],
            "Key messages cites \u201cGreen growth depends on investment\u201d",
        ),
    ],
)
def test_a_wrong_section_option_is_a_message_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    argv = argv if "purpose" in " ".join(argv) else ["--purpose", "A visit.", *argv]
    status, _, err = run(capsys, "build", *GREEN, *argv, "--output", str(tmp_path / "p.pdf"))
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "p.pdf").exists()


def test_a_brief_without_a_purpose_is_refused_saying_how_to_give_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "build", *GREEN, "--output", str(tmp_path / "p.pdf"))
    assert status == 2
    assert "the brief has no purpose" in err
    assert "--purpose TEXT" in err
