"""Many residents' monthly reports at once: one PDF for the whole batch, or one
file per resident in a folder.

In the single PDF each resident starts on a new page and the footer counts
pages *within that resident's report* ("Page 1 of 2"), so the pages can be
split up and handed out, and each resident's copy reads as a whole.

Both functions report progress after each resident and stop when ``cancel``
returns True, raising :class:`ReportCancelled`; nothing is written then: the
single PDF is built in memory, and the files of a folder run are written under
temporary names and renamed only once every report is done.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.platypus import Flowable

from soberhouse import clock
from soberhouse.private_files import file_name_part, finish, temporary_beside
from soberhouse.reports.monthly_progress import MonthlyProgress
from soberhouse.reports.pdf.fonts import register_fonts
from soberhouse.reports.pdf.page import Output, content_width, load_logo, next_report_page, render
from soberhouse.reports.pdf.resident_report import resident_report_pdf, resident_story
from soberhouse.reports.settings import ReportSettings

ProgressCallback = Callable[[int, int], None]
"""Called with (residents done, residents in all) after each resident."""
CancelCheck = Callable[[], bool]
"""Returns True when the user asked to stop."""


class ReportCancelled(Exception):
    """The user cancelled a batch of reports; nothing was written."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"Reports cancelled after {done} of {total} residents; "
                         "no file was written.")
        self.done = done
        self.total = total


def monthly_batch_pdf(progresses: Sequence[MonthlyProgress], settings: ReportSettings,
                      out: Output, *, printed_on: dt.date | None = None,
                      invariant: bool = False,
                      progress_callback: ProgressCallback | None = None,
                      cancel: CancelCheck | None = None) -> int:
    """All ``progresses`` in one PDF, each resident from a new page with pages
    numbered within the resident's report.  Returns the number of pages.

    ``progress_callback(done, total)`` runs after each resident is laid out (the
    last call comes just before the file is written).  When ``cancel()``
    returns True (asked before each resident) :class:`ReportCancelled` is
    raised and ``out`` is left untouched.
    """
    register_fonts()
    total = len(progresses)
    if cancel is not None and cancel():
        raise ReportCancelled(0, total)
    width = content_width(settings)
    logo = load_logo(settings)  # read once for the whole batch
    story: list[Flowable] = []
    for index, progress in enumerate(progresses):
        if index:
            story += next_report_page()
        story += resident_story(progress, width, logo, index)

    def started(index: int) -> None:
        if index and cancel is not None and cancel():
            raise ReportCancelled(index, total)

    def finished(index: int) -> None:
        if progress_callback is not None:
            progress_callback(index + 1, total)

    month = progresses[0].month.label if progresses else ""
    return render(story, settings, out, printed_on=printed_on or clock.today(),
                  invariant=invariant, title=f"Monthly progress reports: {month}",
                  on_report_start=started, on_report_end=finished)


def resident_reports_to_folder(progresses: Sequence[MonthlyProgress], settings: ReportSettings,
                               folder: str | Path, *, printed_on: dt.date | None = None,
                               invariant: bool = False,
                               progress_callback: ProgressCallback | None = None,
                               cancel: CancelCheck | None = None) -> list[Path]:
    """One PDF per resident in ``folder`` (created if needed), named like
    "2026-10 Nguyễn Thị Lan.pdf" (see :func:`report_file_name`).  An existing
    file of the same name is replaced.  Returns the paths, in the order given.

    All or nothing: the reports are written under temporary names and renamed
    at the end; a cancel or an error removes them and leaves the folder as it was.
    """
    register_fonts()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    total = len(progresses)
    names = unique_file_names(progresses)
    printed_on = printed_on or clock.today()
    pending: list[tuple[Path, Path]] = []
    try:
        for index, (progress, name) in enumerate(zip(progresses, names, strict=True)):
            if cancel is not None and cancel():
                raise ReportCancelled(index, total)
            handle, part = temporary_beside(target / name)  # owner-only (0600)
            pending.append((part, target / name))
            with os.fdopen(handle, "wb") as file:
                resident_report_pdf(progress, settings, file, printed_on=printed_on,
                                    invariant=invariant)
                file.flush()
                os.fsync(file.fileno())
            if progress_callback is not None:
                progress_callback(index + 1, total)
        for part, final in pending:
            finish(part, final)
    except BaseException:
        for part, _ in pending:
            part.unlink(missing_ok=True)
        raise
    return [final for _, final in pending]


def report_file_name(progress: MonthlyProgress) -> str:
    """"2026-10 Nguyễn Thị Lan.pdf": the month, then the name with the
    characters Windows, macOS and Linux refuse in a file name removed
    (letters of every script stay, in composed form)."""
    name = file_name_part(progress.name, f"Resident {progress.resident_id}")
    return f"{progress.month.first:%Y-%m} {name[:120]}.pdf"


def unique_file_names(progresses: Sequence[MonthlyProgress]) -> list[str]:
    """:func:`report_file_name` for each, with " (2)", " (3)" added to repeats
    (two residents of the same name, told apart case-insensitively)."""
    seen: dict[str, int] = {}
    names = []
    for progress in progresses:
        name = report_file_name(progress)
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            name = f"{name[:-4]} ({seen[key]}).pdf"
        names.append(name)
    return names
