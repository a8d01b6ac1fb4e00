"""Discharge, relapse, tier change, bed move and readmission.

One base dialog (a form, a message line under each field, a reason, the
buttons, and "call the core; show its RuleViolation") and one thin subclass
per action.  Each subclass builds its fields and makes its one core call;
the core checks the rules and keeps the history.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from soberhouse import clock
from soberhouse.houses import get_house, tiers_of
from soberhouse.milestones import days_between
from soberhouse.models import ResidentStatus, Tier, bed_label
from soberhouse.residents import (
    LEAVING_STATUSES,
    change_tier,
    discharge,
    get_resident,
    move_bed,
    readmit,
    record_relapse,
)
from ui.date_field import DateField
from ui.form_fields import fill_houses, fill_tiers, short_date
from ui.record_dialog import RecordDialog
from ui.resources import icon


class ResidentActionDialog(RecordDialog):
    """Subclasses set the texts, build their fields and make the core call."""

    title = ""  # "{name}" is the resident's name
    accept_text = ""
    icon_name = ""

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = get_resident(resident_id)
        self.today = clock.today()
        self.setWindowTitle(self.title.format(name=self.resident.full_name))
        self.save_button.setText(self.accept_text)
        self.save_button.setIcon(icon(self.icon_name))
        self.set_introduction(self.describe_resident())
        self.build_fields()
        self.reason = QLineEdit()
        self.add_field("reason", "Reason", self.reason, required=True)

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int) -> str | None:
        """Open the dialog; what was done (for the status bar), or None if cancelled."""
        dialog = cls(resident_id, parent)
        return dialog.status_text if dialog.run() else None

    # ------------------------------------------------------------ for subclasses

    def build_fields(self) -> None:
        raise NotImplementedError

    def describe_resident(self) -> str:
        resident = self.resident
        where = ", ".join(filter(None, (resident.house.name, resident.bed_label,
                                        resident.tier.name if resident.tier else "")))
        if resident.status != ResidentStatus.ACTIVE.value:
            return (f"{resident.full_name}: {resident.status} on "
                    f"{short_date(resident.discharge_date)} ({where}).")
        return (f"{resident.full_name}: {where}; "
                f"{days_between(resident.sobriety_date, self.today)} days sober, "
                f"{days_between(resident.move_in_date, self.today)} days in the house.")


class RelapseDialog(ResidentActionDialog):
    title = "Record relapse for {name}"
    accept_text = "Record relapse"
    icon_name = "relapse"

    def build_fields(self) -> None:
        self.sobriety_date = DateField(self.today)
        self.add_field("sobriety_date", "New sobriety date", self.sobriety_date, required=True)

    def apply(self) -> str:
        resident = record_relapse(self.resident.id, self.sobriety_date.value(),
                                  self.reason.text())
        days = days_between(resident.sobriety_date, clock.today())
        return f"Relapse recorded for {resident.full_name}; days sober now {days}"


class DischargeDialog(ResidentActionDialog):
    title = "Discharge {name}"
    accept_text = "Discharge"
    icon_name = "discharge"

    def build_fields(self) -> None:
        self.status = QComboBox()
        for status in LEAVING_STATUSES:
            self.status.addItem(status.label, status.value)
        self.status.setPlaceholderText("Choose a reason\u2026")
        self.status.setCurrentIndex(-1)  # the manager says how they leave: no default
        self.discharge_date = DateField(self.today)
        self.add_field("status", "Leaving as", self.status, required=True)
        self.add_field("discharge_date", "Move-out date", self.discharge_date, required=True)

    def confirm(self) -> bool:
        if self.status.currentData() is None or self.discharge_date.value() is None:
            return True  # nothing to ask yet: the core says what is missing
        return self.confirm_discharge()

    def confirm_discharge(self) -> bool:
        """A discharge is undone only by readmitting: ask first."""
        answer = QMessageBox.question(
            self, "Discharge?",
            f"Record that {self.resident.full_name} {self.status.currentData()} on "
            f"{short_date(self.discharge_date.value())}?\n\nTheir bed becomes free. This "
            f"can't simply be undone: they would have to be readmitted.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> str:
        resident = discharge(self.resident.id, self.status.currentData(),
                             self.discharge_date.value(), self.reason.text())
        return (f"{resident.full_name} {resident.status} on "
                f"{short_date(resident.discharge_date)}; their bed is free")


def tier_conditions(tier: Tier) -> str:
    """A tier's entry conditions and duties in a few words."""
    parts = [f"from {tier.min_days_in_house} days in the house and "
             f"{tier.min_days_sober} days sober"]
    if tier.weekly_meeting_quota:
        parts.append(f"{tier.weekly_meeting_quota} meetings a week")
    if tier.may_mentor:
        parts.append(f"may mentor up to {tier.caseload_cap}")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


class ChangeTierDialog(ResidentActionDialog):
    title = "Change tier for {name}"
    accept_text = "Change tier"
    icon_name = "tier"

    def build_fields(self) -> None:
        self.tier = QComboBox()
        fill_tiers(self.tier, self.resident.house_id)
        self._tiers = {tier.id: tier for tier in tiers_of(self.resident.house_id)}
        following = self.tier.findData(self.resident.tier_id) + 1
        if 0 < following < self.tier.count():
            self.tier.setCurrentIndex(following)
        self.conditions = QLabel()
        self.conditions.setWordWrap(True)
        self.tier.currentIndexChanged.connect(self._show_conditions)
        self._show_conditions()
        beside = QWidget()
        row = QHBoxLayout(beside)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tier)
        row.addWidget(self.conditions, 1)
        self.effective_date = DateField(self.today)
        self.add_field("tier_id", "New tier", beside, required=True)
        self.add_field("effective_date", "From", self.effective_date, required=True)
        self.tier.setAccessibleName("New tier")

    def _show_conditions(self) -> None:
        tier = self._tiers.get(self.tier.currentData())
        self.conditions.setText(tier_conditions(tier) if tier is not None else "")

    def apply(self) -> str:
        resident = change_tier(self.resident.id, self.tier.currentData(),
                               self.effective_date.value(), self.reason.text())
        tier_name = resident.tier.name if resident.tier is not None else ""
        return f"{resident.full_name} is now in {tier_name}"


class MoveBedDialog(ResidentActionDialog):
    title = "Move {name}"
    accept_text = "Move"
    icon_name = "bed"

    def build_fields(self) -> None:
        self.house = QComboBox()
        fill_houses(self.house, self.resident.house_id)
        self.room = QLineEdit()
        self.bed = QLineEdit()
        self.effective_date = DateField(self.today)
        self.add_field("house_id", "House", self.house, required=True)
        self.add_field("room", "Room", self.room)
        self.add_field("bed", "Bed", self.bed)
        self.add_field("effective_date", "Moving on", self.effective_date, required=True)

    def apply(self) -> str:
        resident = move_bed(self.resident.id, self.house.currentData(), self.room.text(),
                            self.bed.text(), self.effective_date.value(), self.reason.text())
        where = bed_label(resident.room, resident.bed) or "no bed assigned"
        return f"{resident.full_name} moved to {where} in {get_house(resident.house_id).name}"


class ReadmitDialog(ResidentActionDialog):
    title = "Readmit {name}"
    accept_text = "Readmit"
    icon_name = "readmit"

    def build_fields(self) -> None:
        self.house = QComboBox()
        fill_houses(self.house, self.resident.house_id)
        self.move_in_date = DateField(self.today)
        self.room = QLineEdit()
        self.bed = QLineEdit()
        self.tier = QComboBox()
        fill_tiers(self.tier, self.house.currentData())
        self.house.currentIndexChanged.connect(
            lambda: fill_tiers(self.tier, self.house.currentData()))
        self.sobriety_date = DateField(page_hint=self.today)
        keep = QLabel(f"Leave empty to keep {short_date(self.resident.sobriety_date)}")
        keep.setEnabled(False)
        sobriety = QWidget()
        sobriety_row = QHBoxLayout(sobriety)
        sobriety_row.setContentsMargins(0, 0, 0, 0)
        sobriety_row.addWidget(self.sobriety_date)
        sobriety_row.addWidget(keep, 1)
        self.add_field("house_id", "House", self.house, required=True)
        self.add_field("move_in_date", "Move-in date", self.move_in_date, required=True)
        self.add_field("room", "Room", self.room)
        self.add_field("bed", "Bed", self.bed)
        self.add_field("tier_id", "Tier", self.tier)
        self.add_field("sobriety_date", "New sobriety date", sobriety,
                       watched=self.sobriety_date)
        self.sobriety_date.setAccessibleName("New sobriety date")

    def apply(self) -> str:
        resident = readmit(self.resident.id, self.house.currentData(),
                           self.move_in_date.value(), room=self.room.text(),
                           bed=self.bed.text(), tier_id=self.tier.currentData(),
                           sobriety_date=self.sobriety_date.value(), reason=self.reason.text())
        return f"{resident.full_name} readmitted to {get_house(resident.house_id).name}"
