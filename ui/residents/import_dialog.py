"""Import residents from a CSV file: choose it, preview every line, then import.

The dialog (:class:`~ui.csv_import.import_dialog.CsvImportDialog`) shows what
:func:`soberhouse.residents_csv.read_residents_csv` found and hands the import
to :func:`~soberhouse.residents_csv.apply_import` (one transaction).  Residents
add two choices: the house for a file without a House column, and creating the
houses a file names that are not set up yet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from soberhouse.csv_reading import DateOrder, Progress
from soberhouse.houses import get_house
from soberhouse.residents_csv import ImportPreview, apply_import, read_residents_csv
from ui.csv_import.import_dialog import CsvImportDialog
from ui.csv_import.preview_model import PreviewModel
from ui.form_fields import fill_houses
from ui.residents.import_preview_model import ImportPreviewModel


class ImportResidentsDialog(CsvImportDialog):
    """Choose a CSV file, see what it holds line by line, import the good residents."""

    title = "Import residents"
    nouns = ("resident", "residents")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house = QComboBox()
        fill_houses(self.house)
        self.house.insertItem(0, "(none: the file has a House column)", None)
        self.house.setCurrentIndex(1 if self.house.count() == 2 else 0)  # the only house
        self.house.currentIndexChanged.connect(self.refresh_preview)
        self.form.addRow("House for lines &without one:", self.house)
        self.create_houses = QCheckBox("&Create houses the file names that are not set up yet")
        self.create_houses.setToolTip(
            "For a file exported from another Soberhouse: each new house gets a bed for "
            "each of its residents and the usual tiers; check them in Settings afterwards.")
        self.create_houses.toggled.connect(self.refresh_preview)
        self.form.addRow("", self.create_houses)

    def make_model(self) -> PreviewModel:
        return ImportPreviewModel(self)

    def preview_work(self, path: Path, order: DateOrder) -> Callable[[Progress], object]:
        house_id = self.house.currentData()
        house = get_house(house_id) if house_id is not None else None
        create_houses = self.create_houses.isChecked()

        def work(progress: Progress) -> ImportPreview:
            return read_residents_csv(path, order, house, progress=progress,
                                      create_missing_houses=create_houses)

        return work

    @staticmethod
    def apply_preview(preview: Any, skip_bad: bool, progress: Progress) -> int:
        return apply_import(preview, skip_bad=skip_bad, progress=progress)

    def notes(self, preview: Any) -> list[str]:
        return [house.description() for house in preview.houses_to_create]

    def choice_widgets(self) -> list[QWidget]:
        return [*super().choice_widgets(), self.house, self.create_houses]
