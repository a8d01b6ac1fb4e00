"""Consents in the window: added through the form in the resident's detail
pane, revoked; a resident's report printed or saved for someone outside
only under a valid consent (stamped, and the disclosure recorded), for the
house's own file without a stamp; each role's buttons."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from soberhouse import accounts, audit
from soberhouse.consent_wording import SHORT_NOTICE
from soberhouse.consents import (
    MONTHLY_REPORT_SCOPES,
    ConsentDetails,
    Scope,
    consents_of,
    record_consent,
)
from soberhouse.models import House, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.models.consents import Disclosure
from soberhouse.residents import resident_rows
from ui.disclosure_question import DisclosureQuestion, ForOutside
from ui.reports import printing
from ui.reports import section as reports_section
from ui.reports.report_files import ReportFiles
from ui.reports.section import ReportsSection
from ui.residents.consent_dialog import ConsentDialog, RevokeConsentDialog
from ui.residents.detail_pane import ResidentDetailPane

from .reports_fixtures import October, pdf_pages, print_to_file

pytestmark = pytest.mark.ui

CLINIC = "Riverside Clinic"



def pane_on(qtbot: QtBot, resident_id: int) -> ResidentDetailPane:
    pane = ResidentDetailPane()
    qtbot.addWidget(pane)
    pane.show()
    [row] = [r for r in resident_rows() if r.id == resident_id]
    pane.show_resident(row)
    return pane


def clinic_consent(resident_id: int, **changes: object) -> int:
    values: dict[str, object] = dict(
        recipient=CLINIC, purpose="progress reports to the counsellor",
        scopes=list(MONTHLY_REPORT_SCOPES), valid_until=dt.date(2027, 4, 30),
        signed_on=dt.date(2026, 11, 1), valid_from=dt.date(2026, 11, 1))
    values.update(changes)
    return record_consent(resident_id, ConsentDetails(**values)).id  # type: ignore[arg-type]


def text_of(path: Path | bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in pdf_pages(path).pages)


# ---------------------------------------------------------------- the form


def test_a_consent_is_added_through_the_form(qtbot: QtBot, october: October,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pane = pane_on(qtbot, october.ann)
    group = pane.consents
    assert group.empty_label.isVisibleTo(pane) and not group.view.isVisibleTo(pane)
    filled: list[ConsentDialog] = []

    def run(dialog: ConsentDialog) -> bool:
        filled.append(dialog)
        dialog.accept()  # nothing typed yet: refused, under the fields
        assert "Say who may receive the records" in dialog.errors.message("recipient")
        dialog.recipient.setText(CLINIC)
        dialog.purpose.setText("progress reports to the counsellor")
        dialog.scope_boxes[Scope.DRUG_TESTS].setChecked(True)
        dialog.accept()
        return dialog.result() == ConsentDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ConsentDialog, "run", run)
    with qtbot.wait_signal(group.changed) as said:
        group.add_button.click()
    assert said.args == [f"Consent recorded: to {CLINIC}"]
    [saved] = consents_of(october.ann)
    assert saved.recipient == CLINIC and Scope.DRUG_TESTS in saved.scopes
    assert group.model.rowCount() == 1 and group.view.isVisibleTo(pane)
    assert group.model.index(0, 4).data() == "Valid"


def test_revoking_keeps_the_consent_listed_as_revoked(qtbot: QtBot, october: October,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    clinic_consent(october.ann)
    pane = pane_on(qtbot, october.ann)

    def run(dialog: RevokeConsentDialog) -> bool:
        dialog.reason.setText("Asked in writing")
        dialog.accept()
        return True

    monkeypatch.setattr(RevokeConsentDialog, "run", run)
    pane.consents.revoke_button.click()
    assert pane.consents.model.index(0, 4).data() == ("Revoked on 15 Nov 2026: Asked in "
                                                      "writing")
    assert not pane.consents.revoke_button.isEnabled()


def test_the_consent_form_opens_in_the_preview(qtbot: QtBot, october: October) -> None:
    clinic_consent(october.ann)
    pane = pane_on(qtbot, october.ann)
    preview = pane.consents.print_form()
    assert preview is not None
    qtbot.addWidget(preview)
    text = text_of(preview.pdf.data)  # type: ignore[attr-defined]
    assert "Ann Avery" in text and CLINIC in text and "I may revoke this consent" in text


def test_a_read_only_account_may_print_but_not_change_consents(qtbot: QtBot,
                                                                october: October) -> None:
    clinic_consent(october.ann)
    accounts.act_as("certifier", role=Role.READ_ONLY)
    pane = pane_on(qtbot, october.ann)
    group = pane.consents
    assert group.form_button.isEnabled() and group.accounting_button.isEnabled()
    for button in (group.add_button, group.revoke_button):
        assert not button.isEnabled()
        assert button.toolTip() == ("Your account can only view and print: it can't change "
                                    "records.")


def test_a_house_manager_may_add_and_revoke(qtbot: QtBot, october: October) -> None:
    clinic_consent(october.ann)
    accounts.act_as("manager", role=Role.HOUSE_MANAGER)
    pane = pane_on(qtbot, october.ann)
    group = pane.consents
    assert all(button.isEnabled() for button in (group.add_button, group.revoke_button,
                                                 group.form_button, group.accounting_button))
    assert not group.signed_button.isEnabled()  # it is signed already
    assert group.signed_button.toolTip() == "Select a consent that is not signed yet"


# ---------------------------------------------------------------- the question


def test_the_question_lists_only_valid_consents_covering_the_report(
        qtbot: QtBot, october: October) -> None:
    valid = clinic_consent(october.ann)
    clinic_consent(october.ann, recipient="Attendance only",
                   scopes=[Scope.ATTENDANCE_AND_PROGRESS])
    clinic_consent(october.ann, recipient="Not signed", signed_on=None, valid_from=None)
    question = DisclosureQuestion(october.ann, MONTHLY_REPORT_SCOPES, "Monthly report")
    qtbot.addWidget(question)
    question.outside.setChecked(True)
    assert [row.id for row in question.model.rows] == [valid]
    answer = question.answer()
    assert isinstance(answer, ForOutside) and answer.consent.id == valid


def test_without_a_consent_outside_is_refused_with_a_way_to_add_one(
        qtbot: QtBot, october: October) -> None:
    question = DisclosureQuestion(october.ben, MONTHLY_REPORT_SCOPES, "Monthly report")
    qtbot.addWidget(question)
    question.show()
    question.outside.setChecked(True)
    assert question.refusal.text() == (
        "There is no valid consent for Ben Brooks to disclose attendance and progress, "
        "mentoring, 12-step participation and dates of stay to anyone outside the house.")
    assert question.add_button.isVisible()
    assert not question.buttons.button(question.buttons.StandardButton.Ok).isEnabled()
    assert question.answer() is None
    question.own_file.setChecked(True)
    assert question.buttons.button(question.buttons.StandardButton.Ok).isEnabled()


def answer_outside(monkeypatch: pytest.MonkeyPatch, consent_id: int) -> None:
    def ask(parent: object, resident_id: int, scopes: object, what: str) -> ForOutside:
        [view] = [c for c in consents_of(resident_id) if c.id == consent_id]
        return ForOutside(view, tuple(MONTHLY_REPORT_SCOPES))

    monkeypatch.setattr(DisclosureQuestion, "ask", staticmethod(ask))


def test_printing_for_outside_stamps_the_report_and_records_the_disclosure(
        section: ReportsSection, october: October, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    consent_id = clinic_consent(october.ann)
    answer_outside(monkeypatch, consent_id)
    target = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    handed: list[bytes] = []  # what went to the printer (printed pages are pictures)
    real_print_pdf = reports_section.print_pdf

    def keep(parent: object, data: bytes, *args: object, **kwargs: object) -> int | None:
        handed.append(data)
        return real_print_pdf(parent, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports_section, "print_pdf", keep)
    section.select_resident(october.ann)
    with qtbot.wait_signal(section.status_message) as said:
        section.print_current()
    assert said.args == ["Printed Ann Avery's report for October 2026"]
    assert target.exists()
    [data] = handed
    text = text_of(data)
    assert SHORT_NOTICE in text and f"Disclosed to {CLINIC}" in text
    disclosure = Disclosure.get()
    assert (disclosure.consent_id, disclosure.recipient, disclosure.what) == (
        consent_id, CLINIC, "Monthly progress report, October 2026")
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert audit.Action.PRINTED.value in actions and audit.Action.DISCLOSED.value in actions
    printed = AuditEvent.get(AuditEvent.action == audit.Action.PRINTED.value)
    assert json.loads(printed.details)["sha256"] == disclosure.sha256 == (
        hashlib.sha256(data).hexdigest())  # the stamped bytes, as printed


def test_saving_for_outside_records_the_file_and_its_hash(
        section: ReportsSection, october: October, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    answer_outside(monkeypatch, clinic_consent(october.ann))
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(tmp_path / "ann")))
    section.select_resident(october.ann)
    path = section.save_pdf()
    assert path is not None
    disclosure = Disclosure.get()
    assert disclosure.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert disclosure.file_name == str(path)
    assert f"Disclosed to {CLINIC}" in text_of(path)


def test_for_the_houses_own_file_nothing_is_stamped_nor_disclosed(
        section: ReportsSection, october: October, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, who_for_questions: list[int]) -> None:
    clinic_consent(october.ann)
    target = tmp_path / "own.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    section.select_resident(october.ann)
    handed: list[bytes] = []
    real_print_pdf = reports_section.print_pdf
    monkeypatch.setattr(reports_section, "print_pdf", lambda parent, data, *args, **kwargs: (
        handed.append(data), real_print_pdf(parent, data, *args, **kwargs))[1])
    section.print_current()
    assert who_for_questions == [october.ann]
    text = text_of(handed[0])
    assert "Ann Avery" in text and "Disclosed to" not in text and SHORT_NOTICE not in text
    assert Disclosure.select().count() == 0


def test_a_cancelled_question_prints_nothing(section: ReportsSection, october: October,
                                             monkeypatch: pytest.MonkeyPatch,
                                             qtbot: QtBot) -> None:
    monkeypatch.setattr(DisclosureQuestion, "ask", staticmethod(lambda *args: None))
    monkeypatch.setattr(printing.SystemPrintDialog, "ask",
                        lambda *args: pytest.fail("the print dialog opened"))
    section.select_resident(october.ann)
    with qtbot.assert_not_emitted(section.status_message):
        section.print_current()
    assert section.save_pdf() is None


def test_saving_from_the_preview_asks_too_and_stamps_only_the_copy_that_leaves(
        qtbot: QtBot, october: October, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    answer_outside(monkeypatch, clinic_consent(october.ann))
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(tmp_path / "ann")))
    pane = pane_on(qtbot, october.ann)
    preview = pane.preview_monthly_report()
    assert preview is not None
    qtbot.addWidget(preview)
    assert "Disclosed to" not in text_of(preview.pdf.data)  # type: ignore[attr-defined]
    preview.save_pdf()  # type: ignore[attr-defined]
    saved = tmp_path / "ann.pdf"
    assert f"Disclosed to {CLINIC}" in text_of(saved)
    assert Disclosure.get().sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()


def test_the_owner_sets_the_disclosure_notice_in_settings(qtbot: QtBot, house: House) -> None:
    from soberhouse.consent_wording import LONG_NOTICE, disclosure_wording
    from ui.settings_section.disclosure_wording_dialog import DisclosureWordingDialog
    from ui.settings_section.section import SettingsSection

    settings = SettingsSection()
    qtbot.addWidget(settings)
    assert settings.consents_button.isEnabled()
    dialog = DisclosureWordingDialog()
    qtbot.addWidget(dialog)
    dialog.long_button.click()
    dialog.statements.setPlainText("")
    dialog.accept()  # the form's statements can't be empty
    assert "needs its statements" in dialog.errors.message("form_statements")
    dialog.restore_button.click()
    dialog.accept()
    assert disclosure_wording().notice == LONG_NOTICE
    accounts.act_as("manager", role=Role.HOUSE_MANAGER)
    settings.refresh()
    assert not settings.consents_button.isEnabled()
    assert settings.consents_button.toolTip() == ("Only the owner can change the program's "
                                                  "settings.")
