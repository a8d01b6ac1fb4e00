"""Import residents from a CSV file: choose it, preview every line, then import.

The dialog only shows what :func:`soberhouse.residents_csv.read_residents_csv`
found and hands the import to :func:`~soberhouse.residents_csv.apply_import`
(one transaction); it checks no rule itself.  Both run in a worker thread
(:class:`~ui.background.BackgroundTask`): a long file shows its progress with
Cancel, and the windows stay usable.  At most one task runs at a time, and
closing the dialog cancels it and waits for it to stop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import RuleViolation
from soberhouse.houses import get_house
from soberhouse.residents_csv import (
    DATE_ORDER_EXAMPLES,
    IMPORT_CANCELLED,
    DateOrder,
    ImportPreview,
    Progress,
    apply_import,
    read_residents_csv,
)
from ui.background import BackgroundTask, ProgressRow
from ui.colours import error_colour
from ui.form_fields import fill_houses
from ui.residents.import_preview_model import Column, ImportPreviewModel


def _ignore(*_: object) -> None:
    pass


def _number(value: int) -> str:
    """1,200 (in the manager's locale)."""
    return QLocale().toString(value)


class ImportResidentsDialog(QDialog):
    """Choose a CSV file, see what it holds line by line, import the good lines."""

    work_finished = Signal()
    """A preview or an import ended (done, failed or cancelled) and the dialog shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import residents")
        self.preview: ImportPreview | None = None
        self.imported_count = 0
        self._path: Path | None = None
        self._task: BackgroundTask | None = None
        self._handlers: tuple[Callable[[object], None], Callable[[object], None],
                              Callable[[], None]] = (_ignore, _ignore, _ignore)  # see _start
        self._closing = False

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.date_order = QComboBox()
        for code, example in DATE_ORDER_EXAMPLES.items():
            self.date_order.addItem(example, code)
        self.house = QComboBox()
        fill_houses(self.house)
        self.house.insertItem(0, "(none: the file has a House column)", None)
        self.house.setCurrentIndex(1 if self.house.count() == 2 else 0)  # the only house
        self.date_order.currentIndexChanged.connect(self.refresh_preview)
        self.house.currentIndexChanged.connect(self.refresh_preview)

        form = QFormLayout()
        form.addRow("File:", file_row)
        form.addRow("&Dates look like:", self.date_order)
        form.addRow("House for lines &without one:", self.house)
        self.create_houses = QCheckBox("&Create houses the file names that are not set up yet")
        self.create_houses.setToolTip(
            "For a file exported from another Soberhouse: each new house gets a bed for "
            "each of its residents and the usual tiers; check them in Settings afterwards.")
        self.create_houses.toggled.connect(self.refresh_preview)
        form.addRow("", self.create_houses)

        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CHECK, QHeaderView.ResizeMode.Stretch)
        # Measure the visible rows and 100 more, not 1,000: a 4,000-line file
        # would otherwise keep the window busy for a quarter of a second after
        # each check.  A longer name further down is elided, with a tooltip.
        header.setResizeContentsPrecision(100)

        self.summary = QLabel("Choose the CSV file the spreadsheet saved.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skip_bad = QCheckBox()
        self.skip_bad.setVisible(False)
        self.skip_bad.toggled.connect(self._update_import_button)
        self.progress_row = ProgressRow(cancel_button=False)  # the dialog's Cancel stops it

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_residents)
        self.buttons.rejected.connect(self.reject)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> int:
        """Run the dialog; the number of residents imported (0 if cancelled)."""
        dialog = cls(parent)
        try:
            if not dialog.choose_file():
                return 0
            dialog.exec()
            return dialog.imported_count
        finally:
            dialog.stop_work()
            dialog.deleteLater()

    # ------------------------------------------------------------ background work

    def is_working(self) -> bool:
        """A preview or an import is running in the background."""
        return self._task is not None

    def _start(self, work: Callable[[Progress], object],
               describe: Callable[[int, int], str], cancel_tip: str,
               succeeded: Callable[[object], None], failed: Callable[[object], None],
               cancelled: Callable[[], None]) -> None:
        """Run ``work(progress)`` in the background; the handlers run on this thread."""
        self._abandon_work()
        task = BackgroundTask(work, self)
        # Bound methods only: a lambda or partial holding the dialog, kept by the
        # task's connections, would make deleting the task delete the dialog.
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        task.cancelled.connect(self._task_cancelled)
        task.finished.connect(task.deleteLater)
        self._handlers = (succeeded, failed, cancelled)
        self.progress_row.follow(task, describe)
        self.cancel_button.setToolTip(cancel_tip)
        task.finished.connect(self._work_ended)
        self._task = task
        self._update_import_button()
        task.start()

    def _work_ended(self) -> None:
        if self._task is None:
            self.cancel_button.setToolTip("")

    def _outcome_is_current(self) -> bool:
        """The outcome comes from the running task (not one a newer task replaced)."""
        if self._task is None or self.sender() is not self._task:
            return False
        self._task = None
        return True

    def _task_succeeded(self, result: object) -> None:
        if self._outcome_is_current():
            self._handlers[0](result)
            self.work_finished.emit()

    def _task_failed(self, error: object) -> None:
        if self._outcome_is_current():
            try:
                self._handlers[1](error)
            finally:
                self.work_finished.emit()

    def _task_cancelled(self) -> None:
        if self._outcome_is_current():
            self._handlers[2]()
            self.work_finished.emit()

    def _abandon_work(self) -> None:
        """Stop the running task without hearing its outcome (a newer one replaces it)."""
        task, self._task = self._task, None
        if task is not None:
            task.stop()

    def stop_work(self) -> None:
        """Cancel the running task, if any, and wait for it: no thread outlives this."""
        if self._task is not None:
            self._task.stop()  # its outcome (cancelled, or done after all) arrives now

    def reject(self) -> None:
        """Cancel and Esc: stop the running work first (the dialog stays, saying
        so); when nothing runs, close."""
        if self.is_working() and not self._closing:
            self.progress_row.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._closing = True
        self.stop_work()
        super().done(QDialog.DialogCode.Accepted if self.imported_count else result)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window while work runs cancels it, waits for it, and closes."""
        self._closing = True
        self.stop_work()  # also when hidden, which QDialog closes without done()
        super().closeEvent(event)

    # ------------------------------------------------------------ choosing

    def file_name_from_user(self) -> str:
        """Ask for the file (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Import residents", "", "CSV files (*.csv *.txt);;All files (*)")
        return name

    def choose_file(self) -> bool:
        name = self.file_name_from_user()
        if not name:
            return False
        self.load_file(Path(name))
        return True

    def load_file(self, path: Path) -> None:
        self._path = path
        self.file_edit.setText(str(path))
        self.model.set_preview(None)  # another file: the last one's lines are not its
        self.skip_bad.setVisible(False)
        self._show_summary("", problem=False)
        self.refresh_preview()

    def selected_date_order(self) -> DateOrder:
        code: DateOrder = self.date_order.currentData()
        return code

    def refresh_preview(self) -> None:
        """Check the file again, in the background (the table fills when done)."""
        if self._path is None:
            return
        path, order = self._path, self.selected_date_order()
        house_id = self.house.currentData()
        house = get_house(house_id) if house_id is not None else None
        self.preview = None  # the table shows the last preview until the new one is ready

        create_houses = self.create_houses.isChecked()

        def work(progress: Progress) -> ImportPreview:
            return read_residents_csv(path, order, house, progress=progress,
                                      create_missing_houses=create_houses)

        def describe(line: int, lines: int) -> str:
            if not lines:
                return f"Reading {path.name}…"
            return f"Checking line {_number(max(line, 1))} of {_number(lines)}…"

        self._start(work, describe, "Stop checking the file", self._preview_ready,
                    self._preview_failed, self._preview_cancelled)

    def _preview_ready(self, preview: object) -> None:
        assert isinstance(preview, ImportPreview)
        self.preview = preview
        self.model.set_preview(preview)
        self._describe(preview)
        self._update_import_button()

    def _preview_failed(self, error: object) -> None:
        if not isinstance(error, RuleViolation | OSError):
            raise error  # type: ignore[misc]  # a bug: let the program's handler see it
        self.model.set_preview(None)
        self.skip_bad.setVisible(False)
        name = self._path.name if self._path is not None else ""
        self._show_summary(f"{name}: {error}", problem=True)
        self._update_import_button()

    def _preview_cancelled(self) -> None:
        self.model.set_preview(None)
        self.skip_bad.setVisible(False)
        self._show_summary("Checking the file was cancelled: choose it again to check it.",
                           problem=False)
        self._update_import_button()

    def _describe(self, preview: ImportPreview) -> None:
        text = preview.summary
        if preview.unknown_columns:
            text += ". Columns not imported: " + ", ".join(preview.unknown_columns)
        for house in preview.houses_to_create:
            text += "\n" + house.description()
        self._show_summary(text, problem=bool(preview.bad_rows))
        bad = len(preview.bad_rows)
        self.skip_bad.setChecked(False)
        self.skip_bad.setVisible(bad > 0)
        self.skip_bad.setText(f"&Skip the {bad} rows with problems" if bad != 1
                              else "&Skip the row with problems")

    def _show_summary(self, text: str, problem: bool) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        colour = error_colour().name() if problem else ""
        self.summary.setStyleSheet(f"color: {colour};" if colour else "")

    def _update_import_button(self) -> None:
        preview = self.preview
        good = len(preview.good_rows) if preview is not None else 0
        allowed = (preview is not None and good > 0 and not self.is_working()
                   and (not preview.bad_rows or self.skip_bad.isChecked()))
        self.import_button.setEnabled(allowed)
        self.import_button.setText(f"&Import {_number(good)} resident{'s' if good != 1 else ''}"
                                   if good else "&Import")

    # ------------------------------------------------------------ importing

    def import_residents(self) -> None:
        if self.preview is None or not self.import_button.isEnabled():
            return
        preview, skip_bad = self.preview, self.skip_bad.isChecked()

        def work(progress: Progress) -> int:
            return apply_import(preview, skip_bad=skip_bad, progress=progress)

        def describe(done: int, total: int) -> str:
            return f"Importing {_number(done)} of {_number(total)}…"

        self._set_choices_enabled(False)
        self._start(work, describe, "Stop the import: nothing will be imported",
                    self._imported, self._import_failed, self._import_cancelled)

    def _set_choices_enabled(self, enabled: bool) -> None:
        """While an import runs, the file and what it means can't change."""
        for widget in (self.choose_button, self.date_order, self.house, self.skip_bad):
            widget.setEnabled(enabled)

    def _imported(self, count: object) -> None:
        assert isinstance(count, int)
        self.imported_count = count
        if not self._closing:
            self.accept()

    def _import_failed(self, error: object) -> None:
        self._set_choices_enabled(True)
        self._update_import_button()
        if not isinstance(error, RuleViolation | OSError):
            raise error  # type: ignore[misc]  # a bug: let the program's handler see it
        self._show_summary(str(error), problem=True)

    def _import_cancelled(self) -> None:
        self._set_choices_enabled(True)
        self._update_import_button()
        self._show_summary(IMPORT_CANCELLED, problem=False)
