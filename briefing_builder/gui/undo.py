"""Undo and redo for the window's choices, through Qt's undo framework.

Each change of choices (regions, themes, kinds, filter, exclusions, order, options) is one
`ChoicesChange` on the window's QUndoStack, holding the choices before and after. Typing in one
text field merges into one change, as in a word processor; a change made for the user in a
text field (a draft, a citation inserted) is a step of its own.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from PySide6.QtGui import QUndoCommand

from briefing_builder.pack import PackSpec

_WORDS = {
    "regions": "regions",
    "themes": "themes",
    "kinds": "kinds",
    "text": "filter",
    "include_wider": "wider matches",
    "excluded": "included items",
    "order": "order",
    "title": "title",
    "purpose": "purpose",
    "summary": "key messages",
    "points": "points to make",
    "background": "background",
    "handling": "handling",
    "contact": "contact",
    "cleared_by": "cleared by",
    "author": "author",
    "department": "department",
    "date": "date",
    "marking": "marking",
    "template": "house style",
    "group_by": "grouping",
    "sections": "sections",
}
_TYPED = frozenset(
    {
        "text",
        "title",
        "purpose",
        "summary",
        "points",
        "background",
        "handling",
        "contact",
        "cleared_by",
        "author",
        "department",
    }
)
_MERGE_ID = 1


@dataclass(frozen=True)
class Choices:
    """Everything the user chose in the window: the pack spec, and which kind boxes are ticked
    (none ticked and all ticked make the same spec, but not the same window)."""

    spec: PackSpec
    kinds: tuple[str, ...]

    def changed_fields(self, other: "Choices") -> list[str]:
        """The names of the choices that differ, in the spec's order."""
        mine, theirs = asdict(self.spec), asdict(other.spec)
        fields = [name for name in mine if mine[name] != theirs[name]]
        if self.kinds != other.kinds and "kinds" not in fields:
            fields.append("kinds")
        return fields


class ChoicesChange(QUndoCommand):
    """One change of choices; undo and redo show the choices before or after it. Typing merges
    into the change before it unless the change is `separate`."""

    def __init__(
        self,
        before: Choices,
        after: Choices,
        show: Callable[[Choices], None],
        *,
        separate: bool = False,
    ) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self._show = show
        self._fields = before.changed_fields(after)
        self._separate = separate
        self._pushed = True
        self.setText("change of " + " and ".join(_WORDS[f] for f in self._fields[:2]))

    def redo(self) -> None:
        # QUndoStack.push calls redo; the window shows the new choices already.
        if self._pushed:
            self._pushed = False
            return
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)

    def id(self) -> int:
        typed = len(self._fields) == 1 and self._fields[0] in _TYPED
        return _MERGE_ID if typed and not self._separate else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, ChoicesChange) or other._fields != self._fields:
            return False
        self.after = other.after
        # Typed back to what it was: nothing to undo.
        self.setObsolete(self.after == self.before)
        return True
