"""Intake and edit of a resident's record.

The form collects values and calls ``admit_resident`` / ``update_resident``;
the core checks every rule, and the form shows each broken rule under its
field.  House, tier, bed and status are read-only on edit: they change
through the actions (move bed, change tier, discharge, readmit), which keep
a reason in the history.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import EditConflict, LikelyDuplicate, RuleViolation
from soberhouse.models import Resident
from soberhouse.names import NameOrder, name_with_preferred
from soberhouse.residents import (
    FIELD_LABELS,
    ResidentDetails,
    admit_resident,
    get_resident,
    update_resident,
)
from soberhouse.text_input import text_limits
from ui.date_field import DateField
from ui.edit_conflict_dialog import EditConflictDialog, OpenedRecord
from ui.form_fields import FieldErrors, fill_houses, fill_tiers, short_date
from ui.residents.table_model import status_label

TYPICAL_AGE_AT_INTAKE = 30


class ResidentForm(QDialog):
    """``ResidentForm(parent)`` for an intake, ``ResidentForm(parent, resident_id)`` to edit."""

    def __init__(self, parent: QWidget | None = None, resident_id: int | None = None,
                 house_id: int | None = None) -> None:
        super().__init__(parent)
        self._resident: Resident | None = (get_resident(resident_id)
                                           if resident_id is not None else None)
        self.saved_id: int | None = None
        today = clock.today()
        self.setWindowTitle("New resident" if self._resident is None
                            else f"Edit {self._resident.full_name}")

        general = QLabel()
        self.errors = FieldErrors(general)

        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.preferred_name = QLineEdit()
        self.first_name.setPlaceholderText("Given name")  # whichever is written first
        self.last_name.setPlaceholderText("Family name")
        # How the person writes their name, with the name as it will print.
        self.name_order = QComboBox()
        for order in NameOrder:
            self.name_order.addItem(order.label, order.value)
        self.name_order.setAccessibleName("Name written")
        self.name_order.setToolTip("Family name first: 李伟, Nagy János, Nguyễn Văn An. "
                                   "Lists sort by the family name either way.")
        self.name_preview = QLabel()
        self.name_preview.setWordWrap(False)  # one line: a wrapped label is cut short in a form
        self.name_preview.setEnabled(False)  # a hint, in the muted colour
        name_order_cell = QWidget()
        name_order_column = QVBoxLayout(name_order_cell)
        name_order_column.setContentsMargins(0, 0, 0, 0)
        name_order_column.addWidget(self.name_order)
        name_order_column.addWidget(self.name_preview)
        name_order_cell.setFocusProxy(self.name_order)
        for name_field in (self.first_name, self.last_name, self.preferred_name):
            name_field.textChanged.connect(self._show_name_preview)
        self.name_order.currentIndexChanged.connect(self._show_name_preview)
        self.date_of_birth = DateField(
            page_hint=today.replace(year=today.year - TYPICAL_AGE_AT_INTAKE, day=1))
        self.phone = QLineEdit()
        self.emergency_contact_name = QLineEdit()
        self.emergency_contact_phone = QLineEdit()
        self.substances = QLineEdit()
        self.substances.setPlaceholderText("e.g. alcohol, opioids")
        person = QGroupBox("Person")
        person_form = QFormLayout(person)
        labels = {**FIELD_LABELS, "name_order": "Name written"}
        for name, field, required in (
                ("first_name", self.first_name, True),
                ("last_name", self.last_name, True),
                ("name_order", name_order_cell, False),
                ("preferred_name", self.preferred_name, False),
                ("date_of_birth", self.date_of_birth, True),
                ("phone", self.phone, False),
                ("emergency_contact_name", self.emergency_contact_name, False),
                ("emergency_contact_phone", self.emergency_contact_phone, False),
                ("substances", self.substances, False)):
            self.errors.add_row(person_form, name, labels[name], field, required=required)

        stay = QGroupBox("Stay")
        stay_form = QFormLayout(stay)
        self.house = QComboBox()
        self.tier = QComboBox()
        self.room = QLineEdit()
        self.bed = QLineEdit()
        self.move_in_date = DateField(today)
        self.sobriety_date = DateField(page_hint=today)
        placement: list[QWidget]
        if self._resident is None:
            fill_houses(self.house, house_id)
            fill_tiers(self.tier, self.house.currentData())
            self.house.currentIndexChanged.connect(
                lambda: fill_tiers(self.tier, self.house.currentData()))
            self.errors.add_row(stay_form, "house_id", FIELD_LABELS["house_id"], self.house,
                                required=True)
            self.errors.add_row(stay_form, "tier_id", FIELD_LABELS["tier_id"], self.tier)
            self.errors.add_row(stay_form, "room", FIELD_LABELS["room"], self.room)
            self.errors.add_row(stay_form, "bed", FIELD_LABELS["bed"], self.bed)
            placement = [self.house, self.tier, self.room, self.bed]
        else:
            resident = self._resident
            for caption, text in (("House", resident.house.name),
                                  ("Tier", resident.tier.name if resident.tier else ""),
                                  ("Room / bed", resident.bed_label or "—"),
                                  ("Status", self._status_text(resident))):
                value = QLabel(text)
                value.setWordWrap(True)
                value.setToolTip("Changes through the resident's actions "
                                 "(move bed, change tier, discharge, readmit)")
                stay_form.addRow(f"{caption}:", value)
            placement = []
        self.errors.add_row(stay_form, "move_in_date", FIELD_LABELS["move_in_date"],
                            self.move_in_date, required=True)
        self.errors.add_row(stay_form, "sobriety_date", FIELD_LABELS["sobriety_date"],
                            self.sobriety_date, required=True)

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 5)
        notes_form = QFormLayout()
        self.errors.add_row(notes_form, "notes", FIELD_LABELS["notes"], self.notes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        required_hint = QLabel("* required")
        required_hint.setEnabled(False)

        columns = QHBoxLayout()
        columns.addWidget(person, 1)
        columns.addWidget(stay, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addLayout(columns)
        layout.addLayout(notes_form)
        bottom = QHBoxLayout()
        bottom.addWidget(required_hint)
        bottom.addWidget(self.buttons, 1)
        layout.addLayout(bottom)

        for field in (self.first_name, self.last_name, self.preferred_name, self.phone,
                      self.emergency_contact_name, self.emergency_contact_phone,
                      self.substances):
            field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        for name, limit in text_limits(Resident).items():  # the columns' own lengths
            if isinstance(line_edit := getattr(self, name, None), QLineEdit):
                line_edit.setMaxLength(limit)
        # What the form opened with, and the record's version then: a save
        # writes only what was changed here, and notices a newer save.
        self._opened: OpenedRecord[ResidentDetails] | None = None
        if self._resident is not None:
            resident_id = self._resident.id
            self._opened = OpenedRecord(
                ResidentDetails.of(self._resident), self._resident.version,
                on_file=lambda: ResidentDetails.of(get_resident(resident_id)))
            self._fill(self._opened.base)
        self._set_tab_order([
            self.first_name, self.last_name, self.name_order, self.preferred_name,
            self.date_of_birth,
            self.phone, self.emergency_contact_name, self.emergency_contact_phone,
            self.substances, *placement, self.move_in_date, self.sobriety_date, self.notes,
            self.buttons])
        self._saved_state = self.details()
        self.first_name.setFocus()

    # ------------------------------------------------------------ opening

    @classmethod
    def ask(cls, parent: QWidget | None = None, resident_id: int | None = None,
            house_id: int | None = None) -> int | None:
        """Open the form; the saved resident's id, or None if nothing was saved."""
        form = cls(parent, resident_id=resident_id, house_id=house_id)
        try:
            accepted = form.exec() == QDialog.DialogCode.Accepted
            return form.saved_id if accepted else None
        finally:
            form.deleteLater()

    # ------------------------------------------------------------ questions (tests answer them)

    def confirm_new_person(self, matches: Sequence[Resident]) -> bool:
        """Same name and date of birth on record: True to save as someone else."""
        lines = "\n".join(
            f"• {match.full_name}, born {short_date(match.date_of_birth)}, "
            f"{status_label(match.status).lower()} in {match.house.name}"
            for match in matches)
        box = QMessageBox(QMessageBox.Icon.Question, "Same person?",
                          f"Already on record with the same name and date of birth:\n\n"
                          f"{lines}\n\nIs this a different person?", parent=self)
        save = box.addButton("Save as a new resident", QMessageBox.ButtonRole.AcceptRole)
        keep: QPushButton = box.addButton("Don't save", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is save

    def resolve_conflicts(self, conflict: EditConflict) -> dict[str, bool] | None:
        """Someone saved this resident meanwhile: per field, True to keep this
        form's value; None to go back to the form."""
        return EditConflictDialog.ask(self, conflict.record, conflict.conflicts)

    def ask_about_unsaved_changes(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (stay in the form)."""
        return QMessageBox.question(
            self, "Unsaved changes", "Save the changes to this resident?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    # ------------------------------------------------------------ state

    def details(self) -> ResidentDetails:
        """What the form says now."""
        if self._resident is not None:
            current = ResidentDetails.of(self._resident)
            house_id, tier_id = current.house_id, current.tier_id
            room, bed = current.room, current.bed
        else:
            house_id, tier_id = self.house.currentData(), self.tier.currentData()
            room, bed = self.room.text(), self.bed.text()
        return ResidentDetails(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            preferred_name=self.preferred_name.text(),
            name_order=self.name_order.currentData(),
            date_of_birth=self.date_of_birth.value(),
            phone=self.phone.text(),
            emergency_contact_name=self.emergency_contact_name.text(),
            emergency_contact_phone=self.emergency_contact_phone.text(),
            substances=self.substances.text(),
            house_id=house_id,
            tier_id=tier_id,
            room=room,
            bed=bed,
            move_in_date=self.move_in_date.value(),
            sobriety_date=self.sobriety_date.value(),
            notes=self.notes.toPlainText(),
        )

    def is_dirty(self) -> bool:
        """Something typed and not saved (a date that can't be read yet too)."""
        return self.details() != self._saved_state or any(
            field.typing_problem()
            for field in (self.date_of_birth, self.move_in_date, self.sobriety_date))

    # ------------------------------------------------------------ Qt overrides

    def accept(self) -> None:
        if self._save():
            super().accept()

    def reject(self) -> None:
        if self.is_dirty():
            answer = self.ask_about_unsaved_changes()
            if answer == QMessageBox.StandardButton.Save:
                self.accept()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    # ------------------------------------------------------------ helpers

    def _save(self) -> bool:
        if not self.errors.check_typing():  # a date that can't be read: nothing is saved
            return False
        details = self.details()
        allow_duplicate = False
        while True:
            try:
                resident = self._write(details, allow_duplicate)
                break
            except LikelyDuplicate as duplicate:
                if not self.confirm_new_person(duplicate.matches):
                    self.errors.show(duplicate)
                    return False
                allow_duplicate = True
            except EditConflict as conflict:
                choices = self.resolve_conflicts(conflict)
                if choices is None:
                    self.errors.show(conflict)
                    return False
                assert self._opened is not None
                details = self._opened.rebase(details, conflict, choices, self._fill)
            except RuleViolation as violation:
                self.errors.show(violation)
                return False
        self.saved_id = resident.id
        self._saved_state = details
        return True

    def _write(self, details: ResidentDetails, allow_duplicate: bool) -> Resident:
        if self._resident is None:
            return admit_resident(details, allow_duplicate=allow_duplicate)
        assert self._opened is not None
        saved = update_resident(self._resident.id, details, allow_duplicate=allow_duplicate,
                                base=self._opened.base, base_version=self._opened.version)
        self._opened.base, self._opened.version = ResidentDetails.of(saved), saved.version
        return saved

    def _show_name_preview(self) -> None:
        """The name as the report they sign will print it, in the order chosen."""
        given, family = self.first_name.text().strip(), self.last_name.text().strip()
        name = name_with_preferred(given, family, self.preferred_name.text(),
                                   self.name_order.currentData())
        self.name_preview.setText(f"Prints as: {name}" if given and family else "")

    def _fill(self, details: ResidentDetails) -> None:
        self.first_name.setText(details.first_name)
        self.last_name.setText(details.last_name)
        self.preferred_name.setText(details.preferred_name)
        self.name_order.setCurrentIndex(max(self.name_order.findData(details.name_order), 0))
        self.date_of_birth.set_value(details.date_of_birth)
        self.phone.setText(details.phone)
        self.emergency_contact_name.setText(details.emergency_contact_name)
        self.emergency_contact_phone.setText(details.emergency_contact_phone)
        self.substances.setText(details.substances)
        self.move_in_date.set_value(details.move_in_date)
        self.sobriety_date.set_value(details.sobriety_date)
        self.notes.setPlainText(details.notes)

    @staticmethod
    def _status_text(resident: Resident) -> str:
        text = status_label(resident.status)
        if resident.discharge_date is not None:
            text += f" on {short_date(resident.discharge_date)}"
        return text

    @staticmethod
    def _set_tab_order(widgets: list[QWidget]) -> None:
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

