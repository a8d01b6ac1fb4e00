"""The 12-step record dialogs: one outside meeting added or removed, a new
sponsor or the end of one, and a step started, completed or restarted.

Each makes one core call; a broken rule shows under its field, in the core's
words, and nothing is saved.  ``ask()`` returns what was done (for the status
bar) or None when cancelled; tests replace it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QSpinBox, QWidget

from soberhouse import clock
from soberhouse.models.twelve_step import Fellowship, OutsideMeetingType
from soberhouse.residents import get_resident
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    get_outside_meeting,
    log_outside_meeting,
    remove_outside_meeting,
)
from soberhouse.twelve_step.sponsors import current_sponsor, end_sponsor, set_sponsor
from soberhouse.twelve_step.step_work import complete_step, start_step
from ui.date_field import DateField
from ui.form_fields import short_date
from ui.record_dialog import RecordDialog
from ui.twelve_step.record_models import fellowship_label, meeting_type_label, verified_text


def resident_name(resident_id: int) -> str:
    return get_resident(resident_id).full_name


class ResidentDialog(RecordDialog):
    """A record dialog about one resident."""

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident_id = resident_id
        self.name = resident_name(resident_id)

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int, *args: object) -> str | None:
        dialog = cls(resident_id, *args, parent=parent)  # type: ignore[misc]
        return dialog.status_text if dialog.run() else None


# ---------------------------------------------------------------- outside meetings


class AddOutsideMeetingDialog(ResidentDialog):
    save_icon = "outside-meeting"

    def __init__(self, resident_id: int, fellowship: Fellowship | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(resident_id, parent)
        self.setWindowTitle(f"Outside Meeting: {self.name}")
        self.save_button.setText("Add meeting")
        self.attended_on = DateField(clock.today())
        self.fellowship = QComboBox()
        for choice in Fellowship:
            self.fellowship.addItem(choice.label, choice.value)
        self.fellowship.setCurrentIndex(
            self.fellowship.findData((fellowship or Fellowship.AA).value))
        self.meeting_name = QLineEdit()
        self.meeting_name.setPlaceholderText("e.g. Tuesday Night Big Book (optional)")
        self.meeting_type = QComboBox()
        self.meeting_type.addItem("Not given", "")
        for choice in OutsideMeetingType:
            self.meeting_type.addItem(choice.label, choice.value)
        self.verified = QCheckBox("Signed attendance card")
        self.verified.setChecked(True)
        self.verified_by = QLineEdit()
        self.verified_by.setPlaceholderText("Who signed the card (optional)")
        self.verified.toggled.connect(self.verified_by.setEnabled)
        self.add_field("attended_on", "Date", self.attended_on, required=True)
        self.add_field("fellowship", "Fellowship", self.fellowship, required=True)
        self.add_field("meeting_name", "Meeting name", self.meeting_name)
        self.add_field("meeting_type", "Type", self.meeting_type)
        self.add_field("verified", "Verified", self.verified)
        self.add_field("verified_by", "Signed by", self.verified_by)
        self.mark_clean()

    def apply(self) -> str:
        verified = self.verified.isChecked()
        meeting = log_outside_meeting(OutsideMeetingDetails(
            self.resident_id, self.attended_on.value(), self.fellowship.currentData(),
            self.meeting_name.text(), self.meeting_type.currentData(), verified,
            self.verified_by.text() if verified else ""))
        return (f"Outside meeting added: {self.name}, {fellowship_label(meeting.fellowship)} "
                f"on {short_date(meeting.attended_on)}")


class RemoveOutsideMeetingDialog(RecordDialog):
    """Take out a meeting entered by mistake: the row is kept, marked removed."""

    save_icon = "stop"

    def __init__(self, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meeting = get_outside_meeting(meeting_id)
        self.name = resident_name(self.meeting.resident_id)
        self.setWindowTitle(f"Remove Outside Meeting: {self.name}")
        self.save_button.setText("Remove meeting")
        what = ", ".join(filter(None, (
            fellowship_label(self.meeting.fellowship), self.meeting.meeting_name,
            meeting_type_label(self.meeting.meeting_type), verified_text(self.meeting))))
        self.set_introduction(
            f"{self.name}: {short_date(self.meeting.attended_on)}, {what}.\n"
            f"It stops counting towards the quota; the line stays in the records with "
            f"your reason.")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Entered twice, or the wrong resident")
        self.add_field("reason", "Reason", self.reason, required=True)
        self.mark_clean()

    def apply(self) -> str:
        remove_outside_meeting(self.meeting.id, self.reason.text())
        return (f"Outside meeting removed: {self.name}, "
                f"{short_date(self.meeting.attended_on)}")

    @classmethod
    def ask(cls, parent: QWidget | None, meeting_id: int) -> str | None:
        dialog = cls(meeting_id, parent)
        return dialog.status_text if dialog.run() else None


# ---------------------------------------------------------------- sponsors


class NewSponsorDialog(ResidentDialog):
    save_icon = "sponsor"

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(resident_id, parent)
        self.setWindowTitle(f"New Sponsor: {self.name}")
        self.save_button.setText("Save sponsor")
        current = current_sponsor(resident_id)
        if current is not None:
            self.set_introduction(
                f"{self.name}'s sponsor is {current.name} since {short_date(current.since)}. "
                f"The new sponsor replaces them from the date below; {current.name} stays "
                f"in the history.")
        self.sponsor_name = QLineEdit()
        self.phone = QLineEdit()
        self.since = DateField(clock.today(), required=True)
        self.add_field("name", "Sponsor's name", self.sponsor_name, required=True)
        self.add_field("phone", "Phone", self.phone)
        self.add_field("since", "Sponsor since", self.since, required=True)
        self.mark_clean()

    def apply(self) -> str:
        sponsor = set_sponsor(self.resident_id, self.sponsor_name.text(), self.phone.text(),
                              self.since.value())
        return f"{self.name}'s sponsor is now {sponsor.name}"


class EndSponsorDialog(ResidentDialog):
    save_icon = "end"

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(resident_id, parent)
        current = current_sponsor(resident_id)
        self.sponsor = current.name if current is not None else ""
        self.setWindowTitle(f"End Sponsorship: {self.name}")
        self.save_button.setText("End sponsorship")
        if current is not None:
            self.set_introduction(f"{current.name} has been {self.name}'s sponsor since "
                                  f"{short_date(current.since)}.")
        self.ended_on = DateField(clock.today(), required=True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Sponsor moved away")
        self.add_field("ended_on", "Last day", self.ended_on, required=True)
        self.add_field("reason", "Reason", self.reason)
        self.mark_clean()

    def confirm(self) -> bool:
        answer = QMessageBox.question(
            self, "End the sponsorship?",
            f"End {self.sponsor}'s sponsorship of {self.name} from "
            f"{short_date(self.ended_on.value())}?\n\nIt stays in the history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> str:
        end_sponsor(self.resident_id, self.ended_on.value(), self.reason.text())
        return f"{self.sponsor} is no longer {self.name}'s sponsor"


# ---------------------------------------------------------------- step work


class StartStepDialog(ResidentDialog):
    """Start the next step (in order), or, with ``restart``, any step again
    with a required reason."""

    save_icon = "steps"

    def __init__(self, resident_id: int, step: int, restart: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(resident_id, parent)
        self.restart = restart
        self.step = QSpinBox()
        self.step.setRange(1, 12)
        self.step.setValue(step)
        self.step.setPrefix("Step ")
        self.started_on = DateField(clock.today(), required=True)
        self.restart_reason = QLineEdit()
        self.restart_reason.setPlaceholderText("e.g. Relapsed, starting over with a new "
                                               "sponsor")
        if restart:
            self.setWindowTitle(f"Restart Step Work: {self.name}")
            self.save_button.setText("Restart")
            self.set_introduction("Going back to an earlier step, or working the current "
                                  "one again, is a restart: the earlier rows stay in the "
                                  "timeline.")
            self.add_field("step", "Restart at", self.step, required=True)
        else:
            self.setWindowTitle(f"Start Step {step}: {self.name}")
            self.save_button.setText(f"Start step {step}")
            self.step.setEnabled(False)
            self.add_field("step", "Step", self.step, required=True)
        self.add_field("started_on", "Started on", self.started_on, required=True)
        if restart:
            self.add_field("restart_reason", "Reason", self.restart_reason, required=True)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int, *args: object) -> str | None:
        step = int(args[0]) if args else 1
        restart = bool(args[1]) if len(args) > 1 else False
        dialog = cls(resident_id, step, restart, parent)
        return dialog.status_text if dialog.run() else None

    def apply(self) -> str:
        work = start_step(self.resident_id, self.step.value(), self.started_on.value(),
                          self.restart_reason.text() if self.restart else "")
        verb = "restarted at" if work.restart else "started"
        return f"{self.name} {verb} step {work.step} on {short_date(work.started_on)}"


class CompleteStepDialog(ResidentDialog):
    save_icon = "check"

    def __init__(self, resident_id: int, step: int, started_on: dt.date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(resident_id, parent)
        self.step_number = step
        self.setWindowTitle(f"Complete Step {step}: {self.name}")
        self.save_button.setText(f"Complete step {step}")
        if started_on is not None:
            self.set_introduction(f"{self.name} started step {step} on "
                                  f"{short_date(started_on)}.")
        self.completed_on = DateField(clock.today(), required=True)
        self.add_field("completed_on", "Completed on", self.completed_on, required=True)
        self.step_label = QLineEdit(f"Step {step}")  # where messages about the step go
        self.step_label.setReadOnly(True)
        self.add_field("step", "Step", self.step_label)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int, *args: object) -> str | None:
        step = int(args[0])  # type: ignore[call-overload]
        started_on = args[1] if len(args) > 1 and isinstance(args[1], dt.date) else None
        dialog = cls(resident_id, step, started_on, parent)
        return dialog.status_text if dialog.run() else None

    def apply(self) -> str:
        work = complete_step(self.resident_id, self.step_number, self.completed_on.value())
        assert work.completed_on is not None
        return f"{self.name} completed step {work.step} on {short_date(work.completed_on)}"
