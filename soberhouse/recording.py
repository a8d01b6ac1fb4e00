"""One write of the core: one transaction, one moment.

Every function of the core that writes runs its rows inside :func:`one_write`:
they are committed together or not at all, and every history row it adds
carries the same "recorded at" time.  One action's rows (an intake's status,
tier, sobriety date and bed) then stay together in a timeline, in the order
they were written, whichever second they straddle.  The audit log of who
changed what will hook in here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from soberhouse import clock
from soberhouse.models import database_proxy


@contextmanager
def one_write() -> Iterator[None]:
    """A transaction (a savepoint inside another) in which :func:`clock.now`
    answers one moment."""
    with database_proxy.atomic(), clock.one_moment():
        yield
