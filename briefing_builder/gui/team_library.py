"""The Team library dialog: where the evidence library is (a team's PostgreSQL URL, or the
user's own file), tested before it is used, with what failed said plainly."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.errors import BriefingError, LibraryError
from briefing_builder.gui.workers import run_task
from briefing_builder.library import passwords
from briefing_builder.library.location import checked, is_team
from briefing_builder.library.store import Library


def team_url(url: str) -> str:
    """The URL, if it can name a team library; LibraryError saying what is wrong if not (not
    postgresql://, no database, a password in it)."""
    if not is_team(url):
        raise LibraryError(
            f"{url}: not a team library's address; it starts postgresql:// "
            "(postgresql://USER@HOST/DATABASE)"
        )
    return checked(url)


def connection_report(url: str) -> str:
    """What a team library at `url` offers this user, in a sentence; BriefingError saying what
    failed (the host, the login, the database, the schema) if it cannot be used."""
    library = Library(team_url(url))
    contents = library.contents()
    refusal = library.refusal()
    held = f"{len(contents.items):,} item(s) from {len(contents.sources):,} source(s)"
    presets = f"{sum(not row.retired for row in contents.presets.values()):,} team preset(s)"
    may = (
        "you may only read it (your role cannot change it)"
        if refusal
        else "you may read and edit it"
    )
    return f"Connected: the team library holds {held} and {presets}; {may}."


class TeamLibraryDialog(QDialog):
    """Asks for a team library's URL and the name the history shows; Test connection says
    whether it works. `location()` is the URL chosen, or "" for the user's own library."""

    def __init__(self, parent: QWidget | None, location: str, display_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team library")
        self.url = QLineEdit(location)
        self.url.setPlaceholderText("postgresql://USER@HOST/DATABASE")
        self.url.setAccessibleName("Team library URL")
        self.url.setMinimumWidth(420)
        self.display_name = QLineEdit(display_name)
        self.display_name.setPlaceholderText("your database user")
        self.display_name.setAccessibleName("Name shown in the history")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty to use .pgpass, PGPASSWORD or the keyring")
        self.password.setAccessibleName("Password, kept in the system keyring")
        self.result = QLabel(
            "A password typed here is kept in the system keyring, never in the settings; "
            "left empty, the one in your .pgpass file, PGPASSWORD or the keyring is used."
        )
        self.result.setWordWrap(True)
        self.test = QPushButton("&Test connection")
        self.test.clicked.connect(self.test_connection)
        form = QFormLayout()
        form.addRow("Library &URL:", self.url)
        form.addRow("&Password:", self.password)
        form.addRow("Your &name in the history:", self.display_name)
        buttons = QDialogButtonBox()
        self.use = buttons.addButton("&Use this library", QDialogButtonBox.ButtonRole.AcceptRole)
        self.own = buttons.addButton("Use &my own library", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.use.clicked.connect(self._use_team)
        self.own.clicked.connect(self._use_own)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.url.textChanged.connect(self._changed)
        self._changed()

    def location(self) -> str:
        return self.url.text().strip()

    @Slot()
    def _changed(self) -> None:
        self.use.setEnabled(bool(self.location()))
        self.test.setEnabled(bool(self.location()))

    @Slot()
    def _use_team(self) -> None:
        """Closes on a URL that can name a team library; says what is wrong, and stays, if not."""
        try:
            team_url(self.location())
        except BriefingError as error:
            self._show(f"That URL cannot be used: {error}")
            self.url.setFocus()
            return
        if self._keep_password():
            self.accept()

    def _keep_password(self) -> bool:
        """Keeps a typed password in the keyring; False, saying why, when it cannot be kept."""
        typed = self.password.text()
        if not typed:
            return True
        try:
            passwords.store(team_url(self.location()), typed)
        except BriefingError as error:
            self._show(f"The password was not kept: {error}")
            return False
        self.password.clear()
        return True

    @Slot()
    def _use_own(self) -> None:
        self.url.clear()
        self.accept()

    @Slot()
    def test_connection(self) -> None:
        """Tries the URL off the window's thread and says what it found or what failed."""
        url = self.location()
        if not self._keep_password():
            return
        self.result.setText(f"Connecting to {url}...")
        self.test.setEnabled(False)

        def failed(error: BaseException) -> None:
            if not isinstance(error, BriefingError):
                raise error
            self._show(f"It did not work: {error}")

        run_task(lambda: connection_report(url), self._show, failed)

    def _show(self, text: str) -> None:
        self.result.setText(text)
        self.test.setEnabled(bool(self.location()))
        self.adjustSize()  # a long message wraps onto more lines; the dialog grows to show them
