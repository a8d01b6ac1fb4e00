"""Taking out a check-in logged by mistake, with a reason: the core keeps the
row, marked removed (who, when, why), and no count includes it any more.
``ask()`` returns what was done (for the status bar) or None when cancelled;
tests replace it."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from soberhouse.mentoring.check_ins import CheckInView, remove_check_in
from ui.form_fields import short_date
from ui.record_dialog import RecordDialog


def check_in_text(view: CheckInView) -> str:
    """The check-in in a line: "12 Nov 2026, 45 min, phone, emotional support"."""
    parts = [short_date(view.held_on), f"{view.minutes} min", view.mode.label.lower()]
    if view.support_kinds:
        parts.append(f"{view.support_label.lower()} support")
    text = ", ".join(parts)
    return f"{text}: \u201c{view.note}\u201d" if view.note else text


class RemoveCheckInDialog(RecordDialog):
    """Remove one check-in of an assignment (``who``: "Zoë Nguyễn with Kevin
    O'Neill")."""

    save_icon = "stop"

    def __init__(self, view: CheckInView, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.who = who
        self.setWindowTitle(f"Remove Check-in: {who}")
        self.save_button.setText("Remove check-in")
        goals = (" The goals it reviewed keep their status; change a goal's status in the "
                 "goals list if it was wrong." if view.reviewed_goals else "")
        self.set_introduction(
            f"{who}: {check_in_text(view)}.\n"
            f"It stops counting (the assignment's check-ins, when the next one is due, the "
            f"monthly report); the line stays in the records with your reason.{goals}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Entered twice, or the wrong mentee")
        self.add_field("reason", "Reason", self.reason, required=True)
        self.mark_clean()

    def apply(self) -> str:
        remove_check_in(self.view.id, self.reason.text())
        return f"Check-in removed: {self.who}, {short_date(self.view.held_on)}"

    @classmethod
    def ask(cls, parent: QWidget | None, view: CheckInView, who: str) -> str | None:
        dialog = cls(view, who, parent)
        return dialog.status_text if dialog.run() else None
