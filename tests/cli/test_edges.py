"""The command line at the edges: damaged packs, odd arguments, file systems that say no.
Each is a message and an exit status, never a traceback, and nothing half-written is left."""

import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from briefing_builder.cli import main
from briefing_builder.pack.presets import PresetStore
from briefing_builder.render.pdf_writer import SPEC_ATTACHMENT
from briefing_builder.resources import presets_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture(scope="module")
def docx_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "wm.docx"
    assert (
        main(
            [
                "build",
                "--purpose",
                "For a test.",
                "--region",
                "TLG",
                "--theme",
                "skills",
                "--output",
                str(path),
            ]
        )
        == 0
    )
    return path


# Damaged packs given to presets from-pack


def _pdf_with_attachment(path: Path, data: bytes, *, inflates_to: int = 0) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment(SPEC_ATTACHMENT, data)
    if inflates_to:
        # The stored choices replaced by a small stream that inflates far beyond any limit.
        names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1].get_object()["/EF"]["/F"].get_object()
        stream.set_data(b"")
        stream._data = zlib.compress(b" " * inflates_to, 9)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.write(path)
    return path


def _corrupt_custom_xml(source: Path, dest: Path) -> Path:
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:
        entry = package.getinfo("docProps/custom.xml")
    start = entry.header_offset + 30 + len(entry.filename.encode()) + len(entry.extra)
    data[start + 5 : start + 25] = b"\xff" * 20
    dest.write_bytes(bytes(data))
    return dest


def _encrypted_custom_xml(source: Path, dest: Path) -> Path:
    """The pack with its stored choices marked encrypted, in the local and central headers."""
    data = bytearray(source.read_bytes())
    name = b"docProps/custom.xml"
    with zipfile.ZipFile(source) as package:
        offset = package.getinfo(name.decode()).header_offset
    data[offset + 6] |= 0x1
    central = data.index(b"PK\x01\x02")  # the first central directory entry
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 8] |= 0x1
    dest.write_bytes(bytes(data))
    return dest


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d, p: _corrupt_custom_xml(d, p / "bad.docx"), "it is damaged"),
        (lambda d, p: _encrypted_custom_xml(d, p / "locked.docx"), "are encrypted"),
        (
            lambda d, p: _pdf_with_attachment(p / "bomb.pdf", b"{}", inflates_to=80_000_000),
            "cannot be read as a PDF",
        ),
        (lambda d, p: _pdf_with_attachment(p / "deep.pdf", b"[" * 100_000), "nested too deeply"),
        (
            lambda d, p: _pdf_with_attachment(p / "huge.pdf", b'{"format_version": ' + b"1" * 5000),
            "a number is too long",
        ),
    ],
    ids=["corrupt deflate", "encrypted entry", "inflates past 75 MB", "deep nesting", "huge int"],
)
def test_a_damaged_pack_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], docx_pack: Path, tmp_path: Path, make, message: str
) -> None:
    pack = make(docx_pack, tmp_path)
    status, _, err = run(capsys, "presets", "from-pack", str(pack))
    assert status == 2
    assert err.startswith(f"briefing-builder: error: {pack}: ")
    assert message in err
    assert PresetStore(presets_dir()).entries() == []


def test_a_pack_that_is_a_pipe_is_refused(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    pipe = tmp_path / "pack.pdf"
    os.mkfifo(pipe)
    status, _, err = run(capsys, "presets", "from-pack", str(pipe))
    assert (status, err.strip()) == (
        2,
        f"briefing-builder: error: {pipe}: not a file (a named pipe)",
    )


def test_a_pipe_in_a_dataset_folder_is_named_and_nothing_hangs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "sources.json")
    status, _, err = run(capsys, "query", "--dataset", str(tmp_path))
    assert status == 2
    assert f"{tmp_path / 'sources.json'}: not a file (a named pipe)" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unreadable_dataset_folder_says_permission_denied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(0)
    try:
        status, _, err = run(capsys, "query", "--dataset", str(folder))
    finally:
        folder.chmod(0o755)
    assert status == 2
    assert "cannot be read (permission denied)" in err


# Odd arguments


def test_a_region_given_twice_is_one_pack(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    argv = [
        "build",
        "--purpose",
        "For a test.",
        "--each-region",
        "--output",
        str(tmp_path / "packs"),
        "--format",
        "pdf",
    ]
    regions = ["--region", "TLG", "--region", "TLG", "--region", "West Midlands", "--region", "TLF"]
    status, out, _ = run(capsys, *argv, *regions)
    assert status == 0
    assert out.splitlines()[-1] == f"2 of 2 packs written to {tmp_path / 'packs'}"


def test_an_argument_in_another_encoding_is_kept_readable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # What Python makes of $'bad\xffname' from a shell in a UTF-8 locale.
    name = os.fsdecode(b"bad\xffname")
    status, out, _ = run(capsys, "presets", "save", name, "--region", "TLG", "--title", name)
    assert (status, out.strip()) == (0, "Saved preset 'bad\ufffdname'")
    assert PresetStore(presets_dir()).load("bad\ufffdname").spec.title == "bad\ufffdname"
    status, out, _ = run(capsys, "presets", "delete", name)
    assert status == 0
    assert "bad\ufffdname" in out


def test_exporting_a_preset_over_a_file_needs_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "presets", "save", "WM", "--region", "TLG")[0] == 0
    shared = tmp_path / "wm.json"
    shared.write_text("my notes", encoding="utf-8")
    status, _, err = run(capsys, "presets", "export", "WM", str(shared))
    assert status == 2
    assert "already exists: use --force" in err
    assert shared.read_text(encoding="utf-8") == "my notes"
    assert run(capsys, "presets", "export", "WM", str(shared), "--force")[0] == 0
    assert '"format_version"' in shared.read_text(encoding="utf-8")


# File systems that say no


def test_an_output_folder_under_a_file_and_a_long_name_are_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes").write_text("a file")
    status, _, err = run(
        capsys,
        "build",
        "--purpose",
        "For a test.",
        "--region",
        "TLG",
        "--output",
        f"{tmp_path}/notes/p.pdf",
    )
    assert status == 2
    assert "part of the path is a file, not a folder" in err
    long_name = tmp_path / ("p" * 300 + ".pdf")
    status, _, err = run(
        capsys, "build", "--purpose", "For a test.", "--region", "TLG", "--output", str(long_name)
    )
    assert status == 2
    assert "the file name is too long" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "notes"]


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


@pytest.mark.slow
def test_a_write_that_fails_half_way_changes_neither_format(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the PDF fits, the Word pack does not."""
    for kind in ("docx", "pdf"):
        (tmp_path / f"pack.{kind}").write_text("the old pack")
    result = subprocess.run(
        [sys.executable, "-m", "briefing_builder", "build", "--purpose", "For a test.",
         "--region", "TLG", "--theme", "skills", "--format", "pdf", "--format", "docx",
         "--output", str(tmp_path / "pack"), "--force"],
        capture_output=True, text=True, check=False, preexec_fn=_limit_file_size,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"briefing-builder: error: cannot write {tmp_path}/pack.")
    assert "the file is too large" in result.stderr
    assert ".part" not in result.stderr  # the message names the user's file
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr
    assert {p.read_text() for p in tmp_path.iterdir()} == {"the old pack"}


@pytest.mark.slow
def test_a_full_output_is_a_message() -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build
        result = subprocess.run(
            [sys.executable, "-m", "briefing_builder", "list", "regions"],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "briefing-builder: error: cannot write the output: "
        "the disk is full (or out of room for new files)\n"
    )


@pytest.mark.slow
def test_ctrl_c_exits_130_quietly_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [sys.executable, "-m", "briefing_builder", "build", "--purpose", "For a test.",
         "--region", "UK", "--output", str(tmp_path / "pack.pdf")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.01)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert (build.returncode, err) == (130, "")
    assert list(tmp_path.iterdir()) == []


def test_a_killed_builds_temporary_file_is_removed_by_the_next_write_and_no_other(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ours = tmp_path / ".pack.pdf.k1ll3d_x.briefing.part"
    theirs = [tmp_path / name for name in (".thesis.part", ".backup.tar.gz.part", ".x.part")]
    long_ago = time.time() - 3600
    for path in (ours, *theirs):
        path.write_bytes(b"")
        os.utime(path, (long_ago, long_ago))
    assert (
        run(
            capsys,
            "build",
            "--purpose",
            "For a test.",
            "--region",
            "TLG",
            "--output",
            str(tmp_path / "other.pdf"),
        )[0]
        == 0
    )
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["other.pdf", *(p.name for p in theirs)])
    PdfReader(tmp_path / "other.pdf")


def test_force_never_replaces_a_device_a_pipe_or_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "folder.pdf").mkdir()
    for name in ("pipe.pdf", "folder.pdf"):
        dest = tmp_path / name
        status, _, err = run(
            capsys,
            "build",
            "--purpose",
            "For a test.",
            "--region",
            "TLG",
            "--output",
            str(dest),
            "--force",
        )
        assert status == 2
        assert f"cannot write {dest}: it is " in err
    assert (tmp_path / "pipe.pdf").is_fifo()
    assert (tmp_path / "folder.pdf").is_dir()


@pytest.mark.slow
def test_a_closed_output_is_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing_builder", "list", "regions"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2)


def test_list_templates_names_a_broken_style_and_shows_the_rest(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    broken = home / "templates" / "broken"
    broken.mkdir(parents=True)
    (broken / "template.toml").write_text("[fonts]\nbody_size = 500\n", encoding="utf-8")
    status, out, _ = run(capsys, "list", "templates")
    assert status == 0
    words = " ".join(out.split())
    assert "broken cannot be used: " in words
    assert "fonts.body_size" in words
    assert "standard Standard brief" in words
    status, _, err = run(capsys, "build", "--purpose", "For a test.", "--region", "TLG",
                         "--template", "broken", "--output", str(home / "p.pdf"))  # fmt: skip
    assert status == 2
    assert "fonts.body_size" in err


def test_a_password_protected_pdf_says_so_and_pypdf_stays_quiet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    locked = _pdf_with_attachment(tmp_path / "locked.pdf", b"{}")
    writer = PdfWriter(clone_from=locked)
    writer.encrypt("secret")
    writer.write(locked)
    status, _, err = run(capsys, "presets", "from-pack", str(locked))
    assert (status, err.strip()) == (
        2,
        f"briefing-builder: error: {locked}: the PDF is password-protected; "
        "packs made by Briefing Builder are not",
    )
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(locked.read_bytes()[:-400])
    status, _, err = run(capsys, "presets", "from-pack", str(damaged))
    assert status == 2
    assert len(err.splitlines()) == 1, err


@pytest.mark.slow
def test_an_error_that_cannot_be_printed_still_exits_2() -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build
        result = subprocess.run(
            [sys.executable, "-m", "briefing_builder", "query", "--region", "Nowhere"],
            stdout=subprocess.PIPE, stderr=full, check=False,
        )  # fmt: skip
    assert result.returncode == 2
