"""The window's audit events that change no record: a resident's record
viewed, a report printed or saved as PDF, a list exported.

Each is one small write (:func:`soberhouse.audit.record`).  A view is noted
just after the selection is shown (a zero timer: the pane is drawn first);
the others as soon as the paper or the file exists.  If the audit row can't
be written (the data file busy for too long, the server gone), the status
bar says so: what was shown or printed stays shown or printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QTimer

from soberhouse import audit
from soberhouse.audit import Action
from soberhouse.errors import StorageProblem


def note(action: Action | str, summary: str, *, resident_ids: Iterable[int] = (),
         details: dict[str, object] | None = None) -> str | None:
    """Record the event; None when it was written, else what to tell the manager."""
    try:
        audit.record(action, summary, resident_ids=resident_ids, details=details)
    except StorageProblem as problem:
        return f"This was not noted in the audit trail: {problem}"
    return None


def note_viewed(resident_id: int, name: str, where: str, *,
                told: Callable[[str], None] | None = None, later: bool = True) -> None:
    """"Viewed Zoë Nguyễn's record" (``where``: "detail pane", "report
    preview"...), after the window has drawn what it shows when ``later``."""

    def write() -> None:
        problem = note(Action.VIEWED, f"Viewed {name}'s record", resident_ids=[resident_id],
                       details={"where": where})
        if problem and told is not None:
            told(problem)

    if later:
        QTimer.singleShot(0, write)
    else:
        write()


def note_pdf(action: Action, data: bytes, title: str, *, month: str = "",
             residents: Iterable[int] = (), pages: int | None = None,
             file_name: str = "") -> str | None:
    """A report printed (``pages`` printed) or saved as PDF (``file_name``):
    its month, residents, pages and the SHA-256 of the exact bytes."""
    residents = sorted(set(residents))
    details = audit.pdf_details(data, month=month, residents=residents,
                                pages=pages, file_name=file_name, title=title)
    verb = "Printed" if action is Action.PRINTED else "Saved"
    where = f" as {file_name}" if file_name and action is not Action.PRINTED else ""
    return note(action, f"{verb} {title}{where}", resident_ids=residents, details=details)
