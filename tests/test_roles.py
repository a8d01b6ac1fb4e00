"""Roles, enforced in the core: for each role (owner, house manager of Maple
House, peer coach of Amara, read-only on Maple House) what it may read and
do, and the reason of each refusal; nothing is saved when one is refused."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse import accounts, permissions
from soberhouse.date_style import DateStyle, save_style
from soberhouse.errors import NotAllowed
from soberhouse.houses import HouseDetails, create_house, list_houses, update_house
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import StaffCoachDetails, register_staff_coach
from soberhouse.mentoring.roster import mentoring_overview
from soberhouse.models import Resident, Role
from soberhouse.models.mentoring import CheckIn
from soberhouse.reports.monthly_progress import house_month, monthly_progress, previous_month
from soberhouse.reports.settings import ReportSettings, save_report_settings
from soberhouse.resident_lookup import residents_named
from soberhouse.residents import admit_resident, discharge, get_resident, resident_rows
from soberhouse.residents_csv import export_residents
from soberhouse.today import today_overview
from soberhouse.twelve_step.sponsors import set_sponsor

from .conftest import details_for
from .role_helpers import PASSWORD, TwoHouses, as_owner, person, two_houses


@pytest.fixture
def world(db: peewee.Database, today: dt.date) -> TwoHouses:
    return two_houses(today)


def refused(call: object, *args: object, **kwargs: object) -> str:
    """The reason ``call`` was refused (it must be)."""
    with pytest.raises(NotAllowed) as refusal:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(refusal.value)


def names(rows: list[object]) -> set[str]:
    return {row.first_name for row in rows}  # type: ignore[attr-defined]


def new_resident(house_id: int, first: str = "Elif") -> object:
    return details_for(world_house(house_id), first_name=first, last_name="Demir", room="9",
                       bed="B", date_of_birth=dt.date(1991, 3, 3))


def world_house(house_id: int) -> object:
    from soberhouse.models import House

    return House.get_by_id(house_id)


# ---------------------------------------------------------------- the owner


def test_the_owner_sees_and_does_everything(world: TwoHouses) -> None:
    assert [h.name for h in list_houses()] == ["Cedar House", "Maple House"]
    assert names(resident_rows()) == {"Amara", "Bruno", "Chen", "Dana"}
    admit_resident(new_resident(world.cedar.id))
    create_house(HouseDetails(name="Birch House", beds=4))
    assert permissions.why_not(permissions.Right.MANAGE_PEOPLE) is None


# ---------------------------------------------------------------- a house manager


def test_a_house_manager_sees_only_their_houses(world: TwoHouses, today: dt.date) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    assert [h.name for h in list_houses()] == ["Maple House"]
    assert names(resident_rows()) == {"Amara", "Bruno"}
    assert residents_named("Chen") == []
    assert [m.name for m in residents_named("Bruno")] == ["Bruno Santos"]
    today_names = {item.title for group in today_overview(None).groups for item in group.items}
    assert not any("Chen" in title or "Dana" in title for title in today_names)
    assert "Cedar House" in refused(today_overview, world.cedar.id)
    assert refused(get_resident, world.chen.id) == "Your account does not include Cedar House."
    assert {view.mentee_id for view in mentoring_overview().assignments} == {world.amara.id}


def test_a_house_manager_admits_in_their_house_only(world: TwoHouses) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    admitted = admit_resident(new_resident(world.maple.id))
    assert admitted.house_id == world.maple.id
    reason = refused(admit_resident, new_resident(world.cedar.id, "Farah"))
    assert reason == "Your account does not include Cedar House."
    assert not Resident.select().where(Resident.first_name == "Farah").exists()
    assert "Cedar House" in refused(discharge, world.chen.id, "discharged", None, "Rule broken")
    assert "Cedar House" in refused(set_sponsor, world.dana.id, "Sam Reyes")
    set_sponsor(world.bruno.id, "Sam Reyes")


def test_a_house_manager_cant_add_people_houses_or_change_program_settings(
        world: TwoHouses) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    assert refused(accounts.add_person, accounts.PersonDetails(
        "Gus Lee", "gus", Role.READ_ONLY, all_houses=True), PASSWORD) == \
        "Only the owner can add people."
    assert refused(create_house, HouseDetails(name="Birch House", beds=4)) == \
        "Only the owner can add a house."
    assert refused(save_report_settings, ReportSettings(notice_text="Ours")) == \
        "Only the owner can change the program's settings."
    assert refused(save_style, DateStyle.ISO) == \
        "Only the owner can change the program's settings."
    assert "Cedar House" in refused(update_house, world.cedar.id,
                                    HouseDetails(name="Cedar Lodge", beds=8, tiers=[]))
    as_owner()
    assert [h.name for h in list_houses()] == ["Cedar House", "Maple House"]


def test_a_house_manager_cant_read_another_houses_reports(world: TwoHouses,
                                                          today: dt.date) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    month = previous_month(today)
    assert {p.resident_id for p in monthly_progress(world.maple.id, month)} == {
        world.amara.id, world.bruno.id}
    assert refused(monthly_progress, world.cedar.id, month) == \
        "Your account does not include Cedar House."
    assert "Cedar House" in refused(house_month, world.cedar.id, month)


def test_a_house_manager_exports_only_their_residents(world: TwoHouses, tmp_path) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    assert export_residents(tmp_path / "residents.csv") == 2
    text = (tmp_path / "residents.csv").read_text(encoding="utf-8-sig")
    assert "Amara" in text and "Chen" not in text


# ---------------------------------------------------------------- read only


def test_read_only_views_and_prints_its_houses_but_changes_nothing(
        world: TwoHouses, today: dt.date) -> None:
    person(Role.READ_ONLY, [world.maple])
    assert names(resident_rows()) == {"Amara", "Bruno"}
    assert len(monthly_progress(world.maple.id, previous_month(today))) == 2
    assert refused(admit_resident, new_resident(world.maple.id, "Farah")) == \
        "Your account can only view and print: it can't change records."
    assert "only view and print" in refused(set_sponsor, world.bruno.id, "Sam Reyes")
    assert "only view and print" in refused(
        record_meeting, MeetingDetails(house_id=world.maple.id, held_on=today))
    assert "only view and print" in refused(log_check_in, world.assignment.id)
    assert refused(admit_resident, new_resident(world.cedar.id, "Farah")) == \
        "Your account does not include Cedar House."
    assert not Resident.select().where(Resident.first_name == "Farah").exists()


# ---------------------------------------------------------------- a peer coach


def test_a_peer_coach_sees_only_their_mentees(world: TwoHouses, today: dt.date) -> None:
    person(Role.PEER_COACH, mentor=world.coach)
    assert names(resident_rows()) == {"Amara"}
    assert [h.name for h in list_houses()] == ["Maple House"]
    assert [m.name for m in residents_named("Bruno")] == []
    assert get_resident(world.amara.id).first_name == "Amara"
    assert refused(get_resident, world.bruno.id) == \
        "A peer coach can see only their own mentees' records."
    overview = mentoring_overview()
    assert [row.mentor_id for row in overview.roster] == [world.coach.id]
    assert [view.mentee_id for view in overview.assignments] == [world.amara.id]
    residents_today = {item.resident_id for group in today_overview(None).groups
                       for item in group.items}
    assert residents_today <= {world.amara.id}
    month = previous_month(today)
    assert [p.resident_id for p in monthly_progress(world.maple.id, month)] == [world.amara.id]
    assert "house summary" in refused(house_month, world.maple.id, month)


def test_a_peer_coach_records_check_ins_and_goals_for_their_own_mentees_only(
        world: TwoHouses, today: dt.date) -> None:
    other_coach = register_staff_coach(StaffCoachDetails("Ines", "Moreau", caseload_cap=5,
                                                         since=today - dt.timedelta(days=90)))
    bruno_pairing = assign_mentor(other_coach.id, world.bruno.id, today - dt.timedelta(days=20))
    person(Role.PEER_COACH, mentor=world.coach)
    log_check_in(world.assignment.id, today, 30, note="Talked about work")
    set_goal(world.amara.id, GoalDetails("Open a bank account", "Account open",
                                         today + dt.timedelta(days=30), "Rosa Delgado"))
    assert refused(log_check_in, bruno_pairing.id, today) == \
        "A peer coach can record check-ins and goals only for their own mentees."
    assert "own mentees" in refused(set_goal, world.bruno.id, GoalDetails(
        "Find work", "A job", today + dt.timedelta(days=30), "Rosa Delgado"))
    assert refused(admit_resident, new_resident(world.maple.id, "Farah")) == \
        "A peer coach can record only check-ins and goals for their own mentees."
    assert "only check-ins and goals" in refused(set_sponsor, world.amara.id, "Sam Reyes")
    assert CheckIn.select().count() == 1


def test_the_window_asks_the_same_questions(world: TwoHouses) -> None:
    """What a menu item asks (can, why_not) matches what the core refuses."""
    Right = permissions.Right
    person(Role.HOUSE_MANAGER, [world.maple])
    assert permissions.can(Right.CHANGE_RECORDS, house_id=world.maple.id)
    assert permissions.why_not(Right.CHANGE_RECORDS, resident_id=world.chen.id) == \
        "Your account does not include Cedar House."
    assert permissions.why_not(Right.ADD_HOUSE) == "Only the owner can add a house."
    person(Role.PEER_COACH, mentor=world.coach)
    assert permissions.can(Right.RECORD_CHECK_INS, resident_id=world.amara.id)
    assert not permissions.can(Right.RECORD_CHECK_INS, resident_id=world.bruno.id)
    assert not permissions.can(Right.CHANGE_RECORDS, house_id=world.maple.id)


def test_who_sees_what_costs_the_same_queries_whatever_the_residents(
        world: TwoHouses, db: peewee.Database) -> None:
    """The visible set is one query, then filtered with IN: adding residents
    adds no query to the residents list."""
    from .mentoring_helpers import admit, counting_queries

    person(Role.HOUSE_MANAGER, [world.maple])
    with counting_queries(db) as few:
        resident_rows()
    as_owner()
    for number in range(5):
        admit(world.maple, f"Extra{number}", "Person")
    person(Role.HOUSE_MANAGER, [world.maple])
    with counting_queries(db) as more:
        assert len(resident_rows()) == 7
    assert len(more) == len(few) <= 2



def test_a_roll_call_list_and_a_mentoring_summary_keep_to_the_persons_rights(
        world: TwoHouses, today: dt.date) -> None:
    from soberhouse.meetings.roll_call import members_on
    from soberhouse.mentoring.resident_summary import resident_mentoring

    person(Role.PEER_COACH, mentor=world.coach)
    assert [m.resident_id for m in members_on(world.maple.id, today)] == [world.amara.id]
    assert resident_mentoring(world.amara.id).resident_id == world.amara.id
    with pytest.raises(NotAllowed, match="only their own mentees"):
        resident_mentoring(world.bruno.id)
    person(Role.HOUSE_MANAGER, [world.maple])
    assert {m.resident_id for m in members_on(world.maple.id, today)} == {
        world.amara.id, world.bruno.id}
    with pytest.raises(NotAllowed, match="does not include Cedar House"):
        members_on(world.cedar.id, today)
    with pytest.raises(NotAllowed, match="does not include Cedar House"):
        resident_mentoring(world.chen.id)
