"""Shared helpers of the role tests (core and window): a person with a role
on some houses, signed in; a small world of two houses with a peer coach's
mentee in one of them; and going back to the owner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from soberhouse import accounts
from soberhouse.houses import HouseDetails, create_house
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import StaffCoachDetails, register_staff_coach
from soberhouse.models import AppUser, House, Resident, Role
from soberhouse.models.mentoring import Mentor, MentorAssignment

from .mentoring_helpers import admit

OWNER = "test-manager"
PASSWORD = "Maple-kettle-47-harbour"  # long enough, not a common one


def person(role: Role, houses: Iterable[House] = (), *, name: str = "",
           mentor: Mentor | None = None, sign_in: bool = True) -> AppUser:
    """A person with ``role`` on ``houses`` (none given: every house), added
    by the owner, then signed in unless ``sign_in`` is False."""
    accounts.act_as(OWNER)
    chosen = tuple(house.id for house in houses)
    username = name or f"{role.value.replace('_', '-')}-{len(accounts.people()) + 1}"
    user = accounts.add_person(accounts.PersonDetails(
        display_name=username.replace("-", " ").title(), username=username, role=role,
        house_ids=chosen, all_houses=not chosen and role is not Role.PEER_COACH,
        mentor_id=mentor.id if mentor is not None else None), PASSWORD)
    if sign_in:
        accounts.act_as(username)
    return user


def as_owner() -> AppUser:
    return accounts.act_as(OWNER)


@contextmanager
def signed_in_as(user: AppUser) -> Iterator[AppUser]:
    """``user`` records inside the block; the owner again after it."""
    accounts.act_as(user.username)
    try:
        yield user
    finally:
        as_owner()


@dataclass
class TwoHouses:
    """Maple House (A) and Cedar House (B), two residents in each; a staff
    coach mentors Amara (in Maple) and nobody else."""

    maple: House
    cedar: House
    amara: Resident  # Maple, the coach's mentee
    bruno: Resident  # Maple
    chen: Resident  # Cedar
    dana: Resident  # Cedar
    coach: Mentor
    assignment: MentorAssignment


def two_houses(on: dt.date) -> TwoHouses:
    """The world of the role tests, made by the owner (who stays signed in)."""
    as_owner()
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    cedar = create_house(HouseDetails(name="Cedar House", beds=8))
    move_in = on - dt.timedelta(days=60)
    amara = admit(maple, "Amara", "Okafor", move_in=move_in)
    bruno = admit(maple, "Bruno", "Santos", move_in=move_in)
    chen = admit(cedar, "Chen", "Wei", move_in=move_in)
    dana = admit(cedar, "Dana", "Kowalski", move_in=move_in)
    coach = register_staff_coach(StaffCoachDetails("Rosa", "Delgado", caseload_cap=5,
                                                   since=on - dt.timedelta(days=90)))
    assignment = assign_mentor(coach.id, amara.id, on - dt.timedelta(days=30))
    return TwoHouses(maple, cedar, amara, bruno, chen, dana, coach, assignment)
