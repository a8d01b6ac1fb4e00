"""Settings > People (owner only): who has an account, their role and houses.

Add, change, reset a password, switch off or on again; nobody is deleted,
since history names them.  Every refusal is the core's, in its words
(:mod:`soberhouse.accounts`): a form shows it under the field, this window
on its message line (switching off your own account, say).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts
from soberhouse.errors import RuleViolation
from soberhouse.models import AppUser
from ui.colours import error_colour
from ui.resources import icon
from ui.settings_section.people_table_model import PeopleTableModel
from ui.settings_section.person_dialog import PersonDialog, ResetPasswordDialog
from ui.table_columns import fit_columns, record_table


class PeopleDialog(QDialog):
    """The accounts table with Add, Change, Reset Password and Switch Off/On."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("People")
        explanation = QLabel(
            "Everyone who uses Soberhouse signs in with their own account. Choose what each "
            "may do and which houses they see. An account is switched off, never deleted: "
            "the history keeps naming who recorded what.")
        explanation.setWordWrap(True)
        self.model = PeopleTableModel(self)
        self.table = record_table(self.model, "People")
        fit_columns(self.table).share_columns(0, 3)
        self.table.activated.connect(self._change_at)

        self.add_button = QPushButton(icon("add"), "&Add...")
        self.change_button = QPushButton(icon("edit"), "&Change...")
        self.reset_button = QPushButton("&Reset Password...")
        self.switch_button = QPushButton("Switch &Off")
        self.add_button.clicked.connect(self.add_person)
        self.change_button.clicked.connect(self.change_person)
        self.reset_button.clicked.connect(self.reset_password)
        self.switch_button.clicked.connect(self.switch_on_or_off)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.reset_button,
                       self.switch_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        palette = self.message.palette()
        palette.setColor(self.message.foregroundRole(), error_colour())
        self.message.setPalette(palette)
        self.message.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        # On an encrypted file: who can't sign in until given a new password.
        self.needs_password = QLabel()
        self.needs_password.setObjectName("needsNewPassword")
        self.needs_password.setWordWrap(True)
        self.needs_password.hide()
        layout.addWidget(self.needs_password)
        layout.addWidget(close)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 130)
        self.setMinimumHeight(self.fontMetrics().height() * 24)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        selected = select if select is not None else self.selected_id()
        self.model.reload()
        if self.model.rowCount():
            row = self.model.row_of(selected) if selected is not None else -1
            self.table.selectRow(max(row, 0))
        self._show_who_needs_a_password()
        self._update_buttons()

    def _show_who_needs_a_password(self) -> None:
        """The active accounts whose password opens nothing on this encrypted
        data file yet (made before it was encrypted, or switched on again)."""
        waiting = [person.shown_name for person in accounts.people()
                   if person.active and person.has_account
                   and accounts.needs_new_password(person)]
        self.needs_password.setText(
            f"{', '.join(waiting)} {'needs' if len(waiting) == 1 else 'need'} a new password "
            f"(reset it so they can sign in): this data file is encrypted, and "
            f"{'that account was' if len(waiting) == 1 else 'those accounts were'} made or "
            f"switched on before their password could open it." if waiting else "")
        self.needs_password.setVisible(bool(waiting))

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    def selected_person(self) -> AppUser | None:
        person_id = self.selected_id()
        return AppUser.get_or_none(AppUser.id == person_id) if person_id is not None else None

    def _update_buttons(self) -> None:
        person_id = self.selected_id()
        row = self.model.rows[self.model.row_of(person_id)] if person_id is not None else None
        for button in (self.change_button, self.reset_button, self.switch_button):
            button.setEnabled(row is not None)
        active = row is None or row.active
        self.switch_button.setText("Switch &Off" if active else "Switch &On")
        self.switch_button.setToolTip(
            "They can no longer sign in; the history keeps their name" if active
            else "They can sign in again")

    def _done(self, person_id: int, message: str) -> None:
        self.message.hide()
        self.reload(select=person_id)
        self.status_message.emit(message)

    def _refused(self, refusal: RuleViolation) -> None:
        self.message.setText(str(refusal))
        self.message.show()

    def add_person(self) -> None:
        saved = PersonDialog.ask(self)
        if saved is not None:
            self._done(saved[0].id, saved[1])

    def change_person(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        saved = PersonDialog.ask(self, person)
        if saved is not None:
            self._done(saved[0].id, saved[1])

    def _change_at(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.change_person()

    def reset_password(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        done = ResetPasswordDialog.ask(person, self)
        if done:
            self._done(person.id, done)

    def switch_on_or_off(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        try:
            switched = accounts.set_active(person.id, not person.active)
        except RuleViolation as refusal:
            self._refused(refusal)
            return
        self._done(switched.id, f"{switched.shown_name}'s account switched "
                                f"{'on' if switched.active else 'off'}")

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> list[str]:
        """Show the people until Close; what was done, for the status bar."""
        dialog = cls(parent)
        done: list[str] = []
        dialog.status_message.connect(done.append)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        return done
