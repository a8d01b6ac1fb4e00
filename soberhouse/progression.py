"""Tier progression: does a resident meet the conditions of the next tier?

Each tier's entry conditions are a set of named conditions, each reporting
met or unmet and why ("Days sober: 45 of 90 needed").  A condition kind is
registered once in :data:`CONDITION_KINDS` with where its threshold comes
from (a column of the tier) and how to measure every resident at once, so
the whole house is judged in a constant number of queries.  Today there are
``days_in_house`` and ``days_sober``; unexcused absences and meeting quotas
register the same way when house meetings and 12-step work arrive.

The program never changes a tier by itself: :func:`promote` and
:func:`demote` are the manager's actions, with a reason, recorded by
:func:`soberhouse.residents.change_tier` (who and when).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from soberhouse import clock
from soberhouse.errors import Problem, RuleViolation
from soberhouse.milestones import days_between
from soberhouse.models import (
    House,
    Resident,
    ResidentStatus,
    Tier,
    column_date,
    database_proxy,
)
from soberhouse.names import full_name, name_sort_key
from soberhouse.residents import change_tier, get_resident


@dataclass(frozen=True)
class ResidentStanding:
    """What conditions read about a resident (one row of one query)."""

    resident_id: int
    name: str
    house_id: int
    house_name: str
    tier_id: int | None
    move_in_date: dt.date
    sobriety_date: dt.date
    # The tier the resident would move up to (None: highest tier, or not
    # known); filled in by :func:`progressions` so that a measure can read the
    # next tier's own settings, e.g. its counting window.
    next_tier: Tier | None = None


@dataclass(frozen=True)
class ConditionResult:
    name: str  # the condition kind, e.g. "days_sober"
    label: str  # "Days sober"
    met: bool
    detail: str  # "Days sober: 45 of 90 needed"
    value: int
    threshold: int


Measure = Callable[[Sequence[ResidentStanding], dt.date], Mapping[int, int]]


@dataclass(frozen=True)
class ConditionKind:
    """One kind of tier condition.

    ``threshold`` reads the tier's number for it (None: the tier has no such
    condition).  ``measure`` gives every resident's value at once (it may run
    a query or two, never one per resident).  ``at_most``: the value must not
    exceed the threshold (absences), instead of reaching it (days).
    """

    name: str
    label: str
    threshold: Callable[[Tier], int | None]
    measure: Measure
    at_most: bool = False

    def judge(self, value: int, threshold: int) -> ConditionResult:
        if self.at_most:
            met = value <= threshold
            detail = (f"{self.label}: {value} (at most {threshold})" if met
                      else f"{self.label}: {value}, at most {threshold} allowed")
        else:
            met = value >= threshold
            if threshold == 0:
                detail = f"{self.label}: {value} (no minimum)"
            elif met:
                detail = f"{self.label}: {value} ({threshold} needed)"
            else:
                detail = f"{self.label}: {value} of {threshold} needed"
        return ConditionResult(self.name, self.label, met, detail, value, threshold)


def _days_in_house(standings: Sequence[ResidentStanding], on: dt.date) -> dict[int, int]:
    return {s.resident_id: days_between(s.move_in_date, on) for s in standings}


def _days_sober(standings: Sequence[ResidentStanding], on: dt.date) -> dict[int, int]:
    return {s.resident_id: days_between(s.sobriety_date, on) for s in standings}


CONDITION_KINDS: dict[str, ConditionKind] = {}
"""Every condition kind by name, in the order they are shown."""


def register_condition(kind: ConditionKind) -> None:
    CONDITION_KINDS[kind.name] = kind


register_condition(ConditionKind("days_in_house", "Days in the house",
                                 lambda tier: tier.min_days_in_house, _days_in_house))
register_condition(ConditionKind("days_sober", "Days sober",
                                 lambda tier: tier.min_days_sober, _days_sober))


@dataclass(frozen=True)
class Progression:
    """A resident's tier, the next one, and each of its conditions."""

    resident_id: int
    name: str
    house_id: int
    house_name: str
    tier_id: int | None
    tier_name: str
    next_tier_id: int | None  # None: already in the highest tier
    next_tier_name: str
    conditions: tuple[ConditionResult, ...]

    @property
    def ready(self) -> bool:
        """Every condition of the next tier is met (the manager still decides)."""
        return self.next_tier_id is not None and all(c.met for c in self.conditions)

    @property
    def unmet(self) -> list[ConditionResult]:
        return [c for c in self.conditions if not c.met]


def _standings(house_id: int | None, resident_ids: Iterable[int] | None
               ) -> list[ResidentStanding]:
    query = (Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                             Resident.name_order, Resident.house, House.name, Resident.tier,
                             Resident.move_in_date, Resident.sobriety_date)
             .join(House, on=(Resident.house == House.id)))
    if resident_ids is not None:
        query = query.where(Resident.id.in_(list(resident_ids)))
    else:
        query = query.where(Resident.status == ResidentStatus.ACTIVE.value)
    if house_id is not None:
        query = query.where(Resident.house == house_id)
    # Raw rows: peewee's per-value conversion costs more than the query here;
    # in the order of every list of names (family name, accents not counting).
    rows = sorted(database_proxy.execute(query).fetchall(),
                  key=lambda row: (*name_sort_key(row[1], row[2]), row[0]))
    return [ResidentStanding(rid, full_name(first, last, order), house, house_name, tier,
                             column_date(move_in), column_date(sober))
            for rid, first, last, order, house, house_name, tier, move_in, sober in rows]


def progressions(house_id: int | None = None, on: dt.date | None = None, *,
                 resident_ids: Iterable[int] | None = None) -> list[Progression]:
    """Every active resident (or the ones asked for) against their next tier:
    two queries plus what the condition kinds need, whatever the number of
    residents."""
    on = on or clock.today()
    standings = _standings(house_id, resident_ids)
    tiers = {tier.id: tier for tier in Tier.select()}
    by_step = {(tier.house_id, tier.position): tier for tier in tiers.values()}
    standings = [replace(s, next_tier=_next_tier(s, tiers, by_step)) for s in standings]
    values = {name: kind.measure(standings, on) for name, kind in CONDITION_KINDS.items()}
    result = []
    for standing in standings:
        tier = tiers.get(standing.tier_id) if standing.tier_id is not None else None
        following = standing.next_tier
        conditions: list[ConditionResult] = []
        if following is not None:
            for name, kind in CONDITION_KINDS.items():
                threshold = kind.threshold(following)
                if threshold is not None:
                    conditions.append(kind.judge(values[name][standing.resident_id],
                                                 threshold))
        result.append(Progression(
            standing.resident_id, standing.name, standing.house_id, standing.house_name,
            standing.tier_id, tier.name if tier is not None else "",
            following.id if following is not None else None,
            following.name if following is not None else "", tuple(conditions)))
    return result


def _next_tier(standing: ResidentStanding, tiers: Mapping[int, Tier],
               by_step: Mapping[tuple[int, int], Tier]) -> Tier | None:
    tier = tiers.get(standing.tier_id) if standing.tier_id is not None else None
    position = tier.position if tier is not None else 0
    return by_step.get((standing.house_id, position + 1))


def progression_of(resident_id: int, on: dt.date | None = None) -> Progression:
    get_resident(resident_id)
    return progressions(on=on, resident_ids=[resident_id])[0]


def ready_for_promotion(house_id: int | None = None,
                        on: dt.date | None = None) -> list[Progression]:
    """Active residents who meet every condition of their next tier."""
    return [p for p in progressions(house_id, on) if p.ready]


def _neighbour(resident: Resident, step: int) -> Tier | None:
    position = resident.tier.position if resident.tier is not None else 0
    return Tier.get_or_none((Tier.house == resident.house_id)
                            & (Tier.position == position + step))


def promote(resident_id: int, reason: str, effective_date: dt.date | None = None) -> Resident:
    """Move a resident up one tier.  The manager decides: the conditions are
    shown (:func:`progression_of`), not enforced; the reason is required."""
    resident = get_resident(resident_id)
    higher = _neighbour(resident, +1)
    if higher is None:
        tier_name = resident.tier.name if resident.tier is not None else "no tier"
        raise RuleViolation(Problem("tier_id", f"{resident.full_name} is in {tier_name}, the "
                                               f"highest tier."))
    return change_tier(resident_id, higher.id, effective_date or clock.today(), reason)


def demote(resident_id: int, reason: str, effective_date: dt.date | None = None,
           tier_id: int | None = None) -> Resident:
    """Move a resident down, one tier unless ``tier_id`` names a lower one."""
    resident = get_resident(resident_id)
    position = resident.tier.position if resident.tier is not None else 0
    if tier_id is None:
        lower = _neighbour(resident, -1)
        if lower is None:
            raise RuleViolation(Problem("tier_id", f"{resident.full_name} is already in the "
                                                   f"lowest tier."))
        tier_id = lower.id
    else:
        chosen = Tier.get_or_none(Tier.id == tier_id)
        if chosen is not None and chosen.house_id == resident.house_id and \
                chosen.position >= position and resident.tier is not None:
            raise RuleViolation(Problem("tier_id", f"{chosen.name} is not below "
                                                   f"{resident.tier.name}."))
    return change_tier(resident_id, tier_id, effective_date or clock.today(), reason)


# Condition kinds that read house meetings and outside meetings register
# themselves on import; imported here so that every judgement sees them.
from soberhouse.meetings import conditions as _meeting_conditions  # noqa: E402, F401
from soberhouse.twelve_step import conditions as _outside_conditions  # noqa: E402, F401
