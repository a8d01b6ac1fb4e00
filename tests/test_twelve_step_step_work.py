"""Step work: steps in order, a restart needs a reason, and progress as of a day."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse.errors import RuleViolation
from soberhouse.models import House
from soberhouse.models.twelve_step import StepWork
from soberhouse.twelve_step.step_work import (
    complete_step,
    start_step,
    step_history,
    step_progress,
)

from .mentoring_helpers import admit

D = dt.date


def problems(call: object, *args: object) -> dict[str, list[str]]:
    before = [(r.id, r.completed_on) for r in StepWork.select().order_by(StepWork.id)]
    with pytest.raises(RuleViolation) as error:
        call(*args)  # type: ignore[operator]
    assert [(r.id, r.completed_on) for r in StepWork.select().order_by(StepWork.id)] == before
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def test_steps_are_worked_in_order(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 8, 1))
    assert problems(start_step, zoe.id, 2, D(2026, 8, 5)) == {
        "step": ["Zoë Nguyễn has no step work yet: the first step to start is step 1."]}
    assert problems(start_step, zoe.id, 13, D(2026, 8, 5)) == {
        "step": ["Choose a step from 1 to 12."]}
    first = start_step(zoe.id, 1, D(2026, 8, 5))
    assert (first.step, first.restart, first.recorded_by.username) == (1, False,
                                                                      "test-manager")
    assert problems(start_step, zoe.id, 2, D(2026, 8, 20)) == {
        "step": ["Step 1 isn't completed yet: complete it before starting step 2."]}
    assert problems(complete_step, zoe.id, 2, D(2026, 8, 20)) == {
        "step": ["Step 2 isn't the step Zoë Nguyễn is on (step 1)."]}
    complete_step(zoe.id, 1, D(2026, 8, 19))
    assert problems(complete_step, zoe.id, 1, D(2026, 8, 20)) == {
        "step": ["Step 1 was already completed on 19 Aug 2026."]}
    assert problems(start_step, zoe.id, 3, D(2026, 8, 20)) == {
        "step": ["Steps are worked in order: Zoë Nguyễn is on step 1, so step 2 comes next."]}
    assert problems(start_step, zoe.id, 2, D(2026, 8, 18)) == {
        "started_on": ["The start date can't be before step 1 was completed (19 Aug 2026)."]}
    start_step(zoe.id, 2, D(2026, 8, 19))
    assert [(r.step, r.started_on, r.completed_on) for r in step_history(zoe.id)] == [
        (1, D(2026, 8, 5), D(2026, 8, 19)), (2, D(2026, 8, 19), None)]


def test_dates_not_in_the_future_and_completion_not_before_the_start(
        house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 8, 1))
    tomorrow = today + dt.timedelta(days=1)
    assert problems(start_step, zoe.id, 1, tomorrow) == {
        "started_on": ["The start date can't be after today."]}
    assert problems(complete_step, zoe.id, 1, today) == {
        "step": ["Zoë Nguyễn hasn't started any step yet."]}
    start_step(zoe.id, 1, D(2026, 9, 1))
    assert problems(complete_step, zoe.id, 1, D(2026, 8, 31)) == {
        "completed_on": ["The completion date can't be before the step was started "
                         "(1 Sep 2026)."]}
    assert problems(complete_step, zoe.id, 1, tomorrow) == {
        "completed_on": ["The completion date can't be after today."]}
    assert complete_step(zoe.id, 1, D(2026, 9, 1)).completed_on == D(2026, 9, 1)


def test_going_back_or_repeating_a_step_is_a_restart_with_a_reason(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 6, 1))
    for step, started, completed in ((1, 6, 20), (2, 20, 30)):
        start_step(zoe.id, step, D(2026, 6, started))
        complete_step(zoe.id, step, D(2026, 6, completed))
    start_step(zoe.id, 3, D(2026, 7, 1))
    assert problems(start_step, zoe.id, 1, D(2026, 9, 1)) == {
        "restart_reason": ["Going back to step 1 is a restart: please give a reason."]}
    assert problems(start_step, zoe.id, 3, D(2026, 9, 1)) == {
        "restart_reason": ["Working step 3 again is a restart: please give a reason."]}
    again = start_step(zoe.id, 1, D(2026, 9, 1), "Relapsed; starting over with her sponsor")
    assert (again.step, again.restart, again.restart_reason) == (
        1, True, "Relapsed; starting over with her sponsor")
    progress = step_progress([zoe.id], D(2026, 9, 2))[zoe.id]
    assert (progress.current_step, progress.current_started_on, progress.completed_steps,
            len(progress.rows)) == (1, D(2026, 9, 1), 0, 4)
    # After a restart the steps go forward in order again.
    complete_step(zoe.id, 1, D(2026, 9, 10))
    start_step(zoe.id, 2, D(2026, 9, 10))
    # Skipping ahead is still refused.
    assert problems(start_step, zoe.id, 4, D(2026, 9, 11))["step"]


def test_step_progress_as_it_stood_on_a_day(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 6, 1))
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 11, 1))
    start_step(zoe.id, 1, D(2026, 6, 10))
    complete_step(zoe.id, 1, D(2026, 7, 1))
    start_step(zoe.id, 2, D(2026, 7, 5))
    progress = step_progress([zoe.id, kai.id], D(2026, 11, 15))
    assert (progress[zoe.id].current_step, progress[zoe.id].current_started_on,
            progress[zoe.id].current_completed_on, progress[zoe.id].completed_steps,
            progress[zoe.id].label) == (2, D(2026, 7, 5), None, 1, "Step 2 (started 5 Jul 2026)")
    assert (progress[kai.id].current_step, progress[kai.id].completed_steps,
            progress[kai.id].rows, progress[kai.id].label) == (None, 0, [], "Not started")
    on_june_20 = step_progress([zoe.id], D(2026, 6, 20))[zoe.id]
    assert (on_june_20.current_step, on_june_20.current_completed_on,
            on_june_20.completed_steps) == (1, None, 0)
    on_july_2 = step_progress([zoe.id], D(2026, 7, 2))[zoe.id]
    assert (on_july_2.current_step, on_july_2.current_completed_on, on_july_2.completed_steps,
            on_july_2.label) == (1, D(2026, 7, 1), 1, "Step 1 completed 1 Jul 2026")
    assert step_progress([], D(2026, 7, 2)) == {}
