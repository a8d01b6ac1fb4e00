"""Step work: which of the twelve steps a resident is on, with the dates each
was started and completed.

Steps go forward in order: the first step started is step 1, and step n+1
starts only once step n is completed.  Starting any other step (going back,
or working a step again) is a *restart* and needs a reason; the row that
starts again is marked ``restart``.  Nothing is deleted: a step left
unfinished by a restart keeps its row.  The *current* step is the one on the
latest row (by start date, then the order it was recorded in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation
from soberhouse.models.twelve_step import StepWork
from soberhouse.recording import one_write
from soberhouse.residents import get_resident

STEPS = range(1, 13)


@dataclass
class StepProgress:
    """Where a resident stood on a day.  ``completed_steps`` counts the steps
    behind them on the current pass: the current step if it is completed,
    else the ones before it (steps go in order)."""

    resident_id: int
    current_step: int | None  # None: no step work yet
    current_started_on: dt.date | None
    current_completed_on: dt.date | None
    completed_steps: int
    rows: list[StepWork] = field(default_factory=list)  # oldest first

    @property
    def label(self) -> str:
        """ "Step 4 (started 1 Oct 2026)", "Step 4 completed 2 Nov 2026", "Not started" """
        if self.current_step is None:
            return "Not started"
        if self.current_completed_on is not None:
            return f"Step {self.current_step} completed {written_date(self.current_completed_on)}"
        started = written_date(self.current_started_on) if self.current_started_on else ""
        return f"Step {self.current_step} (started {started})"


def step_history(resident_id: int) -> list[StepWork]:
    """Every step-work row of the resident, oldest first."""
    return list(StepWork.select().where(StepWork.resident == resident_id)
                .order_by(StepWork.started_on, StepWork.id))


def _current(resident_id: int) -> StepWork | None:
    return (StepWork.select().where(StepWork.resident == resident_id)
            .order_by(StepWork.started_on.desc(), StepWork.id.desc()).first())


def start_step(resident_id: int, step: int, started_on: dt.date | None = None,
               restart_reason: str = "") -> StepWork:
    """Record that the resident started ``step`` on ``started_on`` (default today)."""
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    started_on = started_on if started_on is not None else today
    reason = restart_reason.strip()
    with one_write("started a step", kinds={"step_work"}, resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        current = _current(resident.id)
        problems: list[Problem] = []
        restart = False
        if step not in STEPS:
            problems.append(Problem("step", "Choose a step from 1 to 12."))
        elif current is None:
            if step != 1:
                problems.append(Problem("step", f"{resident.full_name} has no step work yet: "
                                                f"the first step to start is step 1."))
        elif current.completed_on is None and step == current.step + 1:
            problems.append(Problem("step", f"Step {current.step} isn't completed yet: "
                                            f"complete it before starting step {step}."))
        elif current.completed_on is not None and step == current.step + 1:
            pass  # the next step, in order
        elif step > current.step:
            next_step = current.step + 1 if current.completed_on is not None else current.step
            problems.append(Problem("step", f"Steps are worked in order: {resident.full_name} "
                                            f"is on step {current.step}, so step {next_step} "
                                            f"comes next."))
        else:
            restart = True
            if not reason:
                what = ("Working step {0} again" if step == current.step
                        else "Going back to step {0}").format(step)
                problems.append(Problem("restart_reason", f"{what} is a restart: please give "
                                                          f"a reason."))
        if started_on > today:
            problems.append(Problem("started_on", "The start date can't be after today."))
        elif current is not None:
            earliest = current.completed_on or current.started_on
            if started_on < earliest:
                done = "completed" if current.completed_on is not None else "started"
                problems.append(Problem("started_on", f"The start date can't be before step "
                                                      f"{current.step} was {done} "
                                                      f"({written_date(earliest)})."))
        if problems:
            raise RuleViolation(problems)
        scope.describe(f"Step {step}" + (f" again: {reason}" if restart else ""))
        return StepWork.create(resident=resident, step=step, started_on=started_on,
                               restart=restart, restart_reason=reason if restart else "",
                               recorded_by=current_user())


def complete_step(resident_id: int, step: int, completed_on: dt.date | None = None
                  ) -> StepWork:
    """Record that the resident completed ``step`` (their current step)."""
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    completed_on = completed_on if completed_on is not None else today
    with one_write("completed a step", kinds={"step_work"}, resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        current = _current(resident.id)
        if current is None:
            raise RuleViolation(Problem("step", f"{resident.full_name} hasn't started any step "
                                                f"yet."))
        if current.step != step:
            raise RuleViolation(Problem("step", f"Step {step} isn't the step "
                                                f"{resident.full_name} is on (step "
                                                f"{current.step})."))
        if current.completed_on is not None:
            raise RuleViolation(Problem("step", f"Step {step} was already completed on "
                                                f"{written_date(current.completed_on)}."))
        if completed_on > today:
            raise RuleViolation(Problem("completed_on", "The completion date can't be after "
                                                        "today."))
        if completed_on < current.started_on:
            raise RuleViolation(Problem("completed_on", f"The completion date can't be before "
                                                        f"the step was started "
                                                        f"({written_date(current.started_on)})."))
        scope.describe(f"Step {step}")
        current.completed_on = completed_on
        current.save()
    return current


def step_progress(resident_ids: Iterable[int], on: dt.date | None = None
                  ) -> dict[int, StepProgress]:
    """Each resident's step work as it stood on ``on`` (default today), in
    one query: rows started after ``on`` are left out, and a completion after
    ``on`` does not count yet.  Every resident asked for is in the answer."""
    on = on or clock.today()
    ids = list(resident_ids)
    rows: dict[int, list[StepWork]] = {rid: [] for rid in ids}
    if ids:
        query = (StepWork.select()
                 .where(StepWork.resident.in_(ids) & (StepWork.started_on <= on))
                 .order_by(StepWork.started_on, StepWork.id))
        for row in query:
            rows[row.resident_id].append(row)
    result = {}
    for rid, history in rows.items():
        if not history:
            result[rid] = StepProgress(rid, None, None, None, 0, [])
            continue
        current = history[-1]
        completed_on = (current.completed_on if current.completed_on is not None
                        and current.completed_on <= on else None)
        done = current.step if completed_on is not None else current.step - 1
        result[rid] = StepProgress(rid, current.step, current.started_on, completed_on, done,
                                   history)
    return result
