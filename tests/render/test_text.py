"""Text hygiene: clean() keeps exactly what XML can hold; markup() makes any text literal for
reportlab, so a title like <b>&</b> prints as typed."""

import re
from xml.sax.saxutils import escape, unescape

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefing_builder.render.text import clean, markup

# Arbitrary text, with the characters that matter here (XML-illegal ones, surrogates, markup,
# line breaks) common enough to appear in most examples.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),
        st.sampled_from("\x00\x07\x08\x0b\x0c\x1b\x1f\t\n\r\x7f\x85\ufffe\uffff<>&\"'"),
    ),
    max_size=80,
)


def _xml_accepts(char: str) -> bool:
    """What lxml, which python-docx writes with, lets an element's text hold."""
    try:
        etree.Element("t").text = char
    except ValueError:
        return False
    return True


# clean


def test_clean_removes_control_characters_surrogates_and_non_characters() -> None:
    assert clean("Bus\x00 fares\x07 in\x1b Walsall") == "Bus fares in Walsall"
    assert clean("a\x01b\x08c\x0bd\x0ce\x0ef\x1fg") == "abcdefg"
    assert clean("x\ud800y\udfffz") == "xyz"
    assert clean("\ufffe\uffff") == ""


def test_clean_keeps_whitespace_symbols_and_every_script() -> None:
    text = (
        "Tab\there\nnew line\r\n£ \u2013 \u2014 \u2018 \u2019 \u201c \u201d é ŵ ŷ Ŵ Ŷ"
        " 中文 😀 <b>&amp;</b> \x7f\x85 \U0010fffd"
    )
    assert clean(text) == text


@given(TEXT)
def test_clean_keeps_exactly_the_characters_xml_can_hold(text: str) -> None:
    assert clean(text) == "".join(c for c in text if _xml_accepts(c))


@given(TEXT)
def test_clean_text_is_valid_xml_text(text: str) -> None:
    cleaned = clean(text)
    element = etree.Element("t")
    element.text = cleaned  # raises ValueError for text XML cannot hold
    parsed = etree.fromstring(f"<t>{escape(cleaned)}</t>".encode())
    # XML parsers read a carriage return as a line feed.
    assert (parsed.text or "") == cleaned.replace("\r\n", "\n").replace("\r", "\n")
    assert clean(cleaned) == cleaned


# markup


def test_markup_escapes_tags_and_ampersands() -> None:
    assert markup('<b>&</b> <img src="x"/>') == (
        "&lt;b&gt;&amp;&lt;/b&gt; &lt;img src=&quot;x&quot;/&gt;"
    )
    assert markup("&amp;") == "&amp;amp;"


def test_markup_keeps_line_breaks_and_removes_control_characters() -> None:
    assert markup("one\ntwo\r\nthree") == "one<br/>two<br/>three"
    assert markup("Bus\x00 fares\x07") == "Bus fares"


def test_a_paragraph_of_markup_prints_the_text_as_typed() -> None:
    paragraph = Paragraph(markup('<b>&</b> <img src="x"/> <font color="red">'), ParagraphStyle("t"))
    assert paragraph.getPlainText() == '<b>&</b> <img src="x"/> <font color="red">'
    assert all(not fragment.bold for fragment in paragraph.frags)


@given(TEXT)
def test_markup_never_lets_a_tag_or_entity_of_the_input_through(text: str) -> None:
    marked = markup(text)
    assert "<" not in marked.replace("<br/>", "")
    assert ">" not in marked.replace("<br/>", "")
    assert "&" not in re.sub(r"&(amp|lt|gt|quot);", "", marked)
    plain = unescape(marked.replace("<br/>", "\n"), {"&quot;": '"'})
    assert plain == clean(text).replace("\r\n", "\n")


@given(TEXT)
def test_reportlab_reads_any_markup_as_the_plain_text(text: str) -> None:
    paragraph = Paragraph(markup(text), ParagraphStyle("t"))
    # reportlab folds runs of whitespace (line breaks become separate fragments).
    assert "".join(paragraph.getPlainText().split()) == "".join(clean(text).split())
