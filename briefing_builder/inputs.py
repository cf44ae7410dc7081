"""Everything the app reads from outside passes through here, so no file can hang or flood it.

Files: only regular files are read (never a FIFO, a device or a folder), opened without blocking,
and never more than a size limit. JSON: nesting and number sizes are bounded, NaN and Infinity
are refused. Text: lone surrogates (from a badly encoded command line or a JSON escape such as
"\\ud800"), which no file format can store, become U+FFFD, the replacement character.
Every problem is raised as the caller's `BriefingError` subclass, naming the file.
"""

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from briefing_builder.errors import BriefingError

MEGABYTE = 1024 * 1024
MAX_JSON_BYTES = 20 * MEGABYTE
"""The most a preset, dataset or pack-spec file may hold: far more than any real one."""
MAX_JSON_DEPTH = 64
"""The deepest nesting of JSON arrays and objects accepted: real files nest five or six deep."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_bytes(path: Path, error: type[BriefingError], *, limit: int) -> bytes:
    """The contents of a regular file of at most `limit` bytes; `error`, naming the file and
    saying what is wrong, if it is missing, not a regular file, too large or unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror or problem})") from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise error(f"{path}: not a file ({_kind(mode)})")
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror or problem})") from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise error(f"{path}: too large (over {_size(limit)})")
    return data


def read_text(path: Path, error: type[BriefingError], *, limit: int) -> str:
    """The UTF-8 text of a regular file (a byte order mark allowed), lone surrogates replaced."""
    data = read_bytes(path, error, limit=limit)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(f"{path}: the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise error(f"{path}: not UTF-8 text (byte {problem.start + 1} cannot be read)") from None


def parse_json(text: str, where: str, error: type[BriefingError]) -> Any:
    """The JSON value of `text`, with every string cleaned; `error` naming `where` if it is not
    JSON, nests deeper than MAX_JSON_DEPTH, or holds a number too long to read."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as problem:
        raise error(
            f"{where}: bad JSON at line {problem.lineno}, column {problem.colno}: {problem.msg}"
        ) from None
    except RecursionError:
        raise error(f"{where}: nested too deeply (at most {MAX_JSON_DEPTH} levels)") from None
    except ValueError as problem:
        if "integer string conversion" in str(problem):  # over sys.get_int_max_str_digits()
            raise error(f"{where}: bad JSON: a number is too long to read") from None
        raise error(f"{where}: bad JSON: {problem}") from None
    return _cleaned(value, where, error)


def read_json(path: Path, error: type[BriefingError], *, limit: int = MAX_JSON_BYTES) -> Any:
    """The JSON value of a regular file, checked as `read_text` and `parse_json` check."""
    return parse_json(read_text(path, error, limit=limit), str(path), error)


def clean_text(text: str) -> str:
    """Text from outside with lone surrogates, which cannot be stored, made U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _cleaned(value: Any, where: str, error: type[BriefingError]) -> Any:
    """The value with cleaned strings and keys; `error` if it nests too deeply. Iterative, so a
    deep value cannot exhaust the stack here either."""
    root: list[Any] = [None]
    pending: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while pending:
        item, parent, key, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise error(f"{where}: nested too deeply (at most {MAX_JSON_DEPTH} levels)")
        if isinstance(item, str):
            parent[key] = clean_text(item)
        elif isinstance(item, dict):
            copy: dict[str, Any] = {}
            parent[key] = copy
            for name, inner in item.items():
                cleaned_name = clean_text(name)
                copy[cleaned_name] = None
                pending.append((inner, copy, cleaned_name, depth + 1))
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            parent[key] = items
            pending.extend((inner, items, n, depth + 1) for n, inner in enumerate(item))
        else:
            parent[key] = item
    return root[0]


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number that JSON allows")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(limit: int) -> str:
    return f"{limit // MEGABYTE} MB" if limit >= MEGABYTE else f"{limit} bytes"
