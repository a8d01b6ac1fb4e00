"""The printed reports' settings (notice, logo, paper) from the Settings
section, and the resident detail pane's "Print monthly report"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from soberhouse.models import House, Setting
from soberhouse.reports.settings import DEFAULT_NOTICE, report_settings
from soberhouse.residents import ResidentRow, resident_rows
from ui.reports.pdf_preview import PdfPreviewDialog
from ui.residents.detail_pane import ResidentDetailPane
from ui.settings_section.report_settings_panel import LogoFile, ReportSettingsDialog
from ui.settings_section.section import SettingsSection

from .reports_fixtures import October, craft_october, pdf_pages

pytestmark = pytest.mark.ui


def save(dialog: ReportSettingsDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return dialog.result() == QDialog.DialogCode.Accepted


def logo_file(tmp_path: Path) -> Path:
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    path = tmp_path / "logo.png"
    assert image.save(str(path))
    return path


def test_notice_logo_and_paper_are_saved(qtbot: QtBot, house: House, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    logo = logo_file(tmp_path)
    monkeypatch.setattr(LogoFile, "from_user", staticmethod(lambda parent, start: str(logo)))
    dialog = ReportSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.notice.toPlainText() == DEFAULT_NOTICE
    assert dialog.paper.currentData() == "letter"
    assert not dialog.clear_logo_button.isEnabled()
    dialog.notice.setPlainText("Confidential: Maple House records.\nDo not copy.")
    dialog.paper.setCurrentIndex(dialog.paper.findData("A4"))
    dialog.choose_logo_button.click()
    assert dialog.logo_path.text() == str(logo)
    assert not dialog.logo_preview.pixmap().isNull()  # the manager sees the picture
    assert save(dialog)
    saved = report_settings()
    assert saved.notice_text == "Confidential: Maple House records.\nDo not copy."
    assert saved.paper_size == "A4"
    assert saved.logo == logo


def test_restore_default_and_clear_logo(qtbot: QtBot, house: House, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    logo = logo_file(tmp_path)
    monkeypatch.setattr(LogoFile, "from_user", staticmethod(lambda parent, start: str(logo)))
    first = ReportSettingsDialog()
    qtbot.addWidget(first)
    first.notice.setPlainText("Our own notice")
    first.choose_logo_button.click()
    assert save(first)

    dialog = ReportSettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.notice.toPlainText() == "Our own notice"
    dialog.restore_button.click()
    assert dialog.notice.toPlainText() == DEFAULT_NOTICE
    dialog.clear_logo_button.click()
    assert dialog.logo_path.text() == ""
    assert save(dialog)
    assert report_settings().notice_text == DEFAULT_NOTICE
    assert report_settings().logo_path == ""


def test_an_empty_notice_is_refused_under_the_field(qtbot: QtBot, house: House) -> None:
    dialog = ReportSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.notice.setPlainText("   ")
    assert not save(dialog)
    assert dialog.isVisible()
    assert "notice can't be empty" in dialog.errors.message("notice_text")
    assert Setting.select().where(Setting.key == "report.notice").count() == 0
    dialog.notice.setPlainText("Confidential.")
    assert save(dialog)
    assert report_settings().notice_text == "Confidential."


def test_the_settings_section_opens_the_report_settings(
        qtbot: QtBot, house: House, monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(parent: QWidget | None) -> bool:
        dialog = ReportSettingsDialog(parent)
        dialog.paper.setCurrentIndex(dialog.paper.findData("A4"))
        return save(dialog)

    monkeypatch.setattr(ReportSettingsDialog, "ask", ask)
    section = SettingsSection()
    qtbot.addWidget(section)
    with qtbot.wait_signal(section.status_message) as message:
        section.reports_button.click()
    assert message.args == ["Report settings saved: notice, logo and paper"]
    assert report_settings().paper_size == "A4"


def row_of(resident_id: int) -> ResidentRow:
    return next(row for row in resident_rows() if row.id == resident_id)


def test_the_detail_pane_previews_last_months_report(qtbot: QtBot, house: House,
                                                     other_house: House) -> None:
    october: October = craft_october(house, other_house)
    pane = ResidentDetailPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.show_resident(row_of(october.ann))
    assert pane.report_button.isVisible()
    pane.report_button.click()
    dialog = pane.report_preview
    assert isinstance(dialog, PdfPreviewDialog)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Preview: Ann Avery, October 2026"
    assert dialog.view.document().pageCount() == len(pdf_pages(dialog.pdf.data).pages) >= 1
    assert "Ann Avery" in pdf_pages(dialog.pdf.data).pages[0].extract_text()


def test_the_detail_pane_says_when_there_is_no_report(qtbot: QtBot, house: House,
                                                      other_house: House) -> None:
    october = craft_october(house, other_house)
    pane = ResidentDetailPane()
    qtbot.addWidget(pane)
    pane.show_resident(row_of(october.dan))  # moved in on 2 November
    with qtbot.wait_signal(pane.status_message) as message:
        pane.report_button.click()
    assert "did not live in any of the houses in October 2026" in message.args[0]
    assert pane.report_preview is None
