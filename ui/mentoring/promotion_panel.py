"""The "Ready for promotion" list: every resident against their next tier,
each condition met or unmet and why; promoting or demoting asks for a reason
and the core records who and when.  The program never changes a tier itself."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.progression import Progression, demote, progression_of, progressions, promote
from ui.date_field import DateField
from ui.mentoring.list_view import ListView
from ui.mentoring.promotion_model import PromotionModel, conditions_text
from ui.mentoring.row_model import SearchProxy
from ui.record_dialog import RecordDialog
from ui.resources import icon


class TierChangeDialog(RecordDialog):
    """Promote (``up``) or demote one resident: a date and a required reason."""

    def __init__(self, resident_id: int, up: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progression: Progression = progression_of(resident_id)
        self.up = up
        name = self.progression.name
        self.setWindowTitle(f"Promote {name}" if up else f"Demote {name}")
        self.save_button.setText("Promote" if up else "Demote")
        self.save_button.setIcon(icon("promote" if up else "demote"))
        if up:
            target = self.progression.next_tier_name or "a higher tier"
            lines = [f"{name} is in {self.progression.tier_name or 'no tier'}; promote to "
                     f"{target}."]
            lines += [("\u2713 " if c.met else "\u2717 ") + c.detail
                      + ("" if c.met else " (not met)") for c in self.progression.conditions]
            if not self.progression.ready and self.progression.next_tier_id is not None:
                lines.append("Not every condition is met: you decide, and the reason says why.")
        else:
            lines = [f"{name} is in {self.progression.tier_name or 'no tier'}; demote one "
                     f"tier."]
        self.set_introduction("\n".join(lines))
        self.effective_date = DateField(clock.today(), required=True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why, in a few words (kept in the history)")
        self.add_field("tier_id", "Tier", QLabel(self._target_text()))
        self.add_field("effective_date", "From", self.effective_date, required=True)
        self.add_field("reason", "Reason", self.reason, required=True)
        self.reason.setFocus()

    def _target_text(self) -> str:
        if self.up:
            return self.progression.next_tier_name or "Already in the highest tier"
        return "One tier lower"

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int, up: bool) -> str | None:
        """What was done (for the status bar), or None if cancelled."""
        dialog = cls(resident_id, up, parent)
        return dialog.status_text if dialog.run() else None

    def apply(self) -> str:
        change = promote if self.up else demote
        resident = change(self.progression.resident_id, self.reason.text(),
                          self.effective_date.value())
        tier = resident.tier.name if resident.tier is not None else "no tier"
        verb = "promoted" if self.up else "demoted"
        return f"{resident.full_name} {verb} to {tier}"


class PromotionPanel(QWidget):
    status_message = Signal(str)
    residents_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id: int | None = None
        self._loaded = False
        self.model = PromotionModel(self)
        self.proxy = SearchProxy(self.model, self)
        self.only_ready = QCheckBox("Only &those ready")
        self.only_ready.setChecked(True)
        self.only_ready.setToolTip("Show only residents who meet every condition of their "
                                   "next tier")
        self.only_ready.toggled.connect(self._filter_changed)
        self.count_label = QLabel()
        self.table = ListView("Ready for promotion",
                              "Nobody meets every condition of their next tier today.")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.open_requested.connect(self.promote_selected)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.promote_button = QPushButton(icon("promote"), "&Promote\u2026")
        self.promote_button.setToolTip("Move the selected resident up one tier (Enter)")
        self.demote_button = QPushButton(icon("demote"), "&Demote\u2026")
        self.demote_button.setToolTip("Move the selected resident down one tier")
        for button in (self.promote_button, self.demote_button):
            button.setAutoDefault(False)
        self.promote_button.clicked.connect(self.promote_selected)
        self.demote_button.clicked.connect(self.demote_selected)

        top = QHBoxLayout()
        top.addWidget(self.only_ready)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.promote_button)
        top.addWidget(self.demote_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self._filter_changed()

    # ------------------------------------------------------------ API

    def set_house(self, house_id: int | None) -> None:
        self._house_id = house_id
        if self._loaded:
            self.refresh()

    def ensure_loaded(self) -> None:
        """Read the list the first time it is shown (not when the section opens)."""
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected_resident_id()
        self.model.set_rows(progressions(self._house_id))
        self._loaded = True
        self.table.size_columns()
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        if selected is not None:
            self.select_resident(selected)
        self._update()

    def selected_resident_id(self) -> int | None:
        row = self.proxy.row_at(self.table.currentIndex())
        return row.resident_id if row is not None else None

    def select_resident(self, resident_id: int) -> bool:
        index = self.proxy.index_of(resident_id)
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def promote_selected(self) -> None:
        self._change(up=True)

    def demote_selected(self) -> None:
        self._change(up=False)

    # ------------------------------------------------------------ helpers

    def _change(self, up: bool) -> None:
        resident_id = self.selected_resident_id()
        if resident_id is None:
            return
        done = TierChangeDialog.ask(self, resident_id, up)
        if done is not None:
            self.refresh()
            self.status_message.emit(done)
            self.residents_changed.emit()

    def _filter_changed(self) -> None:
        self.proxy.set_row_filter((lambda p: p.ready) if self.only_ready.isChecked() else None)
        self.table.set_empty_message(
            "Nobody meets every condition of their next tier today."
            if self.only_ready.isChecked() else "No residents living in the house.")
        if self._loaded:
            self.table.size_columns()
        self._update()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update()

    def _update(self) -> None:
        row = self.proxy.row_at(self.table.currentIndex())
        ready = sum(1 for p in self.model.rows if p.ready)
        self.count_label.setText(f"{ready} ready of {self.model.rowCount()}")
        self.promote_button.setEnabled(row is not None and row.next_tier_id is not None)
        self.demote_button.setEnabled(row is not None)
        if row is None:
            self.detail.setText("Choose a resident to see each condition of their next tier.")
        elif row.next_tier_id is None:
            self.detail.setText(f"{row.name} is in {row.tier_name}, the highest tier.")
        else:
            self.detail.setText(f"{row.name}: {row.tier_name or 'no tier'} \u2192 "
                                f"{row.next_tier_name}. {conditions_text(row)}.")
