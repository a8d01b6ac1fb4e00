"""A house's mentoring choices: pair by gender, and when a check-in is overdue."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QSpinBox, QWidget

from soberhouse.houses import get_house
from soberhouse.mentoring.settings import (
    LONGEST_OVERDUE_DAYS,
    HouseMentoringSettings,
    mentoring_settings,
    save_mentoring_settings,
)
from ui.record_dialog import RecordDialog


class MentoringSettingsDialog(RecordDialog):
    """Saves through :func:`soberhouse.mentoring.settings.save_mentoring_settings`."""

    def __init__(self, house_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house = get_house(house_id)
        self.setWindowTitle(f"Mentoring Settings: {self.house.name}")
        self.set_introduction(
            "How mentors and mentees are paired in this house, and when a pair without a "
            "check-in is shown as overdue.")
        current = mentoring_settings(house_id)
        self.pair_by_gender = QCheckBox("Pair mentors and mentees by gender")
        self.pair_by_gender.setChecked(current.pair_by_gender)
        self.pair_by_gender.setToolTip("Only suggest and allow mentors of the mentee's "
                                       "gender (when both are recorded)")
        self.overdue_days = QSpinBox()
        self.overdue_days.setRange(0, LONGEST_OVERDUE_DAYS * 4)
        self.overdue_days.setSuffix(" days")
        self.overdue_days.setValue(current.check_in_overdue_days)
        self.overdue_days.setToolTip("With 7, a weekly check-in on the same weekday is on time")
        self.add_field("pair_by_gender", "Pairing", self.pair_by_gender)
        self.add_field("check_in_overdue_days", "Check-in overdue after", self.overdue_days,
                       required=True)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int) -> bool:
        """True if the settings were saved."""
        return cls(house_id, parent).run()

    def settings(self) -> HouseMentoringSettings:
        return HouseMentoringSettings(self.house.id, self.pair_by_gender.isChecked(),
                                      self.overdue_days.value())

    def apply(self) -> None:
        save_mentoring_settings(self.settings())
        self.status_text = f"Mentoring settings saved for {self.house.name}"
