"""Every intake/edit rule names its field and saves nothing; history is kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from soberhouse.errors import LikelyDuplicate, RuleViolation
from soberhouse.houses import tiers_of
from soberhouse.models import (
    House,
    Resident,
    ResidentCorrection,
    SobrietyDateChange,
    StatusChange,
    Stay,
    TierChange,
)
from soberhouse.residents import (
    admit_resident,
    change_tier,
    discharge,
    move_bed,
    readmit,
    record_relapse,
    resident_history,
    resident_rows,
    update_resident,
)

from .conftest import TODAY, details_for


def problems_of(error: pytest.ExceptionInfo[RuleViolation]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def refuse(details_or_call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Run a write that must be refused; check nothing at all was saved."""
    before = {m.__name__: m.select().count() for m in (Resident, Stay, StatusChange, TierChange,
                                                        SobrietyDateChange, ResidentCorrection)}
    with pytest.raises(RuleViolation) as error:
        if callable(details_or_call):
            details_or_call(*args, **kwargs)
        else:
            admit_resident(details_or_call)
    after = {m.__name__: m.select().count() for m in (Resident, Stay, StatusChange, TierChange,
                                                       SobrietyDateChange, ResidentCorrection)}
    assert after == before
    return problems_of(error)


def test_intake_saves_the_resident_at_the_entry_tier_with_history(house: House) -> None:
    resident = admit_resident(details_for(house))
    assert resident.tier.name == "Newcomer"
    assert resident.status == "active"
    stay = Stay.get(Stay.resident == resident.id)
    assert (stay.house_id, stay.move_in_date, stay.move_out_date) == (house.id, dt.date(2026, 10, 3),
                                                                      None)
    kinds = {entry.kind for entry in resident_history(resident.id)}
    assert kinds == {"status", "tier", "sobriety", "bed"}
    assert all(entry.recorded_by == "test-manager" for entry in resident_history(resident.id))


def test_names_are_required(house: House) -> None:
    problems = refuse(details_for(house, first_name="  ", last_name=""))
    assert problems["first_name"] == ["First name is required."]
    assert problems["last_name"] == ["Last name is required."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", None, "Date of birth is required."),
        ("date_of_birth", TODAY + dt.timedelta(days=1), "Date of birth can't be in the future."),
        ("date_of_birth", dt.date(2010, 11, 16),
         "Residents must be at least 16: this date of birth makes them 15."),
        ("sobriety_date", TODAY + dt.timedelta(days=1), "Sobriety date can't be after today."),
        ("sobriety_date", dt.date(1990, 4, 1), "Sobriety date can't be before the date of birth."),
        ("move_in_date", TODAY + dt.timedelta(days=1), "Move-in date can't be after today."),
        ("move_in_date", dt.date(1989, 1, 1), "Move-in date can't be before the date of birth."),
        ("move_in_date", None, "Move-in date is required."),
    ],
)
def test_date_rules(house: House, field: str, value: dt.date | None, message: str) -> None:
    assert refuse(details_for(house, **{field: value}))[field] == [message]


def test_sixteenth_birthday_today_is_old_enough(house: House) -> None:
    resident = admit_resident(details_for(house, date_of_birth=dt.date(2010, 11, 15),
                                          sobriety_date=dt.date(2026, 1, 1)))
    assert resident.id is not None


def test_active_resident_cannot_have_a_discharge_date(house: House) -> None:
    problems = refuse(details_for(house, discharge_date=dt.date(2026, 11, 1)))
    assert "An active resident can't have a discharge date" in problems["discharge_date"][0]


def test_discharge_not_before_move_in(house: House) -> None:
    problems = refuse(details_for(house, status="left", discharge_date=dt.date(2026, 10, 2)))
    assert problems["discharge_date"] == ["Discharge date can't be before the move-in date."]


def test_a_bed_holds_one_active_resident(house: House) -> None:
    admit_resident(details_for(house))
    problems = refuse(details_for(house, first_name="Ana", last_name="Ruiz", room="2", bed="a"))
    assert problems["bed"] == ["Room 2 · Bed A in Maple House is taken by Zoë Nguyễn."]


def test_beds_in_use_never_exceed_the_house_beds(other_house: House) -> None:
    admit_resident(details_for(other_house, bed="A"))
    admit_resident(details_for(other_house, first_name="Ana", bed="B"))
    problems = refuse(details_for(other_house, first_name="Kai", bed="C"))
    assert problems["house_id"] == ["Cedar House is full: all 2 beds are in use."]


def test_a_former_resident_frees_the_bed(other_house: House) -> None:
    first = admit_resident(details_for(other_house, bed="A"))
    admit_resident(details_for(other_house, first_name="Ana", bed="B"))
    discharge(first.id, "graduated", dt.date(2026, 11, 1), "Completed the program")
    newcomer = admit_resident(details_for(other_house, first_name="Kai", bed="A"))
    assert newcomer.status == "active"


def test_likely_duplicate_asks_then_saves_when_confirmed(house: House) -> None:
    admit_resident(details_for(house, last_name="NGUYỄN"))
    with pytest.raises(LikelyDuplicate) as error:
        admit_resident(details_for(house, first_name="ZOË", last_name="nguyễn", bed="B"))
    assert "same name and date of birth" in str(error.value)
    assert Resident.select().count() == 1
    admit_resident(details_for(house, first_name="ZOË", last_name="nguyễn", bed="B"),
                   allow_duplicate=True)
    assert Resident.select().count() == 2


def test_relapse_keeps_the_old_date_and_days_sober_restart(house: House) -> None:
    resident = admit_resident(details_for(house))
    record_relapse(resident.id, dt.date(2026, 11, 5), "Drank on 4 November, told the manager")
    row = next(r for r in resident_rows() if r.id == resident.id)
    assert row.days_sober == 10
    assert row.next_milestone is not None and row.next_milestone.days == 30
    change = SobrietyDateChange.get(SobrietyDateChange.kind == "relapse")
    assert change.previous_date == dt.date(2026, 9, 20)
    assert change.new_date == dt.date(2026, 11, 5)
    assert change.recorded_by.username == "test-manager"
    summaries = [e.summary for e in resident_history(resident.id)]
    assert "Relapse: sobriety date 20 Sep 2026 → 5 Nov 2026" in summaries


def test_relapse_rules(house: House) -> None:
    resident = admit_resident(details_for(house))
    problems = refuse(record_relapse, resident.id, dt.date(2026, 9, 1), "")
    assert problems["reason"] == ["Please give a reason."]
    assert "comes after the current one (20 Sep 2026)" in problems["sobriety_date"][0]
    problems = refuse(record_relapse, resident.id, TODAY + dt.timedelta(days=1), "x")
    assert problems["sobriety_date"] == ["Sobriety date can't be after today."]


def test_change_tier_records_from_to_reason_and_who(house: House) -> None:
    resident = admit_resident(details_for(house))
    established = tiers_of(house.id)[1]
    change_tier(resident.id, established.id, dt.date(2026, 11, 4), "31 days, all meetings")
    assert Resident.get_by_id(resident.id).tier_id == established.id
    change = TierChange.select().order_by(TierChange.id.desc()).first()
    assert (change.from_tier.name, change.to_tier.name, change.reason) == (
        "Newcomer", "Established", "31 days, all meetings")
    assert refuse(change_tier, resident.id, established.id, TODAY, "again")["tier_id"] == [
        "Zoë Nguyễn is already in Established."]


def test_discharge_ends_the_stay_and_readmit_starts_a_new_one(house: House) -> None:
    resident = admit_resident(details_for(house))
    change_tier(resident.id, tiers_of(house.id)[1].id, dt.date(2026, 11, 4), "31 days")
    discharge(resident.id, "discharged", dt.date(2026, 11, 6), "Used on the premises")
    row = next(r for r in resident_rows() if r.id == resident.id)
    assert (row.status, row.days_sober, row.discharge_date) == ("discharged", None,
                                                                dt.date(2026, 11, 6))
    with pytest.raises(RuleViolation):
        readmit(resident.id, house.id, dt.date(2026, 11, 5), reason="Back")
    readmit(resident.id, house.id, dt.date(2026, 11, 12), room="3", bed="B",
            sobriety_date=dt.date(2026, 11, 7), reason="Completed detox, readmitted")
    back = Resident.get_by_id(resident.id)
    assert (back.status, back.discharge_date, back.tier.name, back.sobriety_date,
            back.move_in_date) == ("active", None, "Newcomer", dt.date(2026, 11, 7),
                                   dt.date(2026, 11, 12))
    stays = list(Stay.select().where(Stay.resident == resident.id).order_by(Stay.move_in_date))
    assert [(s.move_in_date, s.move_out_date, s.end_status) for s in stays] == [
        (dt.date(2026, 10, 3), dt.date(2026, 11, 6), "discharged"),
        (dt.date(2026, 11, 12), None, ""),
    ]
    statuses = [(c.from_status, c.to_status) for c in StatusChange.select().order_by(StatusChange.id)]
    assert statuses == [("", "active"), ("active", "discharged"), ("discharged", "active")]


def test_discharge_rules(house: House) -> None:
    resident = admit_resident(details_for(house))
    problems = refuse(discharge, resident.id, "active", dt.date(2026, 10, 1), "")
    assert problems["status"] == ["Choose graduated, discharged or left."]
    assert problems["discharge_date"] == [
        "Discharge date can't be before the move-in date (3 Oct 2026)."]
    assert problems["reason"] == ["Please give a reason."]


def test_move_bed_checks_the_bed_and_keeps_history(house: House) -> None:
    first = admit_resident(details_for(house))
    second = admit_resident(details_for(house, first_name="Ana", bed="B"))
    problems = refuse(move_bed, second.id, house.id, "2", "A", TODAY, "Quieter room")
    assert problems["bed"] == ["Room 2 · Bed A in Maple House is taken by Zoë Nguyễn."]
    move_bed(second.id, house.id, "5", "A", TODAY, "Quieter room")
    assert Resident.get_by_id(second.id).bed_label == "Room 5 · Bed A"
    assert "Bed: Room 2 · Bed B → Room 5 · Bed A" in [e.summary for e in resident_history(second.id)]
    assert first.id != second.id


def test_moving_to_another_house_splits_the_stay_and_maps_the_tier(house: House,
                                                                   other_house: House) -> None:
    resident = admit_resident(details_for(house))
    change_tier(resident.id, tiers_of(house.id)[1].id, dt.date(2026, 11, 4), "31 days")
    move_bed(resident.id, other_house.id, "1", "A", dt.date(2026, 11, 10), "Closer to work")
    moved = Resident.get_by_id(resident.id)
    assert (moved.house_id, moved.tier.house_id, moved.tier.name) == (
        other_house.id, other_house.id, "Established")
    assert moved.move_in_date == dt.date(2026, 10, 3)
    stays = [(s.house_id, s.move_in_date, s.move_out_date)
             for s in Stay.select().where(Stay.resident == resident.id).order_by(Stay.id)]
    assert stays == [(house.id, dt.date(2026, 10, 3), dt.date(2026, 11, 10)),
                     (other_house.id, dt.date(2026, 11, 10), None)]


def test_edit_keeps_every_old_value(house: House) -> None:
    resident = admit_resident(details_for(house))
    from soberhouse.residents import ResidentDetails

    edited = ResidentDetails.of(resident)
    edited.phone = "555-0199"
    edited.last_name = "Nguyen"
    edited.sobriety_date = dt.date(2026, 9, 21)
    update_resident(resident.id, edited)
    saved = Resident.get_by_id(resident.id)
    assert (saved.phone, saved.last_name, saved.sobriety_date) == (
        "555-0199", "Nguyen", dt.date(2026, 9, 21))
    corrections = {(c.field_name, c.old_value, c.new_value) for c in ResidentCorrection.select()}
    assert corrections == {("phone", "555-0101", "555-0199"), ("last_name", "Nguyễn", "Nguyen")}
    correction = SobrietyDateChange.get(SobrietyDateChange.kind == "correction")
    assert (correction.previous_date, correction.new_date) == (dt.date(2026, 9, 20),
                                                               dt.date(2026, 9, 21))


def test_an_edit_breaking_a_rule_saves_nothing(house: House) -> None:
    resident = admit_resident(details_for(house))
    from soberhouse.residents import ResidentDetails

    edited = ResidentDetails.of(resident)
    edited.phone = "555-0000"
    edited.sobriety_date = TODAY + dt.timedelta(days=3)
    problems = refuse(update_resident, resident.id, edited)
    assert problems["sobriety_date"] == ["Sobriety date can't be after today."]
    assert Resident.get_by_id(resident.id).phone == "555-0101"


def test_resident_rows_show_house_tier_days_sober_and_next_milestone(house: House) -> None:
    admit_resident(details_for(house))
    (row,) = resident_rows()
    assert (row.display_name, row.house_name, row.tier_name, row.days_sober) == (
        "Nguyễn, Zoë", "Maple House", "Newcomer", 56)
    assert row.next_milestone is not None
    assert (row.next_milestone.days, row.next_milestone.date) == (60, dt.date(2026, 11, 19))


# ---------------------------------------------------------------- typed text and dates


def test_names_are_stored_composed_without_invisible_characters(house: House) -> None:
    resident = admit_resident(details_for(
        house, first_name="\u200bZoe\u0308\u200b ", last_name="Nguye\u0302\u0303n\ufeff",
        room=" 2\u200b", notes="Line one\r\n\tLine two\u2028"))
    stored = Resident.get_by_id(resident.id)
    assert (stored.first_name, stored.last_name, stored.room) == ("Zoë", "Nguyễn", "2")
    assert stored.notes == "Line one\n\tLine two"


def test_a_name_typed_without_accents_or_in_capitals_is_a_likely_duplicate(
        house: House) -> None:
    admit_resident(details_for(house))  # Zoë Nguyễn, born 1990-04-02
    for first, last in (("Zoe", "Nguyen"), ("ZOE", "NGUYEN"), ("Zoe\u0308\u200b", "Nguyễn")):
        with pytest.raises(LikelyDuplicate) as asked:
            admit_resident(details_for(house, first_name=first, last_name=last, bed="B"))
        assert [match.full_name for match in asked.value.matches] == ["Zoë Nguyễn"]
    assert Resident.select().count() == 1
    # Another day of birth is another person.
    admit_resident(details_for(house, first_name="Zoe", last_name="Nguyen", bed="B",
                               date_of_birth=dt.date(1990, 4, 3)))
    assert Resident.select().count() == 2


def test_an_edit_to_the_name_of_someone_on_record_asks_too(house: House) -> None:
    from soberhouse.residents import ResidentDetails

    admit_resident(details_for(house, first_name="Đặng", last_name="Minh"))
    other = admit_resident(details_for(house, first_name="Dang", last_name="Min", bed="B"))
    edited = replace(ResidentDetails.of(other), last_name="MINH")
    with pytest.raises(LikelyDuplicate):
        update_resident(other.id, edited)
    assert Resident.get_by_id(other.id).last_name == "Min"


def test_residents_come_in_name_order_whatever_the_accents(house: House) -> None:
    for number, (first, last) in enumerate((("Ana", "Wiśniewski"), ("Bảo", "Đặng"),
                                            ("Søren", "Ødegård"), ("Ann", "dang"),
                                            ("Łucja", "Zając"), ("Ola", "Andersen"))):
        admit_resident(details_for(house, first_name=first, last_name=last, room=str(number)))
    assert [row.display_name for row in resident_rows()] == [
        "Andersen, Ola", "dang, Ann", "Đặng, Bảo", "Ødegård, Søren", "Wiśniewski, Ana",
        "Zając, Łucja"]


def test_the_oldest_resident_is_110(house: House) -> None:
    turning_111_tomorrow = dt.date(TODAY.year - 111, TODAY.month, TODAY.day + 1)
    admit_resident(details_for(house, date_of_birth=turning_111_tomorrow))
    problems = refuse(details_for(house, first_name="Ida", bed="B",
                                  date_of_birth=turning_111_tomorrow - dt.timedelta(days=1)))
    assert problems["date_of_birth"] == ["This date of birth makes them 111: check the year."]


def test_every_problem_of_the_form_is_named_at_once(house: House) -> None:
    problems = refuse(details_for(house, first_name="\u200b", last_name="L" * 200,
                                  phone="555\x00", date_of_birth=dt.date(1850, 1, 1)))
    assert problems == {
        "first_name": ["First name is required."],
        "last_name": ["Last name is too long: at most 120 characters (this one has 200)."],
        "phone": ["Phone contains a character that can't be printed (U+0000)."],
        "date_of_birth": ["Date of birth can't be before 1900."],
    }
