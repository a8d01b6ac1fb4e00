"""Who holds the data file: claims, live and stale holders, take-over, release."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from soberhouse.file_holder import (
    STALE_AFTER_SECONDS,
    ClaimStatus,
    FileHolder,
    holder_path,
    process_is_running,
)


class Clock:
    """Wall-clock time the test moves on; starts now (the holder file's own
    modification time is a sign of life too)."""

    def __init__(self) -> None:
        self.moment = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return tmp_path / "soberhouse.sqlite3"


@pytest.fixture
def clock() -> Clock:
    return Clock()


def ended_process() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    return int(finished.stdout)


def test_a_free_file_is_claimed_with_who_where_and_since_when(
        data_file: Path, clock: Clock) -> None:
    mine = FileHolder(data_file, "maria", computer="OFFICE-2", now=clock)
    assert mine.claim().status is ClaimStatus.CLAIMED
    written = json.loads(holder_path(data_file).read_text(encoding="utf-8"))
    assert holder_path(data_file).name == "soberhouse.sqlite3.holder"
    assert (written["user"], written["computer"], written["pid"]) == (
        "maria", "OFFICE-2", mine.pid)
    assert dt.datetime.fromisoformat(written["since"]) == clock.moment
    assert [p.name for p in data_file.parent.iterdir()] == ["soberhouse.sqlite3.holder"]


def test_a_second_instance_is_told_who_holds_the_file(data_file: Path, clock: Clock) -> None:
    FileHolder(data_file, "maria", computer="OFFICE-2", now=clock).claim()
    since = clock.moment.astimezone().strftime("%H:%M")
    clock.advance(90)

    other = FileHolder(data_file, "devon", computer="FRONT-DESK", now=clock)
    result = other.claim()
    assert result.status is ClaimStatus.HELD
    assert result.sentence(clock.moment) == (
        f"Soberhouse is open on OFFICE-2 by maria since {since}.")
    assert not other.holds
    assert json.loads(holder_path(data_file).read_text())["user"] == "maria"


def test_a_holder_on_another_computer_is_stale_after_three_minutes_without_refresh(
        data_file: Path, clock: Clock) -> None:
    maria = FileHolder(data_file, "maria", computer="OFFICE-2", now=clock)
    maria.claim()
    devon = FileHolder(data_file, "devon", computer="FRONT-DESK", now=clock)
    clock.advance(STALE_AFTER_SECONDS - 10)
    assert devon.check().status is ClaimStatus.HELD
    maria.refresh()  # a minute's refresh keeps it alive
    clock.advance(STALE_AFTER_SECONDS - 10)
    assert devon.check().status is ClaimStatus.HELD
    last = clock.moment.astimezone().strftime("%H:%M")
    maria.refresh()
    clock.advance(STALE_AFTER_SECONDS + 1)

    result = devon.claim()
    assert result.status is ClaimStatus.STALE
    assert result.sentence(clock.moment).endswith(
        f"seems to have stopped without closing (no sign of life since {last}).")


def test_a_holder_on_this_computer_whose_process_ended_is_stale_at_once(
        data_file: Path, clock: Clock) -> None:
    FileHolder(data_file, "maria", computer="OFFICE-2", pid=ended_process(),
               now=clock).claim()
    same_computer = FileHolder(data_file, "maria", computer="office-2", now=clock)
    assert same_computer.check().status is ClaimStatus.STALE


def test_a_holder_on_this_computer_whose_process_runs_holds_the_file(
        data_file: Path, clock: Clock) -> None:
    FileHolder(data_file, "maria", computer="OFFICE-2", now=clock).claim()  # this process
    assert FileHolder(data_file, "devon", computer="OFFICE-2",
                      now=clock).check().status is ClaimStatus.HELD


def test_a_stale_claim_can_be_taken_over_and_the_old_holder_learns_it(
        data_file: Path, clock: Clock) -> None:
    maria = FileHolder(data_file, "maria", computer="OFFICE-2", now=clock)
    maria.claim()
    clock.advance(STALE_AFTER_SECONDS + 60)  # OFFICE-2 asleep
    devon = FileHolder(data_file, "devon", computer="FRONT-DESK", now=clock)
    assert devon.claim().status is ClaimStatus.STALE
    assert devon.claim(take_over=True).status is ClaimStatus.CLAIMED
    assert devon.holds

    woke_up = maria.refresh()  # OFFICE-2 wakes: its claim is gone
    assert woke_up.status is ClaimStatus.HELD
    assert woke_up.holder is not None and woke_up.holder.user == "devon"
    assert not maria.holds
    maria.release()  # does not delete devon's claim
    assert json.loads(holder_path(data_file).read_text())["user"] == "devon"


def test_release_frees_the_file(data_file: Path, clock: Clock) -> None:
    maria = FileHolder(data_file, "maria", now=clock)
    maria.claim()
    maria.release()
    assert not holder_path(data_file).exists()
    assert FileHolder(data_file, "devon", now=clock).claim().status is ClaimStatus.CLAIMED


def test_refresh_keeps_since_and_moves_the_sign_of_life(data_file: Path, clock: Clock) -> None:
    maria = FileHolder(data_file, "maria", now=clock)
    maria.claim()
    since = clock.moment
    clock.advance(60)
    assert maria.refresh().status is ClaimStatus.CLAIMED
    written = json.loads(holder_path(data_file).read_text())
    assert dt.datetime.fromisoformat(written["since"]) == since
    assert dt.datetime.fromisoformat(written["refreshed"]) == clock.moment


def test_an_unreadable_holder_file_counts_as_someone_until_it_goes_stale(
        data_file: Path, clock: Clock) -> None:
    holder_path(data_file).write_text("{half a claim", encoding="utf-8")
    devon = FileHolder(data_file, "devon", now=clock)
    result = devon.check()
    assert result.status is ClaimStatus.HELD
    assert result.holder is not None and result.holder.user == "someone"
    clock.advance(STALE_AFTER_SECONDS + 1)
    assert devon.check().status is ClaimStatus.STALE


def test_two_instances_claiming_a_free_file_one_wins(data_file: Path, clock: Clock) -> None:
    first = FileHolder(data_file, "maria", computer="OFFICE-2", now=clock)
    second = FileHolder(data_file, "devon", computer="FRONT-DESK", now=clock)
    mine = first.claim()
    theirs = second.claim()
    assert (mine.status, theirs.status) == (ClaimStatus.CLAIMED, ClaimStatus.HELD)
    # Creating the holder file never replaces one made meanwhile:
    assert second._write_new(first.read()[0]) is False  # type: ignore[index]


def test_process_is_running() -> None:
    import os

    assert process_is_running(os.getpid())
    assert not process_is_running(ended_process())
    assert not process_is_running(0)
