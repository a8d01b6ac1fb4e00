"""The main window: navigation on the left, the current section on the right.

Sections are built on first visit, so start-up only pays for the one shown.
A section is any QWidget; the window uses what it offers:

- ``refresh()`` (F5), ``focus_search()`` (Ctrl+F), ``set_house(house_id)``
  (the toolbar's house selector, ``None`` for all houses);
- the method named by :attr:`ui.actions.SectionInfo.add_method` (Ctrl+N);
- ``menu_actions()``: its own actions, shown in a menu and a toolbar of their own;
- ``printable()``: what File > Print (Ctrl+P) prints (:mod:`ui.print_job`);
  without it the Print action is off and its tooltip says why;
- signals ``status_message(str)`` (shown in the status bar) and
  ``residents_changed()`` / ``houses_changed()`` (other sections refresh).

When the data can only be read (:func:`soberhouse.database.read_only_reason`,
or :meth:`MainWindow.set_read_only` later), a bar under the toolbar says so
and every action that would save is off (:mod:`ui.read_only`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts, database
from soberhouse.houses import list_houses
from soberhouse.permissions import Right
from ui import data_files, permission_state, preferences
from ui.actions import SECTIONS, SectionInfo, WindowActions
from ui.change_watcher import POLL_MILLISECONDS, OtherWritersWatcher
from ui.idle_lock import IdleLock
from ui.read_only import ReadOnlyNotice, WriteActions
from ui.resources import icon, stylesheet
from ui.undo_list import WindowUndo
from ui.unsaved_work import Leaving, OpenForm, UnsavedWork, open_forms, settle

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.welcome import WelcomePage

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
DEFAULT_SIZE = QSize(1200, 760)
NAVIGATION_ICON_SIZE = QSize(22, 22)
NAVIGATION_PADDING = 24  # the list's own padding in style.qss, plus breathing room
NAVIGATION_ITEM_PADDING = 2 * 10 + 8  # an item's padding in style.qss, icon-to-text gap
STATUS_TIMEOUT_MS = 6000
SECTION_KEYS = tuple(section.key for section in SECTIONS)


def navigation_icon(name: str, selected_colour: QColor, pixel_ratio: float) -> QIcon:
    """The section's icon, drawn in the selection's text colour when selected."""
    normal = icon(name).pixmap(NAVIGATION_ICON_SIZE, pixel_ratio)
    selected = QPixmap(normal)
    painter = QPainter(selected)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(selected.rect(), selected_colour)
    painter.end()
    result = QIcon(normal)
    result.addPixmap(selected, QIcon.Mode.Selected)
    return result


def create_residents_section() -> QWidget:
    from ui.residents.section import ResidentsSection

    return ResidentsSection(own_house_filter=False)


def create_mentoring_section() -> QWidget:
    from ui.mentoring.section import MentoringSection

    return MentoringSection(load=False)  # reads its data when the house is set


def create_today_section() -> QWidget:
    from ui.today.section import TodaySection

    return TodaySection()


def create_meetings_section() -> QWidget:
    from ui.meetings.section import MeetingsSection

    return MeetingsSection()


def create_twelve_step_section() -> QWidget:
    from ui.twelve_step.section import TwelveStepSection

    return TwelveStepSection()


def create_reports_section() -> QWidget:
    from ui.reports.section import ReportsSection

    return ReportsSection()


SECTION_FACTORIES: dict[str, Callable[[], QWidget]] = {
    "today": create_today_section,
    "residents": create_residents_section,
    "mentoring": create_mentoring_section,
    "meetings": create_meetings_section,
    "steps": create_twelve_step_section,
    "reports": create_reports_section,
}


def create_settings_section() -> QWidget:
    from ui.settings_section.section import SettingsSection

    return SettingsSection()


class MainWindow(QMainWindow):
    open_file_requested = Signal(str)
    """File > Open Data File or Open Recent: the file to open instead of this
    one (``ui.app`` closes this window and opens one on it, as at start-up)."""
    sign_out_requested = Signal()
    """File > Sign Out, the work not saved settled: ``ui.app`` signs out,
    closes this window and asks who signs in next."""
    restore_requested = Signal(str)
    """Settings > Backups > Restore, answered Yes: the backup ``ui.app``
    puts in place of this data file before opening it again."""
    open_read_only_requested = Signal(str)
    """Settings > Backups > Open Read-Only: a backup to look at instead."""

    def __init__(self, database_description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Soberhouse")
        self.setObjectName("mainWindow")
        self.window_actions = WindowActions(self)
        self._print_tip = self.window_actions.print.toolTip()
        self._sections: dict[str, QWidget] = {}
        self._current_key = ""
        self._section_bars: dict[str, tuple[QMenu, QToolBar]] = {}
        self._several_houses = False
        self._house_index = 0  # the house selector's choice, to go back to on Cancel
        self._file_key = data_files.open_file_key()  # the house chosen is remembered per file

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setIconSize(NAVIGATION_ICON_SIZE)
        self.navigation.setMovement(QListView.Movement.Static)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        selected_text = self.navigation.palette().color(QPalette.ColorRole.HighlightedText)
        for number, section in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(
                navigation_icon(section.icon_name, selected_text, self.devicePixelRatioF()),
                section.label)
            item.setToolTip(f"{section.description} (Ctrl+{number})")
            self.navigation.addItem(item)
        # Widest label + icon, from the font (asking the list to measure its
        # items would render every icon before the window first shows).
        metrics = self.navigation.fontMetrics()
        widest_label = max(metrics.horizontalAdvance(section.label) for section in SECTIONS)
        self.navigation.setFixedWidth(widest_label + NAVIGATION_ICON_SIZE.width()
                                      + NAVIGATION_ITEM_PADDING
                                      + metrics.averageCharWidth() * 2
                                      + 2 * self.navigation.frameWidth()
                                      + NAVIGATION_PADDING)
        self.navigation.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.navigation.currentRowChanged.connect(
            lambda row: self.show_section(SECTION_KEYS[row]) if row >= 0 else None)

        self.section_stack = QStackedWidget()
        self.section_stack.setObjectName("sectionStack")
        workspace = QWidget()
        workspace_layout = QHBoxLayout(workspace)
        workspace_layout.setContentsMargins(0, 0, 0, 0)
        workspace_layout.setSpacing(0)
        workspace_layout.addWidget(self.navigation)
        workspace_layout.addWidget(self.section_stack, 1)
        self.workspace = workspace

        self.welcome: WelcomePage | None = None  # built only for a file without a house
        self.pages = QStackedWidget()
        self.pages.setObjectName("centralArea")
        self.pages.addWidget(self.workspace)
        self.read_only_notice = ReadOnlyNotice()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.read_only_notice)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_toolbar()
        self.undo_list = WindowUndo(self, settle=self.settle_unsaved_work,
                                    refresh=self._refresh_built_sections,
                                    show_status=self.show_status)
        self.idle_lock = IdleLock(self)
        self._build_menus()
        self._connect_actions()
        self.write_actions = WriteActions(self)
        self.write_actions.add(self.window_actions.new_item,
                               self.window_actions.change_password)

        self.database_label = QLabel()
        self.database_label.setToolTip(f"Data file: {database_description}")
        self.database_label.setText(self.database_label.fontMetrics().elidedText(
            database_description, Qt.TextElideMode.ElideMiddle,
            self.database_label.fontMetrics().averageCharWidth() * 60))
        self.signed_in_label = QLabel()
        self.signed_in_label.setObjectName("signedInLabel")
        self.statusBar().addPermanentWidget(self.signed_in_label)
        self.show_signed_in()
        self.statusBar().addPermanentWidget(self.database_label)
        self._apply_stylesheet()

        self._restore_window()
        self.reload_houses()
        self.set_read_only(database.read_only_reason())
        self.apply_role()
        # Others' saves (another window, another office) are looked for once
        # the window is up, not during start-up.
        self.other_writers: OtherWritersWatcher | None = None
        QTimer.singleShot(POLL_MILLISECONDS, self.watch_other_writers)
        from ui.audit_check import START_DELAY_MS, AuditChainCheck

        self.audit_check = AuditChainCheck(self)  # the trail's chain, walked once
        self.audit_check.damaged.connect(lambda sentence: self._call_if_offered(
            self.section("today"), "show_audit_problem", sentence))
        self.audit_check.checked.connect(lambda check: self._call_if_offered(
            self._sections.get("settings"), "show_audit_check", check))
        QTimer.singleShot(START_DELAY_MS, self.audit_check.start)
        from ui.automatic_backups import AutomaticBackups

        self.automatic_backups = AutomaticBackups(self)  # every 30 minutes, when changed
        self.automatic_backups.failed.connect(self._backup_failed)
        self.automatic_backups.backed_up.connect(lambda _record: self._call_if_offered(
            self.section("today"), "show_backup_problem", ""))

    def _backup_failed(self, message: str) -> None:
        """An automatic backup failed: said in the status bar and on Today."""
        self.show_status(message)
        self._call_if_offered(self.section("today"), "show_backup_problem", message)

    def watch_other_writers(self, interval_ms: int = POLL_MILLISECONDS) -> None:
        """Begin looking for others' saves (shortly after start-up); not for a
        window closed meanwhile, whose data file may be closed or another."""
        if not self.isVisible():
            return
        if self.other_writers is None:
            self.other_writers = OtherWritersWatcher(self, interval_ms)
            self.other_writers.changed_elsewhere.connect(self._changed_elsewhere)

    def _changed_elsewhere(self, summary: str, kinds: list[str]) -> None:
        """Someone else saved: show it, and refresh what the window shows (the
        sections keep what is being typed)."""
        if "settings" in kinds:
            self.idle_lock.read_setting()
        if {"house", "tier"} & set(kinds):
            self._houses_changed()
        else:
            self._refresh_built_sections()
        self.show_status(f"Saved elsewhere: {summary}")

    # Building -------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        actions = self.window_actions
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(actions.new_item)
        toolbar.addAction(actions.refresh)
        toolbar.addAction(actions.print)
        self.house_combo = QComboBox()
        self.house_combo.setAccessibleName("House")
        self.house_combo.setToolTip("Show one house or all of them")
        self.house_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.house_combo.setMaximumWidth(self.fontMetrics().averageCharWidth() * 32)
        self.house_combo.currentIndexChanged.connect(self._house_chosen)
        house_label = QLabel("Hou&se:")
        house_label.setBuddy(self.house_combo)
        house_label.setContentsMargins(12, 0, 4, 0)
        self._house_selector_actions = [
            toolbar.addSeparator(), toolbar.addWidget(house_label),
            toolbar.addWidget(self.house_combo)]
        self.main_toolbar = toolbar
        actions.show_toolbar.setChecked(True)

    def _apply_stylesheet(self) -> None:
        """The look of the navigation, toolbar and status bar, set on those
        widgets only: an application-wide stylesheet would make Qt style
        every widget of every section and dialog through its slower
        stylesheet style (about 6 ms more to build this window alone)."""
        qss = stylesheet()
        for widget in (self.navigation, self.main_toolbar, self.statusBar()):
            widget.setStyleSheet(qss)

    def _build_menus(self) -> None:
        actions = self.window_actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(actions.open_file)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        file_menu.addAction(actions.print)
        file_menu.addAction(actions.print_lists)
        file_menu.addSeparator()
        file_menu.addAction(actions.lock)
        file_menu.addAction(actions.change_password)
        file_menu.addAction(actions.sign_out)
        file_menu.addAction(actions.quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_list.action)
        edit_menu.addSeparator()
        edit_menu.addAction(actions.new_item)
        edit_menu.addAction(actions.find)

        view_menu = bar.addMenu("&View")
        view_menu.addActions(actions.go_to)
        view_menu.addSeparator()
        view_menu.addAction(actions.refresh)
        view_menu.addSeparator()
        view_menu.addAction(actions.show_toolbar)
        view_menu.addAction(actions.reset_columns)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(actions.guide)
        self.help_menu.addSeparator()
        self.help_menu.addAction(actions.about)
        self.help_menu.addAction(actions.about_qt)

    def _connect_actions(self) -> None:
        actions = self.window_actions
        actions.sections.triggered.connect(lambda action: self.show_section(action.data()))
        actions.new_item.triggered.connect(self.add_item)
        actions.find.triggered.connect(self.focus_search)
        actions.refresh.triggered.connect(self.refresh)
        actions.print.triggered.connect(self.print_current)
        actions.print_lists.triggered.connect(self.print_lists)
        actions.quit.triggered.connect(self.close)
        actions.open_file.triggered.connect(self.open_data_file)
        actions.lock.triggered.connect(self.idle_lock.lock)
        actions.change_password.triggered.connect(self.change_password)
        actions.sign_out.triggered.connect(self.sign_out)
        actions.forget_recent.triggered.connect(data_files.forget_recent)
        actions.forget_recent.triggered.connect(self._fill_recent_menu)
        actions.about.triggered.connect(self._show_about)
        actions.guide.triggered.connect(self.show_guide)
        actions.about_qt.triggered.connect(QApplication.aboutQt)
        actions.show_toolbar.toggled.connect(self.main_toolbar.setVisible)
        actions.reset_columns.triggered.connect(self.reset_column_widths)

    def _restore_window(self) -> None:
        geometry = preferences.load_bytes(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self._use_default_geometry()
        state = preferences.load_bytes(STATE_KEY)
        if state is not None:
            self.restoreState(state)
        self.window_actions.show_toolbar.setChecked(not self.main_toolbar.isHidden())

    def _use_default_geometry(self) -> None:
        size = QSize(DEFAULT_SIZE)
        screen = self.screen()
        if screen is None:
            self.resize(size)
            return
        available = screen.availableGeometry()
        size = size.boundedTo(QSize(available.width() * 9 // 10,
                                    available.height() * 9 // 10))
        self.resize(size)
        self.move(available.center().x() - size.width() // 2,
                  available.center().y() - size.height() // 2)

    # Sections ---------------------------------------------------------------------

    def reload_houses(self) -> None:
        """Fill the house selector; without any house, show the welcome page."""
        houses = list_houses()
        if not houses:
            self._show_welcome(True)
            return
        chosen = data_files.remembered_house(self._file_key)
        self.house_combo.blockSignals(True)
        self.house_combo.clear()
        self.house_combo.addItem(icon("house"), "All houses", None)
        for house in houses:
            self.house_combo.addItem(house.name, house.id)
        index = self.house_combo.findData(chosen) if chosen is not None else 0
        if index < 0:  # the house remembered is gone: the first one
            index = 1
        self.house_combo.setCurrentIndex(index)
        self._house_index = self.house_combo.currentIndex()
        self.house_combo.blockSignals(False)
        self._several_houses = len(houses) > 1
        for action in self._house_selector_actions:
            action.setVisible(self._several_houses)
        self._show_welcome(False)
        if not self._current_key:
            self.show_section("today")

    def current_house_id(self) -> int | None:
        """The house chosen in the toolbar, or None for all houses (or only one)."""
        if not self._several_houses:
            return None
        house_id = self.house_combo.currentData()
        return house_id if isinstance(house_id, int) else None

    def _house_chosen(self) -> None:
        if not self.settle_unsaved_work(Leaving.HOUSE):  # Cancel: stay on the house shown
            self.house_combo.blockSignals(True)
            self.house_combo.setCurrentIndex(self._house_index)
            self.house_combo.blockSignals(False)
            return
        self._house_index = self.house_combo.currentIndex()
        house_id = self.current_house_id()
        data_files.remember_house(self._file_key, house_id)
        for section in self._sections.values():
            self._call_if_offered(section, "set_house", house_id)
        self.show_status(f"Showing {self.house_combo.currentText()}")

    def _show_welcome(self, welcome: bool) -> None:
        if welcome:
            self.pages.setCurrentWidget(self._welcome_page())
        else:
            self.pages.setCurrentWidget(self.workspace)
        for action in (*self.window_actions.go_to, self.window_actions.refresh):
            action.setEnabled(not welcome)
        if welcome:
            self.window_actions.new_item.setEnabled(False)
            self.window_actions.find.setEnabled(False)
        self.show_bars()

    def show_bars(self) -> None:
        """The toolbars and section menus that belong with the page shown (the
        idle lock hides them all, and calls this when it unlocks)."""
        welcome = self.pages.currentWidget() is not self.workspace
        self.main_toolbar.setVisible(not welcome and self.window_actions.show_toolbar.isChecked())
        self._show_bars_of(None if welcome else self._current_key)

    def _welcome_page(self) -> WelcomePage:
        if self.welcome is None:
            from ui.welcome import WelcomePage

            page = WelcomePage()
            page.house_ready.connect(self._house_ready)
            if self.write_actions.reason is not None:
                page.setEnabled(False)
                page.setToolTip(self.read_only_notice.label.text())
            self.pages.addWidget(page)
            self.welcome = page
        return self.welcome

    def _house_ready(self, message: str) -> None:
        self.reload_houses()
        self.show_section("residents")
        self.show_status(message)

    def section(self, key: str) -> QWidget:
        """The section widget for ``key``, built on first use."""
        widget = self._sections.get(key)
        if widget is None:
            widget = self._create_section(key)
            self._sections[key] = widget
            self.section_stack.addWidget(widget)
        return widget

    def current_section_key(self) -> str:
        return self._current_key

    def show_section(self, key: str, *, ask: bool = True) -> bool:
        """Show section ``key``; False when the manager chose to stay with
        work not saved in the section shown (``ask`` False: no question)."""
        if (ask and key != self._current_key and self._current_key in self._sections
                and not self.settle_unsaved_work(Leaving.SECTION)):
            self._point_navigation_at(self._current_key)
            return False
        widget = self.section(key)
        self._current_key = key
        self.section_stack.setCurrentWidget(widget)
        self._point_navigation_at(key)
        self._update_section_actions(SECTIONS[SECTION_KEYS.index(key)], widget)
        return True

    def _point_navigation_at(self, key: str) -> None:
        row = SECTION_KEYS.index(key)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        self.window_actions.go_to[row].setChecked(True)

    # Work not saved ---------------------------------------------------------------

    def unsaved_work(self, reason: Leaving) -> list[UnsavedWork]:
        """The editors that would lose work: open dialogs first, then the
        section shown, then (unless only the section is left) the others."""
        dialogs = open_forms(self)
        shown = self._sections.get(self._current_key)
        sections = [shown] if shown is not None else []
        if reason is not Leaving.SECTION:
            sections += [widget for widget in self._sections.values() if widget is not shown]
        return dialogs + [widget for widget in sections if isinstance(widget, UnsavedWork)]

    def settle_unsaved_work(self, reason: Leaving) -> bool:
        """Ask Save / Discard / Cancel about any work not saved (once, naming
        each); True when the way is clear for ``reason``, False to stay."""
        return settle(self, self.unsaved_work(reason), reason, reveal=self._reveal)

    def _reveal(self, work: UnsavedWork) -> None:
        """Show the editor whose save was refused (its message says why)."""
        for key, widget in self._sections.items():
            if widget is work:
                self.show_section(key, ask=False)
                return
        dialog = work.dialog if isinstance(work, OpenForm) else work
        if isinstance(dialog, QWidget):
            dialog.raise_()
            dialog.activateWindow()

    def open_item(self, section_key: str, kind: str, item_id: int) -> None:
        """Show a section and, in it, one thing (a resident, a meeting...):
        how Today's items take the manager to the place to act on them."""
        if not self.show_section(section_key):
            return
        self._call_if_offered(self.section(section_key), "open_item", kind, item_id)

    def _create_section(self, key: str) -> QWidget:
        widget = SECTION_FACTORIES.get(key, create_settings_section)()
        self._connect_signal(widget, "status_message", self.show_status)
        self._connect_signal(widget, "residents_changed",
                             lambda: self._refresh_built_sections(except_key=key))
        self._connect_signal(widget, "houses_changed", self._houses_changed)
        self._connect_signal(widget, "open_requested", self.open_item)
        self._call_if_offered(widget, "set_house", self.current_house_id())
        menu_actions = getattr(widget, "menu_actions", None)
        if callable(menu_actions):
            actions = menu_actions()
            self.write_actions.add(*actions)
            self._add_section_menu(SECTIONS[SECTION_KEYS.index(key)], actions)
        return widget

    def set_read_only(self, reason: str | None) -> None:
        """Say under the toolbar why nothing can be saved, and turn off every
        action that would save (None: nothing to say)."""
        if reason is None:
            return
        self.read_only_notice.show_reason(reason)
        self.write_actions.set_read_only(reason)
        if self.welcome is not None:
            self.welcome.setEnabled(False)
            self.welcome.setToolTip(self.read_only_notice.label.text())

    def apply_role(self) -> None:
        """Turn off, with the reason in their tooltips, the actions the
        signed-in person's role can't use: every one that changes records for
        a read-only account; all but the check-in and goal actions (which
        their sections allow per mentee) for a peer coach
        (:mod:`ui.permission_state`)."""
        reason = permission_state.window_refusal()
        if reason is None or self.write_actions.reason is not None:
            return
        self.read_only_notice.label.setText(reason)
        self.read_only_notice.setToolTip(reason)
        self.read_only_notice.show()
        self.write_actions.set_read_only(reason, why=reason, keeps=lambda action: (
            permission_state.right_of(action) is Right.RECORD_CHECK_INS))
        if self.welcome is not None:
            self.welcome.setEnabled(False)

    def _add_section_menu(self, section: SectionInfo, actions: list[QAction]) -> None:
        """A menu and a toolbar for a section's own actions (shown with the section)."""
        window_shortcuts = {action.shortcut() for action in self.findChildren(QAction)
                            if action not in actions and not action.shortcut().isEmpty()}
        for action in actions:
            # The window's Ctrl+N already calls the section's add method; two
            # actions on one key would make Qt ignore both.
            if action.shortcut() in window_shortcuts:
                action.setShortcut(QKeySequence())
        menu = QMenu(section.menu_title or section.label, self)
        menu.addActions(actions)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        toolbar = QToolBar(section.label, self)
        toolbar.setObjectName(f"{section.key}ToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addActions(actions)
        self.addToolBar(toolbar)
        self._section_bars[section.key] = (menu, toolbar)
        # Shown with its section (show_section); a section built without being
        # shown (to print its report, say) keeps its menu and toolbar hidden.
        self._show_bars_of(self._current_key)

    def _show_bars_of(self, key: str | None) -> None:
        """Only the menu and toolbar of section ``key`` (None: of no section)."""
        for owner, (menu, toolbar) in self._section_bars.items():
            menu.menuAction().setVisible(owner == key)
            toolbar.setVisible(owner == key)

    def _update_section_actions(self, section: SectionInfo, widget: QWidget) -> None:
        actions = self.window_actions
        can_add = bool(section.add_method) and callable(getattr(widget, section.add_method, None))
        if self.write_actions.reason is None:  # else off, its tooltip saying why
            permission_state.allow(actions.new_item, Right.ADD_HOUSE if section.key == "settings"
                                   else Right.CHANGE_RECORDS, house_id=self.current_house_id(),
                                   when=can_add)
        else:
            actions.new_item.setEnabled(can_add)
        actions.new_item.setText(section.add_text if can_add else "&New...")
        actions.find.setEnabled(callable(getattr(widget, "focus_search", None)))
        # Printing (ui.print_job): a section's printable(), or Reports' own print_current().
        can_print = any(callable(getattr(widget, name, None))
                        for name in ("printable", "print_current"))
        actions.print.setEnabled(can_print)
        actions.print.setToolTip(self._print_tip if can_print
                                 else f"{section.label} has nothing to print")
        self._show_bars_of(section.key)

    def _refresh_built_sections(self, except_key: str = "") -> None:
        for key, widget in self._sections.items():
            if key != except_key:
                self._call_if_offered(widget, "refresh")

    def _houses_changed(self) -> None:
        self.reload_houses()
        self._refresh_built_sections(except_key="settings")

    @staticmethod
    def _connect_signal(widget: QWidget, name: str, slot: Callable[..., object]) -> None:
        signal = getattr(widget, name, None)
        if isinstance(signal, SignalInstance):
            signal.connect(slot)

    @staticmethod
    def _call_if_offered(widget: QWidget, method: str, *args: object) -> None:
        function = getattr(widget, method, None)
        if callable(function):
            function(*args)

    # Actions ------------------------------------------------------------------------

    def add_item(self) -> None:
        section = SECTIONS[SECTION_KEYS.index(self._current_key)]
        if section.add_method:
            self._call_if_offered(self.section(section.key), section.add_method)

    def print_current(self) -> None:
        """File > Print: what the section shown prints (:mod:`ui.print_job`)."""
        from ui.print_job import print_section

        section = SECTIONS[SECTION_KEYS.index(self._current_key)]
        message = print_section(self, self.section(section.key), section.label)
        if message:
            self.show_status(message)

    def print_lists(self) -> None:
        """File > Print Lists: the sign-in sheet, roster or emergency contacts."""
        from ui.house_lists_dialog import HouseListsDialog

        HouseListsDialog.ask(self, self.current_house_id(), self.show_status)

    def focus_search(self) -> None:
        self._call_if_offered(self.section(self._current_key), "focus_search")

    def open_data_file(self) -> None:
        """File > Open Data File: choose a file; the window reopens on it."""
        path = self.choose_data_file()
        if path:
            self.open_file_requested.emit(path)

    def choose_data_file(self) -> str:
        """The data file the manager picks ("" for Cancel; tests replace this)."""
        from PySide6.QtWidgets import QFileDialog

        folder = ("" if not self._file_key or database.is_url(self._file_key)
                  else str(Path(self._file_key).parent))
        path, _ = QFileDialog.getOpenFileName(
            self, "Open Data File", folder,
            "Soberhouse data files (*.sqlite3 *.sqlite *.db);;All files (*)")
        return path

    def _fill_recent_menu(self) -> None:
        """The last data files opened; one that was moved or deleted is greyed out."""
        menu = self.recent_menu
        menu.clear()
        recent = data_files.recent_files()
        for number, path in enumerate(recent, start=1):
            name = self.fontMetrics().elidedText(
                path, Qt.TextElideMode.ElideMiddle, self.fontMetrics().averageCharWidth() * 60)
            action = menu.addAction(f"&{number} {name.replace('&', '&&')}")
            action.setToolTip(path)
            action.setStatusTip(path)
            if path == self._file_key:
                action.setText(f"{action.text()}  (open now)")
                action.setEnabled(False)
            elif data_files.is_missing(path):
                action.setText(f"{action.text()}  (not found)")
                action.setEnabled(False)
            else:
                action.triggered.connect(
                    lambda _checked=False, path=path: self.open_file_requested.emit(path))
        if recent:
            menu.addSeparator()
            menu.addAction(self.window_actions.forget_recent)
        menu.menuAction().setEnabled(bool(recent))

    def show_guide(self) -> None:
        """F1: the manager's guide, on the topic of the section shown."""
        from ui.help_window import show_help

        show_help(self, self._current_key or "today")

    def _show_about(self) -> None:
        from ui.about import show_about

        show_about(self)

    def refresh(self) -> None:
        self._call_if_offered(self.section(self._current_key), "refresh")
        self.show_status("Refreshed")

    def show_signed_in(self) -> None:
        """Who records now, in the status bar: "Signed in: Dana (House manager)"."""
        user = accounts.signed_in_user()
        if user is None:
            self.signed_in_label.setText("Nobody signed in")
            return
        role = accounts.current_role()
        self.signed_in_label.setText(f"Signed in: {user.shown_name}"
                                     + (f" ({role.label})" if role is not None else ""))
        self.signed_in_label.setToolTip(f"Sign-in name: {user.username}")

    def another_person_signed_in(self) -> None:
        """Someone else signed in at the lock screen: the house selector and
        every section show what they may see (what was typed is kept), and the
        status bar who records now."""
        before = self.current_house_id()
        self.reload_houses()
        house_id = self.current_house_id()
        if house_id != before:
            for section in self._sections.values():
                self._call_if_offered(section, "set_house", house_id)
        self._refresh_built_sections()
        self.show_signed_in()

    def change_password(self) -> None:
        """File > Change My Password."""
        from ui.sign_in import ChangePasswordDialog

        if ChangePasswordDialog.ask(self):
            self.show_status("Your password is changed")

    def sign_out(self) -> None:
        """File > Sign Out: once the work not saved is settled, the window
        closes for the next person (``ui.app`` signs out and asks)."""
        if self.settle_unsaved_work(Leaving.SIGN_OUT):
            self.sign_out_requested.emit()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def reset_column_widths(self) -> None:
        """View > Reset Column Widths: every table fits its contents again."""
        from ui.table_columns import reset_all

        reset_all(self)
        self.show_status("Column widths reset to fit their contents")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.settle_unsaved_work(Leaving.QUIT):  # Cancel: the window stays
            event.ignore()
            return
        self.automatic_backups.stop()
        preferences.save_bytes(GEOMETRY_KEY, self.saveGeometry())
        # The welcome page and the idle lock hide toolbars: not a state to keep.
        if self.pages.currentWidget() is self.workspace and not self.idle_lock.is_locked():
            preferences.save_bytes(STATE_KEY, self.saveState())
        super().closeEvent(event)
