"""Residents seen as mentees: name, house, tier and matching profile, in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import JOIN

from soberhouse.errors import NotFound
from soberhouse.mentoring.profiles import MatchingAttributes
from soberhouse.models import House, Resident, ResidentStatus, Tier, column_date, database_proxy
from soberhouse.models.mentoring import ResidentProfile
from soberhouse.names import full_name, name_sort_key


@dataclass(frozen=True)
class MenteeFacts:
    resident_id: int
    name: str
    status: str
    house_id: int
    house_name: str
    tier_id: int | None
    tier_name: str
    tier_position: int  # 0 when the resident has no tier
    tier_may_mentor: bool
    move_in_date: dt.date
    discharge_date: dt.date | None
    attributes: MatchingAttributes

    @property
    def is_active(self) -> bool:
        return self.status == ResidentStatus.ACTIVE.value


def mentee_facts(resident_ids: Iterable[int] | None = None, *, house_id: int | None = None,
                 active_only: bool = False) -> list[MenteeFacts]:
    """Residents with their tier and profile, in one query, ordered by name."""
    query = (Resident
             .select(Resident.id, Resident.first_name, Resident.last_name, Resident.name_order,
                     Resident.status,
                     Resident.house, House.name, Resident.tier, Tier.name, Tier.position,
                     Tier.may_mentor,
                     Resident.move_in_date, Resident.discharge_date, ResidentProfile.gender,
                     ResidentProfile.fellowship, ResidentProfile.languages,
                     ResidentProfile.focus_areas)
             .join(House, on=(Resident.house == House.id))
             .switch(Resident)
             .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id))
             .switch(Resident)
             .join(ResidentProfile, JOIN.LEFT_OUTER,
                   on=(ResidentProfile.resident == Resident.id)))
    if resident_ids is not None:
        query = query.where(Resident.id.in_(list(resident_ids)))
    if house_id is not None:
        query = query.where(Resident.house == house_id)
    if active_only:
        query = query.where(Resident.status == ResidentStatus.ACTIVE.value)
    rows = database_proxy.execute(query).fetchall()  # raw: peewee's conversion costs more
    rows.sort(key=lambda row: (*name_sort_key(row[1], row[2]), row[0]))  # as every list
    return [
        MenteeFacts(rid, full_name(first, last, order), status, house, house_name, tier,
                    tier_name or "", position or 0, bool(may_mentor), column_date(move_in),
                    column_date(discharged) if discharged is not None else None,
                    MatchingAttributes.from_columns(gender, fellowship, languages, focus))
        for (rid, first, last, order, status, house, house_name, tier, tier_name, position,
             may_mentor, move_in, discharged, gender, fellowship, languages, focus) in rows
    ]


def mentee(resident_id: int) -> MenteeFacts:
    found = mentee_facts([resident_id])
    if not found:
        raise NotFound(f"There is no resident number {resident_id}.")
    return found[0]
