"""Text hygiene for both writers: untrusted text is data, never markup.

Every string from the dataset or the user passes through here on its way to a document:
`clean` removes characters XML cannot hold (Word would refuse the file) and the direction
overrides that would show text reversed, and `markup` also
escapes it for reportlab's paragraph mini-language, so `<b>` prints as `<b>` and loads nothing.
"""

import re
from xml.sax.saxutils import escape

# XML 1.0 allows tab, newline, carriage return, and U+0020 upwards, except lone surrogates and
# U+FFFE, U+FFFF. Everything else is removed, and so are the bidirectional embeddings,
# overrides and isolates (U+202A to U+202E, U+2066 to U+2069): an override shows the letters
# after it reversed, which can disguise text, and the PDF pack cannot draw them.
_REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def clean(text: str) -> str:
    """The text without characters that XML cannot hold, or that would show it reversed."""
    return _REMOVED.sub("", text)


def markup(text: str) -> str:
    """The text escaped for a reportlab Paragraph, line breaks kept."""
    return escape(clean(text), {'"': "&quot;"}).replace("\r\n", "\n").replace("\n", "<br/>")
