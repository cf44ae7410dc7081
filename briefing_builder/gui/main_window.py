"""The main window: choose regions and themes, review the evidence, set options, export, print."""

import datetime as dt
import html
import itertools
import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import KINDS, Catalogue, Item
from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.gui import dialogs
from briefing_builder.gui.brief_editor import RECOUNT_MS, BriefEditor, CitationCheck
from briefing_builder.gui.detail import detail_html
from briefing_builder.gui.elided_label import ElidedLabel
from briefing_builder.gui.evidence_commands import EvidenceCommands
from briefing_builder.gui.evidence_model import COLUMNS, EvidenceModel, ItemRole
from briefing_builder.gui.evidence_table import evidence_table
from briefing_builder.gui.exporter import PackExporter
from briefing_builder.gui.help import show_about, show_shortcuts, show_user_guide
from briefing_builder.gui.map_view import MapPane
from briefing_builder.gui.options_form import PackOptionsForm
from briefing_builder.gui.pickers import RegionPicker, ThemePicker
from briefing_builder.gui.preset_commands import PresetCommands
from briefing_builder.gui.preview import PreviewPane
from briefing_builder.gui.undo import Choices, ChoicesChange
from briefing_builder.gui.window_place import restore_place, save_place
from briefing_builder.library.presets import TeamPresetStore
from briefing_builder.library.store import Library
from briefing_builder.pack import (
    NO_PURPOSE,
    PackSpec,
    empty_pack_reason,
    missing_items,
    pack_evidence,
    retired_items,
)
from briefing_builder.pack.presets import PresetStore
from briefing_builder.pack.scope import ScopeRule
from briefing_builder.render import pack_sections, style_entries
from briefing_builder.render.export import drafted_points
from briefing_builder.resources import settings_file

NO_PURPOSE_HERE = (
    NO_PURPOSE[:1].upper()
    + NO_PURPOSE[1:].partition(" (")[0]
    + " (the Purpose box, on the Brief tab)"
)
"""Why a brief without a purpose is not exported, in the window's words."""
_KIND_LABELS = {
    "finding": "Findings",
    "recommendation": "Recommendations",
    "statistic": "Statistics",
}


class MainWindow(PresetCommands, EvidenceCommands, QMainWindow):
    """Choices, the brief and the options on the left, the evidence in the middle, preview and
    map on the right.

    The window holds no business logic: queries go to the catalogue, packs to export_pack
    through the PackExporter, presets to the PresetStore. It knows when its choices differ
    from the loaded preset (a "*" in the title) and asks before discarding them; every change
    of choices can be undone.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        store: PresetStore,
        settings: QSettings | None = None,
        library: Library | None = None,
    ) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.store = store
        self.library = library or Library.default()
        self.team_store = TeamPresetStore(self.library) if self.library.team else None
        self.settings = settings or QSettings(str(settings_file()), QSettings.Format.IniFormat)
        self.folders = dialogs.LastFolders(self.settings)
        self.preset_name: str | None = None
        self.preset_in_team = False
        self.preset_version = 0
        self.undo_stack = QUndoStack(self)
        self._applying = False
        self._separate = False
        self._restoring = True
        self._clean = PackSpec()

        self.regions = RegionPicker(catalogue)
        self.themes = ThemePicker(catalogue)
        # A house style that cannot be used is left out of the list and said once, at the start.
        entries = style_entries()
        self.unusable_styles = [e.error for e in entries if e.error]
        self.options = PackOptionsForm({e.name: e.style.title for e in entries if e.style})
        self.brief = BriefEditor(
            self.included_items,
            lambda: drafted_points(self.current_spec(), self.catalogue),
        )
        self.citations = CitationCheck(catalogue)
        self._check_later = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._check_later.timeout.connect(self._check_pack)
        self.model = EvidenceModel(
            {a.id: a.name for a in catalogue.areas}, {t.id: t.name for t in catalogue.themes}
        )
        self.table = evidence_table(self.model)
        self.detail = QTextBrowser(openExternalLinks=True)
        self.detail.setAccessibleName("Selected item")
        self.filter = QLineEdit(
            placeholderText="Narrow the pack to items with every one of these words (Ctrl+F)"
        )
        self.filter.setAccessibleName("Narrow the pack to items with these words")
        self.filter.setToolTip(
            "Only items that contain every word go into the pack, not just into this list"
        )
        self.filter.setClearButtonEnabled(True)
        self.kinds = {kind: QCheckBox(_KIND_LABELS[kind]) for kind in KINDS}
        self.wider = QCheckBox("Include wider matches", checked=True)
        self.wider.setToolTip(
            "Items about a group, England or the UK that contain the chosen regions"
        )
        self.count = QLabel()
        self.count.setAccessibleName("How many items the pack includes")
        self.include_all = QPushButton("Include &all")
        self.include_all.setToolTip("Tick again every item you left out")
        # The exporter needs the pane, so the pane reaches the exporter through a lambda.
        self.map = MapPane(catalogue)
        self.preview = PreviewPane(lambda: self.exporter.pdf_job(preview=True))
        self.exporter = PackExporter(
            self, catalogue, self.current_spec, lambda: self.preset_name, self.preview, self.folders
        )
        self.setCentralWidget(self._layout())
        self._actions()
        self._status_bar()
        self._connect()
        self._tab_order()
        self._restore()
        self.show_library_state("")

    # The choices

    def current_spec(self) -> PackSpec:
        """The pack spec the window shows: the selection, the ticks and order, the options and
        what the official wrote."""
        spec = PackSpec(
            regions=tuple(self.regions.chosen()),
            themes=tuple(self.themes.chosen()),
            kinds=tuple(
                k for k, box in self.kinds.items() if box.isChecked() and not self._all_kinds()
            ),
            text=self.filter.text(),
            include_wider=self.wider.isChecked(),
            excluded=self.model.all_excluded(),
            order=self.model.order(),
        )
        return self.brief.apply_to(self.options.apply_to(spec))

    def choices(self) -> Choices:
        """What undo and redo bring back: the spec, and which kind boxes are ticked."""
        return Choices(
            self.current_spec(), tuple(k for k, box in self.kinds.items() if box.isChecked())
        )

    def apply_spec(self, spec: PackSpec, preset_name: str | None = None) -> list[str]:
        """Shows a spec as a fresh start (a preset, a pack's choices): every choice comes back,
        the undo history starts again, and these choices count as saved under `preset_name`.

        Returns what the spec names that this dataset lacks (regions, themes, items), for the
        caller to tell the user: those choices cannot come back.
        """
        regions, themes, gone = self._known_choices(spec)
        kinds = tuple(k for k in KINDS if not spec.kinds or k in spec.kinds)
        self._show(Choices(spec.with_changes(regions=tuple(regions), themes=tuple(themes)), kinds))
        self.preset_name = preset_name
        self.undo_stack.clear()
        self._shown = self.choices()
        self._clean = self._shown.spec
        self._update_window_title()
        return gone

    def _show(self, choices: Choices) -> None:
        """Shows choices without recording them as a change (undo, redo, loading)."""
        spec = choices.spec
        self._applying = True
        # Set quietly, then refresh once, instead of once per widget.
        quiet = (self.regions, self.themes, self.filter, self.wider, *self.kinds.values())
        for widget in quiet:
            widget.blockSignals(True)
        try:
            self.regions.set_chosen(spec.regions)
            self.themes.set_chosen(spec.themes)
            for kind, box in self.kinds.items():
                box.setChecked(kind in choices.kinds)
            self.filter.setText(spec.text)
            self.wider.setChecked(spec.include_wider)
        finally:
            for widget in quiet:
                widget.blockSignals(False)
        self.options.blockSignals(True)
        self.options.show_spec(spec)
        self.options.blockSignals(False)
        self.brief.show_spec(spec)
        try:
            self._refresh(excluded=spec.excluded, order=spec.order)
        finally:
            self._applying = False
        self._shown = self.choices()
        self._update_window_title()

    def _known_choices(self, spec: PackSpec) -> tuple[list[str], list[str], list[str]]:
        regions, themes, gone = [], [], []
        for ref in spec.regions:
            try:
                regions.append(self.catalogue.area(ref).id)
            except BriefingError:
                gone.append(f"region {ref!r}")
        for ref in spec.themes:
            try:
                themes.append(self.catalogue.theme(ref).id)
            except BriefingError:
                gone.append(f"theme {ref!r}")
        gone += [f"item {i}" for i in missing_items(spec, self.catalogue)]
        gone += [
            f"item {i.id}, \u201c{i.title}\u201d (retired from your library)"
            for i in retired_items(spec, self.catalogue)
        ]
        if self.options.template.findData(spec.template) < 0:
            gone.append(f"house style {spec.template!r} (the first style is used instead)")
        return regions, themes, gone

    def _report_gone(self, gone: list[str], what: str) -> None:
        if gone:
            dialogs.info(
                self,
                "Some choices could not come back",
                f"{what} names {len(gone)} thing(s) this dataset does not have, left out:\n"
                + "\n".join(gone)
                + "\n\nCheck the regions and themes before exporting.",
            )

    @Slot()
    def refresh(self) -> None:
        """Runs the query for the current choices, keeping the user's ticks and order."""
        self._refresh(excluded=self.model.all_excluded(), order=self.model.order())

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Shows this evidence from now on (the library changed), keeping ticks and order."""
        self.catalogue = catalogue
        self.exporter.catalogue = catalogue
        self.citations = CitationCheck(catalogue)
        self.refresh()

    def select_item(self, item_id: str | None) -> None:
        """Selects the item's row, when it is shown."""
        for row in range(self.model.rowCount()):
            if self.model.item(row).id == item_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _refresh(self, excluded: tuple[str, ...], order: tuple[str, ...]) -> None:
        spec = self.current_spec()
        no_kinds = not any(box.isChecked() for box in self.kinds.values())
        hits = (
            []
            if no_kinds
            else pack_evidence(
                self.catalogue.query(
                    spec.regions, spec.themes, spec.kinds, spec.text, wider=spec.include_wider
                )
            )
        )
        chosen = [self.catalogue.area(r) for r in spec.regions]
        rule = ScopeRule(self.catalogue, chosen)
        self.model.set_hits(hits, excluded, order, rule.scope)
        self.map.view.set_chosen({a.id for a in chosen}, {r for a in chosen for r in a.footprint})
        self._choices_changed()
        if hits:
            self.table.selectRow(0)
        else:
            self.detail.setHtml(
                "<p><b>Nothing matches these choices.</b> Tick a wider area, more themes or kinds, "
                "clear the filter, or include wider matches.</p>"
            )

    @Slot()
    def _choices_changed(self) -> None:
        included, shown = self.model.included_count(), self.model.rowCount()
        self._show_count(included, shown)
        self.brief.set_evidence(included)
        # Reading a long section's citations takes a while: done when typing pauses.
        if self.brief.typing_long:
            self._check_later.start()
        else:
            self._check_later.stop()
            self._check_pack()
        if not self._applying:
            self._record()
        self._save_session()

    @Slot()
    def _check_pack(self) -> None:
        """Turns export and print on, or off with the reason; asks for a fresh preview."""
        # A preview needs no purpose (its cover says it is not written yet); a pack kept does.
        spec = self.current_spec()
        empty = self._why_nothing_to_write(spec)
        cited = "" if empty else self.citations.problem(spec, self.included_items())
        why = empty or (NO_PURPOSE_HERE if not spec.purpose.strip() else "") or cited
        for action in self.pack_actions:
            action.setEnabled(not why)
            action.setToolTip(why or action.text().replace("&", "").rstrip("."))
        self.blocked_label.setText(why)
        self.blocked_label.setVisible(bool(why))
        if unviewable := empty or cited:
            self.preview.cancel()
            self.preview.show_message(
                f"Nothing to preview: {unviewable[:1].lower()}{unviewable[1:]}."
            )
        else:
            self.preview.request()

    def _show_count(self, included: int, shown: int) -> None:
        left_out = shown - included
        words = [f"{included} of {shown} included"]
        if left_out:
            words.append(f"{left_out} left out by you")
        if not (self.regions.chosen() or self.themes.chosen()):
            words.append("no region or theme chosen, so all the evidence")
        if self.filter.text().strip():
            words.append("narrowed by the filter")
        self.count.setText(words[0] + (f" ({'; '.join(words[1:])})" if words[1:] else ""))
        self.items_label.setText(f"{included} of {shown} items included")
        self.include_all.setEnabled(bool(self.model.all_excluded()))

    def included_items(self) -> list[Item]:
        """The items the pack includes, in the pack's order."""
        excluded = set(self.model.all_excluded())
        every = (self.model.item(row) for row in range(self.model.rowCount()))
        return [item for item in every if item.id not in excluded]

    def _why_nothing_to_write(self, spec: PackSpec) -> str:
        """Why a pack of `spec` would hold nothing (as build_pack would refuse), or "" if not."""
        try:
            sections = pack_sections(spec)
        except BriefingError as error:
            return str(error)
        why = empty_pack_reason(self.included_items(), sections)
        if why.startswith("nothing is included"):
            why = "nothing is included: widen the choices or the filter, and tick some evidence"
        return why[:1].upper() + why[1:]

    def _record(self) -> None:
        """Puts a change of choices on the undo stack, and marks the window modified."""
        choices, separate = self.choices(), self._separate
        self._separate = False
        if choices != self._shown:
            self.undo_stack.push(ChoicesChange(self._shown, choices, self._show, separate=separate))
            self._shown = choices
        self._update_window_title()

    def is_modified(self) -> bool:
        """Whether the choices differ from the loaded preset's (the date aside: a preset run
        again is dated the day it runs)."""
        return self.current_spec().with_changes(date=self._clean.date) != self._clean

    def _all_kinds(self) -> bool:
        return all(box.isChecked() for box in self.kinds.values())

    @Slot()
    def _include_all(self) -> None:
        self._refresh(excluded=(), order=self.model.order())

    def _update_window_title(self) -> None:
        name = self.preset_name or "Unsaved choices"
        if self.preset_name and self.preset_in_team:
            name += " (team preset)"
        self.setWindowTitle(f"{name}[*] - Briefing Builder")
        self.setWindowModified(self.is_modified())

    # Building the window

    def _layout(self) -> QWidget:
        left = self._left_tabs()

        filters = QHBoxLayout()
        for box in self.kinds.values():
            box.setChecked(True)
            filters.addWidget(box)
        filters.addWidget(self.wider)
        filters.addStretch()
        self.up = QPushButton("Move &up")
        self.down = QPushButton("Move do&wn")
        self.up.setToolTip("Move the selected item earlier in the pack (Ctrl+Up)")
        self.down.setToolTip("Move the selected item later in the pack (Ctrl+Down)")
        order = QHBoxLayout()
        order.addWidget(self.count, stretch=1)
        order.addWidget(self.include_all)
        order.addWidget(self.up)
        order.addWidget(self.down)
        self.count.setWordWrap(True)
        table_area = QWidget()
        table_layout = QVBoxLayout(table_area)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.filter)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, stretch=1)
        table_layout.addLayout(order)
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(table_area)
        self.middle.addWidget(self.detail)
        self.middle.setSizes([480, 220])

        # Preview and map one above the other, so the map stays in sight while reading.
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.preview)
        self.right.addWidget(self.map)
        self.right.setSizes([440, 340])

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(self.middle)
        self.main_splitter.addWidget(self.right)
        self.main_splitter.setSizes([320, 670, 360])
        self.main_splitter.setChildrenCollapsible(False)
        return self.main_splitter

    def _left_tabs(self) -> QTabWidget:
        """Choose (regions and themes) and Pack options, as tabs."""
        choose = QWidget()
        choose_layout = QVBoxLayout(choose)
        region_label = QLabel("&Regions")
        region_label.setBuddy(self.regions.search)
        theme_label = QLabel("T&hemes")
        theme_label.setBuddy(self.themes.view)
        choose_layout.addWidget(region_label)
        choose_layout.addWidget(self.regions, stretch=3)
        choose_layout.addWidget(theme_label)
        choose_layout.addWidget(self.themes, stretch=2)
        self.options_scroll = QScrollArea(widgetResizable=True)
        self.options_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.options_scroll.setWidget(self.options)
        self.options_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.brief_scroll = QScrollArea(widgetResizable=True)
        self.brief_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.brief_scroll.setWidget(self.brief)
        self.brief_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.left = QTabWidget()
        self.left.addTab(choose, "&Choose")
        self.left.addTab(self.brief_scroll, "&Brief")
        self.left.addTab(self.options_scroll, "Pack &options")
        self.left.setAccessibleName("Choose the evidence, write the brief, or set the options")
        self.left.setMinimumWidth(250)
        return self.left

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        created = QAction(text, self)
        created.triggered.connect(slot)
        if shortcut:
            created.setShortcut(QKeySequence(shortcut))
        return created

    def _actions(self) -> None:
        action = self._action
        self.export_word = action("Export &Word...", lambda: self.exporter.export("docx"), "Ctrl+E")
        self.export_pdf = action(
            "Export &PDF...", lambda: self.exporter.export("pdf"), "Ctrl+Shift+E"
        )
        self.print_action = action(
            "&Print...", self.exporter.print_pack, QKeySequence.StandardKey.Print
        )
        self.preview_action = action("Print pre&view", self.exporter.print_preview, "Ctrl+Shift+P")
        self.each_region = action(
            "Export one pack per &region...", self.exporter.export_each_region
        )
        self.pack_actions = [
            self.export_word,
            self.export_pdf,
            self.print_action,
            self.preview_action,
            self.each_region,
        ]
        file_menu = self.menuBar().addMenu("&File")
        for item in self.pack_actions:
            file_menu.addAction(item)
        file_menu.addSeparator()
        file_menu.addAction(action("Open a pack's choices...", self.preset_from_pack, "Ctrl+O"))
        file_menu.addSeparator()
        file_menu.addAction(action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(
            action("&Find in evidence", self._focus_filter, QKeySequence.StandardKey.Find)
        )
        edit_menu.addAction(action("Move item &up", lambda: self._move(-1), "Ctrl+Up"))
        edit_menu.addAction(action("Move item &down", lambda: self._move(1), "Ctrl+Down"))

        presets = self.menuBar().addMenu("Pre&sets")
        self.save_action = action("&Save preset", self.save_preset, QKeySequence.StandardKey.Save)
        presets.addAction(self.save_action)
        presets.addAction(action("Save preset &as...", self.save_preset_as, "Ctrl+Shift+S"))
        self.save_team_action = action("Save as &team preset...", self.save_team_preset_as)
        presets.addAction(self.save_team_action)
        presets.addSeparator()
        self.recent_menu = QMenu("&Recent", presets)
        self.all_menu = QMenu("A&ll my presets", presets)
        self.team_menu = QMenu("&Team presets", presets)
        self.team_menu.setToolTipsVisible(True)
        presets.addMenu(self.recent_menu)
        presets.addMenu(self.all_menu)
        presets.addMenu(self.team_menu)
        presets.setToolTipsVisible(True)
        presets.addSeparator()
        presets.addAction(action("&Manage presets...", self.manage_presets))
        self._fill_preset_menus()
        self.evidence_menu(self.menuBar().addMenu("E&vidence"), action)
        self._view_and_help_menus()

        toolbar = self.addToolBar("Pack")
        toolbar.setObjectName("pack-toolbar")
        for item in (self.export_word, self.export_pdf, self.print_action, self.save_action):
            toolbar.addAction(item)

    def _view_and_help_menus(self) -> None:
        action = self._action
        view_menu = self.menuBar().addMenu("&View")
        for pane, text, shortcut in (
            (self.preview, "&Preview", "Ctrl+1"),
            (self.map, "&Map", "Ctrl+2"),
        ):
            toggle = action(text, lambda on, p=pane: p.setVisible(on), shortcut)
            toggle.setCheckable(True)
            toggle.setChecked(True)
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        for key in ("width", "page", "in", "out"):
            view_menu.addAction(self.preview.zoom_actions[key])

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(action("&User guide", lambda: show_user_guide(self), "F1"))
        help_menu.addAction(action("&Keyboard shortcuts", lambda: show_shortcuts(self)))
        help_menu.addSeparator()
        help_menu.addAction(
            action("&About Briefing Builder", lambda: show_about(self, self.catalogue))
        )

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.items_label = QLabel()
        self.blocked_label = ElidedLabel()
        self.blocked_label.hide()
        self.last_label = QLabel()
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.last_label.linkActivated.connect(self.exporter.show_last_exported)
        self.exporter.exported.connect(self._exported)
        self.exporter.message.connect(bar.showMessage)
        bar.addWidget(QLabel(f"Dataset {self.catalogue.version}"))
        bar.addWidget(self.items_label)
        self.library_label = QLabel()
        self.library_label.setAccessibleName("Evidence library")
        bar.addWidget(self.library_label)
        # Permanent, so a passing message never covers why export is off.
        bar.addPermanentWidget(self.blocked_label)
        bar.addPermanentWidget(self.last_label)
        # Permanent, with the reasons in its tooltip: a passing message would cover the labels
        # beside it and be gone before it was read.
        count = len(self.unusable_styles)
        self.unusable_label = QLabel(
            f"{count} house style{'s' if count > 1 else ''} cannot be used"
        )
        self.unusable_label.setToolTip("\n".join(self.unusable_styles))
        self.unusable_label.setAccessibleName("House styles that cannot be used")
        self.unusable_label.setAccessibleDescription("\n".join(self.unusable_styles))
        self.unusable_label.setVisible(count > 0)
        bar.addPermanentWidget(self.unusable_label)

    def _connect(self) -> None:
        self.regions.changed.connect(self.refresh)
        self.map.view.toggled.connect(self.regions.set_checked)
        self.themes.changed.connect(self.refresh)
        self.filter.textChanged.connect(self.refresh)
        self.wider.toggled.connect(self.refresh)
        for box in self.kinds.values():
            box.toggled.connect(self.refresh)
        self.options.changed.connect(self._choices_changed)
        self.brief.changed.connect(self._choices_changed)
        self.brief.stepped.connect(self._brief_stepped)
        self.model.choices_changed.connect(self._choices_changed)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.table.horizontalHeader().sectionClicked.connect(self._sort)
        # A sort or a move changes which item is on the current row.
        self.model.layoutChanged.connect(self._show_detail)
        self.model.rowsMoved.connect(self._show_detail)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.include_all.clicked.connect(self._include_all)
        # A bound slot, not a lambda: Qt drops it when the window goes, and the stack, deleted
        # after the window, says its index changed as it clears.
        self.undo_stack.indexChanged.connect(self._undo_moved)

    def _tab_order(self) -> None:
        """Tab walks the window left to right, top to bottom, as the user reads it."""
        chain = [
            self.left.tabBar(),
            *self.regions.focus_chain(),
            *self.themes.focus_chain(),
            *self.brief.focus_chain(),
            *self.options.focus_chain(),
            self.filter,
            *self.kinds.values(),
            self.wider,
            self.table,
            self.include_all,
            self.up,
            self.down,
            self.detail,
            self.preview.view,
            self.map.view,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @Slot()
    def _brief_stepped(self) -> None:
        """A draft or a citation: a step of its own, which undo does not merge with typing."""
        self._separate = True
        self._choices_changed()

    @Slot(int)
    def _undo_moved(self, _index: int) -> None:
        self._update_window_title()

    @Slot(Path)
    def _exported(self, path: Path) -> None:
        self.last_label.setText(f'Last exported: <a href="file">{html.escape(path.name)}</a>')
        self.last_label.setToolTip(str(path))

    @Slot()
    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _move(self, delta: int) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            self.table.selectRow(self.model.move(row, delta))

    @Slot(int)
    def _sort(self, column: int) -> None:
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        self.model.sort(column, header.sortIndicatorOrder())

    @Slot()
    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        item = self.model.data(index, ItemRole) if index.isValid() else None
        if item is not None:
            scope = self.model.data(index.siblingAtColumn(COLUMNS.index("Applies to")))
            self.detail.setHtml(detail_html(item, scope))
        self.update_evidence_actions()

    # Session

    def _restore(self) -> None:
        restore_place(self, self.settings, self._splitters())
        saved = self.settings.value("session/spec")
        spec = PackSpec()
        if saved:
            try:
                spec = PackSpec.from_dict(json.loads(str(saved))).with_changes(
                    date=dt.date.today().isoformat()
                )
            except (ValueError, BriefingError):
                spec = PackSpec()
        name = str(self.settings.value("session/preset") or "") or None
        team = self.settings.value("session/preset_team") == "true" and self.team_store is not None
        clean = PackSpec()
        if name:
            try:
                clean = self.presets_of(team).load(name).spec
                version = self.team_store.version(name) if team and self.team_store else 0
            except PresetError:
                name = None
        self.apply_spec(spec, name)
        if name:
            self.preset_in_team, self.preset_version = team, version
        # The session may hold changes never saved to the preset: they still show as changes.
        self._clean = clean.with_changes(date=self.current_spec().date)
        self._restoring = False
        self._update_window_title()

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "window/main": self.main_splitter,
            "window/middle": self.middle,
            "window/right": self.right,
        }

    def _save_session(self) -> None:
        if self._restoring:
            return
        self.settings.setValue("session/spec", json.dumps(self.current_spec().to_dict()))
        self.settings.setValue("session/preset", self.preset_name or "")
        self.settings.setValue("session/preset_team", "true" if self.preset_in_team else "false")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        busy = self.exporter.busy()
        if busy and not dialogs.confirm(
            self,
            "Stop and quit?",
            "Briefing Builder is " + " and ".join(busy) + ". Stop it and quit? "
            "A pack being written is not kept.",
        ):
            event.ignore()
            return
        if not self._settle_unsaved("quit"):
            event.ignore()
            return
        self.exporter.shutdown()
        save_place(self, self.settings, self._splitters())
        # Saved or discarded: the next start shows what is saved, not discarded changes.
        self.settings.setValue("session/spec", json.dumps(self._clean.to_dict()))
        self.settings.setValue("session/preset", self.preset_name or "")
        self.preview.discard()
        super().closeEvent(event)
