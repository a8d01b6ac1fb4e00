"""Adding an extra meeting (an emergency meeting or a special session) and
cancelling a meeting with its reason.  The core checks the rules; a broken
rule shows under its field and nothing is saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QLineEdit, QTimeEdit, QWidget

from soberhouse import clock
from soberhouse.houses import get_house
from soberhouse.meetings.records import (
    MeetingDetails,
    cancel_meeting,
    cancel_planned_meeting,
    record_meeting,
)
from soberhouse.models.meetings import MeetingKind
from ui.date_field import DateField, TimeField
from ui.form_fields import short_date
from ui.record_dialog import RecordDialog

EXTRA_KINDS = (MeetingKind.EMERGENCY, MeetingKind.SPECIAL)
TIME_FORMAT = "HH:mm"


def to_qtime(text: str) -> QTime:
    time = QTime.fromString(text, TIME_FORMAT)
    return time if time.isValid() else QTime(19, 0)


def time_text(edit: QTimeEdit) -> str:
    return edit.time().toString(TIME_FORMAT)


def time_edit(text: str) -> TimeField:
    """A meeting's time of day (Tab leaves it, as every field's Tab does)."""
    edit = TimeField(to_qtime(text))
    edit.setDisplayFormat(TIME_FORMAT)
    return edit


class ExtraMeetingDialog(RecordDialog):
    """A meeting outside the weekly schedule, on any day (ahead too)."""

    save_text = "Add meeting"
    save_icon = "add"

    def __init__(self, house_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        house = get_house(house_id)
        self.house_id = house_id
        self.meeting_id: int | None = None
        self.setWindowTitle(f"Add an Extra Meeting: {house.name}")
        self.set_introduction("An emergency meeting or a special session, besides the "
                              "weekly meeting. You can take its roll call on the day.")
        self.held_on = DateField(clock.today(), required=True)
        self.starts_at = time_edit(house.meeting_time)
        self.kind = QComboBox()
        for kind in EXTRA_KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("What the meeting is about")
        self.add_field("held_on", "Date", self.held_on, required=True)
        self.add_field("starts_at", "Time", self.starts_at)
        self.add_field("kind", "Kind", self.kind, required=True)
        self.add_field("topic", "Topic", self.topic)
        self.mark_clean()

    def apply(self) -> str:
        meeting = record_meeting(MeetingDetails(
            house_id=self.house_id, held_on=self.held_on.value() or clock.today(),
            starts_at=time_text(self.starts_at), kind=MeetingKind(self.kind.currentData()),
            topic=self.topic.text()))
        self.meeting_id = meeting.id
        return (f"{MeetingKind(meeting.kind).label} added on {short_date(meeting.held_on)} "
                f"at {meeting.starts_at}")

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int) -> tuple[int, str] | None:
        """The new meeting's id and what was done, or None if cancelled."""
        dialog = cls(house_id, parent)
        if dialog.run() and dialog.meeting_id is not None:
            return dialog.meeting_id, dialog.status_text
        return None


class CancelMeetingDialog(RecordDialog):
    """Cancel a meeting on record, or call off a weekly meeting still to come.
    It stays listed, with the reason; no attendance figure counts it."""

    save_text = "Cancel meeting"
    save_icon = "stop"

    def __init__(self, house_id: int, held_on: dt.date, title: str,
                 meeting_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house_id = house_id
        self.held_on = held_on
        self.meeting_id = meeting_id
        self.setWindowTitle("Cancel a Meeting")
        self.set_introduction(f"{title}. It stays in the list as cancelled, with your "
                              f"reason, and no attendance figure counts it.")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Holiday; most residents away")
        self.add_field("cancel_reason", "Reason", self.reason, required=True)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText("Keep meeting")
        self.mark_clean()

    def apply(self) -> str:
        if self.meeting_id is not None:
            meeting = cancel_meeting(self.meeting_id, self.reason.text())
        else:
            meeting = cancel_planned_meeting(self.house_id, self.held_on, self.reason.text())
        self.meeting_id = meeting.id
        return f"Meeting of {short_date(meeting.held_on)} cancelled: {meeting.cancel_reason}"

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int, held_on: dt.date, title: str,
            meeting_id: int | None) -> tuple[int, str] | None:
        dialog = cls(house_id, held_on, title, meeting_id, parent)
        if dialog.run() and dialog.meeting_id is not None:
            return dialog.meeting_id, dialog.status_text
        return None
