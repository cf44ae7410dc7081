"""Message boxes and file pickers, in one place, so tests patch one name for each.

Every question the app asks the user goes through here (qutebrowser's msgbox does the same).
"""

from pathlib import Path

from PySide6.QtCore import QFileInfo, QSettings
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFileIconProvider,
    QInputDialog,
    QMessageBox,
    QWidget,
)


class _PlainIcons(QFileIconProvider):
    """File icons by kind only (file or folder).

    Qt's own provider sniffs each file's content for its type, and reading a file such as
    /proc/kmsg never returns: typing /proc in Qt's file dialog hung the app.
    """

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType):  # type: ignore[override]
        if isinstance(what, QFileInfo):
            what = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        return "Folder" if info.isDir() else "File"


_icons: _PlainIcons | None = None


def _file_dialog(parent: QWidget | None, title: str, start: Path, filter_text: str) -> QFileDialog:
    global _icons  # noqa: PLW0603 - one provider, made once a QApplication exists
    if _icons is None:
        _icons = _PlainIcons()
    dialog = QFileDialog(parent, title, str(start), filter_text)
    dialog.setIconProvider(_icons)
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    return Path(chosen[0]) if accepted and chosen else None


class LastFolders:
    """The folder last used for each purpose (exports, opening a pack, presets), in settings."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def get(self, purpose: str) -> Path:
        """The folder last used for this purpose, or the home folder."""
        saved = Path(str(self.settings.value(f"folders/{purpose}", "") or Path.home()))
        return saved if saved.is_dir() else Path.home()

    def remember(self, purpose: str, path: Path) -> None:
        """Remembers the folder of a file (or a folder) just chosen."""
        self.settings.setValue(f"folders/{purpose}", str(path if path.is_dir() else path.parent))


def save_path(parent: QWidget, title: str, suggested: Path, filter_text: str) -> Path | None:
    """Asks where to save a file, starting at `suggested`; None if the user cancels."""
    dialog = _file_dialog(parent, title, suggested, filter_text)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(str(suggested))
    return _run(dialog)


def open_path(parent: QWidget, title: str, filter_text: str, folder: Path) -> Path | None:
    """Asks for a file to open, starting in `folder`; None if the user cancels."""
    dialog = _file_dialog(parent, title, folder, filter_text)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog)


def folder_path(parent: QWidget, title: str, folder: Path) -> Path | None:
    """Asks for a folder, starting in `folder`; None if the user cancels."""
    dialog = _file_dialog(parent, title, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)


def text(parent: QWidget, title: str, label: str, value: str = "") -> str | None:
    """Asks for a line of text; None if the user cancels."""
    answer, ok = QInputDialog.getText(parent, title, label, text=value)
    return answer if ok else None


def long_text(parent: QWidget, title: str, label: str, value: str = "") -> str | None:
    """Asks for a few lines of text; None if the user cancels."""
    answer, ok = QInputDialog.getMultiLineText(parent, title, label, value)
    return answer if ok else None


def choose(parent: QWidget, title: str, label: str, options: list[str]) -> str | None:
    """Asks the user to pick one of a list; None if the user cancels."""
    answer, ok = QInputDialog.getItem(parent, title, label, options, 0, False)
    return answer if ok else None


def pick(parent: QWidget, title: str, label: str, options: list[str]) -> str | None:
    """Asks the user to pick one of a long list, shown whole; None if the user cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(options)
    dialog.setComboBoxEditable(False)
    dialog.setOption(QInputDialog.InputDialogOption.UseListViewForComboBoxItems, True)
    dialog.resize(560, 420)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.textValue()
    finally:
        dialog.deleteLater()
    return answer if accepted else None


def replace_text(parent: QWidget, title: str, question: str) -> bool:
    """Asks before text the user wrote is replaced: True for Replace, False for Cancel."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(question)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return clicked is replace


def sentence(message: str) -> str:
    """A message as a sentence, starting with a capital: the core's messages start in lower
    case, to follow "error: " on the command line. One starting with a name, a path or an
    address ("postgresql://...") is left as it is."""
    first = message.split(maxsplit=1)[0] if message.strip() else ""
    if first.isalpha() and first.islower():
        return message[:1].upper() + message[1:]
    return message


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Asks a yes-or-no question; True for yes."""
    answer = QMessageBox.question(parent, title, sentence(question))
    return answer == QMessageBox.StandardButton.Yes


def unsaved_changes(parent: QWidget, question: str) -> str:
    """Asks what to do with unsaved choices: "save", "discard" or "" to go back to them."""
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        question,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return {
        QMessageBox.StandardButton.Save: "save",
        QMessageBox.StandardButton.Discard: "discard",
    }.get(answer, "")


def existing_files(parent: QWidget, names: list[str]) -> str:
    """Asks once what to do with packs already in the folder: "replace", "skip" or ""."""
    box = QMessageBox(parent)
    box.setWindowTitle("Some packs exist")
    box.setIcon(QMessageBox.Icon.Question)
    shown = names[:8] + ([f"and {len(names) - 8} more"] if len(names) > 8 else [])
    box.setText(f"{len(names)} of the packs are in the folder already:\n" + "\n".join(shown))
    box.setInformativeText("Replace them, or write only the packs that are not there yet?")
    replace = box.addButton("Replace all", QMessageBox.ButtonRole.AcceptRole)
    skip = box.addButton("Skip existing", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(skip)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return "replace" if clicked is replace else "skip" if clicked is skip else ""


def error(parent: QWidget | None, title: str, message: str) -> None:
    """Tells the user what went wrong and what to do."""
    QMessageBox.warning(parent, title, sentence(message))


def info(parent: QWidget, title: str, message: str) -> None:
    """Tells the user something worth knowing."""
    QMessageBox.information(parent, title, sentence(message))


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
    box.deleteLater()
    if clicked is open_button:
        return "open"
    if clicked is folder_button:
        return "folder"
    return ""
