"""Message boxes and file pickers, in one place, so tests patch one name for each.

Every question the app asks the user goes through here (qutebrowser's msgbox does the same).
"""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


def save_path(parent: QWidget, title: str, suggested: Path, filter_text: str) -> Path | None:
    """Asks where to save a file; None if the user cancels."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_text)
    return Path(name) if name else None


def open_path(parent: QWidget, title: str, filter_text: str) -> Path | None:
    """Asks for a file to open; None if the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, title, "", filter_text)
    return Path(name) if name else None


def folder_path(parent: QWidget, title: str) -> Path | None:
    """Asks for a folder; None if the user cancels."""
    name = QFileDialog.getExistingDirectory(parent, title)
    return Path(name) if name else None


def text(parent: QWidget, title: str, label: str, value: str = "") -> str | None:
    """Asks for a line of text; None if the user cancels."""
    answer, ok = QInputDialog.getText(parent, title, label, text=value)
    return answer if ok else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Asks a yes-or-no question; True for yes."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def error(parent: QWidget | None, title: str, message: str) -> None:
    """Tells the user what went wrong and what to do."""
    QMessageBox.warning(parent, title, message)


def info(parent: QWidget, title: str, message: str) -> None:
    """Tells the user something worth knowing."""
    QMessageBox.information(parent, title, message)


def exported(parent: QWidget, paths: list[Path]) -> str:
    """Says where the pack went and offers to open it or show its folder.

    Returns "open", "folder" or "" for the button the user chose.
    """
    box = QMessageBox(parent)
    box.setWindowTitle("Pack exported")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText("The pack was saved:\n" + "\n".join(str(p) for p in paths))
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        return "open"
    if clicked is folder_button:
        return "folder"
    return ""
