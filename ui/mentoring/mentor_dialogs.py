"""Register a mentor (senior resident, alumnus or staff coach), edit a staff
coach, change an alumnus's cap, and take a mentor off the roster.

Each dialog makes one core call in :mod:`soberhouse.mentoring.mentors`; the
core checks the rules, the dialog shows its messages under the fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import Problem, RuleViolation
from soberhouse.houses import list_houses
from soberhouse.mentoring.assignments import active_mentee_counts
from soberhouse.mentoring.mentees import MenteeFacts, mentee_facts
from soberhouse.mentoring.mentors import (
    DEFAULT_STAFF_ROLE,
    LEFT_THE_HOUSE,
    StaffCoachDetails,
    get_mentor,
    mentor,
    mentor_facts,
    register_alumnus,
    register_resident_mentor,
    register_staff_coach,
    set_alumnus_cap,
    staff_coach_details,
    stop_mentoring,
    update_staff_coach,
)
from soberhouse.models.mentoring import MentorKind
from ui.date_field import DateField
from ui.edit_conflict_dialog import AsksAboutConflicts, OpenedRecord
from ui.form_fields import short_date
from ui.mentoring.profile_dialog import MatchingFields
from ui.record_dialog import RecordDialog

LARGEST_CAP = 50
DEFAULT_CAP = 4

KIND_TEXTS = {
    MentorKind.RESIDENT: "Senior resident",
    MentorKind.ALUMNUS: "Alumnus (former resident)",
    MentorKind.STAFF: "Staff peer recovery coach",
}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def cap_spin(value: int = DEFAULT_CAP) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, LARGEST_CAP)
    spin.setValue(value)
    spin.setSuffix(" mentees")
    return spin


class StaffFields:
    """A staff coach's name, role, house and cap (the dialog adds the rows),
    and the matching fields once :meth:`add_matching` has added them."""

    def __init__(self, house_id: int | None) -> None:
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.role = QLineEdit(DEFAULT_STAFF_ROLE)
        self.house = QComboBox()
        self.house.addItem("All houses", None)
        for house in list_houses():
            self.house.addItem(house.name, house.id)
        self.house.setCurrentIndex(max(self.house.findData(house_id), 0)
                                   if house_id is not None else 0)
        self.caseload_cap = cap_spin()
        self.matching: MatchingFields | None = None

    def add_identity_rows(self, dialog: RecordDialog) -> None:
        dialog.add_field("first_name", "First name", self.first_name, required=True)
        dialog.add_field("last_name", "Last name", self.last_name, required=True)
        dialog.add_field("role", "Role", self.role, required=True)
        dialog.add_field("house_id", "Coaches in", self.house, required=True)

    def add_cap_row(self, dialog: RecordDialog) -> None:
        dialog.add_field("caseload_cap", "Caseload cap", self.caseload_cap, required=True)

    def add_matching(self, dialog: RecordDialog) -> MatchingFields:
        self.matching = MatchingFields(dialog)
        return self.matching

    def identity_widgets(self) -> list[QWidget]:
        return [self.first_name, self.last_name, self.role, self.house]

    def fill(self, details: StaffCoachDetails) -> None:
        assert self.matching is not None
        self.first_name.setText(details.first_name)
        self.last_name.setText(details.last_name)
        self.role.setText(details.role)
        self.house.setCurrentIndex(max(self.house.findData(details.house_id), 0)
                                   if details.house_id is not None else 0)
        self.caseload_cap.setValue(details.caseload_cap or DEFAULT_CAP)
        self.matching.set_attributes(details.attributes)

    def details(self, since: dt.date | None = None) -> StaffCoachDetails:
        assert self.matching is not None
        return StaffCoachDetails(self.first_name.text(), self.last_name.text(),
                                 self.role.text(), self.house.currentData(),
                                 self.caseload_cap.value(), self.matching.attributes(), since)


class RegisterMentorDialog(RecordDialog):
    """Put a senior resident, an alumnus or a staff coach on the roster."""

    save_text = "Register"
    save_icon = "mentoring"

    def __init__(self, house_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house_id = house_id
        self.mentor_id: int | None = None
        self.setWindowTitle("Register Mentor")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self._residents = mentee_facts(house_id=house_id)
        self._houses = len(list_houses())
        self._on_roster = {facts.resident_id for facts in mentor_facts(include_stopped=False)
                           if facts.resident_id is not None}

        self.kind = QComboBox()
        for kind, text in KIND_TEXTS.items():
            self.kind.addItem(text, kind)
        self.add_field("kind", "Kind", self.kind, required=True)

        self.resident = QComboBox()
        self.resident.setAccessibleName("Resident")
        self.resident.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.resident.setMinimumContentsLength(24)
        self.every_tier = QCheckBox("Show every tier")
        self.every_tier.setToolTip("Also list residents in tiers that do not mentor")
        resident_cell = QWidget()
        resident_row = QHBoxLayout(resident_cell)
        resident_row.setContentsMargins(0, 0, 0, 0)
        resident_row.addWidget(self.resident, 1)
        resident_row.addWidget(self.every_tier)
        self.resident_cell = resident_cell
        self.add_field("resident_id", "Resident", resident_cell, required=True,
                       watched=self.resident)
        self.staff = StaffFields(house_id)
        self.staff.add_identity_rows(self)
        self.since = DateField(clock.today())
        self.add_field("since", "Mentors from", self.since, required=True)
        self.staff.add_cap_row(self)  # the alumnus's cap too
        self.matching = self.staff.add_matching(self)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.every_tier.toggled.connect(self._fill_residents)
        self._kind_changed()
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int | None) -> int | None:
        """The new mentor's id, or None if the manager cancelled."""
        dialog = cls(house_id, parent)
        return dialog.mentor_id if dialog.run() else None

    # ------------------------------------------------------------ helpers

    def current_kind(self) -> MentorKind:
        return MentorKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.errors.clear()
        self.set_row_visible(self.resident_cell, kind is not MentorKind.STAFF)
        self.set_row_visible(self.staff.caseload_cap, kind is not MentorKind.RESIDENT)
        self.every_tier.setVisible(kind is MentorKind.RESIDENT)
        for widget in self.staff.identity_widgets() + self.matching.widgets():
            self.set_row_visible(widget, kind is MentorKind.STAFF)
        self._fill_residents()
        introduction = {
            MentorKind.RESIDENT: "A resident living in the house in a tier that may mentor; "
                                 "their tier sets how many mentees they may have.",
            MentorKind.ALUMNUS: "A former resident who mentors on, with their own cap. They "
                                "count as above every tier.",
            MentorKind.STAFF: "A staff peer recovery coach, for one house or all. Record "
                              "their certificate after registering them.",
        }[kind]
        self.set_introduction(introduction)
        self.adjustSize()

    def _fill_residents(self) -> None:
        kind = self.current_kind()
        chosen = self.resident.currentData()
        self.resident.clear()
        if kind is MentorKind.RESIDENT:
            candidates = [r for r in self._residents if r.is_active
                          and (self.every_tier.isChecked()
                               or (r.tier_may_mentor and r.resident_id not in self._on_roster))]
            candidates.sort(key=lambda r: (not r.tier_may_mentor, -r.tier_position))
            empty = "No resident in a mentoring tier"
        else:
            candidates = [r for r in self._residents
                          if not r.is_active and r.resident_id not in self._on_roster]
            candidates.sort(key=lambda r: r.discharge_date or clock.today(), reverse=True)
            empty = "No former residents"
        for facts in candidates:
            self.resident.addItem(self._resident_text(facts), facts.resident_id)
        self.resident.setPlaceholderText(empty)
        self.resident.setCurrentIndex(max(self.resident.findData(chosen), 0)
                                      if candidates else -1)

    def _resident_text(self, facts: MenteeFacts) -> str:
        if facts.is_active:
            what = facts.tier_name or "no tier"
            if not facts.tier_may_mentor:
                what += ", does not mentor"
            if facts.resident_id in self._on_roster:
                what += ", already a mentor"
        else:
            left = LEFT_THE_HOUSE.get(facts.status, "left")
            what = f"{left} {short_date(facts.discharge_date)}".strip()
        if self.house_id is None and self._houses > 1:
            what += f", {facts.house_name}"
        return f"{facts.name} ({what})"

    def apply(self) -> None:
        kind = self.current_kind()
        if kind is MentorKind.STAFF:
            record = register_staff_coach(self.staff.details(self.since.value()))
            self.mentor_id = record.id
            self.status_text = f"{record.first_name} {record.last_name} registered as a " \
                               f"staff coach"
            return
        resident_id = self.resident.currentData()
        if resident_id is None:
            raise RuleViolation(Problem("resident_id", "Choose the resident."))
        if kind is MentorKind.RESIDENT:
            record = register_resident_mentor(resident_id, self.since.value())
        else:
            record = register_alumnus(resident_id, self.staff.caseload_cap.value(),
                                      self.since.value())
        self.mentor_id = record.id
        self.status_text = f"{mentor(record.id).name} registered as a mentor"

    def state(self) -> list[object]:
        return super().state() + self.matching.state()


class StaffCoachDialog(RecordDialog, AsksAboutConflicts):
    """Edit a staff coach's name, role, house, cap and matching attributes."""

    def __init__(self, mentor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        record = get_mentor(mentor_id)
        facts = mentor(mentor_id)
        self.mentor_id = mentor_id
        self.setWindowTitle(f"Staff Coach: {facts.name}")
        self.set_introduction(f"Coaching since {short_date(facts.since)}. Lowering the cap "
                              f"below their current mentees shows them over their cap.")
        self.fields = StaffFields(record.house_id)
        self.fields.add_identity_rows(self)
        self.fields.add_cap_row(self)
        self.matching = self.fields.add_matching(self)
        self.fields.fill(staff_coach_details(record))
        # What the form opened with, and the record's version then.
        self._opened = OpenedRecord(
            self.fields.details(), record.version,
            on_file=lambda: staff_coach_details(get_mentor(mentor_id)),
            take=StaffCoachDetails.with_fields_from)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, mentor_id: int) -> bool:
        """True if the coach's details were saved."""
        return cls(mentor_id, parent).run()

    def state(self) -> list[object]:
        return super().state() + self.matching.state()

    def apply(self) -> None:
        mentor_id = self.mentor_id
        record = self._opened.save(
            self.fields.details(),
            lambda details, base, version: update_staff_coach(
                mentor_id, details, base=base, base_version=version),
            ask=self.resolve_conflicts, fill=self.fields.fill)
        self.status_text = f"Changes to {record.first_name} {record.last_name} saved"


def _alumnus_cap(mentor_id: int) -> int:
    return get_mentor(mentor_id).caseload_cap or DEFAULT_CAP


def _take_cap(mine: int, theirs: int, names: Iterable[str]) -> int:
    return theirs if "caseload_cap" in names else mine


class AlumnusCapDialog(RecordDialog, AsksAboutConflicts):
    """Change how many mentees an alumnus may have."""

    def __init__(self, mentor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        facts = mentor(mentor_id)
        self.mentor_id = mentor_id
        self.setWindowTitle(f"Caseload Cap: {facts.name}")
        self.caseload_cap = cap_spin(facts.cap or DEFAULT_CAP)
        self.add_field("caseload_cap", "Caseload cap", self.caseload_cap, required=True)
        # The cap the form opened with, and the record's version then.
        self._opened = OpenedRecord(self.caseload_cap.value(), get_mentor(mentor_id).version,
                                    on_file=lambda: _alumnus_cap(mentor_id), take=_take_cap)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, mentor_id: int) -> bool:
        return cls(mentor_id, parent).run()

    def apply(self) -> None:
        mentor_id = self.mentor_id
        self._opened.save(
            self.caseload_cap.value(),
            lambda cap, base, version: set_alumnus_cap(mentor_id, cap, base=base,
                                                       base_version=version),
            ask=self.resolve_conflicts, fill=self.caseload_cap.setValue)
        self.status_text = f"Caseload cap set to {plural(self.caseload_cap.value(), 'mentee')}"


class StopMentoringDialog(RecordDialog):
    """Take a mentor off the roster with a date and a reason.  Their mentees
    stay assigned until the manager reassigns them."""

    save_text = "Stop Mentoring"
    save_icon = "stop"

    def __init__(self, mentor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = mentor(mentor_id)
        self.mentees = active_mentee_counts([mentor_id]).get(mentor_id, 0)
        self.setWindowTitle(f"Stop Mentoring: {self.facts.name}")
        text = (f"{self.facts.name} ({self.facts.role_label}) has mentored since "
                f"{short_date(self.facts.since)}.")
        if self.mentees:
            text += (f" Their {plural(self.mentees, 'current mentee')} stay assigned and are "
                     f"listed as needing a new mentor until you reassign them.")
        self.set_introduction(text)
        self.stopped_on = DateField(clock.today(), required=True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Moved away; stepping back to focus on work")
        self.add_field("stopped_on", "Last day", self.stopped_on, required=True)
        self.add_field("reason", "Reason", self.reason, required=True)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, mentor_id: int) -> bool:
        """True if the mentor was taken off the roster."""
        return cls(mentor_id, parent).run()

    def confirm(self) -> bool:
        return self.confirm_stop()

    def confirm_stop(self) -> bool:
        """Stopping is kept on record and is not simply undone: ask first."""
        mentees = (f"\n\nTheir {plural(self.mentees, 'mentee')} will need a new mentor."
                   if self.mentees else "")
        answer = QMessageBox.question(
            self, "Stop mentoring?",
            f"Record that {self.facts.name} stops mentoring on "
            f"{short_date(self.stopped_on.value())}?{mentees}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> None:
        stop_mentoring(self.facts.id, self.stopped_on.value(), self.reason.text())
        self.status_text = (f"{self.facts.name} stopped mentoring on "
                            f"{short_date(self.stopped_on.value())}")
