"""Add or edit a house: name, address, beds, the day its week starts and its
regular house meeting (weekday and time, or none)."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import EditConflict, RuleViolation
from soberhouse.houses import (
    HouseDetails,
    create_house,
    get_house,
    house_details,
    update_house,
)
from soberhouse.models import WEEKDAYS, House
from ui.date_field import TimeField
from ui.edit_conflict_dialog import EditConflictDialog, OpenedRecord
from ui.form_fields import FieldErrors

MAXIMUM_BEDS = 999
NO_REGULAR_MEETING = "No regular meeting"
TIME_FORMAT = "HH:mm"
DEFAULT_MEETING_TIME = QTime(19, 0)


class HouseDialog(QDialog):
    """Saves through :mod:`soberhouse.houses`; on a broken rule it stays open,
    shows each message under its field and saves nothing."""

    def __init__(self, house: House | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id = house.id if house is not None else None
        self.saved_house: House | None = None
        self.setWindowTitle("Edit House" if house is not None else "Add House")

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(House.name.max_length)
        self.name_edit.setPlaceholderText("e.g. Maple House")
        self.name_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText("Street, town")
        self.beds_spin = QSpinBox()
        self.beds_spin.setRange(0, MAXIMUM_BEDS)
        self.beds_spin.setAccessibleName("Beds")
        self.week_start_combo = QComboBox()
        self.week_start_combo.addItems(list(WEEKDAYS))
        self.week_start_combo.setToolTip("Weekly meeting quotas are counted from this day")
        self.meeting_day_combo = QComboBox()
        self.meeting_day_combo.addItem(NO_REGULAR_MEETING, None)
        for number, weekday in enumerate(WEEKDAYS):
            self.meeting_day_combo.addItem(weekday, number)
        self.meeting_day_combo.setCurrentIndex(self.meeting_day_combo.findData(0))
        self.meeting_day_combo.setToolTip("The day of the weekly house meeting; its roll call "
                                          "is taken in Meetings")
        self.meeting_time_edit = TimeField(DEFAULT_MEETING_TIME)
        self.meeting_time_edit.setDisplayFormat(TIME_FORMAT)
        self.meeting_time_edit.setToolTip("When the weekly house meeting starts (24-hour clock)")
        self.meeting_day_combo.currentIndexChanged.connect(self._meeting_day_changed)

        self.general_message = QLabel()
        self.errors = FieldErrors(self.general_message)
        form = QFormLayout()
        self.errors.add_row(form, "name", "Name", self.name_edit, required=True)
        form.addRow("Address:", self.address_edit)
        self.errors.add_row(form, "beds", "Beds", self.beds_spin, required=True)
        self.errors.add_row(form, "week_start", "Week starts on", self.week_start_combo)
        self.errors.add_row(form, "meeting_weekday", "House meeting day", self.meeting_day_combo)
        self.errors.add_row(form, "meeting_time", "House meeting time", self.meeting_time_edit)

        required_note = QLabel("* required")
        required_note.setEnabled(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_message)
        layout.addWidget(required_note)
        layout.addWidget(self.buttons)

        # What the form opened with and the house's version then: a save
        # writes only what was changed here, and notices a newer save.
        self._opened: OpenedRecord[HouseDetails] | None = None
        if house is not None:
            house_id = house.id
            self._fill(house_details(house))
            self._opened = OpenedRecord(
                self.details(), house.version,
                on_file=lambda: house_details(get_house(house_id)))
        self._meeting_day_changed()

    def _fill(self, details: HouseDetails) -> None:
        self.name_edit.setText(details.name)
        self.address_edit.setText(details.address)
        self.beds_spin.setValue(details.beds)
        self.week_start_combo.setCurrentIndex(details.week_start)
        self.meeting_day_combo.setCurrentIndex(
            max(self.meeting_day_combo.findData(details.meeting_weekday), 0))
        time = QTime.fromString(details.meeting_time or "", TIME_FORMAT)
        self.meeting_time_edit.setTime(time if time.isValid() else DEFAULT_MEETING_TIME)

    def resolve_conflicts(self, conflict: EditConflict) -> dict[str, bool] | None:
        """Someone saved this house meanwhile: per field, True to keep this
        form's value; None to go back to the form."""
        return EditConflictDialog.ask(self, conflict.record, conflict.conflicts)

    def _meeting_day_changed(self) -> None:
        self.meeting_time_edit.setEnabled(self.meeting_day_combo.currentData() is not None)

    def details(self) -> HouseDetails:
        return HouseDetails(
            name=self.name_edit.text(),
            address=self.address_edit.text(),
            beds=self.beds_spin.value(),
            week_start=self.week_start_combo.currentIndex(),
            meeting_weekday=self.meeting_day_combo.currentData(),
            meeting_time=self.meeting_time_edit.time().toString(TIME_FORMAT),
        )

    def accept(self) -> None:
        house_id = self._house_id
        try:
            if house_id is None or self._opened is None:
                self.saved_house = create_house(self.details())
            else:
                self.saved_house = self._opened.save(
                    self.details(),
                    lambda details, base, version: update_house(
                        house_id, details, base=base, base_version=version),
                    ask=self.resolve_conflicts, fill=self._fill)
        except RuleViolation as violation:  # an EditConflict too, when the manager goes back
            self.errors.show(violation)
            return
        self.errors.clear()
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, house: House | None = None) -> House | None:
        """Show the dialog; the saved house, or None if the manager cancelled."""
        dialog = cls(house, parent)
        dialog.exec()
        return dialog.saved_house
