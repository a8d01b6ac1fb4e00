"""Consent before disclosure: consents recorded and revoked, valid by day and
scope, disclosures refused without one and recorded with an audit event,
the accounting of three years, the consent form and the stamped report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest

from soberhouse import accounts, audit, clock
from soberhouse.consent_wording import (
    LONG_NOTICE,
    SHORT_NOTICE,
    DisclosureWording,
    disclosure_wording,
    save_disclosure_wording,
)
from soberhouse.consents import (
    MONTHLY_REPORT_SCOPES,
    ConsentDetails,
    NoValidConsent,
    RecipientKind,
    Scope,
    accounting_of_disclosures,
    consents_of,
    disclosure_stamp,
    mark_signed,
    record_consent,
    record_disclosure,
    revoke_consent,
    valid_consents,
)
from soberhouse.errors import NotAllowed, RuleViolation
from soberhouse.models import House, Resident, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.models.consents import Consent, Disclosure
from soberhouse.reports.pdf import resident_report_pdf
from soberhouse.reports.pdf.consents import accounting_bytes, consent_form_bytes
from soberhouse.reports.settings import ReportSettings
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from tests.report_samples import pdf_pages, sample_progress

CLINIC = "Riverside Clinic"


@pytest.fixture
def zoe(house: House) -> Resident:
    return admit_resident(details_for(house))


def consent(**changes: object) -> ConsentDetails:
    values: dict[str, object] = dict(
        recipient=CLINIC, purpose="progress reports to the outpatient counsellor",
        scopes=list(MONTHLY_REPORT_SCOPES), valid_from=dt.date(2026, 11, 1),
        valid_until=dt.date(2027, 4, 30), signed_on=dt.date(2026, 11, 1))
    values.update(changes)
    return ConsentDetails(**values)  # type: ignore[arg-type]


def problems_of(error: pytest.ExceptionInfo[RuleViolation]) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


# ---------------------------------------------------------------- recording


def test_a_consent_is_recorded_with_its_scope_and_dates(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent(information="November and December only"))
    [listed] = consents_of(zoe.id)
    assert listed == view
    assert listed.recipient == CLINIC and listed.recipient_kind is RecipientKind.ORGANISATION
    assert listed.scopes == MONTHLY_REPORT_SCOPES
    assert listed.status() == "Valid"
    assert "November and December only" in listed.scope_text
    assert listed.recorded_by == "test-manager"


def test_missing_or_impossible_answers_name_their_field(zoe: Resident, today: dt.date) -> None:
    with pytest.raises(RuleViolation) as error:
        record_consent(zoe.id, ConsentDetails(recipient=" ", purpose="", scopes=[],
                                              signed_on=today + dt.timedelta(days=1)))
    problems = problems_of(error)
    assert "Say who may receive the records" in problems["recipient"]
    assert "Say what the records are for" in problems["purpose"]
    assert problems["scopes"] == "Say what information may be disclosed."
    assert problems["signed_on"] == "The day it was signed can't be after today."
    assert "Give the day the consent ends, or the event" in problems["valid_until"]
    with pytest.raises(RuleViolation) as error:
        record_consent(zoe.id, consent(valid_until=dt.date(2026, 10, 1)))
    assert problems_of(error)["valid_until"] == "The consent can't end before it starts."
    with pytest.raises(RuleViolation) as error:
        record_consent(zoe.id, consent(valid_from=dt.date(2026, 10, 20)))
    assert problems_of(error)["valid_from"] == ("The consent can't start before the day it was "
                                                "signed.")
    assert Consent.select().count() == 0


def test_an_expiry_event_may_stand_for_the_end_date(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent(valid_until=None,
                                          expiry_event="When I move out of the house"))
    assert view.until_text == "When I move out of the house"
    assert view.is_valid_on(dt.date(2030, 1, 1))


def test_validity_follows_the_dates_the_signature_and_the_scope(zoe: Resident,
                                                                today: dt.date) -> None:
    attendance = record_consent(zoe.id, consent(scopes=[Scope.ATTENDANCE_AND_PROGRESS]))
    unsigned = record_consent(zoe.id, consent(recipient="Judge Okafor", signed_on=None,
                                              valid_from=None,
                                              recipient_kind=RecipientKind.PERSON))
    assert unsigned.status() == "Not signed yet"
    ids = lambda views: [v.id for v in views]  # noqa: E731
    assert ids(valid_consents(zoe.id, information=[Scope.ATTENDANCE_AND_PROGRESS])) == [
        attendance.id]
    assert valid_consents(zoe.id, information=[Scope.DRUG_TESTS]) == []
    assert valid_consents(zoe.id, dt.date(2026, 10, 31)) == []  # before it starts
    assert valid_consents(zoe.id, dt.date(2027, 5, 1)) == []  # after it ends
    mark_signed(unsigned.id)
    assert set(ids(valid_consents(zoe.id))) == {attendance.id, unsigned.id}


def test_a_revoked_consent_stays_on_record_and_no_longer_counts(zoe: Resident,
                                                                today: dt.date) -> None:
    view = record_consent(zoe.id, consent())
    revoked = revoke_consent(view.id, today, "Asked in writing")
    assert revoked.revoked_on == today
    assert revoked.status() == "Revoked on 15 Nov 2026: Asked in writing"
    assert valid_consents(zoe.id) == []
    assert valid_consents(zoe.id, dt.date(2026, 11, 14))  # it was valid the day before
    assert [c.id for c in consents_of(zoe.id)] == [view.id]
    with pytest.raises(RuleViolation, match="already revoked on 15 Nov 2026"):
        revoke_consent(view.id, today)
    with pytest.raises(RuleViolation, match="can't be after today"):
        revoke_consent(record_consent(zoe.id, consent()).id, today + dt.timedelta(days=1))


def test_consents_are_changes_of_the_residents_records_in_the_audit_trail(
        zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    revoke_consent(view.id, reason="Moved away")
    events = list(AuditEvent.select().where(AuditEvent.action == audit.Action.CHANGED.value)
                  .order_by(AuditEvent.id.desc()).limit(2))
    assert [e.summary for e in events] == ["revoked a consent to disclose",
                                           "recorded a consent to disclose"]
    rows = json.loads(events[0].details)["rows"]
    assert rows[0]["table"] == "consent" and rows[0]["changed"]["revoked_reason"] == [
        "", "Moved away"]
    assert audit.verify().intact


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.PEER_COACH])
def test_roles_that_can_not_change_records_can_not_record_consents(zoe: Resident,
                                                                   role: Role) -> None:
    view = record_consent(zoe.id, consent())
    accounts.act_as(f"someone-{role.value}", role=role)
    with pytest.raises(NotAllowed):
        record_consent(zoe.id, consent())
    with pytest.raises(NotAllowed):
        revoke_consent(view.id)
    assert Consent.select().count() == 1


def test_a_house_manager_records_consents_only_in_their_houses(
        zoe: Resident, other_house: House) -> None:
    outsider = admit_resident(details_for(other_house, first_name="Tomás", room="", bed=""))
    accounts.act_as("maple-manager", role=Role.HOUSE_MANAGER)
    from soberhouse.models import AppUser, UserHouse
    from soberhouse.recording import internal_write

    with internal_write():
        AppUser.update(all_houses=False).where(AppUser.username == "maple-manager").execute()
        UserHouse.create(user=AppUser.get(AppUser.username == "maple-manager"),
                         house=zoe.house_id)
    accounts.act_as("maple-manager", role=Role.HOUSE_MANAGER)
    record_consent(zoe.id, consent())
    with pytest.raises(NotAllowed, match="Cedar House"):
        record_consent(outsider.id, consent())


# ---------------------------------------------------------------- disclosing


def test_a_disclosure_without_a_valid_consent_is_refused_and_audited(zoe: Resident) -> None:
    drug_tests = record_consent(zoe.id, consent(scopes=[Scope.ATTENDANCE_AND_PROGRESS]))
    with pytest.raises(NoValidConsent) as error:
        record_disclosure(zoe.id, drug_tests.id, "Drug test results, November 2026",
                          [Scope.DRUG_TESTS], pdf_bytes=b"%PDF")
    assert str(error.value) == ("There is no valid consent for Zoë Nguyễn to disclose drug "
                                "test results to Riverside Clinic.")
    with pytest.raises(NoValidConsent, match="to anyone outside the house"):
        record_disclosure(zoe.id, None, "Monthly progress report", MONTHLY_REPORT_SCOPES)
    assert Disclosure.select().count() == 0
    refused = AuditEvent.select().where(AuditEvent.action == audit.Action.REFUSED.value)
    assert refused.count() == 2


def test_a_revoked_consent_refuses_the_disclosure_with_why(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    revoke_consent(view.id)
    with pytest.raises(NoValidConsent, match="the consent is revoked on 15 Nov 2026"):
        record_disclosure(zoe.id, view.id, "Monthly progress report", MONTHLY_REPORT_SCOPES)


def test_a_disclosure_is_recorded_with_its_audit_event_and_hash(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    data = b"%PDF-1.4 the stamped report"
    before = AuditEvent.select().count()
    done = record_disclosure(zoe.id, view.id, "Monthly progress report, October 2026",
                             MONTHLY_REPORT_SCOPES, pdf_bytes=data, pages=2)
    digest = hashlib.sha256(data).hexdigest()
    assert (done.recipient, done.sha256, done.pages) == (CLINIC, digest, 2)
    [event] = AuditEvent.select().where(AuditEvent.id > 0).order_by(
        AuditEvent.id.desc()).limit(1)
    assert AuditEvent.select().count() == before + 1
    assert event.action == audit.Action.DISCLOSED.value
    assert event.resident_ids == f",{zoe.id},"
    details = json.loads(event.details)
    assert (details["consent"], details["recipient"], details["sha256"]) == (
        view.id, CLINIC, digest)
    assert audit.verify().intact


def test_a_read_only_account_may_disclose_under_a_valid_consent(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    accounts.act_as("certifier", role=Role.READ_ONLY)
    record_disclosure(zoe.id, view.id, "Monthly progress report", MONTHLY_REPORT_SCOPES,
                      pdf_bytes=b"%PDF")
    assert Disclosure.get().recorded_by.username == "certifier"


def test_a_peer_coach_may_not_disclose_someone_elses_mentee(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    accounts.act_as("coach", role=Role.PEER_COACH)
    with pytest.raises(NotAllowed, match="own mentees"):
        record_disclosure(zoe.id, view.id, "Monthly progress report", MONTHLY_REPORT_SCOPES)


def test_the_accounting_lists_three_years_and_not_older(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent(valid_from=dt.date(2022, 1, 3),
                                          signed_on=dt.date(2022, 1, 3),
                                          valid_until=dt.date(2027, 1, 1)))
    for day in (dt.date(2023, 11, 14), dt.date(2023, 11, 15), dt.date(2026, 11, 2)):
        with clock.frozen(day):
            record_disclosure(zoe.id, view.id, f"Monthly progress report {day:%B %Y}",
                              MONTHLY_REPORT_SCOPES, pdf_bytes=b"%PDF")
    listed = accounting_of_disclosures(zoe.id)
    assert [d.disclosed_at.date() for d in listed] == [dt.date(2023, 11, 15),
                                                       dt.date(2026, 11, 2)]
    text = " ".join(pdf_pages(accounting_bytes(zoe.id, invariant=True)))
    assert "Accounting of disclosures" in text and "Zoë Nguyễn" in text
    assert "Riverside Clinic" in text and "Monthly progress report November 2026" in text
    assert "November 2023" in text and "Monthly progress report November 2023" in text
    assert text.count("Riverside Clinic") == 2


def test_the_accounting_of_a_resident_without_disclosures_says_so(zoe: Resident) -> None:
    text = " ".join(pdf_pages(accounting_bytes(zoe.id)))
    assert "No disclosure in the last 3 years." in text


# ---------------------------------------------------------------- paper


def test_the_consent_form_has_every_element_of_42_cfr_2_31(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent(information="Only the monthly reports"))
    text = " ".join(pdf_pages(consent_form_bytes(view.id, invariant=True)))
    for element in (
            "Zoë Nguyễn",  # the resident
            "Maple House",  # who may disclose
            "Attendance and progress", "12-step participation", "Only the monthly reports",
            "Riverside Clinic",  # the recipient
            "progress reports to the outpatient counsellor",  # the purpose
            "I may revoke this consent at any time",  # the right to revoke, and how
            "To revoke it",
            "will not make my living in the house",  # not a condition of treatment
            "30 Apr 2027",  # the expiry
            "Signature of the resident", "Date",  # signature and date lines
            "Signature of the staff member who witnessed it"):
        assert element in text, element


def test_the_consent_form_wording_is_the_saved_one(zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    save_disclosure_wording(DisclosureWording(LONG_NOTICE, "Our own words about {house}.\n"
                                                           "Revoke by telling us."))
    text = " ".join(pdf_pages(consent_form_bytes(view.id)))
    assert "Our own words about Maple House." in text and "Revoke by telling us." in text
    assert disclosure_wording().notice == LONG_NOTICE
    with pytest.raises(RuleViolation) as error:
        save_disclosure_wording(DisclosureWording(" ", ""))
    assert set(problems_of(error)) == {"notice", "form_statements"}


def test_only_the_owner_changes_the_wording(zoe: Resident) -> None:
    accounts.act_as("manager", role=Role.HOUSE_MANAGER)
    with pytest.raises(NotAllowed, match="Only the owner"):
        save_disclosure_wording(DisclosureWording(SHORT_NOTICE, "x"))


def test_the_stamped_report_carries_the_notice_and_the_scope_on_every_page(
        zoe: Resident) -> None:
    view = record_consent(zoe.id, consent())
    stamp = disclosure_stamp(view, MONTHLY_REPORT_SCOPES)
    assert stamp.notice == SHORT_NOTICE
    buffer = io.BytesIO()
    progress = sample_progress(meetings=30)  # two pages
    resident_report_pdf(progress, ReportSettings(), buffer, disclosure=stamp, invariant=True)
    pages = pdf_pages(buffer.getvalue())
    assert len(pages) >= 2
    scope = ("Disclosed to Riverside Clinic for progress reports to the outpatient counsellor "
             "under the consent signed on 1 Nov 2026, covering: attendance and progress, "
             "mentoring, 12-step participation and dates of stay.")
    for page in pages:
        assert SHORT_NOTICE in page and scope in page
    assert pages[0].count(SHORT_NOTICE) == 2  # boxed on the first page, and in its footer
    plain = io.BytesIO()
    resident_report_pdf(progress, ReportSettings(), plain, invariant=True)
    assert "Disclosed to" not in " ".join(pdf_pages(plain.getvalue()))
