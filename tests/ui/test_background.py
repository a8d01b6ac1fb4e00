"""BackgroundTask and ProgressRow: work in a worker thread, reported on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import peewee
import pytest
from pytestqt.qtbot import QtBot

from soberhouse.models import Resident
from ui.background import BackgroundTask, Progress, ProgressRow, run_in_background


class Stopped(Exception):
    """What the work raises when its progress function says stop."""


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Held work waits for this; set at the end whatever happens."""
    event = threading.Event()
    yield event
    event.set()


def test_progress_and_result_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = threading.get_ident()
    worked_in: list[int] = []
    reports: list[tuple[int, int, int]] = []

    def work(progress: Progress) -> str:
        worked_in.append(threading.get_ident())
        for done in range(6):
            assert progress(done, 5)
        return "done"

    task = BackgroundTask(work)
    task.progress.connect(lambda done, total: reports.append(
        (done, total, threading.get_ident())))
    results: list[object] = []
    task.succeeded.connect(lambda result: results.append((result, threading.get_ident())))
    with qtbot.waitSignal(task.finished):
        task.start()
    assert worked_in and worked_in[0] != gui_thread
    assert results == [("done", gui_thread)]
    assert reports[0] == (0, 5, gui_thread)  # the first report always goes
    assert reports[-1] == (5, 5, gui_thread)  # and so does the last
    assert all(thread == gui_thread for _, _, thread in reports)
    assert not task.is_running()


def test_cancel_stops_the_work_at_its_next_report(qtbot: QtBot,
                                                  release: threading.Event) -> None:
    reached = threading.Event()
    reports: list[int] = []

    def work(progress: Progress) -> None:
        for done in range(1000):
            if not progress(done, 1000):
                raise Stopped
            reports.append(done)
            if done == 3:
                reached.set()
                release.wait(10)
        raise AssertionError("not stopped")

    task = run_in_background(work)
    outcome: list[str] = []
    task.succeeded.connect(lambda _: outcome.append("succeeded"))
    task.failed.connect(lambda _: outcome.append("failed"))
    task.cancelled.connect(lambda: outcome.append("cancelled"))
    assert reached.wait(10)
    assert task.is_running()
    task.cancel()
    assert task.is_cancelling()
    with qtbot.waitSignal(task.finished):
        release.set()
    assert outcome == ["cancelled"]
    assert reports == [0, 1, 2, 3]


def test_an_exception_is_reported_as_failed(qtbot: QtBot) -> None:
    def work(progress: Progress) -> None:
        raise OSError("disk full")

    task = BackgroundTask(work)
    cancelled: list[bool] = []
    task.cancelled.connect(lambda: cancelled.append(True))
    with qtbot.waitSignal(task.failed) as failed:
        task.start()
    error = failed.args[0]
    assert isinstance(error, OSError) and str(error) == "disk full"
    assert error.__traceback__ is not None  # a slot may re-raise it for the bug report
    assert cancelled == []


def test_work_that_completes_despite_a_cancel_succeeds(qtbot: QtBot,
                                                       release: threading.Event) -> None:
    reached = threading.Event()

    def work(progress: Progress) -> int:  # never asks again after the cancel
        progress(0, 1)
        reached.set()
        release.wait(10)
        return 42

    task = run_in_background(work)
    assert reached.wait(10)
    task.cancel()
    with qtbot.waitSignal(task.succeeded) as succeeded:
        release.set()
    assert succeeded.args == [42]  # what was done is done: say so


def test_wait_delivers_the_outcome_at_once(qtbot: QtBot, release: threading.Event) -> None:
    def work(progress: Progress) -> None:
        while progress(0, 1):
            release.wait(0.001)
        raise Stopped

    task = run_in_background(work)
    outcome: list[str] = []
    task.cancelled.connect(lambda: outcome.append("cancelled"))
    task.finished.connect(lambda: outcome.append("finished"))
    task.stop()  # cancel, then wait: the thread is over when this returns
    assert outcome == ["cancelled", "finished"]
    assert not task.is_running()
    qtbot.wait(10)  # the queued "finished" of the thread changes nothing
    assert outcome == ["cancelled", "finished"]
    with pytest.raises(RuntimeError, match="runs once"):
        task.start()


def test_the_worker_closes_its_database_connection(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: peewee.Database) -> None:
    closed_in: list[int] = []
    close = db._close

    def recording_close(connection: object) -> None:
        closed_in.append(threading.get_ident())
        close(connection)

    monkeypatch.setattr(db, "_close", recording_close)
    worked_in: list[int] = []

    def work(progress: Progress) -> int:
        worked_in.append(threading.get_ident())
        with db.atomic():  # committed before the task says it succeeded
            Resident.select().count()
        return 1

    task = run_in_background(work)
    with qtbot.waitSignal(task.succeeded):
        pass
    assert closed_in == worked_in  # the worker's own connection, in the worker
    assert not db.is_closed()  # the GUI thread's connection is untouched


def test_the_progress_row_waits_before_showing(qtbot: QtBot,
                                               release: threading.Event) -> None:
    row = ProgressRow()
    qtbot.addWidget(row)
    row.show()
    row.hide()  # ProgressRow starts hidden; make sure show/hide are its own
    reached = threading.Event()

    def work(progress: Progress) -> None:
        progress(3, 10)
        reached.set()
        while progress(3, 10):
            release.wait(0.001)
        raise Stopped

    quick = BackgroundTask(lambda progress: None)
    row.follow(quick, lambda done, total: f"{done} of {total}")
    with qtbot.waitSignal(quick.finished):
        quick.start()
    assert row.isHidden()  # quick work: never shown

    slow = BackgroundTask(work)
    row.follow(slow, lambda done, total: f"Doing {done} of {total}…", "Stop it")
    slow.start()
    assert reached.wait(10)
    qtbot.waitUntil(lambda: not row.isHidden())
    assert row.label.text() == "Doing 3 of 10…"
    assert (row.bar.value(), row.bar.maximum()) == (3, 10)
    assert row.cancel_button.toolTip() == "Stop it"
    with qtbot.waitSignal(slow.cancelled):
        row.cancel_button.click()
    assert row.isHidden()


def test_quitting_waits_for_work_still_running(qtbot: QtBot) -> None:
    """Closing the window while Today still counts must not abort the program
    ("QThread: Destroyed while thread is still running")."""
    from ui.background import _running, wait_for_running_work

    ended = threading.Event()

    def slow(progress: Progress) -> str:
        ended.wait(0.3)  # work that never reports progress
        return "done"

    task = BackgroundTask(slow)
    task.start()
    assert task.is_running()
    wait_for_running_work()
    assert not _running
    assert all(worker.isFinished() for worker in [task._worker] if worker is not None)
