"""A resident's consent to disclose (42 CFR 2.31): recording one, and
revoking one (it stays on record, with the day and the reason)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QWidget

from soberhouse import clock
from soberhouse.consents import (
    MONTHLY_REPORT_SCOPES,
    ConsentDetails,
    ConsentView,
    RecipientKind,
    Scope,
    consent_view,
    record_consent,
    revoke_consent,
)
from soberhouse.residents import get_resident
from ui.date_field import DateField
from ui.form_fields import short_date
from ui.record_dialog import RecordDialog

DEFAULT_MONTHS = 6  # a consent's usual length: until the day six months on


def months_later(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise ValueError(day)


class ConsentDialog(RecordDialog):
    """Who may receive the records, why, what information, from and until
    when, and the day the resident signed (empty: to be printed and signed)."""

    save_text = "Record Consent"
    save_icon = "add"

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = get_resident(resident_id)
        self.consent: ConsentView | None = None
        today = clock.today()
        self.setWindowTitle(f"New Consent: {self.resident.full_name}")
        self.set_introduction(
            f"{self.resident.full_name}'s written consent to disclose their records to one "
            f"recipient for one purpose. Leave \"Signed on\" empty to print the form first; "
            f"the consent counts once it is signed.")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("e.g. Riverside Clinic, or the probation officer's "
                                          "name")
        self.recipient_kind = QComboBox()
        for kind in (RecipientKind.ORGANISATION, RecipientKind.PERSON):
            self.recipient_kind.addItem(kind.label, kind.value)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("e.g. Progress reports to the outpatient counsellor")
        self.scope_boxes: dict[Scope, QCheckBox] = {}
        scopes = QWidget()
        grid = QGridLayout(scopes)
        grid.setContentsMargins(0, 0, 0, 0)
        for number, scope in enumerate(Scope):
            box = QCheckBox(scope.label)
            box.setChecked(scope in MONTHLY_REPORT_SCOPES)
            self.scope_boxes[scope] = box
            grid.addWidget(box, number // 2, number % 2)
        self.information = QLineEdit()
        self.information.setPlaceholderText("Anything more or narrower, e.g. November 2026 "
                                            "only")
        self.valid_from = DateField(today, required=True)
        self.valid_until = DateField(months_later(today, DEFAULT_MONTHS))
        self.expiry_event = QLineEdit()
        self.expiry_event.setPlaceholderText("Or an event, e.g. When I move out of the house")
        self.signed_on = DateField(today)
        self.add_field("recipient", "Recipient", self.recipient, required=True)
        self.add_field("recipient_kind", "Recipient is", self.recipient_kind)
        self.add_field("purpose", "Purpose", self.purpose, required=True)
        self.add_field("scopes", "Information", scopes, required=True,
                       watched=self.scope_boxes[Scope.ATTENDANCE_AND_PROGRESS])
        self.add_field("information", "In words", self.information)
        self.add_field("valid_from", "Valid from", self.valid_from, required=True)
        self.add_field("valid_until", "Until", self.valid_until)
        self.add_field("expiry_event", "Or until", self.expiry_event)
        self.add_field("signed_on", "Signed on", self.signed_on)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int) -> ConsentView | None:
        """The consent recorded, or None if the manager cancelled."""
        dialog = cls(resident_id, parent)
        return dialog.consent if dialog.run() else None

    def chosen_scopes(self) -> list[Scope]:
        return [scope for scope, box in self.scope_boxes.items() if box.isChecked()]

    def details(self) -> ConsentDetails:
        return ConsentDetails(
            recipient=self.recipient.text(), purpose=self.purpose.text(),
            scopes=self.chosen_scopes(), information=self.information.text(),
            valid_from=self.valid_from.value(), valid_until=self.valid_until.value(),
            expiry_event=self.expiry_event.text(), signed_on=self.signed_on.value(),
            recipient_kind=str(self.recipient_kind.currentData()))

    def state(self) -> list[object]:
        return [*super().state(), self.chosen_scopes()]

    def apply(self) -> str:
        self.consent = record_consent(self.resident.id, self.details())
        return (f"Consent recorded: {self.resident.full_name} to {self.consent.recipient}"
                + ("" if self.consent.signed_on else " (to be signed)"))


class RevokeConsentDialog(RecordDialog):
    """The day the resident revoked the consent, and why."""

    save_text = "Revoke Consent"

    def __init__(self, consent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = consent_view(consent_id)
        self.setWindowTitle(f"Revoke Consent: {self.view.resident_name}")
        signed = (f"signed {short_date(self.view.signed_on)}" if self.view.signed_on
                  else "not signed yet")
        self.set_introduction(
            f"To {self.view.recipient} for {self.view.purpose} ({signed}). A revoked consent "
            f"stays on record; nothing more is disclosed under it from that day.")
        self.revoked_on = DateField(clock.today(), required=True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Asked in writing on the house's form")
        self.add_field("revoked_on", "Revoked on", self.revoked_on, required=True)
        self.add_field("reason", "Reason", self.reason)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, consent_id: int) -> bool:
        """True if the consent was revoked."""
        return cls(consent_id, parent).run()

    def apply(self) -> str:
        revoke_consent(self.view.id, self.revoked_on.value(), self.reason.text())
        return f"Consent to {self.view.recipient} revoked"
