"""A staff coach's certificate and continuing-education log, with how they
stand now (green, amber or red, always said in words too)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import RuleViolation
from soberhouse.mentoring.certification import (
    HOURS_PER_CYCLE,
    LAW_AND_ETHICS_HOURS_PER_CYCLE,
    CertificationStatus,
    WarningKind,
    add_years,
    certification_status,
    hours_text,
    log_education,
    record_certificate,
)
from ui.colours import Level, level_colour
from ui.date_field import DateField
from ui.form_fields import FieldErrors, short_date
from ui.mentoring.education_log_model import TOPIC, EducationLogModel
from ui.mentoring.goal_dialogs import table_view
from ui.resources import icon

LARGEST_ENTRY_HOURS = 80
CERTIFICATE_YEARS = 2


def plural_days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def standing(status: CertificationStatus) -> list[tuple[Level, str]]:
    """How the certificate and this cycle's hours stand, one line each.  The
    level comes from the core's warnings; the words say the same."""
    today = clock.today()
    kinds = {warning.kind for warning in status.warnings}
    certificate = status.certificate
    if certificate is None:
        return [(Level.BAD, "No certificate on record: record it below.")]
    days = (certificate.expires_on - today).days
    when = short_date(certificate.expires_on)
    if WarningKind.EXPIRED in kinds:
        lines = [(Level.BAD, f"Certificate {certificate.number} expired "
                             f"{plural_days(-days)} ago ({when}).")]
    elif WarningKind.EXPIRING in kinds:
        soon = "today" if days == 0 else f"in {plural_days(days)}"
        lines = [(Level.DUE, f"Certificate expires {soon} ({when}).")]
    else:
        lines = [(Level.GOOD, f"Certificate {certificate.number} valid until {when} "
                              f"({plural_days(days)}).")]
    hours = (f"{hours_text(status.hours_in_cycle)} of {hours_text(HOURS_PER_CYCLE)} CE hours "
             f"in this cycle ({hours_text(status.law_and_ethics_in_cycle)} of "
             f"{hours_text(LAW_AND_ETHICS_HOURS_PER_CYCLE)} law and ethics)")
    cycle = f"{short_date(status.cycle_start)} to {short_date(status.cycle_end)}"
    if WarningKind.HOURS in kinds:
        lines.append((Level.DUE, f"{hours}, {cycle}."))
    else:
        lines.append((Level.GOOD, f"{hours}: complete for {cycle}."))
    return lines


class StandingPanel(QFrame):
    """The lines of :func:`standing`, each with an icon and its colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Certification status")
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(1, 1)
        self.lines: list[tuple[Level, str]] = []
        self._labels: list[QLabel] = []

    def set_lines(self, lines: list[tuple[Level, str]]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.lines = lines
        self._labels = []
        size = self.fontMetrics().height()
        for row, (level, text) in enumerate(lines):
            picture = QLabel()
            picture.setPixmap(icon("check" if level is Level.GOOD else "warning")
                              .pixmap(size, size))
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, level_colour(level))
            label.setPalette(palette)
            font = label.font()
            font.setBold(level is not Level.GOOD)
            label.setFont(font)
            self._grid.addWidget(picture, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(label, row, 1)
            self._labels.append(label)
        self.setAccessibleDescription(" ".join(text for _, text in lines))

    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)


def column_form(errors: FieldErrors, name: str, label: str, field: QWidget,
                required: bool = False) -> QFormLayout:
    """One field of a quick-add row: its label above, its message below."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setContentsMargins(0, 0, 0, 0)
    errors.add_row(form, name, label, field, required=required)
    return form


class CertificationDialog(QDialog):
    """Each part saves on its own button (Record Certificate, Add); Close
    leaves.  A broken rule shows under its field and saves nothing."""

    def __init__(self, mentor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mentor_id = mentor_id
        self.saved = False
        self.status_text = ""
        status = certification_status(mentor_id)
        self.setWindowTitle(f"Certification: {status.mentor_name}")

        self.standing = StandingPanel()

        # ------------------------------------------------ certificate
        certificate_box = QGroupBox("Certificate")
        self.certificate_box = certificate_box
        self.current_certificate = QLabel()
        self.current_certificate.setWordWrap(True)
        self.certificate_message = QLabel()
        self.certificate_errors = FieldErrors(self.certificate_message)
        self.number = QLineEdit()
        self.number.setPlaceholderText("As printed on the certificate")
        today = clock.today()
        self.issued_on = DateField(today)
        self.expires_on = DateField(add_years(today, CERTIFICATE_YEARS))
        self.issued_on.value_changed.connect(self._propose_expiry)
        self.record_button = QPushButton(icon("certificate"), "Record Certificate")
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record_certificate)
        certificate_form = QFormLayout()
        self.certificate_errors.add_row(certificate_form, "number", "Number", self.number,
                                        required=True)
        self.certificate_errors.add_row(certificate_form, "issued_on", "Issued",
                                        self.issued_on, required=True)
        self.certificate_errors.add_row(certificate_form, "expires_on", "Expires",
                                        self.expires_on, required=True)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_button)
        record_row.addStretch(1)
        certificate_form.addRow("", record_row)
        certificate_column = QVBoxLayout(certificate_box)
        certificate_column.addWidget(self.current_certificate)
        certificate_column.addWidget(self.certificate_message)
        certificate_column.addLayout(certificate_form)

        # ------------------------------------------------ continuing education
        education_box = QGroupBox("Continuing education")
        self.education_box = education_box
        self.education_message = QLabel()
        self.education_errors = FieldErrors(self.education_message)
        self.taken_on = DateField(today)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, LARGEST_ENTRY_HOURS)
        self.hours.setDecimals(2)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(1)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Course or training")
        self.law_and_ethics = QCheckBox("Law && ethics")
        self.add_button = QPushButton(icon("add"), "Add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_education)
        add_row = QHBoxLayout()
        add_row.addLayout(column_form(self.education_errors, "taken_on", "Date", self.taken_on,
                                      True))
        add_row.addLayout(column_form(self.education_errors, "hours", "Hours", self.hours,
                                      True))
        add_row.addLayout(column_form(self.education_errors, "topic", "Topic", self.topic,
                                      True), 1)
        add_row.addWidget(self.law_and_ethics, 0, Qt.AlignmentFlag.AlignBottom)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.law_and_ethics.setAccessibleName("Law and ethics")
        self.log_model = EducationLogModel(self)
        self.log_view = table_view("Continuing education")
        self.log_view.setModel(self.log_model)
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.log_view.horizontalHeader().setStretchLastSection(False)
        self.empty_log = QLabel("No continuing education logged yet: add the first hours "
                                "above.")
        self.empty_log.setEnabled(False)
        self.empty_log.setWordWrap(True)
        education_column = QVBoxLayout(education_box)
        education_column.addWidget(self.education_message)
        education_column.addLayout(add_row)
        education_column.addWidget(self.log_view, 1)
        education_column.addWidget(self.empty_log)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.standing)
        layout.addWidget(certificate_box)
        layout.addWidget(education_box, 1)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(width * 84)
        self.resize(width * 100, self.fontMetrics().height() * 44)
        self._show(status)
        self.number.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, mentor_id: int) -> bool:
        """True if a certificate or hours were recorded."""
        dialog = cls(mentor_id, parent)
        try:
            dialog.exec()
            return dialog.saved
        finally:
            dialog.deleteLater()

    def standing_text(self) -> str:
        return self.standing.text()

    # ------------------------------------------------------------ saving

    def record_certificate(self) -> bool:
        if not self.certificate_errors.check_typing():
            return False
        try:
            record_certificate(self.mentor_id, self.number.text(), self.issued_on.value(),
                               self.expires_on.value())
        except RuleViolation as violation:
            self.certificate_errors.show(violation)
            return False
        self.certificate_errors.clear()
        self.status_text = f"Certificate {self.number.text().strip()} recorded"
        self.number.clear()
        self._saved()
        return True

    def add_education(self) -> bool:
        if not self.education_errors.check_typing():
            return False
        try:
            log_education(self.mentor_id, self.taken_on.value(),
                          Decimal(str(self.hours.value())), self.topic.text(),
                          self.law_and_ethics.isChecked())
        except RuleViolation as violation:
            self.education_errors.show(violation)
            return False
        self.education_errors.clear()
        self.status_text = f"{hours_text(Decimal(str(self.hours.value())))} hours logged"
        self.topic.clear()
        self.law_and_ethics.setChecked(False)
        self.topic.setFocus()
        self._saved()
        return True

    # ------------------------------------------------------------ Qt override

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter saves the part being typed in; Esc closes."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if focused is not None and self.certificate_box.isAncestorOf(focused):
                self.record_certificate()
                return
            if focused is not None and self.education_box.isAncestorOf(focused):
                self.add_education()
                return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ helpers

    def _saved(self) -> None:
        self.saved = True
        self._show(certification_status(self.mentor_id))

    def _propose_expiry(self) -> None:
        issued = self.issued_on.value()
        if issued is not None:
            self.expires_on.set_value(add_years(issued, CERTIFICATE_YEARS))

    def _show(self, status: CertificationStatus) -> None:
        self.standing.set_lines(standing(status))
        certificate = status.certificate
        if certificate is None:
            self.current_certificate.setText("No certificate recorded yet.")
            self.record_button.setText("Record Certificate")
        else:
            self.current_certificate.setText(
                f"Current: No. {certificate.number}, issued {short_date(certificate.issued_on)}"
                f", expires {short_date(certificate.expires_on)}. A renewal adds a new "
                f"certificate; the old one stays on record.")
            self.record_button.setText("Record Renewal")
        self.log_model.set_entries(status.log)
        self.log_view.resizeColumnsToContents()
        self.log_view.horizontalHeader().setSectionResizeMode(
            TOPIC, QHeaderView.ResizeMode.Stretch)
        has_log = self.log_model.rowCount() > 0
        self.log_view.setVisible(has_log)
        self.empty_log.setVisible(not has_log)
