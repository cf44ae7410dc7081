"""The official's own sections: the Markdown subset, citations, drafting, and old specs."""

import datetime as dt

import pytest

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import PackError, SpecError
from briefing_builder.pack import (
    Bullets,
    Citation,
    PackSpec,
    Span,
    Text,
    build_pack,
    chosen_items,
    draft_points,
)
from briefing_builder.pack.authored import (
    MAX_AUTHORED_CHARS,
    escape_markdown,
    parse_markdown,
    plain_text,
)

WHEN = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
GREEN = {"regions": ("west-midlands",), "themes": ("green-transition",), "date": "2026-12-02"}
INVESTMENT = "midlands-engine-priorities-2"


def _blocks(text: str) -> tuple[object, ...]:
    return parse_markdown(text, len)


def _spec(**choices: object) -> PackSpec:
    return PackSpec(**{**GREEN, "purpose": "For the minister's visit.", **choices})  # type: ignore[arg-type]


def test_the_subset_is_paragraphs_lists_bold_italics_and_links() -> None:
    blocks = _blocks(
        "A **bold** and *quiet* [note](https://www.gov.uk/x).\n\n- one\n- two\n\n3. three\n4. four"
    )
    assert blocks == (
        Text(
            (
                Span("A "),
                Span("bold", bold=True),
                Span(" and "),
                Span("quiet", italic=True),
                Span(" "),
                Span("note", link="https://www.gov.uk/x"),
                Span("."),
            )
        ),
        Bullets(False, ((Text((Span("one"),)),), (Text((Span("two"),)),))),
        Bullets(True, ((Text((Span("three"),)),), (Text((Span("four"),)),)), start=3),
    )


def test_a_list_entry_with_no_words_is_no_entry() -> None:
    # A purpose of "-" alone was an empty list: nothing printed, and no "Not written yet".
    assert _blocks("-") == ()
    assert _blocks("- one\n-\n- two") == (
        Bullets(False, ((Text((Span("one"),)),), (Text((Span("two"),)),))),
    )


@pytest.mark.parametrize(
    "typed",
    [
        "<b>not bold</b> <script>x</script>",
        "# not a heading",
        "```not code```",
        "| not | a table |",
        "&amp; stays as typed",
        "> not a quote",
    ],
)
def test_markup_outside_the_subset_prints_as_typed(typed: str) -> None:
    assert plain_text(_blocks(typed)) == typed


def test_only_web_and_mail_addresses_become_links() -> None:
    (paragraph,) = _blocks("[a](javascript:alert(1)) [b](file:///etc/passwd) [c](mailto:x@y.uk)")
    assert isinstance(paragraph, Text)
    links = [i.link for i in paragraph.inlines if isinstance(i, Span) and i.link]
    assert links == ["mailto:x@y.uk"]
    assert "javascript:alert(1)" in plain_text((paragraph,))


def test_square_brackets_escaped_print_as_typed() -> None:
    assert plain_text(_blocks(r"He said \[sic-note\] twice")) == "He said [sic-note] twice"


def test_a_citation_prints_the_number_of_the_items_source(catalogue: Catalogue) -> None:
    pack = build_pack(_spec(summary=f"Investment matters [{INVESTMENT}]."), catalogue)
    numbers = {r.source.id: r.number for r in pack.references}
    (paragraph,) = pack.blocks("summary")
    assert isinstance(paragraph, Text)
    (citation,) = [i for i in paragraph.inlines if isinstance(i, Citation)]
    assert citation.text == f"[{numbers['midlands-engine-priorities']}]"
    assert numbers["midlands-engine-priorities"] == 1, "the key messages are read first"


def test_citing_two_items_prints_their_sources_numbers_once_each(catalogue: Catalogue) -> None:
    summary = f"See [{INVESTMENT}, midlands-engine-priorities-3; bailey-tomlinson-2021-2]."
    pack = build_pack(_spec(summary=summary), catalogue)
    (paragraph,) = pack.blocks("summary")
    assert isinstance(paragraph, Text)
    assert plain_text((paragraph,)) == "See [1, 2]."


def test_citing_an_item_left_out_of_the_pack_names_it(catalogue: Catalogue) -> None:
    spec = _spec(points=f"- Invest [{INVESTMENT}]", excluded=(INVESTMENT,))
    with pytest.raises(PackError) as raised:
        build_pack(spec, catalogue)
    assert str(raised.value) == (
        "Points to make cites \u201cGreen growth depends on investment\u201d "
        f"[{INVESTMENT}], which is not in this pack: include it, or take the citation out"
    )


def test_citing_no_item_at_all_says_how_to_print_brackets(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match=r"no item of the evidence has that id.*\\\[sic-x\\\]"):
        build_pack(_spec(handling="Timing [sic-x]"), catalogue)


def test_a_brief_needs_a_purpose_but_a_preview_does_not(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match="the brief has no purpose"):
        build_pack(_spec(purpose="  \n"), catalogue)
    assert not build_pack(_spec(purpose=""), catalogue, preview=True).blocks("purpose")


def test_drafted_points_are_the_items_titles_each_citing_its_item(catalogue: Catalogue) -> None:
    items = chosen_items(_spec(), catalogue)
    draft = draft_points(items)
    pack = build_pack(_spec(summary=draft), catalogue, generated_at=WHEN)
    (points,) = pack.blocks("summary")
    assert isinstance(points, Bullets)
    assert points.ordered
    assert len(points.entries) == len(items)
    numbers = {r.source.id: r.number for r in pack.references}
    for entry, item in zip(points.entries, items, strict=True):
        (paragraph,) = entry
        *words, citation = paragraph.inlines
        assert "".join(w.text for w in words).rstrip() in (item.title, f"{item.title}.")
        assert citation == Citation((numbers[item.source.id],), (item.id,))


def test_drafting_keeps_punctuation_in_titles_as_typed() -> None:
    class Item:
        id = "x-1"
        title = "R&D: *more* [than] 1. <b>"

    (points,) = _blocks(draft_points([Item()]))  # type: ignore[list-item]
    assert plain_text((points,)) == "R&D: *more* [than] 1. <b>. [3]"


def test_a_section_longer_than_a_brief_holds_is_refused_by_name() -> None:
    with pytest.raises(SpecError, match="Background is 20,001 characters long"):
        _spec(background="x" * (MAX_AUTHORED_CHARS + 1))


def test_a_version_1_spec_loads_with_the_new_sections_empty_and_its_purpose_as_typed() -> None:
    old = {
        "format_version": 1,
        "regions": ["west-midlands"],
        "title": "WM",
        "purpose": "Check *all* figures [sic-1] & more",
        "sections": ["cover", "key-messages", "evidence"],
    }
    spec = PackSpec.from_dict(old)
    assert (spec.summary, spec.points, spec.background, spec.handling) == ("", "", "", "")
    assert (spec.contact, spec.cleared_by) == ("", "")
    assert plain_text(_blocks(spec.purpose)) == "Check *all* figures [sic-1] & more"
    new = ("points", "background", "handling")
    assert spec.sections == ("cover", "key-messages", "evidence", *new)
    assert PackSpec.from_dict(spec.to_dict()) == spec


def test_drafted_points_read_as_typed_without_needless_escapes() -> None:
    class Item:
        id = "x-1"
        title = "CABLED, an example of public-sector-led green investment: 1.18 million jobs"

    assert draft_points([Item()]) == (  # type: ignore[list-item]
        "1. CABLED, an example of public-sector-led green investment: 1.18 million jobs. [x-1]"
    )


@pytest.mark.parametrize("line", ["2. not a list", "- not a bullet", "# not a heading", "> no"])
def test_escaping_keeps_a_line_that_looks_like_markup_as_typed(line: str) -> None:
    assert plain_text(_blocks(escape_markdown(line))) == line


def test_a_mail_address_prints_without_its_scheme() -> None:
    (paragraph,) = _blocks("Press office: <mailto:press@example.gov.uk>")
    assert isinstance(paragraph, Text)
    assert paragraph.inlines[-1] == Span("press@example.gov.uk", link="mailto:press@example.gov.uk")


def test_control_characters_are_removed_not_printed_as_replacement_characters() -> None:
    assert plain_text(_blocks("bell\x07escape\x1bnul\x00end")) == "bellescapenulend"
