"""The base of the mentoring record dialogs: a form with a message line under
each field, Save and Cancel, "call the core; show its RuleViolation", and a
question before typed changes are thrown away."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import RuleViolation
from ui.form_fields import FieldErrors
from ui.resources import icon


def widget_state(widget: QWidget) -> object:
    """What a field holds, to tell whether the form was changed."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QCheckBox | QAbstractButton):
        return widget.isChecked()
    return None


class RecordDialog(QDialog):
    """Subclasses add their fields with :meth:`add_field`, call
    :meth:`mark_clean` when filled in, and make their one core call in
    :meth:`apply`.  On a :class:`RuleViolation` each message shows under its
    field and the dialog stays open; nothing was saved."""

    save_text = "Save"
    save_icon = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_text = ""
        self.introduction = QLabel()
        self.introduction.setWordWrap(True)
        self.introduction.hide()
        self.general_message = QLabel()
        self.errors = FieldErrors(self.general_message)
        self.form = QFormLayout()
        self._fields: list[QWidget] = []
        self._clean: list[object] | None = None

        self.required_note = QLabel("* required")
        self.required_note.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText(self.save_text)
        if self.save_icon:
            self.save_button.setIcon(icon(self.save_icon))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.body = QVBoxLayout(self)
        self.body.addWidget(self.introduction)
        self.body.addWidget(self.general_message)
        self.body.addLayout(self.form)
        self.extra = QVBoxLayout()
        self.extra.setContentsMargins(0, 0, 0, 0)
        self.body.addLayout(self.extra, 1)
        self.body.addWidget(self.required_note)
        self.body.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def set_introduction(self, text: str) -> None:
        self.introduction.setText(text)
        self.introduction.setVisible(bool(text))

    def add_field(self, name: str, label: str, field: QWidget, *, required: bool = False,
                  watched: QWidget | None = None) -> None:
        """``name`` is the core's field name, so its messages land under the
        field; ``watched`` is the input inside ``field`` when ``field`` is a
        container."""
        self.errors.add_row(self.form, name, label, field, required=required)
        self._fields.append(watched or field)

    def set_row_visible(self, field: QWidget, visible: bool) -> None:
        """Show or hide a row added with :meth:`add_field` (its field's cell)."""
        cell = field.parentWidget()
        self.form.setRowVisible(cell if cell is not None else field, visible)

    # ------------------------------------------------------------ for subclasses

    def apply(self) -> str | None:
        """Make the core call; what was done, in words, for the status bar
        (or set :attr:`status_text` and return None)."""
        raise NotImplementedError

    def confirm(self) -> bool:
        """Asked before :meth:`apply`; only for what can't be undone simply."""
        return True

    def state(self) -> list[object]:
        return [widget_state(field) for field in self._fields]

    def mark_clean(self) -> None:
        self._clean = self.state()

    def is_dirty(self) -> bool:
        return self._clean is not None and self.state() != self._clean

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Discard changes?", "Close without saving what you typed?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------ Qt overrides

    def accept(self) -> None:
        if not self.errors.check_typing() or not self.confirm():
            return
        try:
            done = self.apply()
        except RuleViolation as violation:
            self.errors.show(violation)
            return
        if done is not None:
            self.status_text = done
        self.errors.clear()
        self.mark_clean()
        super().accept()

    def reject(self) -> None:
        if self.isVisible() and self.is_dirty() and not self.confirm_discard():
            return
        super().reject()

    def run(self) -> bool:
        """exec(), then let Qt delete the dialog; True if it was saved."""
        try:
            return self.exec() == QDialog.DialogCode.Accepted
        finally:
            self.deleteLater()
