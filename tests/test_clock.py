"""The pinned "today" that tests and the demo use."""

from __future__ import annotations

import datetime as dt
import threading

from soberhouse import clock


def test_a_day_frozen_for_one_thread_leaves_the_others_on_the_real_date() -> None:
    seen: list[dt.date] = []
    with clock.frozen(dt.date(2020, 1, 1), this_thread_only=True):
        worker = threading.Thread(target=lambda: seen.append(clock.today()))
        worker.start()
        worker.join()
        assert clock.today() == dt.date(2020, 1, 1)
    assert seen == [dt.date.today()]
    with clock.frozen(dt.date(2021, 1, 1)):
        worker = threading.Thread(target=lambda: seen.append(clock.today()))
        worker.start()
        worker.join()
    assert seen[-1] == dt.date(2021, 1, 1)
