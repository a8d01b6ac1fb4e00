"""Before a resident's records are printed or saved: "Who is this for?"

    ( ) The house's own file
    ( ) Someone outside the house

For someone outside, the valid consents that cover what the output holds
are listed (recipient, purpose, information, until); none is a refusal in
the core's words, with a button to add a consent.  The consent chosen
stamps the output (the 42 CFR 2.32 notice and the consent's scope) and the
disclosure is recorded once it is printed or saved (:func:`disclosed`).

:meth:`DisclosureQuestion.ask` is what tests replace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soberhouse.consents import (
    ConsentView,
    DisclosureStamp,
    NoValidConsent,
    Scope,
    disclosure_stamp,
    no_consent_message,
    record_disclosure,
    valid_consents,
)
from soberhouse.errors import StorageProblem
from soberhouse.reports.monthly_progress import MonthlyProgress
from soberhouse.residents import get_resident
from ui.residents.consent_table_model import ConsentTableModel
from ui.resources import icon


@dataclass(frozen=True)
class ForOutside:
    """The answer "someone outside", with the consent it goes under."""

    consent: ConsentView
    scopes: tuple[Scope, ...]

    @property
    def stamp(self) -> DisclosureStamp:
        return disclosure_stamp(self.consent, self.scopes)


@dataclass(frozen=True)
class OwnFile:
    """The answer "the house's own file": nothing is stamped or disclosed."""

    stamp: None = None


Answer = OwnFile | ForOutside


class DisclosureQuestion(QDialog):
    def __init__(self, resident_id: int, scopes: Sequence[Scope], what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident_id = resident_id
        self.scopes = tuple(scopes)
        self.name = get_resident(resident_id).full_name
        self.setWindowTitle(f"Who Is This For? {what}")
        intro = QLabel(f"{what} holds {self.name}'s records. Who is it for?")
        intro.setWordWrap(True)
        self.own_file = QRadioButton("The house's &own file")
        self.outside = QRadioButton("&Someone outside the house (with the resident's consent)")
        self.own_file.setChecked(True)
        self.model = ConsentTableModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Valid consents")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.add_button = QPushButton(icon("add"), "Add Consent...")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_consent)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for widget in (intro, self.own_file, self.outside, self.view, self.refusal,
                       self.add_button, self.buttons):
            column.addWidget(widget)
        self.own_file.toggled.connect(self._update)
        self.view.clicked.connect(self._update)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self._load()

    @staticmethod
    def ask(parent: QWidget | None, resident_id: int, scopes: Sequence[Scope],
            what: str) -> Answer | None:
        """The answer, or None when the manager cancelled."""
        dialog = DisclosureQuestion(resident_id, scopes, what, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()

    def answer(self) -> Answer | None:
        if self.own_file.isChecked():
            return OwnFile()
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return ForOutside(self.model.consent(rows[0].row()), self.scopes)

    def choose_consent(self, consent_id: int) -> None:
        self.outside.setChecked(True)
        for number, row in enumerate(self.model.rows):
            if row.id == consent_id:
                self.view.selectRow(number)
        self._update()

    def add_consent(self) -> None:
        from ui.residents.consent_dialog import ConsentDialog

        added = ConsentDialog.ask(self, self.resident_id)
        if added is not None:
            self._load()
            self.choose_consent(added.id)

    def _load(self) -> None:
        self.model.set_consents(valid_consents(self.resident_id, information=self.scopes))
        self.view.resizeColumnsToContents()
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        outside = self.outside.isChecked()
        has_consent = self.model.rowCount() > 0
        self.view.setVisible(outside and has_consent)
        self.refusal.setText(no_consent_message(self.name, self.scopes)
                             if outside and not has_consent else "")
        self.refusal.setVisible(outside and not has_consent)
        self.add_button.setVisible(outside)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.answer() is not None)


def disclosed_what(progress: MonthlyProgress) -> str:
    """"Monthly progress report, November 2026": what the disclosure names."""
    return f"Monthly progress report, {progress.month.label}"


def disclosed(answer: Answer, resident_id: int, what: str, data: bytes, *,
              pages: int | None = None, file_name: str = "") -> str | None:
    """Record the disclosure once ``data`` was printed or saved for someone
    outside; None when recorded (or for the house's own file), else what to
    tell the manager."""
    if not isinstance(answer, ForOutside):
        return None
    try:
        record_disclosure(resident_id, answer.consent.id, what, answer.scopes,
                          pdf_bytes=data, pages=pages, file_name=file_name)
    except (NoValidConsent, StorageProblem) as problem:
        return f"The disclosure was not recorded: {problem}"
    return None
