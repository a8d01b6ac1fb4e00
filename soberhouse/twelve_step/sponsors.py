"""A resident's sponsor, with the history of earlier ones.

A sponsor is someone outside the house (name and phone) from a date.  A new
sponsor ends the current one on the same day, in one transaction; nothing is
deleted.  A sponsor is the resident's sponsor on a day D when ``since <= D``
and (``ended_on`` is empty or ``ended_on > D``): like a move-out date, the
end date is the first day they are no longer the sponsor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation
from soberhouse.models.twelve_step import Sponsor
from soberhouse.recording import one_write
from soberhouse.residents import get_resident

NAME_LENGTH = 160
PHONE_LENGTH = 40


def current_sponsor(resident_id: int) -> Sponsor | None:
    """The sponsor without an end date (the latest one if ever several)."""
    return (Sponsor.select()
            .where((Sponsor.resident == resident_id) & Sponsor.ended_on.is_null())
            .order_by(Sponsor.since.desc(), Sponsor.id.desc()).first())


def set_sponsor(resident_id: int, name: str, phone: str = "",
                since: dt.date | None = None) -> Sponsor:
    """Record the resident's (new) sponsor from ``since`` (default today).
    The current sponsor, if any, ends that same day."""
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    since = since if since is not None else today
    name, phone = name.strip(), phone.strip()
    with one_write("recorded a sponsor", kinds={"sponsor"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        current = current_sponsor(resident.id)
        problems = []
        if not name:
            problems.append(Problem("name", "The sponsor's name is required."))
        elif len(name) > NAME_LENGTH:
            problems.append(Problem("name", f"The sponsor's name is longer than {NAME_LENGTH} "
                                            f"characters."))
        if len(phone) > PHONE_LENGTH:
            problems.append(Problem("phone", f"The phone number is longer than {PHONE_LENGTH} "
                                             f"characters."))
        if since > today:
            problems.append(Problem("since", "“Sponsor since” can't be after today."))
        elif current is not None and since < current.since:
            problems.append(Problem("since", f"“Sponsor since” can't be before the current "
                                             f"sponsor's start ({current.name}, since "
                                             f"{written_date(current.since)})."))
        if problems:
            raise RuleViolation(problems)
        if current is not None:
            current.ended_on = since
            current.end_reason = f"New sponsor: {name}"
            current.save()
        return Sponsor.create(resident=resident, name=name, phone=phone, since=since,
                              recorded_by=current_user())


def end_sponsor(resident_id: int, ended_on: dt.date | None = None,
                reason: str = "") -> Sponsor:
    """The resident no longer has a sponsor from ``ended_on`` (default today)."""
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    ended_on = ended_on if ended_on is not None else today
    with one_write("ended a sponsor", kinds={"sponsor"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        current = current_sponsor(resident.id)
        if current is None:
            raise RuleViolation(Problem("name", f"{resident.full_name} has no sponsor on "
                                                f"record."))
        problems = []
        if ended_on > today:
            problems.append(Problem("ended_on", "The end date can't be after today."))
        elif ended_on < current.since:
            problems.append(Problem("ended_on", f"The end date can't be before the sponsor's "
                                                f"start ({written_date(current.since)})."))
        if problems:
            raise RuleViolation(problems)
        current.ended_on = ended_on
        current.end_reason = reason.strip()
        current.save()
    return current


def sponsor_history(resident_id: int) -> list[Sponsor]:
    """Every sponsor the resident has had, the current (latest) first."""
    return list(Sponsor.select().where(Sponsor.resident == resident_id)
                .order_by(Sponsor.since.desc(), Sponsor.id.desc()))


def sponsors_on(resident_ids: Iterable[int] | None, day: dt.date) -> dict[int, Sponsor]:
    """Each resident's sponsor on ``day``, in one query; residents without one
    are absent.  ``resident_ids`` None: everyone."""
    query = (Sponsor.select()
             .where((Sponsor.since <= day)
                    & (Sponsor.ended_on.is_null() | (Sponsor.ended_on > day)))
             .order_by(Sponsor.since, Sponsor.id))
    if resident_ids is not None:
        query = query.where(Sponsor.resident.in_(list(resident_ids)))
    return {sponsor.resident_id: sponsor for sponsor in query}  # the latest wins
