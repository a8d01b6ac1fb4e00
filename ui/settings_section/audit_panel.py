"""Settings > Audit Trail: who did what, when, read from the audit trail.

At the top, the chain check ("Audit trail intact, 12,408 entries since
2026-11-03", or which entry broke, in the error colour); below it the
filters (person, resident, action, from and to), the entries newest first
(read a page at a time as the list scrolls: a trail of years is not loaded
at once), the chosen entry's details in words, and Export CSV… / Export
PDF… of what the filters pick (each export is itself an audit entry).

Only the owner and read-only accounts (auditors, certifiers) open it: the
Settings button is disabled for others, its tooltip saying why
(:func:`soberhouse.permissions.why_not`), and the core refuses them too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from soberhouse import audit, audit_log, clock
from soberhouse.audit_log import AuditEntry, AuditFilter
from soberhouse.errors import RuleViolation
from ui.background import BackgroundTask
from ui.colours import error_colour
from ui.date_field import DateField
from ui.resources import icon
from ui.table_columns import fit_columns, record_table

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
HEADERS = ("No.", "When", "Person", "Action", "What", "Residents")
CHECKING_TEXT = "Checking the audit trail…"


class AuditTableModel(QAbstractTableModel):
    """The entries a filter picks, newest first, fetched a page at a time
    (:meth:`canFetchMore` / :meth:`fetchMore`, which the view calls as it
    scrolls towards the end)."""

    def __init__(self, parent: QObject | None = None, page_size: int = audit_log.PAGE_SIZE
                 ) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.filter = AuditFilter()
        self.total = 0
        self._entries: list[AuditEntry] = []

    def show(self, chosen: AuditFilter) -> None:
        """Read the first page of what ``chosen`` picks (and how many it picks)."""
        self.beginResetModel()
        self.filter = chosen
        self.total = audit_log.count_entries(chosen)
        self._entries = audit_log.audit_entries(chosen, self.page_size, 0)
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._entries) < self.total

    def fetchMore(self, parent: Index = NO_PARENT) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = audit_log.audit_entries(self.filter, self.page_size, len(self._entries))
        if not more:
            self.total = len(self._entries)  # the trail only grows; a filter may end early
            return
        first = len(self._entries)
        self.beginInsertRows(NO_PARENT, first, first + len(more) - 1)
        self._entries.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        values = (entry.id, entry.when, entry.person, entry.action, entry.summary,
                  entry.residents)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(values[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return entry.summary
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class ExportFile:
    """Choosing the file an export writes: what tests replace."""

    @staticmethod
    def from_user(parent: QWidget | None, caption: str, suggested: str, filter_: str) -> str:
        name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filter_)
        return name


def _choice_box(name: str, everything: str, choices: list[tuple[Any, str]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.addItem(everything, None)
    for value, label in choices:
        box.addItem(label, value)
    return box


class AuditDialog(QDialog):
    """The audit trail's screen (see the module's description)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit Trail")
        self.setObjectName("auditDialog")

        self.chain_label = QLabel(CHECKING_TEXT)
        self.chain_label.setObjectName("auditChain")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chain_check: audit.ChainCheck | None = None
        self._checking: BackgroundTask | None = None

        self.person = _choice_box("Person", "Everyone", audit_log.person_choices())
        self.resident = _choice_box("Resident", "Every resident", audit_log.resident_choices())
        self.resident.setEditable(True)  # type a name: the list completes it
        self.resident.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.action = _choice_box("Action", "Every action", audit_log.action_choices())
        self.start = DateField()
        self.start.setAccessibleName("From")
        self.end = DateField()
        self.end.setAccessibleName("To")
        filters = QGridLayout()
        for row, column, text, field in ((0, 0, "&Person:", self.person),
                                         (0, 2, "&Resident:", self.resident),
                                         (1, 0, "&Action:", self.action)):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label, row, column)
            filters.addWidget(field, row, column + 1)
        dates = QHBoxLayout()
        for text, field in (("&From:", self.start), ("&To:", self.end)):
            label = QLabel(text)
            label.setBuddy(field)
            dates.addWidget(label)
            dates.addWidget(field)
        dates.addStretch(1)
        filters.addLayout(dates, 1, 2, 1, 2)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.problem_label = QLabel()
        palette = self.problem_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.problem_label.setPalette(palette)
        self.problem_label.hide()

        self.model = AuditTableModel(self)
        self.table = record_table(self.model, "Audit entries")
        fit_columns(self.table).share_columns(4, 5)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Entry details")
        self.details.setPlaceholderText("Choose an entry to see what it changed, printed "
                                        "or exported.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.csv_button = QPushButton(icon("export"), "Export &CSV…")
        self.csv_button.setToolTip("The entries shown (every page) to a CSV file for a "
                                   "spreadsheet")
        self.pdf_button = QPushButton(icon("print"), "Export P&DF…")
        self.pdf_button.setToolTip("The entries shown (every page) as a PDF to print or file")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.chain_label)
        layout.addLayout(filters)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(980, 640)

        for box in (self.person, self.action):
            box.currentIndexChanged.connect(self.apply_filter)
        self.resident.activated.connect(self.apply_filter)
        self.resident.lineEdit().editingFinished.connect(self.apply_filter)
        for field in (self.start, self.end):
            field.value_changed.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.apply_filter()
        self.check_chain()

    # ---------------------------------------------------------------- filters

    def chosen_filter(self) -> AuditFilter:
        resident = self.resident.currentData()
        if self.resident.currentIndex() <= 0 or self.resident.currentText() != \
                self.resident.itemText(self.resident.currentIndex()):
            match = self.resident.findText(self.resident.currentText().strip(),
                                           Qt.MatchFlag.MatchFixedString)
            resident = self.resident.itemData(match) if match > 0 else None
        return AuditFilter(person_id=self.person.currentData(), resident_id=resident,
                           action=self.action.currentData(), start=self.start.value(),
                           end=self.end.value())

    def apply_filter(self) -> None:
        chosen = self.chosen_filter()
        if chosen.start and chosen.end and chosen.end < chosen.start:
            self._say_problem("The To date is before the From date: nothing to show.")
            return
        self._say_problem("")
        self.model.show(chosen)
        total = self.model.total
        self.count_label.setText(
            f"{total:,} {'entry' if total == 1 else 'entries'}, newest first"
            if total else "No entry matches the filter.")
        has_rows = total > 0
        self.csv_button.setEnabled(has_rows)
        self.pdf_button.setEnabled(has_rows)
        if has_rows:
            self.table.selectRow(0)
        else:
            self.details.clear()

    def _say_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.entry(current.row()) if current.isValid() else None
        if entry is None:
            self.details.clear()
            return
        lines = [f"Entry {entry.id}, {entry.when}: {entry.person}, {entry.action.lower()}",
                 entry.summary]
        if entry.residents:
            lines.append(f"Residents: {entry.residents}")
        if entry.details:
            lines += ["", entry.details]
        self.details.setPlainText("\n".join(line for line in lines if line is not None))

    # ---------------------------------------------------------------- chain check

    def check_chain(self) -> None:
        """Walk the chain in the background; the label says what it found."""
        self.chain_label.setText(CHECKING_TEXT)
        task = BackgroundTask(lambda progress: audit.verify(), self)
        task.succeeded.connect(self.show_chain)
        task.failed.connect(lambda error: self.chain_label.setText(
            f"The audit trail could not be checked: {error}"))
        self._checking = task
        task.start()

    def wait_until_checked(self, msecs: int | None = None) -> bool:
        """For tests: wait for the chain check (its outcome arrives by the event loop)."""
        return self._checking is None or self._checking.wait(msecs)

    def show_chain(self, check: audit.ChainCheck) -> None:
        self.chain_check = check
        self.chain_label.setText(check.sentence())
        palette = self.chain_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         self.palette().color(QPalette.ColorRole.WindowText)
                         if check.intact else error_colour())
        self.chain_label.setPalette(palette)
        font = self.chain_label.font()
        font.setBold(not check.intact)
        self.chain_label.setFont(font)
        self.chain_label.setProperty("damaged", not check.intact)

    # ---------------------------------------------------------------- exports

    def export(self, kind: str) -> None:
        """Export CSV… / Export PDF…: the entries the filters pick, every page."""
        suggested = f"{clock.today().isoformat()} audit trail.{kind}"
        filter_ = "CSV files (*.csv)" if kind == "csv" else "PDF files (*.pdf)"
        name = ExportFile.from_user(self, f"Export the Audit Trail as {kind.upper()}",
                                    suggested, filter_)
        if not name:
            return
        if not name.lower().endswith(f".{kind}"):
            name += f".{kind}"
        write = audit_log.write_csv if kind == "csv" else audit_log.write_pdf
        try:
            count = write(self.model.filter, name)
        except (RuleViolation, OSError) as problem:
            QMessageBox.warning(self, "Export the Audit Trail",
                                f"The audit trail was not exported: {problem}")
            return
        message = f"Exported {count:,} audit {'entry' if count == 1 else 'entries'} to {name}"
        self.apply_filter()  # the export is an entry of its own
        self.count_label.setText(f"{self.count_label.text()}. {message}.")
        status = getattr(self.parent(), "status_message", None)
        if status is not None:
            status.emit(message)

    @classmethod
    def show_for(cls, parent: QWidget) -> AuditDialog:
        """Open the screen (window-modal, not blocking the caller)."""
        dialog = cls(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
