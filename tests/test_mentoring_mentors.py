"""Registering mentors: senior residents, alumni and staff coaches; their
certificates and continuing education, and the warnings about them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from soberhouse.mentoring.certification import (
    WarningKind,
    certification_status,
    certification_warnings,
    cycle_containing,
    log_education,
    record_certificate,
)
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_alumnus,
    register_resident_mentor,
    register_staff_coach,
    stop_mentoring,
)
from soberhouse.mentoring.profiles import MatchingAttributes, profile_of, save_profile
from soberhouse.mentoring.roster import mentor_roster
from soberhouse.models import House
from soberhouse.models.mentoring import MentorKind
from soberhouse.residents import discharge, resident_history

from .conftest import TODAY
from .mentoring_helpers import admit, refuse


def test_a_resident_mentor_must_be_in_a_mentoring_tier(house: House) -> None:
    newcomer = admit(house, "Zoë", "Nguyễn")
    assert refuse(register_resident_mentor, newcomer.id)["resident_id"] == [
        "Zoë Nguyễn is in Newcomer, a tier that does not mentor: only residents in a "
        "mentoring tier can be mentors."]
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    assert refuse(register_resident_mentor, senior.id, dt.date(2026, 2, 1))["since"] == [
        "The start date can't be before the move-in date (1 Mar 2026)."]
    register_resident_mentor(senior.id)
    assert refuse(register_resident_mentor, senior.id)["resident_id"] == [
        "Kevin O'Neill is already on the mentor roster (resident mentor since 15 Nov 2026)."]


def test_an_alumnus_is_a_former_resident_with_their_own_cap(house: House) -> None:
    resident = admit(house, "Łukasz", "Wójcik", tier=3, move_in=dt.date(2026, 1, 5))
    problems = refuse(register_alumnus, resident.id, 0)
    assert problems["resident_id"] == [
        "Łukasz Wójcik still lives in the house: an alumnus is a former resident."]
    assert problems["caseload_cap"] == ["The caseload cap must be at least 1 mentee."]
    discharge(resident.id, "graduated", dt.date(2026, 10, 1), "Completed the program")
    assert refuse(register_resident_mentor, resident.id)["resident_id"] == [
        "Łukasz Wójcik no longer lives in the house: register them as an alumnus instead."]
    alumnus = register_alumnus(resident.id, 2, dt.date(2026, 10, 8))
    (row,) = mentor_roster()
    assert (row.mentor_id, row.kind, row.tier_or_role, row.cap, row.free_places,
            row.not_mentoring_because) == (alumnus.id, MentorKind.ALUMNUS, "Alumnus", 2, 2, "")


def test_a_staff_coach_needs_a_name_role_and_cap(db: peewee.Database) -> None:
    problems = refuse(register_staff_coach, StaffCoachDetails("", " ", role="", caseload_cap=0))
    assert problems == {"first_name": ["First name is required."],
                        "last_name": ["Last name is required."], "role": ["Role is required."],
                        "caseload_cap": ["The caseload cap must be at least 1 mentee."]}
    coach = register_staff_coach(StaffCoachDetails(
        "Dana", "Whitfield", attributes=MatchingAttributes("female", "AA", ("English", "Spanish"),
                                                           ("employment",))))
    (row,) = mentor_roster()
    assert (row.name, row.kind, row.tier_or_role, row.house_name, row.cap) == (
        "Dana Whitfield", MentorKind.STAFF, "Peer recovery coach", "Every house", 5)
    assert row.attributes.languages == ("English", "Spanish")
    assert row.warnings == ("Dana Whitfield has no certificate on record.",)
    stop_mentoring(coach.id, TODAY, "Left the agency")
    assert mentor_roster() == []
    assert refuse(stop_mentoring, coach.id, TODAY, "again")["mentor_id"] == [
        "This mentor already stopped on 15 Nov 2026."]


def test_a_resident_profile_keeps_its_old_values_in_the_history(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn")
    save_profile(resident.id, MatchingAttributes("female", "NA", ("Vietnamese", "English")))
    save_profile(resident.id, MatchingAttributes("female", "SMART Recovery",
                                                 ("Vietnamese, English",), ("housing",)))
    assert profile_of(resident.id) == MatchingAttributes(
        "female", "SMART Recovery", ("Vietnamese", "English"), ("housing",))
    summaries = [e.summary for e in resident_history(resident.id) if e.kind == "correction"]
    assert "Fellowship corrected: “NA” → “SMART Recovery”" in summaries
    assert summaries == ["Fellowship corrected: “NA” → “SMART Recovery”"]  # filled, not changed


@pytest.fixture
def coach_id(db: peewee.Database) -> int:
    return register_staff_coach(StaffCoachDetails("Dana", "Whitfield",
                                                  since=dt.date(2024, 1, 1))).id


def test_certificate_rules(coach_id: int) -> None:
    problems = refuse(record_certificate, coach_id, "", TODAY + dt.timedelta(days=1),
                      dt.date(2028, 1, 1))
    assert problems == {"number": ["The certificate number is required."],
                        "issued_on": ["The issue date can't be after today."]}
    assert refuse(record_certificate, coach_id, "PRC-1", TODAY, TODAY)["expires_on"] == [
        "The certificate must expire after it was issued."]
    assert refuse(log_education, coach_id, TODAY, "0", " ") == {
        "hours": ["Hours must be more than 0 and at most 80."],
        "topic": ["The topic is required."]}


def test_warning_when_the_certificate_expires_within_90_days(coach_id: int) -> None:
    record_certificate(coach_id, "PRC-20417", dt.date(2025, 1, 20), dt.date(2027, 2, 14))
    assert [w.kind for w in certification_warnings()] == [WarningKind.HOURS]  # 91 days
    assert [w.kind for w in certification_warnings(on=dt.date(2026, 11, 16))] == [
        WarningKind.EXPIRING, WarningKind.HOURS]  # 90 days
    record_certificate(coach_id, "PRC-20418", dt.date(2025, 2, 12), dt.date(2027, 2, 12))
    messages = [w.message for w in certification_warnings()]
    assert messages[0] == ("Dana Whitfield's certificate PRC-20418 expires on 12 Feb 2027, "
                           "in 89 days.")
    expired = certification_warnings(on=dt.date(2027, 2, 13))[0]
    assert (expired.kind, expired.message) == (
        WarningKind.EXPIRED, "Dana Whitfield's certificate PRC-20418 expired on 12 Feb 2027.")


def test_continuing_education_counts_in_the_current_two_year_cycle(coach_id: int) -> None:
    record_certificate(coach_id, "PRC-20417", dt.date(2024, 3, 1), dt.date(2028, 3, 1))
    log_education(coach_id, dt.date(2026, 2, 27), 10, "Old cycle: motivational interviewing")
    log_education(coach_id, dt.date(2026, 3, 1), "8.5", "Trauma-informed care")
    log_education(coach_id, dt.date(2026, 6, 1), 4, "Confidentiality (42 CFR Part 2)",
                  law_and_ethics=True)
    status = certification_status(coach_id)
    assert (status.cycle_start, status.cycle_end) == (dt.date(2026, 3, 1), dt.date(2028, 2, 29))
    assert (status.hours_in_cycle, status.law_and_ethics_in_cycle) == (Decimal("12.5"),
                                                                       Decimal(4))
    assert [w.message for w in status.warnings] == [
        "Dana Whitfield has 12.5 of 20 continuing-education hours in the cycle 1 Mar 2026 to "
        "29 Feb 2028 (4 of 6 in law and ethics)."]
    log_education(coach_id, TODAY, 8, "Ethics and boundaries", law_and_ethics=True)
    assert certification_status(coach_id).warnings == ()


def test_twenty_hours_without_enough_law_and_ethics_still_warns(coach_id: int) -> None:
    record_certificate(coach_id, "PRC-20417", dt.date(2026, 1, 1), dt.date(2028, 1, 1))
    log_education(coach_id, dt.date(2026, 2, 1), 20, "Peer support skills")
    log_education(coach_id, dt.date(2026, 3, 1), 5, "Law and ethics", law_and_ethics=True)
    assert [w.message for w in certification_warnings()] == [
        "Dana Whitfield has 25 of 20 continuing-education hours in the cycle 1 Jan 2026 to "
        "31 Dec 2027 (5 of 6 in law and ethics)."]


def test_cycles_step_two_years_from_the_issue_date() -> None:
    assert cycle_containing(dt.date(2020, 2, 29), dt.date(2024, 2, 28)) == (
        dt.date(2022, 2, 28), dt.date(2024, 2, 27))
    assert cycle_containing(dt.date(2021, 5, 10), dt.date(2021, 5, 9)) == (
        dt.date(2021, 5, 10), dt.date(2023, 5, 9))


def test_editing_a_coach_capping_and_stopping_keep_every_old_value(db: peewee.Database) -> None:
    from soberhouse.mentoring.mentors import (
        StaffCoachDetails,
        mentor_changes,
        register_staff_coach,
        stop_mentoring,
        update_staff_coach,
    )

    coach = register_staff_coach(StaffCoachDetails("Renata", "Holloway", caseload_cap=4,
                                                   since=dt.date(2026, 1, 5)))
    update_staff_coach(coach.id, StaffCoachDetails("Renata", "Holloway-Reyes", caseload_cap=5,
                                                   since=dt.date(2026, 1, 5)))
    stop_mentoring(coach.id, dt.date(2026, 11, 1), "Moved to another agency")
    changes = [(c.field_name, c.old_value, c.new_value, c.reason, c.recorded_by.username)
               for c in mentor_changes(coach.id)]
    assert changes == [
        ("last_name", "Holloway", "Holloway-Reyes", "", "test-manager"),
        ("caseload_cap", "4", "5", "", "test-manager"),
        ("stopped_on", "", "2026-11-01", "Moved to another agency", "test-manager"),
        ("stop_reason", "", "Moved to another agency", "Moved to another agency",
         "test-manager"),
    ]


def test_each_save_of_a_mentor_record_counts_its_version_up(db: peewee.Database) -> None:
    from soberhouse.mentoring.mentors import get_mentor, update_staff_coach

    coach = register_staff_coach(StaffCoachDetails("Renata", "Holloway", caseload_cap=4,
                                                   since=dt.date(2026, 1, 5)))
    assert get_mentor(coach.id).version == 1
    update_staff_coach(coach.id, StaffCoachDetails("Renata", "Holloway", caseload_cap=5))
    assert get_mentor(coach.id).version == 2
    stop_mentoring(coach.id, dt.date(2026, 11, 1), "Moved to another agency")
    assert get_mentor(coach.id).version == 3


def test_a_stale_coach_form_is_refused_and_saves_nothing(db: peewee.Database) -> None:
    from soberhouse import accounts
    from soberhouse.errors import EditConflict
    from soberhouse.mentoring.mentors import get_mentor, mentor_changes, update_staff_coach
    from soberhouse.models import ChangeEntry

    coach = register_staff_coach(StaffCoachDetails("Renata", "Holloway", caseload_cap=4,
                                                   since=dt.date(2026, 1, 5)))
    opened = get_mentor(coach.id).version
    accounts.act_as("maria")
    update_staff_coach(coach.id, StaffCoachDetails("Renata", "Holloway", caseload_cap=6),
                       base_version=opened)
    accounts.act_as("test-manager")
    entries, changes = ChangeEntry.select().count(), len(mentor_changes(coach.id))
    with pytest.raises(EditConflict) as stale:
        update_staff_coach(coach.id, StaffCoachDetails("Renata", "Holloway", caseload_cap=3,
                                                       role="Recovery coach"),
                           base_version=opened)
    assert [c.field for c in stale.value.conflicts] == ["role", "caseload_cap"]
    assert "maria changed Caseload cap to “6” at " in str(stale.value)
    assert "Someone else changed Role to “Peer recovery coach”" in str(stale.value)
    record = get_mentor(coach.id)
    assert (record.caseload_cap, record.role, record.version) == (6, "Peer recovery coach", 2)
    assert (ChangeEntry.select().count(), len(mentor_changes(coach.id))) == (entries, changes)
    # Saved again on the version the refusal named, it goes through.
    update_staff_coach(coach.id, StaffCoachDetails("Renata", "Holloway", caseload_cap=3,
                                                   role="Recovery coach"),
                       base_version=stale.value.current_version)
    assert (get_mentor(coach.id).caseload_cap, get_mentor(coach.id).version) == (3, 3)
