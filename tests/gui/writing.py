"""Writing the brief in the window, as the official does on the Brief tab."""

from briefing_builder.gui.main_window import MainWindow

PURPOSE = "Background for the minister's visit, and **lines to take** on the green transition."
"""A purpose, which every pack to export needs (issue 12)."""


def write_purpose(window: MainWindow, text: str = PURPOSE) -> None:
    """Writes the brief's purpose, so the window's pack can be exported, printed and batched."""
    window.brief.sections["purpose"].setPlainText(text)
