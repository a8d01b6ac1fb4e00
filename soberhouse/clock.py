"""The program's idea of "today" and "now", in one place.

Every rule that compares with today asks this module, so tests (and a later
"as of" view) can pin the date with :func:`frozen`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

_frozen_today: dt.date | None = None


def today() -> dt.date:
    return _frozen_today if _frozen_today is not None else dt.date.today()


def now() -> dt.datetime:
    """Local wall-clock time, second precision (what a history row shows).

    On a frozen day, that day at the current time of day: the demo's past
    events are recorded "on" the day they happened.
    """
    moment = dt.datetime.now().replace(microsecond=0)
    if _frozen_today is not None:
        return dt.datetime.combine(_frozen_today, moment.time())
    return moment


@contextmanager
def frozen(day: dt.date) -> Iterator[None]:
    """Within the block, :func:`today` answers ``day``."""
    global _frozen_today
    previous = _frozen_today
    _frozen_today = day
    try:
        yield
    finally:
        _frozen_today = previous
