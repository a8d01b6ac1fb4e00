"""Import residents from a CSV file: choose it, preview every line, then import.

The dialog only shows what :func:`soberhouse.residents_csv.read_residents_csv`
found and hands the import to :func:`~soberhouse.residents_csv.apply_import`
(one transaction); it checks no rule itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
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
    DateOrder,
    ImportPreview,
    apply_import,
    read_residents_csv,
)
from ui.residents.colours import error_colour
from ui.residents.form_fields import fill_houses
from ui.residents.import_preview_model import Column, ImportPreviewModel


class ImportResidentsDialog(QDialog):
    """Choose a CSV file, see what it holds line by line, import the good lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import residents")
        self.preview: ImportPreview | None = None
        self.imported_count = 0
        self._path: Path | None = None

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)

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

        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CHECK, QHeaderView.ResizeMode.Stretch)

        self.summary = QLabel("Choose the CSV file the spreadsheet saved.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skip_bad = QCheckBox()
        self.skip_bad.setVisible(False)
        self.skip_bad.toggled.connect(self._update_import_button)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_residents)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> int:
        """Run the dialog; the number of residents imported (0 if cancelled)."""
        dialog = cls(parent)
        if not dialog.choose_file():
            return 0
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        return dialog.imported_count

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
        self.refresh_preview()

    def selected_date_order(self) -> DateOrder:
        code: DateOrder = self.date_order.currentData()
        return code

    def refresh_preview(self) -> None:
        if self._path is None:
            return
        house_id = self.house.currentData()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = read_residents_csv(
                self._path, self.selected_date_order(),
                get_house(house_id) if house_id is not None else None)
        except (RuleViolation, OSError) as error:
            self.preview = None
            self._show_summary(f"{self._path.name}: {error}", problem=True)
        finally:
            QApplication.restoreOverrideCursor()
        self.model.set_preview(self.preview)
        if self.preview is not None:
            self._describe(self.preview)
        self._update_import_button()

    def _describe(self, preview: ImportPreview) -> None:
        text = preview.summary
        if preview.unknown_columns:
            text += ". Columns not imported: " + ", ".join(preview.unknown_columns)
        self._show_summary(text, problem=bool(preview.bad_rows))
        bad = len(preview.bad_rows)
        self.skip_bad.setChecked(False)
        self.skip_bad.setVisible(bad > 0)
        self.skip_bad.setText(f"&Skip the {bad} rows with problems" if bad != 1
                              else "&Skip the row with problems")

    def _show_summary(self, text: str, problem: bool) -> None:
        self.summary.setText(text)
        colour = error_colour().name() if problem else ""
        self.summary.setStyleSheet(f"color: {colour};" if colour else "")

    def _update_import_button(self) -> None:
        preview = self.preview
        good = len(preview.good_rows) if preview is not None else 0
        allowed = (preview is not None and good > 0
                   and (not preview.bad_rows or self.skip_bad.isChecked()))
        self.import_button.setEnabled(allowed)
        self.import_button.setText(f"&Import {good} resident{'s' if good != 1 else ''}"
                                   if good else "&Import")

    # ------------------------------------------------------------ importing

    def import_residents(self) -> None:
        if self.preview is None or not self.import_button.isEnabled():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.imported_count = apply_import(self.preview,
                                               skip_bad=self.skip_bad.isChecked())
        except RuleViolation as error:
            self._show_summary(str(error), problem=True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()
