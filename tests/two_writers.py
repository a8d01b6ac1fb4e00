"""Two real writers released at the same moment.

Each trial forks two processes; each opens its own connection to the same
database (a SQLite file, or the PostgreSQL server of the test run), signs
in as its own person, waits at a barrier, then makes its write.  What each
got back (saved, or refused with the rule's message) comes home through a
queue; the test then reads the database as it is and checks the rule held.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from soberhouse import accounts, database
from soberhouse.errors import RuleViolation

_fork = multiprocessing.get_context("fork")
WAIT_SECONDS = 30


@dataclass(frozen=True)
class Outcome:
    writer: int
    saved: bool
    message: str
    error_type: str


def _writer(target: str, index: int, action: Callable[[int], Any],
            barrier: Any, results: Any) -> None:
    try:
        database.connect(target, migrate=False)
        accounts.act_as(f"writer-{index}")
        accounts.current_user()  # the person's own row is not part of the race
        barrier.wait(timeout=WAIT_SECONDS)
        try:
            action(index)
            results.put(Outcome(index, True, "", ""))
        except RuleViolation as refused:
            results.put(Outcome(index, False, str(refused), type(refused).__name__))
    except BaseException:  # noqa: B036 - a crash must reach the test, not vanish
        results.put(Outcome(index, False, traceback.format_exc(), "crash"))
    finally:
        database.close()
        results.close()
        results.join_thread()  # the queue's feeder thread sends before the exit
        os._exit(0)


def race(target: str, action: Callable[[int], Any]) -> list[Outcome]:
    """Run ``action(0)`` and ``action(1)`` in two processes at the same moment.

    The caller's own connection is closed first (a forked child must not share
    it) and opened again afterwards.
    """
    database.close()
    barrier = _fork.Barrier(2)
    results = _fork.Queue()
    writers = [_fork.Process(target=_writer, args=(target, i, action, barrier, results))
               for i in (0, 1)]
    for writer in writers:
        writer.start()
    outcomes = [results.get(timeout=WAIT_SECONDS * 2) for _ in writers]
    for writer in writers:
        writer.join(WAIT_SECONDS)
    database.connect(target, migrate=False)
    crashes = [o.message for o in outcomes if o.error_type == "crash"]
    assert not crashes, crashes
    return sorted(outcomes, key=lambda o: o.writer)


def one_saved_one_refused(outcomes: list[Outcome]) -> Outcome:
    """Exactly one writer saved; the other's refusal is returned."""
    saved = [o for o in outcomes if o.saved]
    refused = [o for o in outcomes if not o.saved]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    return refused[0]
