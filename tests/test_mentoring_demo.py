"""The demo's mentoring: mentors of every kind, history, check-ins, goals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee

from soberhouse import accounts, database
from soberhouse.demo import fill_demo_database
from soberhouse.mentoring.certification import WarningKind
from soberhouse.mentoring.roster import mentoring_overview
from soberhouse.models.mentoring import CheckIn, Goal, MentorAssignment, MentorKind

from .conftest import TODAY


def mentoring_snapshot() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for a in MentorAssignment.select().order_by(MentorAssignment.id):
        rows.append((a.mentor_id, a.mentee_id, a.role, a.started_on, a.ended_on, a.end_reason))
    rows.extend(CheckIn.select(CheckIn.assignment, CheckIn.held_on, CheckIn.minutes, CheckIn.mode,
                           CheckIn.support_kinds, CheckIn.note).order_by(CheckIn.id).tuples())
    rows.extend(Goal.select(Goal.resident, Goal.what, Goal.status).order_by(Goal.id).tuples())
    return rows


def test_the_demo_mentoring_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b"):
        database.connect(tmp_path / f"{name}.sqlite3")
        accounts.act_as("demo")
        try:
            fill_demo_database(2026, TODAY)
            snapshots.append(mentoring_snapshot())
        finally:
            database.close()
    assert snapshots[0] == snapshots[1]


def test_the_demo_has_every_part_of_mentoring(db: peewee.Database, today: dt.date) -> None:
    fill_demo_database()
    overview = mentoring_overview()
    kinds = {row.kind for row in overview.roster}
    assert kinds == {MentorKind.RESIDENT, MentorKind.ALUMNUS, MentorKind.STAFF}
    assert {w.kind for w in overview.certification_warnings} == {WarningKind.EXPIRING,
                                                                 WarningKind.HOURS}
    assert len(overview.overdue) == 1
    assert len(overview.without_mentor) >= 2
    reasons = {a.end_reason for a in MentorAssignment.select()}
    assert {"reassigned", "mentee_left", "completed"} <= reasons
    first_check_in = CheckIn.select(peewee.fn.MIN(CheckIn.held_on)).scalar()
    assert (today - first_check_in).days > 120
    assert CheckIn.select().count() > 150
    assert {g.status for g in Goal.select()} >= {"open", "met", "missed"}
