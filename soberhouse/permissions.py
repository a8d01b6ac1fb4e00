"""What each role may do, enforced in the core (the window only mirrors it).

- **Owner**: everything, including people, program settings and the audit trail.
- **House manager**: everything within their houses.
- **Peer coach** (a mentor with an account): their own mentees' check-ins
  and goals; reading the rest of their mentees' records; nothing else.
- **Read only** (an auditor, a certifier): viewing and printing within
  their houses; no changes.

Two layers keep this true.  The functions a screen calls before it offers
an action (:func:`why_not`, :func:`can`) answer in the manager's words
("Only the owner can add people."), so a menu item is disabled with its
reason.  And every write, whatever function made it, is checked by the one
write seam before it commits (:func:`check_write`): the rows it saved name
their houses and residents, and a row outside the person's rights rolls the
whole write back with :class:`~soberhouse.errors.NotAllowed`.

Reading is narrowed by :func:`visible_house_ids` and
:func:`visible_resident_ids`, which the lists and searches apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import peewee

from soberhouse import accounts
from soberhouse.errors import NotAllowed
from soberhouse.models import House, Resident, Role


class Right(Enum):
    """An action a screen may offer; some are about one house or resident."""

    MANAGE_PEOPLE = "add and change people"
    CHANGE_SETTINGS = "change the program's settings"
    VIEW_AUDIT = "read the audit trail"
    ADD_HOUSE = "add a house"
    CHANGE_HOUSE = "change a house's details and tiers"
    CHANGE_RECORDS = "change residents' records"  # intake, tiers, meetings, 12-step...
    RECORD_CHECK_INS = "record check-ins and goals"
    IMPORT = "import CSV files"
    VIEW = "view records"
    PRINT = "print and export"


_OWNER_ONLY = {
    Right.MANAGE_PEOPLE: "Only the owner can add and change people.",
    Right.CHANGE_SETTINGS: "Only the owner can change the program's settings.",
    Right.ADD_HOUSE: "Only the owner can add a house.",
}
# Peer coaches write only these kinds of records (soberhouse.recording kinds).
PEER_COACH_KINDS = frozenset({"check_in", "goal"})


def _house_name(house_id: int | None) -> str:
    if house_id is None:
        return "that house"
    house = House.get_or_none(House.id == house_id)
    return house.name if house is not None else "that house"


def visible_house_ids() -> frozenset[int] | None:
    """The houses the signed-in person may see; None: every house.  A peer
    coach sees the houses their mentees live in."""
    user = accounts.current_user()
    if user.role == Role.PEER_COACH.value:
        return _houses_of_residents(mentee_ids(user.mentor_id))
    return accounts.house_ids_of(user)


def _houses_of_residents(resident_ids: frozenset[int]) -> frozenset[int]:
    if not resident_ids:
        return frozenset()
    return frozenset(h for (h,) in Resident.select(Resident.house)
                     .where(Resident.id.in_(sorted(resident_ids))).tuples())


def mentee_ids(mentor_id: int | None) -> frozenset[int]:
    """The residents a mentor mentors now (a peer coach's own mentees)."""
    if mentor_id is None:
        return frozenset()
    from soberhouse.models.mentoring import MentorAssignment

    query = (MentorAssignment.select(MentorAssignment.mentee)
             .where((MentorAssignment.mentor == mentor_id)
                    & MentorAssignment.ended_on.is_null()))
    return frozenset(r for (r,) in query.tuples())


def visible_resident_ids() -> frozenset[int] | None:
    """Residents a peer coach may see (their mentees); None for other roles
    (they see the residents of :func:`visible_house_ids`)."""
    user = accounts.current_user()
    if user.role != Role.PEER_COACH.value:
        return None
    return mentee_ids(user.mentor_id)


def why_not(right: Right, *, house_id: int | None = None,
            resident_id: int | None = None) -> str | None:
    """Why the signed-in person may not do ``right`` (None: they may)."""
    user = accounts.signed_in_user()
    if user is None:
        return "Sign in first."
    role = Role(user.role) if user.role else None
    if role is Role.OWNER:
        return None
    if role is None:
        return "This name has no account: sign in with an account."
    if right in _OWNER_ONLY or right is Right.VIEW_AUDIT and role is not Role.READ_ONLY:
        return _OWNER_ONLY.get(right, "Only the owner and read-only accounts can read the "
                                      "audit trail.")
    if right is Right.VIEW_AUDIT:
        return None
    if resident_id is not None and house_id is None:
        house_id = (Resident.select(Resident.house).where(Resident.id == resident_id)
                    .scalar())
    houses = accounts.house_ids_of(user)
    if role is Role.PEER_COACH:
        mentees = mentee_ids(user.mentor_id)
        if right is Right.RECORD_CHECK_INS:
            if resident_id is None or resident_id in mentees:
                return None
            return "A peer coach can record check-ins and goals only for their own mentees."
        if right in (Right.VIEW, Right.PRINT):
            if resident_id in mentees or resident_id is None and (
                    house_id is None or house_id in _houses_of_residents(mentees)):
                return None
            return "A peer coach can see only their own mentees' records."
        return "A peer coach can record only check-ins and goals for their own mentees."
    if houses is not None and house_id is not None and house_id not in houses:
        return f"Your account does not include {_house_name(house_id)}."
    if role is Role.READ_ONLY and right not in (Right.VIEW, Right.PRINT):
        return "Your account can only view and print: it can't change records."
    return None


def can(right: Right, *, house_id: int | None = None, resident_id: int | None = None) -> bool:
    return why_not(right, house_id=house_id, resident_id=resident_id) is None


def require(right: Right, *, house_id: int | None = None,
            resident_id: int | None = None) -> None:
    """Raise :class:`NotAllowed` with the reason when ``right`` is refused
    (:class:`NotSignedIn` when nobody is signed in)."""
    accounts.current_user()
    reason = why_not(right, house_id=house_id, resident_id=resident_id)
    if reason is not None:
        raise NotAllowed(reason)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Visible:
    """What the signed-in person may read, fetched once for a list: the
    houses (None: every house) and the residents (None: everyone in those
    houses; a peer coach: their mentees)."""

    house_ids: frozenset[int] | None
    resident_ids: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.house_ids is None and self.resident_ids is None

    def house(self, house_id: int | None) -> bool:
        """Whether a house's own lines (a meeting, a house total) may be shown."""
        return self.house_ids is None or house_id in self.house_ids

    def resident(self, resident_id: int | None, house_id: int | None = None) -> bool:
        """Whether a resident's line may be shown (``house_id``: where they live)."""
        if self.resident_ids is not None:
            return resident_id in self.resident_ids
        return house_id is None or self.house(house_id)


def visible() -> Visible:
    """The houses and residents the signed-in person may read (no query for
    the owner; one or two for anyone else)."""
    user = accounts.current_user()
    if user.role == Role.OWNER.value:
        return Visible(None, None)
    if user.role == Role.PEER_COACH.value:
        mentees = mentee_ids(user.mentor_id)
        return Visible(_houses_of_residents(mentees), mentees)
    if not user.role:
        return Visible(frozenset(), frozenset())
    return Visible(accounts.house_ids_of(user), None)


def narrowed(query: peewee.ModelSelect, *, house: peewee.Field | None = None,
             resident: peewee.Field | None = None,
             seen: Visible | None = None) -> peewee.ModelSelect:
    """``query`` keeping only the rows the signed-in person may read: its
    ``house`` column among their houses, its ``resident`` column among their
    residents (for the owner the query is returned as it is)."""
    seen = seen or visible()
    if seen.house_ids is not None and house is not None:
        query = query.where(house.in_(sorted(seen.house_ids)))
    if seen.resident_ids is not None:
        if resident is None:
            raise ValueError("a list narrowed for a peer coach needs its resident column")
        query = query.where(resident.in_(sorted(seen.resident_ids)))
    return query


def require_view(*, house_id: int | None = None, resident_id: int | None = None) -> None:
    """Refuse reading one house's or one resident's records outside the
    person's rights (:class:`NotAllowed` with the reason)."""
    user = accounts.current_user()
    if user.role == Role.OWNER.value:
        return
    require(Right.VIEW, house_id=house_id, resident_id=resident_id)


# ---------------------------------------------------------------- a write's first check
#
# The core's write functions call these first, so that a refusal names what
# was refused ("Your account does not include Cedar House.") before any form
# is checked; check_write stays the safety net for every write.


def require_change(right: Right = Right.CHANGE_RECORDS, *, house_id: int | None = None,
                   resident_ids: Iterable[int | None] = ()) -> None:
    """Refuse ``right`` for a house and each of some residents (the owner: no query)."""
    user = accounts.current_user()
    if user.role == Role.OWNER.value:
        return
    ids = sorted({r for r in resident_ids if r is not None})
    require(right, house_id=house_id)
    for resident_id in ids:
        require(right, resident_id=resident_id)


def require_meeting_change(meeting_id: int | None) -> None:
    """May the person change this house meeting (its details, its roll call)?"""
    if accounts.current_user().role == Role.OWNER.value:
        return
    from soberhouse.models.meetings import HouseMeeting

    house_id = (HouseMeeting.select(HouseMeeting.house).where(HouseMeeting.id == meeting_id)
                .scalar())
    require(Right.CHANGE_RECORDS, house_id=house_id)


def require_assignment_change(assignment_id: int | None,
                              right: Right = Right.CHANGE_RECORDS) -> None:
    """May the person change this mentoring assignment (``right``
    RECORD_CHECK_INS: log its check-ins)?  About its mentee."""
    if accounts.current_user().role == Role.OWNER.value:
        return
    from soberhouse.models.mentoring import MentorAssignment

    mentee = (MentorAssignment.select(MentorAssignment.mentee)
              .where(MentorAssignment.id == assignment_id).scalar())
    require_change(right, resident_ids=[mentee])


def require_mentor_change(mentor_id: int | None) -> None:
    """May the person change this mentor's record (their house's mentors;
    a staff coach of every house: any house manager)?"""
    if accounts.current_user().role == Role.OWNER.value:
        return
    from soberhouse.models.mentoring import Mentor

    house_id = Mentor.select(Mentor.house).where(Mentor.id == mentor_id).scalar()
    require(Right.CHANGE_RECORDS, house_id=house_id)


# ---------------------------------------------------------------- every write


def check_write(scope: object) -> None:
    """The seam's check before a write commits: every row it saved lies
    within the signed-in person's rights (else :class:`NotAllowed`, and the
    write is rolled back).  ``scope``: :class:`soberhouse.recording.WriteScope`."""
    user = accounts.current_user()
    role = Role(user.role) if user.role else None
    if role is Role.OWNER:
        return
    kinds: set[str] = scope.kinds  # type: ignore[attr-defined]
    rows: list[dict[str, object]] = scope.rows  # type: ignore[attr-defined]
    if role is None:
        raise NotAllowed("This name has no account: sign in with an account to record.")
    if "people" in kinds:
        if _only_own_password(scope, user.id):
            return  # everyone may change their own password
        raise NotAllowed(_OWNER_ONLY[Right.MANAGE_PEOPLE])
    if role is Role.READ_ONLY:
        raise NotAllowed("Your account can only view and print: nothing was saved.")
    if "settings" in kinds:
        raise NotAllowed(_OWNER_ONLY[Right.CHANGE_SETTINGS])
    if any(row.get("table") == "house" and "created" in row for row in rows):
        raise NotAllowed(_OWNER_ONLY[Right.ADD_HOUSE])
    residents: set[int] = set(scope.resident_ids) | set(scope.row_resident_ids)  # type: ignore[attr-defined]
    if role is Role.PEER_COACH:
        tables = {str(row.get("table")) for row in rows}
        if (kinds - PEER_COACH_KINDS - {"people"}
                or tables - {"check_in", "goal", "goal_status_change", "app_user"}):
            raise NotAllowed("A peer coach can record only check-ins and goals for their "
                             "own mentees: nothing was saved.")
        if residents - mentee_ids(user.mentor_id):
            raise NotAllowed("A peer coach can record check-ins and goals only for their "
                             "own mentees: nothing was saved.")
        return
    houses = accounts.house_ids_of(user)
    if houses is None:
        return
    touched: set[int] = set(scope.row_house_ids)  # type: ignore[attr-defined]
    if residents:
        touched |= {h for (h,) in Resident.select(Resident.house)
                    .where(Resident.id.in_(sorted(residents))).tuples()}
    outside = sorted(touched - houses)
    if outside:
        names = ", ".join(name for (name,) in House.select(House.name)
                          .where(House.id.in_(outside)).order_by(House.name).tuples())
        raise NotAllowed(f"Your account does not include {names or 'that house'}: "
                         f"nothing was saved.")


def _only_own_password(scope: object, user_id: int) -> bool:
    rows: list[dict[str, object]] = scope.rows  # type: ignore[attr-defined]
    return bool(rows) and all(row.get("table") == "app_user" and row.get("id") == user_id
                              and set(row.get("changed", {}) or {}) <=  # type: ignore[arg-type]
                              {"password_hash", "must_change_password", "password_changed_at"}
                              for row in rows)


__all__ = ["PEER_COACH_KINDS", "Right", "Visible", "can", "check_write", "mentee_ids",
           "narrowed", "require", "require_assignment_change", "require_change",
           "require_meeting_change", "require_mentor_change", "require_view", "visible",
           "visible_house_ids", "visible_resident_ids", "why_not"]
