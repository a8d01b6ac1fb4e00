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
    """Local wall-clock time, second precision (what a history row shows)."""
    return dt.datetime.now().replace(microsecond=0)


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
