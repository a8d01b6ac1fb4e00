"""The Today section: the first page a manager sees.

At the top, the date and one count tile per group of things needing
attention (behind on outside meetings, unexcused absences, residents who
need a mentor, overdue check-ins, milestones, promotions, certificates);
below, the chosen group's items.  Enter or a double-click on an item asks
the window to open the place where it is dealt with
(:attr:`TodaySection.open_requested`).  Everything comes from one
:func:`soberhouse.today.today_overview` call.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.attention import AttentionItem, Group, TodayGroup, TodayOverview
from soberhouse.date_style import written_date
from soberhouse.houses import get_house, list_houses
from soberhouse.models import WEEKDAYS
from ui.first_paint import after_first_paint
from ui.resources import icon
from ui.today.count_tile import CountTile
from ui.today.items_model import ItemColumn, TodayItemsModel, today_rows

if TYPE_CHECKING:
    from ui.background import BackgroundTask
    from ui.mentoring.list_view import ListView
    from ui.print_job import NothingToPrint, PrintJob

GROUP_ICONS: dict[Group, str] = {
    Group.OUTSIDE_MEETINGS: "steps",
    Group.UNEXCUSED_ABSENCES: "meetings",
    Group.NO_ROLL_CALL: "roll-call",
    Group.NEEDS_MENTOR: "needs-mentor",
    Group.OVERDUE_CHECK_INS: "check-in",
    Group.MILESTONES: "goal",
    Group.PROMOTION: "promote",
    Group.CERTIFICATES: "certificate",
}
OPEN_HINT = "Double-click or Enter to open"
NOTHING_TEXT = "Nothing needs attention today."
NOTHING_DETAIL = ("Everyone is on track with meetings, mentors and check-ins. "
                  "Enjoy the quiet moment.")
EMPTY_ICON_SIZE = 56
TILE_SPACING = 8


def date_heading(day: dt.date) -> str:
    """"Sunday 15 Nov 2026" (the program speaks English; the date in the
    style of every screen and report)."""
    return f"{WEEKDAYS[day.weekday()]} {written_date(day)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _scaled_label(text: str, scale: float, bold: bool = True) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


class TodaySection(QWidget):
    status_message = Signal(str)
    open_requested = Signal(str, str, int)
    """(section key, kind, id): the window shows that section and opens the item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id: int | None = None
        self._loaded = False
        self._counting: BackgroundTask | None = None
        self._count_again = False
        self._painted = False
        self._count_after_paint = False
        after_first_paint(self, self._first_painted)
        self.overview: TodayOverview | None = None
        self._group_key: Group | None = None

        self.date_label = _scaled_label(date_heading(clock.today()), 1.5)
        self.date_label.setObjectName("pageTitle")
        self.date_label.setAccessibleName("Today's date")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.tiles: dict[Group, CountTile] = {}
        self.tile_group = QButtonGroup(self)
        self.tile_group.setExclusive(True)
        tiles_row = QGridLayout()
        tiles_row.setSpacing(TILE_SPACING)
        self.tiles_grid = tiles_row
        self._tile_columns = 0
        for key in Group:
            tile = CountTile(key.value, key.short_title, GROUP_ICONS[key])
            tile.clicked.connect(lambda _=False, key=key: self.show_group(key))
            self.tile_group.addButton(tile)
            self.tiles[key] = tile
        self._arrange_tiles(len(Group))

        self._items: ListView | None = None
        self._model: TodayItemsModel | None = None
        self.group_title = _scaled_label("", 1.1)
        self.hint = QLabel(OPEN_HINT)
        self.hint.setEnabled(False)  # a quiet hint
        self.hint.setVisible(False)  # until there are items to open
        list_header = QHBoxLayout()
        list_header.addWidget(self.group_title, 1)
        list_header.addWidget(self.hint)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(tiles_row)
        content_layout.addSpacing(6)
        content_layout.addLayout(list_header)
        self._items_place = QWidget()  # the list, once there is something to list
        content_layout.addWidget(self._items_place, 1)
        self._content_layout = content_layout

        self.nothing = self._build_nothing_page()
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.nothing)
        self.content = content

        self.audit_warning = QLabel()  # the audit trail's chain broken (ui.audit_check)
        self.audit_warning.setObjectName("auditDamaged")
        self.audit_warning.setWordWrap(True)
        self.audit_warning.hide()
        self.backup_warning = QLabel()  # no recent backup, or it failed (soberhouse.backups)
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setWordWrap(True)
        self.backup_warning.linkActivated.connect(
            lambda _link: self.open_requested.emit("settings", "backups", 0))
        self.backup_warning.hide()
        self._backup_failure: str | None = None
        # Where the data is: a cloud folder, a file not encrypted (soberhouse.cloud_folders).
        self.storage_warning = QLabel()
        self.storage_warning.setObjectName("storageWarning")
        self.storage_warning.setWordWrap(True)
        self.storage_warning.linkActivated.connect(
            lambda link: self.open_requested.emit("settings", link, 0))
        self.storage_warning.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.date_label)
        layout.addWidget(self.audit_warning)
        layout.addWidget(self.backup_warning)
        layout.addWidget(self.storage_warning)
        layout.addWidget(self.summary)
        layout.addSpacing(4)
        layout.addWidget(self.pages, 1)

    @property
    def items(self) -> ListView:
        """The chosen group's items (built with the first counts: the window's
        first paint shows only the tiles and "Counting…")."""
        if self._items is None:
            self._build_items_list()
            assert self._items is not None
        return self._items

    @property
    def model(self) -> TodayItemsModel:
        if self._model is None:
            self._build_items_list()
            assert self._model is not None
        return self._model

    def _build_items_list(self) -> None:
        from ui.mentoring.list_view import ListView

        self._model = TodayItemsModel(self)
        items = ListView("Items needing attention", "")
        items.setModel(self._model)
        items.sortByColumn(ItemColumn.STATUS, Qt.SortOrder.AscendingOrder)
        items.open_requested.connect(self._open_index)
        self.group_title.setBuddy(items)
        self._content_layout.replaceWidget(self._items_place, items)
        self._items_place.deleteLater()
        self._items = items

    def _build_nothing_page(self) -> QWidget:
        page = QWidget()
        picture = QLabel()
        picture.setPixmap(icon("check").pixmap(EMPTY_ICON_SIZE, EMPTY_ICON_SIZE))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_title = _scaled_label(NOTHING_TEXT, 1.3)
        self.nothing_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_detail = QLabel(NOTHING_DETAIL)
        self.nothing_detail.setWordWrap(True)
        self.nothing_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(picture)
        layout.addWidget(self.nothing_title)
        layout.addWidget(self.nothing_detail)
        layout.addStretch(2)
        return page

    # ------------------------------------------------------------ public API

    def show_audit_problem(self, sentence: str) -> None:
        """The audit trail was changed outside Soberhouse: said above the counts."""
        from ui.audit_check import WHERE_TO_LOOK
        from ui.colours import error_colour

        self.audit_warning.setText(f"{sentence} {WHERE_TO_LOOK}")
        palette = self.audit_warning.palette()
        palette.setColor(self.audit_warning.foregroundRole(), error_colour())
        self.audit_warning.setPalette(palette)
        self.audit_warning.show()

    def show_backup_problem(self, sentence: str | None = None) -> None:
        """The backups need a look, with a link to Settings > Backups: the
        last automatic backup failed (``sentence``, kept until one succeeds:
        ``""``), else what :func:`soberhouse.backups.backup_warning` says
        (nothing: hidden)."""
        from html import escape

        from soberhouse import backups, database
        from ui.colours import error_colour
        from ui.settings_section.backups_panel import why_not_back_up

        if sentence is not None:
            self._backup_failure = sentence or None
        if database.is_read_only():  # a backup looked at, say: nothing to back up
            sentence = None
        else:
            try:
                sentence = self._backup_failure or backups.backup_warning()
            except backups.BackupsOnTheServer:
                sentence = None
        if not sentence:
            self.backup_warning.hide()
            return
        self.backup_warning.setText(
            f"{escape(sentence)} " + ("<a href=\"backups\">Open Settings &gt; Backups</a>"
                                      if why_not_back_up() is None
                                      else "(The owner takes backups, in Settings &gt; "
                                           "Backups.)"))
        palette = self.backup_warning.palette()
        palette.setColor(self.backup_warning.foregroundRole(), error_colour())
        self.backup_warning.setPalette(palette)
        self.backup_warning.show()

    def show_storage_warnings(self) -> None:
        """Where the data is, when it needs a look: the data file or the
        backup folder in a cloud-sync folder, a data file not encrypted (the
        owner's), each with a link to where it is dealt with; hidden when
        all is well (:func:`soberhouse.cloud_folders.today_warnings`)."""
        from html import escape

        from soberhouse import cloud_folders
        from ui.colours import error_colour

        from ui.settings_section.backups_panel import why_not_back_up

        # Links for the owner, who can act there; others read where to tell them.
        links = ({"Settings > Backups": "backups", "Settings > Encryption": "encryption"}
                 if why_not_back_up() is None else {})
        lines = []
        for sentence in cloud_folders.today_warnings():
            text = escape(sentence)
            for words, link in links.items():
                text = text.replace(escape(words),
                                    f"<a href=\"{link}\">{escape(words)}</a>")
            lines.append(text)
        if not lines:
            self.storage_warning.hide()
            return
        self.storage_warning.setText("<br>".join(lines))
        palette = self.storage_warning.palette()
        palette.setColor(self.storage_warning.foregroundRole(), error_colour())
        self.storage_warning.setPalette(palette)
        self.storage_warning.show()

    def set_house(self, house_id: int | None) -> None:
        """Show one house (None: every house)."""
        changed = house_id != self._house_id
        self._house_id = house_id
        if changed or not self._loaded:
            if changed and self._counting is not None and self._counting.is_running():
                self._count_again = True
                return
            self.refresh()

    def refresh(self) -> None:
        """Count everything again (F5), in a worker thread: the window stays
        usable, and opens without waiting for the counts.  The chosen group
        and item are kept.  The first count starts once the section has been
        painted, so that the window appears before any counting competes with
        it for the interpreter."""
        self._loaded = True
        if self._counting is not None and self._counting.is_running():
            self._count_again = True
            return
        if self.overview is None:
            self.summary.setText("Counting what needs attention…")
        if not self._painted:
            self._count_after_paint = True
            return
        self._start_counting()

    def _start_counting(self) -> None:
        self._count_after_paint = False
        self.show_backup_problem()  # the backups' line: a look at the folder, not a count
        self.show_storage_warnings()  # the same: where the file and the backups are
        house_id = self._house_id
        from ui.background import BackgroundTask  # not needed before the first paint

        task = BackgroundTask(lambda progress: _count(house_id), self)
        task.succeeded.connect(self._show_overview)
        task.failed.connect(self._counting_failed)
        task.finished.connect(self._counting_finished)
        self._counting = task
        task.start()

    def wait_until_counted(self, msecs: int | None = None) -> bool:
        """Block until the counts are shown (tests, and Ctrl+P-like callers)."""
        if self._count_after_paint:
            self._start_counting()
        while self._counting is not None and self._counting.is_running():
            if not self._counting.wait(msecs):
                return False
        return True

    def _counting_finished(self) -> None:
        if self._count_again:
            self._count_again = False
            self.refresh()

    def _counting_failed(self, error: BaseException) -> None:
        self.summary.setText(f"Today's counts could not be read: {error}")

    def _show_overview(self, overview: TodayOverview) -> None:
        if overview.house_id != self._house_id:
            return  # the house changed meanwhile: another count follows
        kept = self.selected_item()
        self.overview = overview
        self._loaded = True
        self.date_label.setText(date_heading(overview.on))
        self._update_summary(overview)
        several_houses = self._house_id is None and len(list_houses()) > 1
        self.items.setColumnHidden(ItemColumn.HOUSE, not several_houses)
        for group in overview.groups:
            self.tiles[group.key].set_count(group.count, group.level, self._tile_tip(group))
        self.pages.setCurrentWidget(self.nothing if overview.total == 0 else self.content)
        key = self._group_key
        if key is None or (overview.group(key).count == 0 and overview.total):
            key = next((group.key for group in overview.groups if group.count),
                       Group.OUTSIDE_MEETINGS)
        self.show_group(key, keep=kept)

    def show_group(self, key: Group | str, *, keep: AttentionItem | None = None) -> None:
        """List one group's items (a tile was chosen)."""
        key = Group(key)
        self._group_key = key
        tile = self.tiles[key]
        if not tile.isChecked():
            tile.setChecked(True)
        if self.overview is None:
            return
        group = self.overview.group(key)
        self.group_title.setText(f"{group.title} ({group.count})" if group.count
                                 else group.title)
        self.items.set_empty_message(group.empty_text)
        self.hint.setVisible(group.count > 0)
        self.items.sortByColumn(ItemColumn.STATUS, Qt.SortOrder.AscendingOrder)
        self.model.set_rows(today_rows(group.items))
        self.items.size_columns()
        if group.count:
            row = 0
            if keep is not None:
                row = next((number for number, shown in enumerate(self.model.rows)
                            if _same(shown.item, keep)), 0)
            self.items.setCurrentIndex(self.model.index(row, 0))

    def current_group(self) -> Group | None:
        return self._group_key

    def selected_item(self) -> AttentionItem | None:
        row = self.model.row_at(self.items.currentIndex())
        return row.item if row is not None else None

    def open_selected(self) -> None:
        self._open_index(self.items.currentIndex())

    def printable(self) -> PrintJob | NothingToPrint:
        """Ctrl+P: everything that needs attention today, group by group."""
        from soberhouse.printed_lists import today_list
        from ui.print_job import NothingToPrint, PrintJob, house_title

        self.wait_until_counted()
        if self.overview is None:
            return NothingToPrint("Today's list is still being counted: print it in a moment.")
        several = self._house_id is None and len(list_houses()) > 1
        return PrintJob.of_list(today_list(self.overview, house_title(self._house_id),
                                           several_houses=several), "today's list")

    # ------------------------------------------------------------ helpers

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is None:
            return
        item = row.item
        self.open_requested.emit(item.section_key, item.open_kind, item.item_id)

    def _update_summary(self, overview: TodayOverview) -> None:
        where = ""
        if self._house_id is not None:
            where = f" in {get_house(self._house_id).name}"
        if overview.total == 0:
            self.summary.setText(f"All clear{where}.")
        else:
            needing = sum(1 for group in overview.groups if group.count)
            self.summary.setText(
                f"{_plural(overview.total, 'item')} in {_plural(needing, 'group')} "
                f"need{'s' if overview.total == 1 else ''} attention{where}.")

    @staticmethod
    def _tile_tip(group: TodayGroup) -> str:
        if not group.count:
            return f"{group.title}: none. {group.empty_text}"
        levels = [f"{sum(1 for item in group.items if item.level is level)} "
                  f"{level.label.lower()}" for level in type(group.items[0].level)
                  if any(item.level is level for item in group.items)]
        return f"{group.title}: {group.count} ({', '.join(levels)}). Click to see them."

    # ------------------------------------------------------------ Qt overrides

    def _arrange_tiles(self, columns: int) -> None:
        """Tiles in one row when they fit, else in as many rows as needed (a
        narrow window, or 150% scaling, never forces the window wider)."""
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for tile in self.tiles.values():
            self.tiles_grid.removeWidget(tile)
        for number, tile in enumerate(self.tiles.values()):
            self.tiles_grid.addWidget(tile, number // columns, number % columns)
        for column in range(len(self.tiles)):
            self.tiles_grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        widest = max(tile.minimumSizeHint().width() for tile in self.tiles.values())
        margins = self.layout().contentsMargins()
        room = event.size().width() - margins.left() - margins.right() + TILE_SPACING
        fitting = max(1, min(len(self.tiles), room // (widest + TILE_SPACING)))
        if fitting < len(self.tiles):  # balanced rows: 7 tiles as 4 + 3, not 6 + 1
            rows = -(-len(self.tiles) // fitting)
            fitting = -(-len(self.tiles) // rows)
        self._arrange_tiles(fitting)
        super().resizeEvent(event)

    def _first_painted(self) -> None:
        self._painted = True
        if self._count_after_paint:
            self._start_counting()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._loaded:
            self.refresh()
        else:  # the file encrypted, a backup folder moved meanwhile: said as it is now
            self.show_storage_warnings()
        super().showEvent(event)


def _count(house_id: int | None) -> TodayOverview:
    """Today's figures (in the worker thread: the core's computing modules
    load there, off the window's start-up)."""
    from soberhouse.today import today_overview

    return today_overview(house_id)


def _same(one: AttentionItem, other: AttentionItem) -> bool:
    return (one.kind, one.resident_id, one.item_id) == (other.kind, other.resident_id,
                                                        other.item_id)
