"""The "Consents" part of the resident detail pane: the resident's consents
to disclose (valid, not signed yet, expired, revoked), and the buttons to
add one, mark one signed, revoke one, print its form, and print the
accounting of disclosures.

A button the signed-in person's role can't use is disabled with the reason
in its tooltip (the core refuses it anyway)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import RuleViolation
from soberhouse.permissions import Right, why_not
from ui.resources import icon

if TYPE_CHECKING:
    from soberhouse.consents import ConsentView
    from ui.residents.consent_table_model import ConsentTableModel

EMPTY_TEXT = ("No consent on record: nothing about this resident may be disclosed to "
              "anyone outside the house. Add one (the form prints to be signed).")


class ConsentsGroup(QGroupBox):
    """Reads one resident's consents (two queries) when a resident is shown;
    the consents modules load then, not when the Residents section starts."""

    changed = Signal(str)  # what was saved, for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Consents", parent)
        self.setAccessibleName("Consents")
        self._resident_id: int | None = None
        self.model: ConsentTableModel | None = None  # made on the first resident shown
        self.view = QTableView()
        self.view.setAccessibleName("Consents to disclose")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.add_button = QPushButton(icon("add"), "Add Consent...")
        self.signed_button = QPushButton(icon("check"), "Mark Signed Today")
        self.revoke_button = QPushButton(icon("end"), "Revoke...")
        self.form_button = QPushButton(icon("print"), "Print Consent Form...")
        self.accounting_button = QPushButton(icon("print"), "Accounting of Disclosures...")
        self.add_button.clicked.connect(self.add_consent)
        self.signed_button.clicked.connect(self.mark_signed)
        self.revoke_button.clicked.connect(self.revoke)
        self.form_button.clicked.connect(self.print_form)
        self.accounting_button.clicked.connect(self.print_accounting)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for number, button in enumerate((self.add_button, self.form_button,
                                          self.signed_button, self.revoke_button,
                                          self.accounting_button)):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, number // 2, number % 2)
        self.preview: QWidget | None = None  # the last form or accounting shown

        column = QVBoxLayout(self)
        column.addWidget(self.view)
        column.addWidget(self.empty_label)
        column.addLayout(buttons)

    # ------------------------------------------------------------ public

    def show_resident(self, resident_id: int | None) -> None:
        self._resident_id = resident_id
        if resident_id is None and self.model is None:
            return
        from soberhouse.consents import consents_of
        from ui.residents.consent_table_model import ConsentTableModel

        if self.model is None:
            self.model = ConsentTableModel(self)
            self.view.setModel(self.model)
            self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        consents = consents_of(resident_id) if resident_id is not None else []
        self.model.set_consents(consents)
        self.view.resizeColumnsToContents()
        self.view.setVisible(bool(consents))
        self.empty_label.setVisible(not consents)
        if consents:
            self.view.selectRow(0)
        self._update_buttons()

    def selected(self) -> ConsentView | None:
        if self.model is None:
            return None
        rows = self.view.selectionModel().selectedRows()
        return self.model.consent(rows[0].row()) if rows else None

    def select_consent(self, consent_id: int) -> None:
        for number, row in enumerate(self.model.rows if self.model is not None else []):
            if row.id == consent_id:
                self.view.selectRow(number)

    # ------------------------------------------------------------ actions

    def add_consent(self) -> None:
        if self._resident_id is None:
            return
        from ui.residents.consent_dialog import ConsentDialog

        added = ConsentDialog.ask(self, self._resident_id)
        if added is not None:
            self._after_change(f"Consent recorded: to {added.recipient}", added.id)

    def mark_signed(self) -> None:
        consent = self.selected()
        if consent is None:
            return
        from soberhouse.consents import mark_signed

        try:
            mark_signed(consent.id)
        except RuleViolation as refusal:
            self.changed.emit(str(refusal))
            return
        self._after_change(f"Consent to {consent.recipient} signed today", consent.id)

    def revoke(self) -> None:
        consent = self.selected()
        if consent is None:
            return
        from ui.residents.consent_dialog import RevokeConsentDialog

        if RevokeConsentDialog.ask(self, consent.id):
            self._after_change(f"Consent to {consent.recipient} revoked", consent.id)

    def print_form(self) -> QWidget | None:
        """The selected consent's form in the preview (print or save from there)."""
        consent = self.selected()
        if consent is None:
            return None
        from soberhouse.reports.pdf.consents import consent_form_bytes
        from soberhouse.reports.settings import report_settings
        from ui.reports.pdf_preview import show_preview

        title = f"Consent form: {consent.resident_name} to {consent.recipient}"
        return self._preview(show_preview(self, consent_form_bytes(consent.id), title,
                                          f"{consent.resident_name} consent {consent.id}.pdf",
                                          report_settings(), residents=[consent.resident_id]))

    def print_accounting(self) -> QWidget | None:
        """The resident's disclosures of the last three years, in the preview."""
        if self._resident_id is None:
            return None
        from soberhouse.reports.pdf.consents import accounting_bytes
        from soberhouse.reports.settings import report_settings
        from soberhouse.residents import get_resident
        from ui.reports.pdf_preview import show_preview

        name = get_resident(self._resident_id).full_name
        return self._preview(show_preview(self, accounting_bytes(self._resident_id),
                                          f"Accounting of disclosures: {name}",
                                          f"{name} disclosures.pdf", report_settings(),
                                          residents=[self._resident_id]))

    # ------------------------------------------------------------ helpers

    def _preview(self, dialog: QWidget) -> QWidget:
        status = getattr(dialog, "status_message", None)
        if status is not None:
            status.connect(self.changed)
        self.preview = dialog
        return dialog

    def _after_change(self, message: str, consent_id: int) -> None:
        self.show_resident(self._resident_id)
        self.select_consent(consent_id)
        self.changed.emit(message)

    def _update_buttons(self) -> None:
        resident = self._resident_id
        consent = self.selected()
        change = why_not(Right.CHANGE_RECORDS, resident_id=resident) if resident else "—"
        printing = why_not(Right.PRINT, resident_id=resident) if resident else "—"
        self._allow(self.add_button, change, "Record a consent to disclose this resident's "
                                             "records")
        self._allow(self.signed_button,
                    change or (None if consent is not None and consent.signed_on is None
                               and consent.revoked_on is None
                               else "Select a consent that is not signed yet"),
                    "The printed form came back signed today: the consent counts from now")
        self._allow(self.revoke_button,
                    change or (None if consent is not None and consent.revoked_on is None
                               else "Select a consent that is not revoked"),
                    "The resident revoked the consent: it stays on record, no longer valid")
        self._allow(self.form_button,
                    printing or (None if consent is not None else "Select a consent"),
                    "The consent form to sign (42 CFR 2.31), in the preview")
        self._allow(self.accounting_button, printing,
                    "Every disclosure of this resident's records in the last 3 years")

    @staticmethod
    def _allow(button: QPushButton, reason: str | None, tip: str) -> None:
        button.setEnabled(reason is None)
        button.setToolTip(tip if reason is None else reason)
