"""Two windows as two users of one team library on a real PostgreSQL server: each sees the
other's new item and preset change after a refresh, a conflicting edit is refused with a clear
message, a read-only user cannot edit, and an offline server leaves the window on its copy."""

from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QSettings

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui import dialogs
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.team_library import TeamLibraryDialog
from briefing_builder.library import location, passwords
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import Change, Library
from briefing_builder.pack.presets import PresetStore
from briefing_builder.resources import settings_file
from tests.gui.test_evidence_menu import add_through_window, on_next_dialog
from tests.helpers.postgres import Server, running_server

ROLES = Path(__file__).resolve().parents[2] / "docs" / "team-roles.sql"


def team_database(server: Server) -> str:
    """A team library with the documented roles and three users: ann and ben may edit, sam
    may only read."""
    database = server.new_database()
    Library(server.url(database)).init()
    with psycopg.connect(server.url(database), autocommit=True) as connection:
        connection.execute(ROLES.read_bytes())
        for user, role in (("ann", "editor"), ("ben", "editor"), ("sam", "reader")):
            connection.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') "
                f"THEN CREATE ROLE {user} LOGIN; END IF; END $$; "
                f"GRANT briefing_{role} TO {user}".encode()
            )
    return database


def open_window(qtbot, tmp_path: Path, url: str, user: str) -> MainWindow:
    """A window of its own (settings and presets) on the team library at `url`."""
    library = Library(url)
    catalogue, _ = load_evidence(library=library)
    settings = QSettings(str(tmp_path / f"{user}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, PresetStore(tmp_path / f"{user}-presets"), settings, library)
    qtbot.addWidget(window)
    return window


def two_editors(
    qtbot, tmp_path: Path, server: Server, database: str
) -> tuple[MainWindow, MainWindow]:
    """The windows of ann and ben, who may both edit the team library."""
    ann = open_window(qtbot, tmp_path, server.url(database, "ann"), "ann")
    return ann, open_window(qtbot, tmp_path, server.url(database, "ben"), "ben")


def test_two_users_see_each_others_work_and_a_reader_cannot_edit(
    qtbot,
    tmp_path: Path,
    postgres_server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = team_database(postgres_server)
    ann, ben = two_editors(qtbot, tmp_path, postgres_server, database)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, ann, 2)
    assert "wmca-skills-2026-1" in {i.id for i in ann.catalogue.items}
    assert "wmca-skills-2026-1" not in {i.id for i in ben.catalogue.items}
    ben.reload_evidence()
    item = ben.catalogue.item("wmca-skills-2026-1")
    assert item.source.origin == "Team library"
    assert ben.library.history("wmca-skills-2026-1")[0].changed_by == "ann"

    ann.regions.set_checked("west-midlands", True)
    monkeypatch.setattr(dialogs, "text", lambda *args: "WM monthly")
    assert ann.save_team_preset_as()
    ben.reload_evidence()  # F5: the team presets menu too
    assert [a.text() for a in ben.team_menu.actions()] == ["WM monthly"]
    ben.load_preset("WM monthly", team=True)
    assert ben.windowTitle().startswith("WM monthly (team preset)")
    ann.regions.set_checked("east-midlands", True)
    assert ann.save_preset(), "ann saves her change to the team preset"
    ben.regions.set_checked("north-east", True)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _w, _t, question: asked.append(question))
    assert not ben.save_preset()
    assert "changed by ann" in asked[0]
    assert "Reload the team's version now?" in asked[0]
    assert ann.team_store is not None
    assert set(ann.team_store.load("WM monthly").spec.regions) == {"west-midlands", "east-midlands"}

    sam = open_window(qtbot, tmp_path, postgres_server.url(database, "sam"), "sam")
    assert "wmca-skills-2026-1" in {i.id for i in sam.catalogue.items}
    sam.select_item("wmca-skills-2026-1")
    for action in (sam.new_item_action, sam.new_source_action, sam.edit_item_action):
        assert not action.isEnabled()
        assert "your role may only read the team library" in action.toolTip()
    assert not sam.save_team_action.isEnabled()
    assert sam.history_action.isEnabled(), "reading the history needs no more than reading"
    ann.library.retire("wmca-skills-2026-1")
    ann.library.retire("wmca-skills-2026-1", retired=False)
    sam.reload_evidence()
    sam.select_item("wmca-skills-2026-1")
    seen: list[tuple[int, bool, str]] = []

    def look(history) -> None:
        history.table.selectRow(0)
        button = history.restore_button
        seen.append((history.table.rowCount(), button.isEnabled(), button.toolTip()))
        history.reject()

    on_next_dialog(qtbot, look)
    sam.item_history()
    assert seen[0][:2] == (3, False), "a reader sees every version and cannot restore one"
    assert "your role may only read the team library" in seen[0][2]
    assert "Team library (read only)" in sam.library_label.text()


def test_the_window_keeps_working_from_its_copy_while_the_server_is_stopped(
    qtbot, tmp_path: Path
) -> None:
    with running_server() as server:
        assert server is not None
        database = server.new_database()
        url = server.url(database)
        Library(url).init()
        window = open_window(qtbot, tmp_path, url, "ann")
        assert window.library_label.text() == f"Team library: {url}"
        server.stop()
        try:
            window.reload_evidence()
            assert window.library_label.text().startswith("Team library offline: showing the copy")
            assert not window.new_source_action.isEnabled()
            assert "Team library offline" in window.new_source_action.toolTip()
            window.regions.set_checked("west-midlands", True)
            assert window.included_items(), "packs are still built from the copy"
        finally:
            server.start()
        window.reload_evidence()
        assert window.library_label.text() == f"Team library: {url}"
        assert window.new_source_action.isEnabled()


def test_the_team_library_dialog_tests_the_url_and_says_what_failed(
    qtbot, postgres_server: Server, catalogue: Catalogue, home: Path
) -> None:
    database = postgres_server.new_database()
    dialog = TeamLibraryDialog(None, "", "")
    qtbot.addWidget(dialog)
    assert not dialog.use.isEnabled()
    dialog.url.setText(postgres_server.url(database))
    dialog.test_connection()
    assert "holds no library yet" in dialog.result.text()
    assert "library init URL" in dialog.result.text()
    Library(postgres_server.url(database)).init()
    dialog.test_connection()
    assert dialog.result.text().startswith("Connected: the team library holds 0 item(s)")
    dialog.url.setText("postgresql://ann@127.0.0.1:1/lib")
    dialog.test_connection()
    assert "Team library offline: cannot reach" in dialog.result.text()
    dialog.show()
    for wrong, said in (
        ("postgresql://ann:horse@127.0.0.1/lib", "a library URL may not hold a password"),
        ("postgresql://ann@127.0.0.1", "the URL names no database"),
        ("ann@127.0.0.1/lib", "not a team library's address"),
    ):
        dialog.url.setText(wrong)
        dialog.use.click()
        assert dialog.isVisible(), f"{wrong}: the dialog stays open to correct it"
        assert said in dialog.result.text()
        assert "horse" not in dialog.result.text()

    url = postgres_server.url(database)
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, PresetStore(home / "presets"), settings)
    qtbot.addWidget(window)

    def choose(opened) -> None:
        opened.url.setText(url)
        opened.display_name.setText("Ann Smith (WMCA)")
        opened.accept()

    on_next_dialog(qtbot, choose)
    window.choose_library()
    assert window.library.team
    assert window.team_store is not None
    assert location.chosen() == url, "the command line and the next start use it too"
    assert location.setting("display_name") == "Ann Smith (WMCA)"
    assert window.library_label.text() == f"Team library: {url}"


def test_a_password_typed_in_the_dialog_is_kept_in_the_keyring_not_the_settings(
    qtbot, postgres_server: Server, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = postgres_server.new_database()
    Library(postgres_server.url(database)).init()
    url = postgres_server.reader_with_password(database, "pat", "green kettle")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(keyring_file.with_name("none")))
    dialog = TeamLibraryDialog(None, url, "")
    qtbot.addWidget(dialog)
    dialog.test_connection()
    qtbot.waitUntil(dialog.test.isEnabled)
    assert "the server refused the login" in dialog.result.text()
    dialog.password.setText("green kettle")
    dialog.test_connection()
    qtbot.waitUntil(dialog.test.isEnabled)
    assert dialog.result.text().startswith("Connected: the team library holds 0 item(s)")
    assert dialog.password.text() == "", "not kept in the dialog either"
    assert passwords.stored(dialog.location()) == "green kettle"
    assert "green kettle" not in keyring_file.read_text(encoding="utf-8"), "not as plain text"


def test_a_team_presets_history_is_shown_in_the_window_and_an_old_version_restored(
    qtbot, tmp_path: Path, postgres_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = team_database(postgres_server)
    ann = open_window(qtbot, tmp_path, postgres_server.url(database, "ann"), "ann")
    ann.regions.set_checked("west-midlands", True)
    monkeypatch.setattr(dialogs, "text", lambda *args: "WM monthly")
    assert ann.save_team_preset_as()
    ann.regions.set_checked("east-midlands", True)
    assert ann.save_preset()
    seen: list[dict[str, object]] = []

    def in_history(restore: bool):
        def look(history) -> None:
            rows = history.table.rowCount()
            history.table.selectRow(0)
            seen.append(
                {
                    "who": [history.table.item(r, 3).text() for r in range(rows)],
                    "chose": [history.table.item(r, 4).text() for r in range(rows)],
                    "restore": history.restore_button.isEnabled(),
                    "why not": history.restore_button.toolTip(),
                }
            )
            if restore:
                history.restore_button.click()
            else:
                history.reject()

        def manage(presets) -> None:
            presets.which.setCurrentIndex(1)
            assert presets.selected() == "WM monthly"
            on_next_dialog(qtbot, look)
            presets.buttons["History"].click()
            presets.reject()

        return manage

    on_next_dialog(qtbot, in_history(restore=True))
    ann.manage_presets()
    assert seen[0]["who"] == ["ann", "ann"]
    first, second = seen[0]["chose"]  # type: ignore[misc]
    assert first.startswith("WM monthly")
    assert "west-midlands" in first
    assert "east-midlands" not in first
    assert "east-midlands" in second
    assert seen[0]["restore"]
    assert ann.team_store is not None
    assert ann.team_store.load("WM monthly").spec.regions == ("west-midlands",)
    assert [v.version for v in ann.team_store.history("WM monthly")] == [1, 2, 3]

    sam = open_window(qtbot, tmp_path, postgres_server.url(database, "sam"), "sam")
    on_next_dialog(qtbot, in_history(restore=False))
    sam.manage_presets()
    assert len(seen[1]["who"]) == 3, "a reader sees the history"  # type: ignore[arg-type]
    assert not seen[1]["restore"]
    assert "your role may only read the team library" in str(seen[1]["why not"])


def test_an_edit_refused_for_a_change_that_came_first_offers_their_version_in_the_form(
    qtbot, tmp_path: Path, postgres_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = team_database(postgres_server)
    ann, ben = two_editors(qtbot, tmp_path, postgres_server, database)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, ann, 1)
    ben.reload_evidence()
    item_id = "wmca-skills-2026-1"

    def ann_edits(title: str) -> None:
        row = ann.library.row("item", item_id)
        ann.library.write(
            [Change("item", {**row.record, "title": title}, row.source_id, base=row.version)]
        )

    def ben_edits_meanwhile(load_theirs: bool) -> tuple[list[str], list[str]]:
        """Ben edits the title while ann's edit lands first; the question asked, and the
        title in the form that opens after it."""
        asked: list[str] = []
        monkeypatch.setattr(
            dialogs, "confirm", lambda _w, _t, question: asked.append(question) or load_theirs
        )
        reopened: list[str] = []

        def second(form) -> None:
            reopened.append(form.title.text())
            if load_theirs:
                form.reject()
            else:
                form.accept()

        def first(form) -> None:
            ann_edits(f"Ann's title {load_theirs}")
            form.title.setText("Ben's title")
            on_next_dialog(qtbot, second)
            form.accept()

        ben.select_item(item_id)
        on_next_dialog(qtbot, first)
        ben.edit_item()
        return asked, reopened

    asked, reopened = ben_edits_meanwhile(load_theirs=True)
    assert "was changed by ann on" in asked[0]
    assert "Load their version into the form?" in asked[0]
    assert reopened == ["Ann's title True"], "the form shows the change that came first"
    assert ben.catalogue.item(item_id).title == "Ann's title True"
    asked, reopened = ben_edits_meanwhile(load_theirs=False)
    assert reopened == ["Ben's title"], "the form keeps what ben typed"
    assert ben.catalogue.item(item_id).title == "Ben's title"
    history = ben.library.history(item_id)
    assert [(v.changed_by, v.record["title"]) for v in history[1:]] == [
        ("ann", "Ann's title True"),
        ("ann", "Ann's title False"),
        ("ben", "Ben's title"),
    ], "no committed change lost"
