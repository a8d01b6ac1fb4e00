"""The manager's comments on a month (the latest wins, every version kept)
and the report settings (notice, logo, paper)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from soberhouse.errors import NotFound, RuleViolation
from soberhouse.models import House
from soberhouse.models.reports import ReportComment
from soberhouse.reports.monthly_progress import (
    comment_history,
    comments_for,
    monthly_progress,
    resident_progress,
    save_comments,
)
from soberhouse.reports.settings import (
    DEFAULT_NOTICE,
    ReportSettings,
    report_settings,
    save_report_settings,
)

from .mentoring_helpers import admit

D = dt.date
OCTOBER = D(2026, 10, 1)


def test_comments_are_saved_and_the_latest_wins(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 9, 1))
    assert comments_for([zoe.id, kai.id], OCTOBER) == {}

    save_comments(zoe.id, OCTOBER, "Settling in well.")
    save_comments(zoe.id, D(2026, 10, 20), "  Settling in well; found a job.  ")  # any day
    assert save_comments(zoe.id, OCTOBER, "Settling in well; found a job.") is None  # same
    save_comments(zoe.id, D(2026, 9, 1), "September note")
    assert comments_for([zoe.id, kai.id], OCTOBER) == {zoe.id: "Settling in well; found a job."}
    assert [v.text for v in comment_history(zoe.id, OCTOBER)] == [
        "Settling in well.", "Settling in well; found a job."]
    assert comment_history(zoe.id, OCTOBER)[0].recorded_by == "test-manager"
    assert ReportComment.select().count() == 3

    by_name = {p.name: p.comments for p in monthly_progress(house.id, OCTOBER)}
    assert by_name == {"Zoë Nguyễn": "Settling in well; found a job.", "Kai Moana": ""}
    assert resident_progress(zoe.id, D(2026, 9, 1)).comments == "September note"

    save_comments(zoe.id, OCTOBER, "")  # cleared: the history still has the old text
    assert comments_for([zoe.id], OCTOBER) == {}
    assert len(comment_history(zoe.id, OCTOBER)) == 3


def test_saving_comments_is_one_logged_change_and_the_same_text_none(house: House,
                                                                   today: dt.date) -> None:
    from soberhouse.models import ChangeEntry

    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    before = ChangeEntry.select().count()
    save_comments(zoe.id, OCTOBER, "Settling in well.")
    [entry] = list(ChangeEntry.select().where(ChangeEntry.id > before))
    assert (entry.action, entry.kinds, entry.resident_ids, entry.details) == (
        "saved report comments", "report_comment", str(zoe.id), "October 2026")
    # Choosing another resident saves the comments again: unchanged, it is
    # no change at all, and no other window hears of one.
    assert save_comments(zoe.id, OCTOBER, " Settling in well. ") is None
    assert ChangeEntry.select().count() == before + 1


def test_comments_on_a_month_not_started_are_refused(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    with pytest.raises(RuleViolation) as error:
        save_comments(zoe.id, D(2026, 12, 1), "Too early")
    assert error.value.for_field("month") == [
        "December 2026 has not started yet: comments are written on a month that has begun."]
    with pytest.raises(NotFound):
        save_comments(9999, OCTOBER, "Nobody")
    assert ReportComment.select().count() == 0


def test_report_settings_default_and_saved(house: House, tmp_path: Path) -> None:
    settings = report_settings()
    assert settings == ReportSettings(DEFAULT_NOTICE, "", "letter")
    assert "42 CFR Part 2" in DEFAULT_NOTICE and "written consent" in DEFAULT_NOTICE
    assert settings.logo is None

    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    saved = save_report_settings(ReportSettings(" Our own notice. ", str(logo), "A4"))
    assert saved == ReportSettings("Our own notice.", str(logo), "A4") == report_settings()
    assert saved.logo == logo
    save_report_settings(ReportSettings(DEFAULT_NOTICE, "", "letter"))
    assert report_settings() == ReportSettings()

    with pytest.raises(RuleViolation) as error:
        save_report_settings(ReportSettings("  ", str(tmp_path / "gone.png"), "legal"))  # type: ignore[arg-type]
    assert set(error.value.problems[i].field for i in range(3)) == {
        "notice_text", "logo_path", "paper_size"}
    assert error.value.for_field("logo_path") == [f"There is no picture at {tmp_path / 'gone.png'}."]
    assert report_settings() == ReportSettings()
