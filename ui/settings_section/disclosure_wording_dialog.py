"""The wording of consents and disclosures (the owner's setting, saved by
:func:`soberhouse.consent_wording.save_disclosure_wording`): the 42 CFR 2.32
notice every disclosed report carries, and the statements of the printed
consent form."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from soberhouse.consent_wording import (
    DEFAULT_FORM_STATEMENTS,
    LONG_NOTICE,
    SHORT_NOTICE,
    DisclosureWording,
    disclosure_wording,
    save_disclosure_wording,
)
from ui.record_dialog import RecordDialog


def _text_box(text: str, name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines)
    return box


def _with_buttons(field: QWidget, *buttons: QPushButton) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(field)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        button.setAutoDefault(False)
        row.addWidget(button)
    column.addLayout(row)
    return box


class DisclosureWordingDialog(RecordDialog):
    """The disclosure notice (short or long statement, or the house's own)
    and the consent form's statements ({house} stands for the house's name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Consents and Disclosures")
        self.set_introduction(
            "A report printed or saved for someone outside the house carries the disclosure "
            "notice and the consent's scope. The consent form prints the statements below "
            "after the recipient, purpose and dates; {house} stands for the house's name.")
        current = disclosure_wording()
        self.notice = _text_box(current.notice, "Disclosure notice", 4)
        self.short_button = QPushButton("&Short Statement")
        self.short_button.setToolTip("42 CFR part 2 prohibits unauthorized use or disclosure "
                                     "of these records.")
        self.long_button = QPushButton("&Long Statement")
        self.long_button.setToolTip("The longer 42 CFR 2.32 statement")
        self.short_button.clicked.connect(lambda: self.notice.setPlainText(SHORT_NOTICE))
        self.long_button.clicked.connect(lambda: self.notice.setPlainText(LONG_NOTICE))
        self.statements = _text_box(current.form_statements, "Consent form statements", 10)
        self.restore_button = QPushButton("&Restore Default")
        self.restore_button.clicked.connect(
            lambda: self.statements.setPlainText(DEFAULT_FORM_STATEMENTS))
        self.add_field("notice", "Disclosure &notice",
                       _with_buttons(self.notice, self.short_button, self.long_button),
                       required=True, watched=self.notice)
        self.add_field("form_statements", "Consent &form",
                       _with_buttons(self.statements, self.restore_button), required=True,
                       watched=self.statements)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """True if the wording was saved."""
        return cls(parent).run()

    def wording(self) -> DisclosureWording:
        return DisclosureWording(self.notice.toPlainText(), self.statements.toPlainText())

    def apply(self) -> str:
        save_disclosure_wording(self.wording())
        return "Consent and disclosure wording saved"
