"""Edit one house's tier ladder; Save hands the whole ladder to the core at once."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import RuleViolation
from soberhouse.houses import TierDetails, get_house, save_tiers, tiers_of
from soberhouse.models import Tier
from ui.form_fields import FieldErrors
from ui.resources import icon
from ui.settings_section.tier_table_model import (
    NAME_COLUMN,
    OPTIONAL_COLUMNS,
    TierTableModel,
)
from ui.table_columns import allow_copy

MOST_DIGITS = 4


class OptionalNumberDelegate(QStyledItemDelegate):
    """A whole number that may be left empty (no such condition)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(
            QRegularExpression(rf"\d{{0,{MOST_DIGITS}}}"), editor))
        editor.setPlaceholderText("none")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text().strip(), Qt.ItemDataRole.EditRole)


class TierNameDelegate(QStyledItemDelegate):
    """A tier's name, no longer than its column (``Tier.name.max_length``)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(Tier.name.max_length)
        editor.setFrame(False)
        return editor


class TiersDialog(QDialog):
    def __init__(self, house_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        house = get_house(house_id)
        self._house_id = house_id
        self.setWindowTitle(f"Tiers of {house.name}")

        intro = QLabel(
            "The first tier is where new residents start. Residents move up when they "
            "meet a tier's minimum days and conditions; tiers that may mentor can take "
            "mentees up to their caseload cap. Leave \u201cMax unexcused absences\u201d or "
            "\u201cOutside meetings needed\u201d blank when the tier has no such condition "
            "(for example 90 outside meetings in the last 90 days).")
        intro.setWordWrap(True)

        self.model = TierTableModel([TierDetails.of(tier) for tier in tiers_of(house_id)], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                                   & ~QAbstractItemView.EditTrigger.CurrentChanged)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        allow_copy(self.table)
        self.optional_delegate = OptionalNumberDelegate(self.table)
        for column in OPTIONAL_COLUMNS:
            self.table.setItemDelegateForColumn(column, self.optional_delegate)
        self.name_delegate = TierNameDelegate(self.table)
        self.table.setItemDelegateForColumn(NAME_COLUMN, self.name_delegate)
        self.table.setAccessibleName("Tiers")

        self.add_button = QPushButton(icon("add"), "&Add Tier")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &Up")
        self.down_button = QPushButton("Move &Down")
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button.clicked.connect(self.remove_tier)
        self.up_button.clicked.connect(lambda: self.move_tier(-1))
        self.down_button.clicked.connect(lambda: self.move_tier(1))
        row_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)

        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.rowsInserted.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        self.model.rowsMoved.connect(self._update_buttons)
        if self.model.rowCount():
            self.select_row(0)
        self._update_buttons()
        self.resize(self.fontMetrics().averageCharWidth() * 170,
                    self.fontMetrics().height() * 22)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, NAME_COLUMN),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def add_tier(self) -> None:
        row = self.model.add_tier()
        self.select_row(row)
        self.table.edit(self.model.index(row, NAME_COLUMN))

    def remove_tier(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove_tier(row)
            if self.model.rowCount():
                self.select_row(min(row, self.model.rowCount() - 1))

    def move_tier(self, offset: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.select_row(self.model.move_tier(row, offset))

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    def accept(self) -> None:
        try:
            save_tiers(self._house_id, self.model.tiers())
        except RuleViolation as violation:
            self.errors.show(violation)
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int) -> bool:
        """Show the dialog; True if the ladder was saved."""
        return cls(house_id, parent).exec() == QDialog.DialogCode.Accepted
