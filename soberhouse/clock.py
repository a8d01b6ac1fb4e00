"""The program's idea of "today" and "now", in one place.

Every rule that compares with today asks this module, so tests (and the demo,
which records months of history day by day) can pin the date with
:func:`frozen`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_frozen_everywhere: dt.date | None = None
_this_thread = threading.local()


def _frozen_day() -> dt.date | None:
    day: dt.date | None = getattr(_this_thread, "day", None)
    return day if day is not None else _frozen_everywhere


def _wall_clock() -> dt.datetime:
    return dt.datetime.now()


def today() -> dt.date:
    day = _frozen_day()
    return day if day is not None else dt.date.today()


def now() -> dt.datetime:
    """Local wall-clock time, second precision (what a history row shows).

    On a frozen day, that day at the current time of day: the demo's past
    events are recorded "on" the day they happened.  Inside
    :func:`one_moment`, that block's moment.
    """
    pinned: dt.datetime | None = getattr(_this_thread, "moment", None)
    if pinned is not None:
        return pinned
    moment = _wall_clock().replace(microsecond=0)
    day = _frozen_day()
    return dt.datetime.combine(day, moment.time()) if day is not None else moment


@contextmanager
def frozen(day: dt.date, *, this_thread_only: bool = False) -> Iterator[None]:
    """Within the block, :func:`today` answers ``day``.

    ``this_thread_only``: only for the calling thread (the demo writing its
    history in a worker while the window goes on with the real date);
    otherwise for every thread (tests whose work runs in the background).
    """
    global _frozen_everywhere
    if this_thread_only:
        previous = getattr(_this_thread, "day", None)
        _this_thread.day = day
        try:
            yield
        finally:
            _this_thread.day = previous
        return
    previous_everywhere = _frozen_everywhere
    _frozen_everywhere = day
    try:
        yield
    finally:
        _frozen_everywhere = previous_everywhere


@contextmanager
def one_moment() -> Iterator[dt.datetime]:
    """Within the block, :func:`now` answers one moment, in this thread (a
    block inside another keeps the outer block's moment)."""
    pinned: dt.datetime | None = getattr(_this_thread, "moment", None)
    if pinned is not None:
        yield pinned
        return
    moment = now()
    _this_thread.moment = moment
    try:
        yield moment
    finally:
        _this_thread.moment = None


@contextmanager
def moment_on(day: dt.date) -> Iterator[dt.datetime]:
    """Within the block, :func:`now` answers ``day`` at the wall clock's time
    of day, in this thread, even inside an outer :func:`one_moment` (whose
    moment comes back after the block).  For the demo: one write holding
    months of history, each event recorded on its own day."""
    previous: dt.datetime | None = getattr(_this_thread, "moment", None)
    moment = dt.datetime.combine(day, _wall_clock().replace(microsecond=0).time())
    _this_thread.moment = moment
    try:
        yield moment
    finally:
        _this_thread.moment = previous
