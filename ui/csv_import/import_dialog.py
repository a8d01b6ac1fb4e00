"""Import a CSV file: choose it, preview every line, then import.

:class:`CsvImportDialog` serves every kind of file (residents, outside
meetings, roll calls): a subclass names its core functions, which read the
file into a preview (:meth:`~CsvImportDialog.read_preview`) and import a
preview in one transaction (:meth:`~CsvImportDialog.apply_preview`), and its
table model.  The dialog only shows what the preview found; it checks no rule
itself.  Both run in a worker thread (:class:`~ui.background.BackgroundTask`):
a long file shows its progress with Cancel, and the windows stay usable.  At
most one task runs at a time, and closing the dialog cancels it and waits for
it to stop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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

from soberhouse.csv_reading import (
    DATE_ORDER_EXAMPLES,
    IMPORT_CANCELLED,
    DateOrder,
    PreviewLines,
    Progress,
)
from soberhouse.errors import RuleViolation
from soberhouse.permissions import Right
from ui.background import BackgroundTask, ProgressRow
from ui.colours import error_colour
from ui.csv_import.preview_model import PreviewModel
from ui.permission_state import allow
from ui.table_columns import allow_copy


def _ignore(*_: object) -> None:
    pass


def _number(value: int) -> str:
    """1,200 (in the manager's locale)."""
    return QLocale().toString(value)


class CsvImportDialog(QDialog):
    """Choose a CSV file, see what it holds line by line, import the good lines.

    Subclasses set :attr:`title` and :attr:`nouns`, give the table model
    (:meth:`make_model`) and the two core calls; they may add rows to
    :attr:`form` (and list their widgets in :meth:`choice_widgets`).
    """

    work_finished = Signal()
    """A preview or an import ended (done, failed or cancelled) and the dialog shows it."""

    title = "Import"
    nouns = ("row", "rows")
    """What one imported line is called, and many: "&Import 12 residents"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.title)
        self.preview: Any = None
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
        self.date_order.currentIndexChanged.connect(self.refresh_preview)

        self.form = form = QFormLayout()
        form.addRow("File:", file_row)
        form.addRow("&Dates look like:", self.date_order)

        self.model = self.make_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.columnCount() - 1,  # the problems
                                    QHeaderView.ResizeMode.Stretch)
        allow_copy(self.table)
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
        allow(self.import_button, Right.IMPORT, when=False)  # a file first
        self.buttons.accepted.connect(self.import_file)
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

    # ------------------------------------------------------------ for subclasses

    def make_model(self) -> PreviewModel:
        raise NotImplementedError

    # The work runs in a worker thread: static methods, so that it holds no
    # reference to the dialog and touches no widget.

    @staticmethod
    def read_preview(path: Path, order: DateOrder, progress: Progress) -> PreviewLines:
        """Read and check the file."""
        raise NotImplementedError

    @staticmethod
    def apply_preview(preview: Any, skip_bad: bool, progress: Progress) -> int:
        """Import the preview's good lines; how many."""
        raise NotImplementedError

    def preview_work(self, path: Path, order: DateOrder) -> Callable[[Progress], object]:
        """The work that reads the file, with the form's choices taken now, on
        this thread (subclasses with more choices override it)."""
        read = type(self).read_preview
        return lambda progress: read(path, order, progress)

    def notes(self, preview: Any) -> list[str]:
        """More lines under the summary (houses an import will create...)."""
        return []

    def choice_widgets(self) -> list[QWidget]:
        """What the manager may not change while an import runs."""
        return [self.choose_button, self.date_order, self.skip_bad]

    # ------------------------------------------------------------ running

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> int:
        """Run the dialog; the number of lines imported (0 if cancelled)."""
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
            self, self.title, "", "CSV files (*.csv *.txt);;All files (*)")
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
        self.preview = None  # the table shows the last preview until the new one is ready
        work = self.preview_work(path, order)

        def describe(line: int, lines: int) -> str:
            if not lines:
                return f"Reading {path.name}…"
            return f"Checking line {_number(max(line, 1))} of {_number(lines)}…"

        self._start(work, describe, "Stop checking the file", self._preview_ready,
                    self._preview_failed, self._preview_cancelled)

    def _preview_ready(self, preview: object) -> None:
        assert isinstance(preview, PreviewLines)
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

    def _describe(self, preview: Any) -> None:
        text = preview.summary
        if preview.unknown_columns:
            text += ". Columns not imported: " + ", ".join(preview.unknown_columns)
        for note in self.notes(preview):
            text += "\n" + note
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
        # A role that can't import (read-only, a peer coach) sees why on the button.
        allow(self.import_button, Right.IMPORT, when=allowed)
        noun = self.nouns[0] if good == 1 else self.nouns[1]
        self.import_button.setText(f"&Import {_number(good)} {noun}" if good else "&Import")

    # ------------------------------------------------------------ importing

    def import_file(self) -> None:
        if self.preview is None or not self.import_button.isEnabled():
            return
        preview, skip_bad = self.preview, self.skip_bad.isChecked()
        apply = type(self).apply_preview

        def work(progress: Progress) -> int:
            return apply(preview, skip_bad, progress)

        def describe(done: int, total: int) -> str:
            return f"Importing {_number(done)} of {_number(total)}…"

        self._set_choices_enabled(False)
        self._start(work, describe, "Stop the import: nothing will be imported",
                    self._imported, self._import_failed, self._import_cancelled)

    def _set_choices_enabled(self, enabled: bool) -> None:
        """While an import runs, the file and what it means can't change."""
        for widget in self.choice_widgets():
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
