"""The Brief tab: the official's own words, one plain-text Markdown editor per authored section.

The editors hold Markdown as typed; build_pack parses it. Each shows a live count of words, the
Purpose says it is required, and two buttons write for the official: "Draft from the evidence"
fills Key messages, "Cite evidence..." inserts an item's id where the cursor was.
"""

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import Catalogue, Item
from briefing_builder.gui import dialogs
from briefing_builder.pack import AUTHORED, AUTHORED_LABELS, PackSpec, citation_problem
from briefing_builder.pack.authored import MAX_AUTHORED_CHARS, Span, paragraphs, parse_markdown
from briefing_builder.pack.spec import MAX_LINE_CHARS

MARKDOWN_HINT = (
    "A blank line between paragraphs; - bullets; 1. numbered; **bold**; *italics*; "
    "[text](https://\u2026) for a link; [item-id] or Cite evidence to cite."
)
_HINT_DETAIL = (
    "Anything else (headings, tables, HTML) prints as typed. A citation prints as the number "
    "of the item's source in the Sources list, [3]. There is no spell-check in this window: "
    "check the spelling in the Word pack."
)
_MNEMONICS = {
    "purpose": "&Purpose",
    "summary": "&Key messages",
    "points": "Points to &make",
    "background": "Back&ground",
    "handling": "Han&dling",
}
_PLACEHOLDERS = {
    "purpose": "What the brief is for and who it is for, in a sentence or two",
    "summary": "The three or four messages to leave with the reader, as 1. numbered points",
    "points": "Lines to take, as - bullets",
    "background": "What the reader needs to know; the evidence follows",
    "handling": "Timing, attendees, press",
}
COUNT_AT_ONCE = 4000
"""A section this long or shorter is counted, and its citations checked, at every keystroke;
a longer one when typing pauses, as reading it takes long enough to slow typing."""
RECOUNT_MS = 250
"""How long typing in a long section must pause before it is counted and checked."""
_LINES = {"purpose": 4, "summary": 8, "points": 6, "background": 6, "handling": 5}
"""How many lines of text each editor shows at least."""


def word_count(markdown: str) -> int:
    """The words of a section as it prints: Markdown marks, citations and lone punctuation
    are not words."""
    words = 0
    for paragraph in paragraphs(parse_markdown(markdown, lambda _item_id: 0)):
        text = "".join(i.text if isinstance(i, Span) else " " for i in paragraph.inlines)
        words += sum(1 for word in text.split() if any(c.isalnum() for c in word))
    return words


def words(count: int) -> str:
    """A count of words as the counter shows it: "1 word", "42 words"."""
    return f"{count:,} word{'' if count == 1 else 's'}"


class CitationCheck:
    """Which citation of the brief the pack cannot print, as citation_problem says, re-reading
    only a section whose text, or the included items, changed since it was last read."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._read: dict[str, tuple[str, frozenset[str], str]] = {}

    def problem(self, spec: PackSpec, items: list[Item]) -> str:
        """The first section's citation problem, or "" if every citation can be printed."""
        ids = frozenset(item.id for item in items)
        for key in AUTHORED:
            text = getattr(spec, key)
            read = self._read.get(key)
            if read is None or read[:2] != (text, ids):
                # Without a square bracket there is nothing to cite.
                found = "[" in text and citation_problem(
                    PackSpec(**{key: text}), self._catalogue, items
                )
                read = self._read[key] = (text, ids, found or "")
            if read[2]:
                return read[2]
        return ""


class MarkdownEdit(QPlainTextEdit):
    """A plain-text editor for one section's Markdown, `lines` high, which says when it takes
    the focus.

    Signals:
        focused(): the editor took the keyboard focus.
    """

    focused = Signal()

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Qt's hint is 192 pixels high whatever the text: as high as its lines instead.
        frame = 2 * self.frameWidth() + int(self.document().documentMargin() * 2) + 2
        return QSize(
            super().sizeHint().width(), self.fontMetrics().lineSpacing() * self.lines + frame
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Narrow enough for the narrowest column: the text wraps.
        return QSize(80, self.sizeHint().height())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.focused.emit()


class BriefEditor(QWidget):
    """The authored sections of the pack spec: Purpose, Key messages, Points to make, Background,
    Handling (Markdown), Contact and Cleared by (one line each).

    `included` gives the items the pack includes now (for Cite evidence); `draft` gives key
    messages drafted from them (for Draft from the evidence).

    Signals:
        changed(): the user typed in a section.
        stepped(): a section changed as a step of its own (drafted, or a citation inserted),
            which undo keeps apart from the typing around it.
    """

    changed = Signal()
    stepped = Signal()

    def __init__(self, included: Callable[[], list[Item]], draft: Callable[[], str]) -> None:
        super().__init__()
        self._included = included
        self._draft = draft
        self._stepping = False
        self.typing_long = False
        """Whether the change being signalled is typing in a section longer than COUNT_AT_ONCE."""
        self._uncounted: set[str] = set()
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._recount.timeout.connect(self._count_uncounted)
        self.sections: dict[str, MarkdownEdit] = {}
        self.counts: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.hint = QLabel(MARKDOWN_HINT)
        self.hint.setWordWrap(True)
        self.hint.setToolTip(_HINT_DETAIL)
        self.hint.setAccessibleDescription(_HINT_DETAIL)
        self.draft_button = QPushButton("D&raft from the evidence")
        self.draft_button.setToolTip(
            "Fill Key messages with one numbered point per included item, from its title, "
            "citing it; then edit them"
        )
        self.cite_button = QPushButton("C&ite evidence\u2026")
        self.cite_button.setToolTip(
            "Pick an included item; its id goes in where the cursor was, and prints as its "
            "source's number"
        )
        self.contact = QLineEdit(maxLength=MAX_LINE_CHARS)
        self.contact.setPlaceholderText("Name, team, telephone or email")
        self.cleared_by = QLineEdit(maxLength=MAX_LINE_CHARS)
        self.cleared_by.setPlaceholderText("Who cleared the brief, and when")

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        # One above the other: side by side they would not fit the narrow column.
        for button in (self.draft_button, self.cite_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout.addWidget(button)
        for key in AUTHORED:
            layout.addLayout(self._section(key), stretch=_LINES[key])
        lines = QFormLayout()
        lines.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        lines.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, line in (("Con&tact", self.contact), ("C&leared by", self.cleared_by)):
            line.setAccessibleName(label.replace("&", ""))
            line.setMinimumWidth(120)
            lines.addRow(label, line)
        layout.addLayout(lines)
        self._last = self.sections["summary"]

        self.draft_button.clicked.connect(self.draft)
        self.cite_button.clicked.connect(self.cite)
        for line in (self.contact, self.cleared_by):
            line.textChanged.connect(self.changed)

    def _section(self, key: str) -> QVBoxLayout:
        name = AUTHORED_LABELS[key]
        editor = MarkdownEdit(_LINES[key])
        editor.setPlaceholderText(_PLACEHOLDERS[key])
        editor.setAccessibleName(name + (" (required)" if key == "purpose" else ""))
        editor.setAccessibleDescription(MARKDOWN_HINT)
        label = QLabel(_MNEMONICS[key] + (" (required)" if key == "purpose" else ""))
        label.setBuddy(editor)
        count = QLabel(words(0))
        count.setAccessibleName(f"Words in {name}")
        count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sections[key], self.counts[key], self.labels[key] = editor, count, label
        editor.textChanged.connect(lambda k=key: self._typed(k))
        editor.focused.connect(lambda e=editor: self._remember(e))
        heading = QHBoxLayout()
        heading.addWidget(label)
        heading.addStretch()
        heading.addWidget(count)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(heading)
        column.addWidget(editor, stretch=1)
        return column

    def focus_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them, top to bottom."""
        return [
            self.draft_button,
            self.cite_button,
            *self.sections.values(),
            self.contact,
            self.cleared_by,
        ]

    def apply_to(self, spec: PackSpec) -> PackSpec:
        """The spec with these sections."""
        return spec.with_changes(
            **{key: editor.toPlainText() for key, editor in self.sections.items()},
            contact=self.contact.text(),
            cleared_by=self.cleared_by.text(),
        )

    def show_spec(self, spec: PackSpec) -> None:
        """Shows a spec's sections without a signal; an editor whose text is the same keeps its
        cursor where it was."""
        for key, editor in self.sections.items():
            value = getattr(spec, key)
            if editor.toPlainText() != value:
                editor.blockSignals(True)
                editor.setPlainText(value)
                editor.moveCursor(QTextCursor.MoveOperation.End)
                editor.blockSignals(False)
                self._count(key)
        for line, value in ((self.contact, spec.contact), (self.cleared_by, spec.cleared_by)):
            if line.text() != value:
                line.blockSignals(True)
                line.setText(value)
                line.blockSignals(False)

    def set_evidence(self, included: int) -> None:
        """Turns drafting and citing on while the pack includes evidence, off with the reason."""
        for button in (self.draft_button, self.cite_button):
            button.setEnabled(included > 0)
        self.draft_button.setToolTip(
            "Fill Key messages with one numbered point per included item, from its title, "
            f"citing it ({included} item{'' if included == 1 else 's'}); then edit them"
            if included
            else "Nothing is included to draft from"
        )

    def editor_with_focus(self) -> MarkdownEdit:
        """The section editor that last had the keyboard focus: where a citation goes."""
        return self._last

    @Slot()
    def draft(self) -> None:
        """Fills Key messages from the evidence, asking first before replacing what is there."""
        text = self._draft()
        if not text:
            return
        editor = self.sections["summary"]
        if editor.toPlainText().strip() and not dialogs.replace_text(
            self,
            "Replace the key messages?",
            "Key messages has text already. Replace it with a draft from the evidence, one "
            "point per included item? Undo brings your text back.",
        ):
            return
        cursor = editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self._insert(editor, cursor, text)

    @Slot()
    def cite(self) -> None:
        """Asks which included item to cite, and puts its id in where the cursor was."""
        items = self._included()
        options = {f"{item.title} [{item.id}]": item.id for item in items}
        if not options:
            return
        chosen = dialogs.pick(
            self,
            "Cite evidence",
            f"Cite which item in {AUTHORED_LABELS[self._key(self._last)]}? It prints as its "
            "source's number in the Sources list.",
            list(options),
        )
        if chosen is None or chosen not in options:
            return
        editor = self._last
        cursor = editor.textCursor()
        before = editor.toPlainText()[: cursor.selectionStart()]
        space = " " if before and not before[-1].isspace() else ""
        self._insert(editor, cursor, f"{space}[{options[chosen]}]")

    def _insert(self, editor: MarkdownEdit, cursor: QTextCursor, text: str) -> None:
        """Puts text in at the cursor as one step, kept in the editor's own undo too."""
        self._stepping = True
        try:
            cursor.insertText(text)
        finally:
            self._stepping = False
        editor.setTextCursor(cursor)
        editor.setFocus()
        self.stepped.emit()

    def _key(self, editor: MarkdownEdit) -> str:
        return next(key for key, shown in self.sections.items() if shown is editor)

    @Slot()
    def _remember(self, editor: MarkdownEdit) -> None:
        self._last = editor

    def _typed(self, key: str) -> None:
        editor = self.sections[key]
        over = len(editor.toPlainText()) - MAX_AUTHORED_CHARS
        if over > 0:
            # What was just typed or pasted ends at the cursor: its tail goes.
            cursor = editor.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, over
            )
            editor.blockSignals(True)
            cursor.removeSelectedText()
            editor.blockSignals(False)
        long = len(editor.toPlainText()) > COUNT_AT_ONCE
        if over > 0 or not long:
            self._count(key, full=over > 0)
        else:
            self._uncounted.add(key)
            self._recount.start()
        if not self._stepping:
            self.typing_long = long
            try:
                self.changed.emit()
            finally:
                self.typing_long = False

    @Slot()
    def _count_uncounted(self) -> None:
        for key in sorted(self._uncounted):
            self._count(key)
        self._uncounted.clear()

    def _count(self, key: str, *, full: bool = False) -> None:
        count = self.counts[key]
        text = words(word_count(self.sections[key].toPlainText()))
        if full:
            text += f" (full: {MAX_AUTHORED_CHARS:,} characters at most)"
        count.setText(text)
