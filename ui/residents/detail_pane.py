"""The selected resident: the facts, the actions, and the history timeline."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.milestones import days_between
from soberhouse.models import Resident
from soberhouse.residents import ResidentRow, age_on, get_resident
from ui.audit_notes import note_viewed
from ui.colours import status_colour
from ui.form_fields import short_date
from ui.residents.consents_group import ConsentsGroup
from ui.residents.history_model import HistoryModel
from ui.residents.mentoring_group import MentoringGroup
from ui.residents.table_model import milestone_text, status_label
from ui.resources import icon

BLANK = "—"


class ElidedLabel(QLabel):
    """One line that shortens with "…" when narrow, the whole text in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setAccessibleName(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 1))
        self.setText(shown)
        self.setToolTip(self._full_text if shown != self._full_text else "")


class ResidentDetailPane(QStackedWidget):
    """Shows one :class:`ResidentRow` and its record, and their mentoring.

    Reads only, but for the matching profile and goal dialogs of its
    Mentoring group (what they saved is said through :attr:`status_message`).
    """

    status_message = Signal(str)

    FACTS = ("Preferred name", "House", "Room / bed", "Tier", "Status", "Days sober",
             "Days in the house", "Next milestone", "Sobriety date", "Move-in date",
             "Date of birth", "Phone", "Emergency contact", "Substances", "Notes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row: ResidentRow | None = None
        self.history_model = HistoryModel(self)

        placeholder = QLabel("Select a resident to see their details.")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setWordWrap(True)
        placeholder.setEnabled(False)
        self.addWidget(placeholder)

        page = QWidget()
        column = QVBoxLayout(page)
        self.name_label = ElidedLabel()
        name_font = QFont(self.font())
        name_font.setPointSizeF(name_font.pointSizeF() * 1.6)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.name_label)
        # The number the command line asks for (soberhouse report --resident 42).
        self.number_label = QLabel()
        self.number_label.setTextFormat(Qt.TextFormat.PlainText)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        column.addWidget(self.number_label)

        self._buttons = QGridLayout()
        column.addLayout(self._buttons)
        self.report_button = QToolButton()
        self.report_button.setText("Print Monthly &Report...")
        self.report_button.setIcon(icon("print"))
        self.report_button.setToolTip("Preview last month's progress report, then print or "
                                      "save it")
        self.report_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.report_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.report_button.clicked.connect(self.preview_monthly_report)
        column.addWidget(self.report_button)
        self.report_preview: QWidget | None = None  # the last report preview opened

        self._values: dict[str, QLabel] = {}
        facts = QWidget()
        form = QFormLayout(facts)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for caption in self.FACTS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            form.addRow(f"{caption}:", value)
            self._values[caption] = value
        self.mentoring = MentoringGroup()
        self.mentoring.changed.connect(self._mentoring_changed)
        details = QWidget()
        details_column = QVBoxLayout(details)
        details_column.setContentsMargins(0, 0, 0, 0)
        details_column.addWidget(facts)
        details_column.addWidget(self.mentoring)
        self.consents = ConsentsGroup()
        self.consents.changed.connect(self._consents_changed)
        details_column.addWidget(self.consents)
        details_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        history = QWidget()
        history_column = QVBoxLayout(history)
        history_column.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("History")
        heading_font = QFont(self.font())
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.history_view = QListView()
        self.history_view.setModel(self.history_model)
        self.history_view.setAccessibleName("History")
        self.history_view.setWordWrap(True)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        heading.setBuddy(self.history_view)
        history_column.addWidget(heading)
        history_column.addWidget(self.history_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        column.addWidget(self.splitter, 1)
        self.addWidget(page)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 48, hint.height())

    def set_actions(self, actions: list[QAction]) -> None:
        """One button per action, two to a row; they enable with their action."""
        for number, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._buttons.addWidget(button, number // 2, number % 2)

    @property
    def resident_id(self) -> int | None:
        return self._row.id if self._row is not None else None

    def value_text(self, caption: str) -> str:
        return self._values[caption].text()

    def show_resident(self, row: ResidentRow | None) -> None:
        """Show ``row``'s record; another resident than the one shown is
        noted in the audit trail as viewed (not a refresh of the same one)."""
        shown_before = self.resident_id
        self._row = row
        if row is None:
            self.history_model.show_resident(None)
            self.mentoring.show_resident(None)
            self.consents.show_resident(None)
            self.setCurrentIndex(0)
            return
        resident = get_resident(row.id)
        self.name_label.set_full_text(resident.full_name)
        self.number_label.setText(f"Resident no. {row.id}")
        self.number_label.setToolTip(f"The number to give the command line: soberhouse report "
                                     f"--resident {row.id}")
        self._fill(row, resident)
        self.history_model.show_resident(row.id)
        self.mentoring.show_resident(row.id, active=row.days_sober is not None)
        self.consents.show_resident(row.id)
        self.setCurrentIndex(1)
        if row.id != shown_before:
            note_viewed(row.id, resident.full_name, "detail pane", told=self.status_message.emit)

    def preview_monthly_report(self) -> QWidget | None:
        """Last month's progress report of the resident shown, in the preview
        (print or save from there)."""
        if self._row is None:
            return None
        from soberhouse.errors import RuleViolation
        from soberhouse.reports.monthly_progress import previous_month, resident_progress
        from soberhouse.reports.settings import report_settings
        from ui.reports.pdf_preview import preview_resident_report

        try:
            progress = resident_progress(self._row.id, previous_month())
        except RuleViolation as violation:
            self.status_message.emit(str(violation))
            return None
        dialog = preview_resident_report(self, progress, report_settings())
        dialog.status_message.connect(self.status_message)
        self.report_preview = dialog
        return dialog

    def _mentoring_changed(self, message: str) -> None:
        """A profile change leaves a correction in the history: read it again."""
        if self._row is not None:
            self.history_model.show_resident(self._row.id)
            message = f"{message} for {self.name_label.full_text()}"
        self.status_message.emit(message)

    def _consents_changed(self, message: str) -> None:
        """A consent recorded or revoked is in the history too."""
        if self._row is not None:
            self.history_model.show_resident(self._row.id)
        self.status_message.emit(message)

    def _fill(self, row: ResidentRow, resident: Resident) -> None:
        today = clock.today()
        living_here = row.days_sober is not None
        if living_here:
            status = status_label(row.status)
        else:
            status = f"{status_label(row.status)} on {short_date(row.discharge_date)}"
            if resident.discharge_reason:
                status += f": {resident.discharge_reason}"
        contact = " · ".join(filter(None, (resident.emergency_contact_name,
                                           resident.emergency_contact_phone)))
        values = {
            "Preferred name": resident.preferred_name,
            "House": row.house_name,
            "Room / bed": row.bed_label,
            "Tier": row.tier_name,
            "Status": status,
            "Days sober": str(row.days_sober) if living_here else "",
            "Days in the house": (str(days_between(row.move_in_date, today))
                                  if living_here else ""),
            "Next milestone": milestone_text(row, today),
            "Sobriety date": short_date(row.sobriety_date),
            "Move-in date": short_date(row.move_in_date),
            "Date of birth": (f"{short_date(resident.date_of_birth)} "
                              f"(age {age_on(resident.date_of_birth, today)})"),
            "Phone": resident.phone,
            "Emergency contact": contact,
            "Substances": resident.substances,
            "Notes": resident.notes,
        }
        for caption, text in values.items():
            self._values[caption].setText(text or BLANK)
        status_value = self._values["Status"]
        palette = self.palette()
        colour = status_colour(row.status)
        if colour is not None:
            palette.setColor(status_value.foregroundRole(), colour)
        status_value.setPalette(palette)
