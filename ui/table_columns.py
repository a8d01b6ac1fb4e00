"""Column widths and copying for every table of the window.

One :class:`ColumnFit` per table view (``ColumnFit.of(view)``):

- columns that carry a status, and the short ones (dates, counts, tiers), are
  sized to their content, measured over every row of the model (not only the
  rows in view), so a status is never cut ("Behind by 2", "Moved in mid-week");
- columns whose heading says :data:`SHARE` for :data:`WIDTH_ROLE` (names,
  notes, reasons) share the room left, each in proportion to its own content;
  short of room, the ones on the right (notes) give way first, down to a few
  characters, before the table scrolls sideways (a table without such a
  column lets its last column take the room);
- this is done again whenever the font or the scale changes (a bigger system
  font, another screen's DPI) and whenever the rows change; a table that is
  resized shares its new width out again;
- widths the manager drags are remembered (in :mod:`ui.preferences`) with the
  font they were set for, and used only while that font stays; View > Reset
  Column Widths (:func:`reset_all`) forgets them and fits every table again;
- Ctrl+C copies the selected rows, as tab-separated text with the heading line
  first, for a spreadsheet or an e-mail.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui import preferences

WIDTH_ROLE = Qt.ItemDataRole.UserRole + 90
"""``headerData(column, Horizontal, WIDTH_ROLE)``: :data:`SHARE` for a column
that shares the room left (names, notes); anything else fits its content."""
SHARE = "share"

PREFERENCES_GROUP = "table_columns"
MEASURED_ROWS = 1000
"""Rows measured cell by cell for a model without ``column_texts`` (one
that has it gives every row's text at once)."""
WIDEST_TEXTS = 8
"""Per column, the widest distinct texts measured the way the cell draws them
(with its icon, bold font, bar...); the others can only be narrower."""
SHARED_NATURAL_CHARS = 40
"""A shared column asks for at most this many average characters..."""
SHARED_MINIMUM_CHARS = 10
"""...and gives up room down to this many (or its heading) before the
table scrolls sideways."""
FITTED_WIDEST_CHARS = 60
"""A fitted column never takes more than this (a long text is elided, its
tooltip says it all)."""

_EVENTS_THAT_CHANGE_SIZES = frozenset({
    QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange,
    QEvent.Type.DevicePixelRatioChange, QEvent.Type.ScreenChangeInternal,
    QEvent.Type.StyleChange,
})
_EVENTS_WATCHED = _EVENTS_THAT_CHANGE_SIZES | {
    QEvent.Type.Show, QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.Resize,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
}


def font_key(widget: QWidget) -> str:
    """The font and scale a widget draws with: widths are only good for these."""
    return (f"{widget.font().key()}@{widget.logicalDpiX()}dpi"
            f"x{widget.devicePixelRatioF():g}")


def _source_of(model: QAbstractItemModel | None) -> QAbstractItemModel | None:
    """The model under any filtering proxies (same columns): measured once for
    every row, so searching doesn't make the columns jump."""
    while isinstance(model, QAbstractProxyModel):
        source = model.sourceModel()
        if source is None or source.columnCount() != model.columnCount():
            break
        model = source
    return model


def _cell_text(index: QModelIndex) -> str:
    value = index.data(Qt.ItemDataRole.DisplayRole)
    if value is None:
        check = index.data(Qt.ItemDataRole.CheckStateRole)
        if check is not None:
            return "Yes" if Qt.CheckState(check) == Qt.CheckState.Checked else ""
        return ""
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ColumnFit(QObject):
    """The column widths of one table view (see the module's description)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.setObjectName("columnFit")
        self.view = view
        self._model: QAbstractItemModel | None = None
        self._key = ""
        self._shared: frozenset[int] | None = None  # the view's own choice
        self._least: dict[int, Callable[[], int]] = {}
        self._manual = False  # the manager's own widths (for this font)
        self._fitted: dict[int, int] = {}  # column -> content width, at the last fit
        self._natural: dict[int, tuple[int, int]] = {}  # shared column -> (wanted, least)
        self._line_height = view.fontMetrics().height()
        self._manual_font = ""  # the font the manager's widths are for
        self._applying = False
        self._dragging = False
        self._dragged = False
        self._pending = ""  # "", "share", "rows" or "full"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_pending)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._section_resized)
        header.sortIndicatorChanged.connect(lambda *_sorted: self._schedule("rows"))
        header.sectionHandleDoubleClicked.connect(lambda _column: self._manager_resized())
        # Kept, not asked for in eventFilter: while a view is being destroyed
        # its viewport may already be gone.
        self._viewport = view.viewport()
        self._header_viewport = header.viewport()
        self._header_viewport.installEventFilter(self)
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        if view.model() is not None:
            self.set_model(view.model())

    @classmethod
    def of(cls, view: QTableView) -> ColumnFit:
        """The view's fit, made on first use."""
        fit = view.findChild(ColumnFit, "columnFit", Qt.FindChildOption.FindDirectChildrenOnly)
        return fit if isinstance(fit, ColumnFit) else cls(view)

    # ------------------------------------------------------------ our API

    @property
    def manual(self) -> bool:
        """Whether the widths are the manager's own (remembered for this font)."""
        return self._manual

    def set_model(self, model: QAbstractItemModel | None) -> None:
        """Follow the view's (new) model: call after ``view.setModel``."""
        source = _source_of(model)
        if source is self._model:
            return
        if self._model is not None:
            for signal in self._row_signals(self._model):
                signal.disconnect(self._rows_changed)
        self._model = source
        if source is None:
            return
        for signal in self._row_signals(source):
            signal.connect(self._rows_changed)
        if not self._key:
            self._key = type(source).__name__
        self._manual = self._restore()
        self._schedule("full")

    def share_columns(self, *columns: int) -> None:
        """These columns share the room left, whatever the model says."""
        self._shared = frozenset(columns)
        self._schedule("full")

    def set_least_width(self, column: int, width: Callable[[], int]) -> None:
        """A fitted column at least this wide (asked again at every fit: for a
        column whose every possible value is known, so it never jumps)."""
        self._least[column] = width
        self._schedule("full")

    def set_key(self, key: str) -> None:
        """Where the manager's widths are remembered (default: the model's class name)."""
        self._key = key

    def fit(self) -> None:
        """Fit the content and share out the room now (the manager's own
        widths, if any, stay; statuses still get the room they need)."""
        self._timer.stop()
        self._pending = ""
        self.view.horizontalHeader().setStretchLastSection(False)  # the room is shared here
        self._measure()
        if self._manual:
            self._grow_fitted()
        else:
            self._share()

    def wanted_width(self) -> int:
        """The view's width for every fitted column whole and each shared one
        at its least (for a splitter to make room, say)."""
        if not self._fitted and not self._natural:
            self._measure()
        view = self.view
        return (sum(self._fitted.values()) + sum(least for _wanted, least in self._natural.values())
                + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width())

    def reset(self) -> None:
        """Forget the manager's widths and fit the table again."""
        self._manual = False
        if self._key:
            preferences.remove(self._preferences_key())
        self.fit()

    def copy_selected_rows(self) -> str:
        """Ctrl+C: see :func:`copy_rows`."""
        return copy_rows(self.view)

    # ------------------------------------------------------------ measuring

    @staticmethod
    def _row_signals(model: QAbstractItemModel) -> Iterable[object]:
        return (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged,
                model.headerDataChanged, model.columnsInserted, model.columnsRemoved)

    def _visible_columns(self) -> list[int]:
        header = self.view.horizontalHeader()
        return [column for column in (header.logicalIndex(visual)
                                      for visual in range(header.count()))
                if column >= 0 and not header.isSectionHidden(column)]

    def _shares(self, column: int) -> bool:
        if self._shared is not None:
            return column in self._shared
        model = self.view.model()
        return model is not None and model.headerData(
            column, Qt.Orientation.Horizontal, WIDTH_ROLE) == SHARE

    def _measure(self) -> None:
        """Content widths: fitted columns in full, shared ones as wished and at least."""
        self._fitted = {}
        self._natural = {}
        view = self.view
        model = view.model()
        columns = self._visible_columns()
        if model is None or not columns:
            return
        shared = [column for column in columns if self._shares(column)]
        if not shared:  # the last column takes the room (as a stretched last section would)
            shared = [columns[-1]]
        char = max(view.fontMetrics().averageCharWidth(), 1)
        headings = self._heading_widths(columns)
        for column in columns:
            heading = headings[column]
            content = max(heading, self._content_width(column))
            if column in shared:
                least = min(max(heading, char * SHARED_MINIMUM_CHARS), content)
                self._natural[column] = (min(content, char * SHARED_NATURAL_CHARS), least)
            else:
                least = self._least[column]() if column in self._least else 0
                self._fitted[column] = max(min(content, char * FITTED_WIDEST_CHARS), least)
        self._line_height = view.fontMetrics().height()

    def _heading_widths(self, columns: list[int]) -> dict[int, int]:
        """Each heading's width; room for the sort arrow only where it is
        (Qt keeps it on every heading, some 25 pixels a column)."""
        header = self.view.horizontalHeader()
        if not header.isSortIndicatorShown():
            return {column: header.sectionSizeHint(column) for column in columns}
        with_arrow = {column: header.sectionSizeHint(column) for column in columns}
        header.setSortIndicatorShown(False)
        try:
            widths = {column: header.sectionSizeHint(column) for column in columns}
        finally:
            header.setSortIndicatorShown(True)
        sorted_by = header.sortIndicatorSection()
        if sorted_by in widths:
            widths[sorted_by] = with_arrow[sorted_by]
        return widths

    def _content_width(self, column: int) -> int:
        """The widest cell of ``column``, drawn as the view draws it."""
        view = self.view
        source = self._model
        if source is None:
            return 0
        texts = self._texts_of(source, column)
        if not texts:
            return 0
        metrics = view.fontMetrics()
        widest: dict[str, int] = {}
        for row, text in enumerate(texts):
            if text not in widest:
                widest[text] = row
        pool = (heapq.nlargest(WIDEST_TEXTS * 32, widest, key=len)
                if len(widest) > WIDEST_TEXTS * 32 else widest)  # thousands of names
        candidates = heapq.nlargest(WIDEST_TEXTS, pool, key=metrics.horizontalAdvance)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        grid = 1 if view.showGrid() else 0
        width = 0
        for text in candidates:
            index = source.index(widest[text], column)
            delegate = view.itemDelegateForIndex(index) or view.itemDelegate()
            width = max(width, delegate.sizeHint(option, index).width() + grid)
        return width

    @staticmethod
    def _texts_of(source: QAbstractItemModel, column: int) -> list[str]:
        """Every row's text (a model's own ``column_texts`` is quicker than
        asking cell by cell; then at most :data:`MEASURED_ROWS` rows)."""
        quick = getattr(source, "column_texts", None)
        if callable(quick):
            return list(quick(column))
        return [_cell_text(source.index(row, column))
                for row in range(min(source.rowCount(), MEASURED_ROWS))]

    # ------------------------------------------------------------ applying

    def _room(self) -> int:
        return self.view.viewport().width()

    def _share(self) -> None:
        """Fitted columns at their content, shared ones splitting the room left."""
        wanted = sum(natural for natural, _least in self._natural.values())
        # Not on screen yet: each as wanted (shared out again once shown).
        room = (self._room() - sum(self._fitted.values()) if self.view.isVisible()
                else wanted)
        widths = dict(self._fitted)
        if self._natural:
            shared = list(self._natural)
            if room >= wanted:  # spare room: in proportion to what each wants
                spare = room - wanted
                for column in shared:
                    natural = self._natural[column][0]
                    widths[column] = natural + (spare * natural // wanted if wanted
                                                else spare // len(shared))
            else:  # short of room: the notes on the right give way first, names last
                short = wanted - room
                for column in reversed(shared):
                    natural, least = self._natural[column]
                    given = min(short, natural - least)
                    widths[column] = natural - given
                    short -= given
            used = sum(widths.values())
            if self.view.isVisible():  # what rounding left over, to the last one
                last = shared[-1]
                widths[last] = max(widths[last] + self._room() - used, self._natural[last][1])
        self._resize(widths)

    def _grow_fitted(self) -> None:
        """The manager's widths stay, but a status never gets cut."""
        header = self.view.horizontalHeader()
        self._resize({column: width for column, width in self._fitted.items()
                      if header.sectionSize(column) < width})

    def _follow_new_width(self, old_room: int) -> None:
        """The manager's widths, the table resized: the last shared column
        takes the difference (never less than its least)."""
        if not self._natural or old_room <= 0:
            return
        header = self.view.horizontalHeader()
        column = list(self._natural)[-1]
        least = self._natural[column][1]
        self._resize({column: max(least, header.sectionSize(column) + self._room() - old_room)})

    def _resize(self, widths: dict[int, int]) -> None:
        header = self.view.horizontalHeader()
        self._applying = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, max(width, header.minimumSectionSize()))
        finally:
            self._applying = False

    def _update_row_height(self) -> None:
        """Rows keep the same number of lines of the new font."""
        rows = self.view.verticalHeader()
        new_height = self.view.fontMetrics().height()
        if self._line_height > 0 and new_height != self._line_height:
            rows.setDefaultSectionSize(round(rows.defaultSectionSize() * new_height
                                             / self._line_height))
        self._line_height = new_height

    # ------------------------------------------------------------ remembering

    def _preferences_key(self) -> str:
        return f"{PREFERENCES_GROUP}/{self._key}"

    def _headings(self) -> dict[int, str]:
        model = self.view.model()
        if model is None:
            return {}
        return {column: str(model.headerData(column, Qt.Orientation.Horizontal) or column)
                for column in range(model.columnCount())}

    def _save(self) -> None:
        if not self._key:
            return
        header = self.view.horizontalHeader()
        widths = {heading: header.sectionSize(column)
                  for column, heading in self._headings().items()
                  if not header.isSectionHidden(column)}
        self._manual_font = font_key(self.view)
        preferences.save_text(self._preferences_key(),
                              json.dumps({"font": self._manual_font, "widths": widths}))

    def _restore(self) -> bool:
        """Use the manager's widths if they were set with the font now in use."""
        if not self._key:
            return False
        try:
            stored = json.loads(preferences.load_text(self._preferences_key()) or "null")
        except ValueError:
            stored = None
        if not isinstance(stored, dict) or not isinstance(stored.get("widths"), dict):
            return False
        if stored.get("font") != font_key(self.view):  # another font: fit it afresh
            preferences.remove(self._preferences_key())
            return False
        self._manual_font = stored["font"]
        widths = {column: stored["widths"].get(heading)
                  for column, heading in self._headings().items()}
        self._resize({column: int(width) for column, width in widths.items()
                      if isinstance(width, int) and width > 0})
        return True

    def _manager_resized(self) -> None:
        self._manual = True
        self._save()

    # ------------------------------------------------------------ reacting

    def _schedule(self, kind: str) -> None:
        order = ("", "share", "rows", "full")
        if order.index(kind) > order.index(self._pending):
            self._pending = kind
        self._timer.start()

    def _run_pending(self) -> None:
        kind, self._pending = self._pending, ""
        if kind in ("full", "rows"):
            self.fit()
        elif kind == "share" and not self._manual:
            self._share()

    def _rows_changed(self, *_args: object) -> None:
        self._schedule("rows")

    def _sizes_changed(self) -> None:
        """Another font or scale: widths set for the old one no longer fit."""
        self._update_row_height()
        if self._manual and font_key(self.view) != self._manual_font:
            self._manual = False
            if self._key:
                preferences.remove(self._preferences_key())
        self._schedule("full")

    def _section_resized(self, column: int, old: int, new: int) -> None:
        if self._applying:
            return
        if old == 0 or new == 0:  # a column shown or hidden: share the room again
            self._schedule("full")
        elif self._dragging:
            self._dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in _EVENTS_WATCHED:
            return False
        if watched is self.view:
            if kind in _EVENTS_THAT_CHANGE_SIZES:
                self._sizes_changed()
            elif kind == QEvent.Type.Show:
                self._schedule("share")
            elif _is_copy(event):
                if kind == QEvent.Type.KeyPress:
                    self.copy_selected_rows()
                event.accept()
                return True
        elif watched is self._viewport:
            if kind == QEvent.Type.Resize:
                old_width = event.oldSize().width()  # type: ignore[attr-defined]
                if self._manual:
                    self._follow_new_width(old_width)
                else:
                    self._schedule("share")
        elif watched is self._header_viewport:
            if kind == QEvent.Type.MouseButtonPress:
                self._dragging, self._dragged = True, False
            elif kind == QEvent.Type.MouseButtonRelease:
                if self._dragged:
                    self._manager_resized()
                self._dragging = self._dragged = False
        return False

def copy_rows(view: QTableView) -> str:
    """The selected rows (or the current one), tab-separated, heading line
    first, put on the clipboard and returned ("" when there is none)."""
    model = view.model()
    if model is None:
        return ""
    header = view.horizontalHeader()
    columns = [header.logicalIndex(visual) for visual in range(header.count())]
    columns = [column for column in columns if not header.isSectionHidden(column)]
    selection = view.selectionModel()
    rows = sorted({index.row() for index in selection.selectedIndexes()}
                  if selection is not None else set())
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    if not rows or not columns:
        return ""
    headings = [_one_line(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                for column in columns]
    lines = ["\t".join(headings)]
    for row in rows:
        lines.append("\t".join(_one_line(_cell_text(model.index(row, column)))
                               for column in columns))
    text = "\n".join(lines) + "\n"
    QApplication.clipboard().setText(text)
    return text


def _is_copy(event: QEvent) -> bool:
    return (event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy))


class RowCopy(QObject):
    """Ctrl+C on a table that keeps its own widths (a dialog's)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and _is_copy(event):
            if event.type() == QEvent.Type.KeyPress:
                copy_rows(self.view)
            event.accept()
            return True
        return False


def allow_copy(view: QTableView) -> None:
    """Ctrl+C copies the selected rows of ``view`` (see :func:`copy_rows`)."""
    RowCopy(view)


def record_table(model: QAbstractItemModel, accessible_name: str) -> QTableView:
    """A read-only list of records over ``model``: whole rows chosen one at a
    time, alternating row colours, no row numbers, one line a row (cut off
    with "..."); fit its columns with :func:`fit_columns`."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view


def fit_columns(view: QTableView) -> ColumnFit:
    """Give a table view fitted columns and Ctrl+C (call after ``setModel``)."""
    fit = ColumnFit.of(view)
    fit.set_model(view.model())
    return fit


def reset_all(window: QWidget) -> int:
    """Forget every remembered width and fit every table of ``window`` again
    (View > Reset Column Widths); the number of tables fitted."""
    preferences.remove(PREFERENCES_GROUP)
    fits = window.findChildren(ColumnFit)
    for fit in fits:
        fit.reset()
    return len(fits)

