"""File > Print Lists...: choose a house list and a house, then preview or print it.

The lists are the core's (:mod:`soberhouse.house_lists`): the sign-in sheet of
the next house meeting, the roster, the emergency contacts.  Under the
choices, a line says what will print ("Weekly meeting sign-in, Monday 16 Nov
2026, 19:00: 9 residents") or why it can't (a house with no meeting coming).
Preview opens the list in the preview window (print or save it from there)
and closes this dialog; Print goes straight to the system print dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import NotFound
from soberhouse.house_lists import ListKind, house_list
from soberhouse.houses import list_houses
from soberhouse.printed_lists import ALL_HOUSES, PrintedList, plural
from ui.colours import error_colour
from ui.print_job import PrintJob, preview_job, print_job
from ui.resources import icon

if TYPE_CHECKING:
    from ui.reports.pdf_preview import PdfPreviewDialog


class HouseListsDialog(QDialog):
    """``status_message`` says what was printed."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None, house_id: int | None = None,
                 kind: ListKind = ListKind.SIGN_IN) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print Lists")
        self.preview: PdfPreviewDialog | None = None  # the preview opened from here
        self._printed: PrintedList | None = None

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("List")
        for each in ListKind:
            self.kind_combo.addItem(each.label, each.value)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, each.description,
                                        Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind.value), 0))
        self.house_combo = QComboBox()
        self.house_combo.setAccessibleName("House")
        self._houses = [(house.id, house.name) for house in list_houses()]
        self._fill_houses(house_id)

        self.description = QLabel()
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setAccessibleName("What will print")

        form = QFormLayout()
        form.addRow("&List:", self.kind_combo)
        form.addRow("&House:", self.house_combo)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton(icon("search"), "Pre&view")
        self.preview_button.setToolTip("Show the list before printing or saving it")
        self.print_button = QPushButton(icon("print"), "&Print...")
        self.print_button.setToolTip("Print the list (the system print dialog)")
        self.print_button.setDefault(True)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview_list)
        self.print_button.clicked.connect(self.print_list)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.description)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.house_combo.currentIndexChanged.connect(self._update)
        self._update()

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int | None = None,
            on_status: Callable[[str], object] | None = None) -> None:
        """Show the dialog (modal) on ``house_id``'s lists; what was printed
        or saved goes to ``on_status`` (tests replace this)."""
        dialog = cls(parent, house_id)
        if on_status is not None:
            dialog.status_message.connect(on_status)
        try:
            dialog.exec()
            preview = dialog.preview
            if preview is not None and on_status is not None:
                preview.status_message.connect(on_status)
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------ choices

    @property
    def kind(self) -> ListKind:
        return ListKind(self.kind_combo.currentData())

    @property
    def house_id(self) -> int | None:
        value = self.house_combo.currentData()
        return value if isinstance(value, int) else None

    def choose(self, kind: ListKind, house_id: int | None) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        index = self.house_combo.findData(house_id)
        if index >= 0:
            self.house_combo.setCurrentIndex(index)

    def _fill_houses(self, house_id: int | None) -> None:
        """The houses; "All houses" too when the list may hold them all."""
        chosen = house_id if house_id is not None else self.house_combo.currentData()
        self.house_combo.blockSignals(True)
        self.house_combo.clear()
        if not self.kind.needs_one_house and len(self._houses) > 1:
            self.house_combo.addItem(ALL_HOUSES, None)
        for number, name in self._houses:
            self.house_combo.addItem(name, number)
        index = self.house_combo.findData(chosen)
        if index < 0 and self.kind.needs_one_house and self._houses:
            index = 0
        self.house_combo.setCurrentIndex(max(index, 0))
        self.house_combo.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_houses(self.house_id)
        self._update()

    def _update(self) -> None:
        """Read the list chosen and say what will print (or why nothing can)."""
        self._printed = None
        try:
            if not self._houses:
                raise NotFound("There is no house yet: add one in Settings.")
            printed = house_list(self.kind, self.house_id)
        except NotFound as problem:
            self._say(str(problem), problem=True)
        else:
            self._printed = printed
            people = sum(len(part.rows) for part in printed.parts)
            self._say(f"{printed.kind} · {printed.dated} · {plural(people, 'resident')}")
        for button in (self.preview_button, self.print_button):
            button.setEnabled(self._printed is not None)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.description.setText(text)
        palette = self.palette()
        if problem:
            palette.setColor(self.description.foregroundRole(), error_colour())
        self.description.setPalette(palette)

    # ------------------------------------------------------------ preview and print

    def job(self) -> PrintJob | None:
        return PrintJob.of_list(self._printed) if self._printed is not None else None

    def preview_list(self) -> PdfPreviewDialog | None:
        """Open the preview beside the main window and close this dialog."""
        job = self.job()
        if job is None:
            return None
        parent = self.parentWidget()
        self.preview = preview_job(parent, job)
        self.accept()
        return self.preview

    def print_list(self) -> bool:
        """The system print dialog, then the pages; True when printed (the dialog closes)."""
        job = self.job()
        if job is None:
            return False
        message = print_job(self, job)
        if message is None:
            return False
        self.status_message.emit(message)
        self.accept()
        return True
