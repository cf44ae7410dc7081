"""docs/source.schema.json agrees with the loader: the same files pass and fail both."""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from briefing_builder.catalogue import KINDS, MAX_QUOTE_WORDS, load_catalogue
from briefing_builder.errors import DatasetError
from briefing_builder.resources import dataset_dir
from tests.helpers.datasets import source_document, write_source

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "source.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
BUNDLED = sorted((dataset_dir() / "sources").glob("*.json"))
WORDS = ["bus", "£3", "“fares”", "…", "-"]
LONGEST = MAX_QUOTE_WORDS + 3
SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u3000"]

Change = Callable[[dict[str, Any]], object]


def _complaints(document: Any) -> list[str]:
    """The schema's objections to a document, each led by the path of the value it objects to."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in VALIDATOR.iter_errors(document)
    ]


def _item(document: dict[str, Any]) -> dict[str, Any]:
    return document["items"][0]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_allows_the_kinds_the_loader_allows() -> None:
    assert SCHEMA["$defs"]["item"]["properties"]["kind"]["enum"] == list(KINDS)


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_every_bundled_source_file_matches_the_schema(path: Path) -> None:
    assert _complaints(json.loads(path.read_text(encoding="utf-8"))) == []


def test_the_example_in_the_format_guide_matches_the_schema_and_loads(tmp_path: Path) -> None:
    guide = (DOCS / "dataset.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", guide, re.DOTALL)]
    example = next(b for b in blocks if "source" in b)
    assert _complaints(example) == []
    write_source(tmp_path, example)
    catalogue = load_catalogue([tmp_path])
    assert {i.id for i in catalogue.items} >= {i["id"] for i in example["items"]}


def _item_without(name: str) -> Change:
    return lambda document: _item(document).pop(name)


def _item_with(**fields: Any) -> Change:
    return lambda document: _item(document).update(fields)


def _source_with(**fields: Any) -> Change:
    return lambda document: document["source"].update(fields)


TOO_LONG = " ".join(["word"] * (MAX_QUOTE_WORDS + 1))
STATISTIC = {"kind": "statistic", "quote": None, "unit": "%", "period": "2021"}

BROKEN = [
    pytest.param(_item_without("locator"), "item", "locator", id="missing field"),
    pytest.param(_item_with(kind="claim"), "item", "kind", id="unknown kind"),
    pytest.param(_item_with(colour="red"), "item", "colour", id="unknown extra field"),
    pytest.param(_item_with(quote=TOO_LONG), "item", "quote", id="41-word quote"),
    pytest.param(_item_with(quote=None), "item", "quote", id="finding with a null quote"),
    pytest.param(_item_with(**STATISTIC), "item", "value", id="statistic without value"),
    pytest.param(_item_with(**STATISTIC, value="74%"), "item", "value", id="value in words"),
    pytest.param(_item_with(uk_value=75.1), "item", "uk_value", id="finding with a uk value"),
    pytest.param(_item_with(themes=[]), "item", "themes", id="no theme"),
    pytest.param(_source_with(published="14/09/2021"), "source", "published", id="bad date"),
    pytest.param(_source_with(published="2021-13"), "source", "published", id="bad month"),
    pytest.param(_source_with(url="www.example.org"), "source", "url", id="no http"),
]


@pytest.mark.parametrize(("change", "part", "field"), BROKEN)
def test_a_broken_file_is_refused_by_the_schema_and_the_loader(
    tmp_path: Path, change: Change, part: str, field: str
) -> None:
    document = source_document()
    change(document)
    path = write_source(tmp_path, document)

    assert any(field in complaint for complaint in _complaints(document)), _complaints(document)
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    where = f"item {_item(document)['id']!r}" if part == "item" else "source"
    assert f"{path}: {where}: field {field!r}" in str(error.value)


@pytest.mark.parametrize("words", [1, MAX_QUOTE_WORDS])
def test_a_quote_of_up_to_forty_words_is_accepted_by_both(tmp_path: Path, words: int) -> None:
    document = source_document(quote="\n ".join(["word"] * words) + "\n")
    write_source(tmp_path, document)
    assert _complaints(document) == []
    assert load_catalogue([tmp_path]).item(_item(document)["id"]).quote


@given(
    words=st.lists(st.sampled_from(WORDS), max_size=LONGEST),
    gaps=st.lists(st.sampled_from(SPACES), min_size=LONGEST + 1, max_size=LONGEST + 1),
)
def test_the_schema_counts_quote_words_as_the_loader_does(
    tmp_path_factory: pytest.TempPathFactory, words: list[str], gaps: list[str]
) -> None:
    quote = gaps[-1] + "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    document = source_document(quote=quote)
    folder = tmp_path_factory.mktemp("quote")
    write_source(folder, document)
    try:
        load_catalogue([folder])
    except DatasetError:
        loader_accepts = False
    else:
        loader_accepts = True
    assert (_complaints(document) == []) == loader_accepts
    assert loader_accepts == (1 <= len(words) <= MAX_QUOTE_WORDS)
