"""Files from outside: a named pipe, a device, a huge or deeply nested file never hangs or floods
the app; each is refused with a message naming the file."""

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_builder.errors import PresetError
from briefing_builder.inputs import MAX_JSON_DEPTH, clean_text, parse_json, read_json


def _read_within(path: Path, seconds: float = 10) -> str:
    """The message read_json refuses the file with, failing the test if reading hangs."""
    outcome: list[str] = []

    def read() -> None:
        try:
            read_json(path, PresetError, limit=1024)
            outcome.append("read")
        except PresetError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    assert outcome, f"reading {path} did not finish in {seconds} s"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "preset.json"
    os.mkfifo(pipe)
    assert _read_within(pipe) == f"{pipe}: not a file (a named pipe)"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "preset.json"
    link.symlink_to("/dev/zero")
    assert _read_within(link) == f"{link}: not a file (a device)"


def test_a_folder_a_missing_file_and_a_file_over_the_limit_are_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "big.json").write_text(json.dumps(["x" * 2000]))
    assert _read_within(tmp_path / "folder.json").endswith("not a file (a folder)")
    assert _read_within(tmp_path / "none.json").endswith("no such file")
    assert _read_within(tmp_path / "big.json").endswith("too large (over 1024 bytes)")


def test_utf16_and_other_encodings_are_named(tmp_path: Path) -> None:
    (tmp_path / "utf16.json").write_text("{}", encoding="utf-16")
    (tmp_path / "latin.json").write_bytes(b'{"name": "caf\xe9"}')
    assert _read_within(tmp_path / "utf16.json").endswith("UTF-16 text; save it as UTF-8")
    assert "not UTF-8 text (byte 14 " in _read_within(tmp_path / "latin.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("[" * (MAX_JSON_DEPTH + 2) + "]" * (MAX_JSON_DEPTH + 2), "nested too deeply"),
        ('{"format_version": ' + "9" * 5000 + "}", "a number is too long to read"),
        ("[NaN]", "NaN is not a number that JSON allows"),
        ('{"a": 1,}', "bad JSON at line 1, column 9"),
    ],
)
def test_hostile_json_is_refused_with_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(PresetError, match=message) as raised:
        parse_json(text, "preset.json", PresetError)
    assert str(raised.value).startswith("preset.json: ")


def test_lone_surrogates_become_the_replacement_character_keys_and_values() -> None:
    value = parse_json('{"bad\\udcffname": ["x\\ud800", {"y": "\\udfff"}]}', "f", PresetError)
    assert value == {"bad\ufffdname": ["x\ufffd", {"y": "\ufffd"}]}
    assert clean_text("fine \U0001f600 text") == "fine \U0001f600 text"
    json.dumps(value, ensure_ascii=False).encode("utf-8")


@given(st.text(max_size=300))
def test_any_text_is_json_or_the_callers_error(text: str) -> None:
    try:
        value = parse_json(text, "f", PresetError)
    except PresetError:
        return
    json.dumps(value, ensure_ascii=False).encode("utf-8")
