"""The roll-call table, made for the keyboard: P present, L late, E excused
(then type the reason), U unexcused; each key marks the row and moves to
the next one, arrow keys move, Enter saves the roll call."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from soberhouse.models.meetings import AttendanceStatus
from ui.meetings.marks import KEY_OF_STATUS, NOT_MARKED, STATUS_KEYS
from ui.meetings.roll_call_model import RollCallColumn, RollCallModel
from ui.residents.table_view import ResidentTableView

AnyIndex = QModelIndex | QPersistentModelIndex


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the four marks, for the mouse (the keys are quicker)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(NOT_MARKED, "")
        for status in AttendanceStatus:
            combo.addItem(f"{status.label} ({KEY_OF_STATUS[status]})", status.value)
        combo.setAccessibleName("Roll-call mark")
        combo.activated.connect(lambda _number: self._commit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)


class RollCallView(ResidentTableView):
    save_requested = Signal()
    """Enter (or Return) outside an editor: save the roll call."""
    marked = Signal()
    """A mark or a reason changed through the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Roll call")
        self.setSortingEnabled(False)  # the roll is read down in the house's order
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setItemDelegateForColumn(RollCallColumn.STATUS, StatusDelegate(self))
        self.horizontalHeader().setSectionsMovable(False)
        # The mark is as wide as the widest mark, so the columns don't move
        # while the roll is taken; the others share the room, and short of it
        # the bed, the tier and the reason give way before the name.
        self.column_fit.share_columns(RollCallColumn.NAME, RollCallColumn.REASON,
                                      RollCallColumn.TIER, RollCallColumn.BED)
        self.column_fit.set_least_width(RollCallColumn.STATUS, self._widest_mark)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.fontMetrics().height() * 1.6))
        self._advance_after_reason = False

    def roll_call(self) -> RollCallModel:
        model = self.model()
        assert isinstance(model, RollCallModel)
        return model

    def set_editable(self, editable: bool) -> None:
        self.roll_call().set_editable(editable)
        self.viewport().update()

    def start(self) -> None:
        """Focus the first row's mark, ready for the keys."""
        if self.roll_call().rowCount():
            row = max(self.currentIndex().row(), 0)
            self.setCurrentIndex(self.roll_call().index(row, RollCallColumn.STATUS))
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_current(self, status: AttendanceStatus) -> None:
        """Mark the current row; move on (after the reason, for an excused absence)."""
        model = self.roll_call()
        index = self.currentIndex()
        if not index.isValid() or not model.flags(index.siblingAtColumn(
                RollCallColumn.STATUS)) & Qt.ItemFlag.ItemIsEditable:
            return
        model.set_status(index.row(), status)
        self.marked.emit()
        if status is AttendanceStatus.EXCUSED:
            reason = index.siblingAtColumn(RollCallColumn.REASON)
            self.setCurrentIndex(reason)
            self._advance_after_reason = True
            self.edit(reason)
        else:
            self.move_to_next(index.row())

    def move_to_next(self, row: int) -> None:
        model = self.roll_call()
        following = min(row + 1, model.rowCount() - 1)
        if following >= 0:
            self.setCurrentIndex(model.index(following, RollCallColumn.STATUS))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)  # a key the editor let through (its Enter)
            return
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key_text = event.text().upper()
        if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            status = STATUS_KEYS.get(key_text)
            if status is not None:
                self.mark_current(status)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                index = self.currentIndex()
                if index.isValid() and self.roll_call().flags(index) & (
                        Qt.ItemFlag.ItemIsEditable):
                    if index.column() == RollCallColumn.REASON:
                        self.roll_call().set_reason(index.row(), "")
                    else:
                        self.roll_call().set_status(index.row(), None)
                    self.marked.emit()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save_requested.emit()
                return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget,  # noqa: N802
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = self.currentIndex()
        super().closeEditor(editor, hint)
        self.marked.emit()
        if self._advance_after_reason and index.column() == RollCallColumn.REASON:
            self._advance_after_reason = False
            if hint in (QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                        QAbstractItemDelegate.EndEditHint.NoHint):
                self.move_to_next(index.row())
            elif hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
                self.setCurrentIndex(index.siblingAtColumn(RollCallColumn.STATUS))

    def finish_editing(self) -> None:
        """Keep what is being typed in a cell (before saving with Ctrl+S)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        while editor is not None and editor.parentWidget() is not self.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            self._advance_after_reason = False
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def edit_reason(self) -> None:
        index = self.currentIndex()
        if index.isValid():
            reason = index.siblingAtColumn(RollCallColumn.REASON)
            self.setCurrentIndex(reason)
            self.edit(reason)

    def size_columns(self) -> None:
        """Fit the columns now (they also follow the rows and the font on their own)."""
        self.column_fit.fit()

    def _widest_mark(self) -> int:
        bold = self.font()
        bold.setBold(True)
        return (max(QFontMetrics(bold).horizontalAdvance(s.label) for s in AttendanceStatus)
                + self.fontMetrics().averageCharWidth() * 3)
