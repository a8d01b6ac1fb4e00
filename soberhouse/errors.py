"""The one kind of error a rule raises, in the house manager's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One broken rule: which field (a key of the form), and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class RuleViolation(Exception):
    """Raised by a core write when its input breaks one or more rules.

    Nothing has been saved when this is raised.  ``problems`` lists every broken
    rule, each naming its field, so a form can show each message next to the
    field and a CSV import can report them for the line.
    """

    def __init__(self, problems: list[Problem] | Problem | str, field: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]


class LikelyDuplicate(RuleViolation):
    """A resident with the same name and date of birth is already on record.

    Not a hard rule: the manager is asked, and the write is repeated with
    ``allow_duplicate=True`` if they confirm.
    """

    def __init__(self, matches: list[Any]) -> None:
        self.matches = matches
        names = ", ".join(f"{m.full_name} (#{m.id}, {m.status})" for m in matches)
        super().__init__(
            [Problem("last_name", f"A resident with the same name and date of birth "
                     f"is already on record: {names}. Is this the same person?")]
        )


class NotFound(Exception):
    """A record asked for by id (or name) does not exist."""


class StorageProblem(RuleViolation):
    """A write (or the opening of the data) failed for a reason outside what
    was typed: the file is read-only, busy, full or damaged, or the server is
    gone.  Nothing was saved.  A form shows :attr:`message` above its fields
    and keeps everything typed; the command line prints it and exits with 3.

    A subclass of :class:`RuleViolation` so that every form that shows a
    refused save shows this too, with no field highlighted.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__([Problem("", message)])


class DatabaseBusy(StorageProblem):
    def __init__(self, message: str = "") -> None:
        super().__init__(message or "Another person or program is saving to this file; "
                                    "try again in a moment.")


class DatabaseReadOnly(StorageProblem):
    def __init__(self, message: str = "") -> None:
        super().__init__(message or "The data file is read-only here: nothing can be saved. "
                                    "Ask whoever looks after this PC for write access, or "
                                    "open the file from a folder you may write to.")


class DiskFull(StorageProblem):
    def __init__(self, message: str = "") -> None:
        super().__init__(message or "The disk holding the data file is full: nothing was "
                                    "saved. Free some space, then save again.")


class DatabaseDamaged(StorageProblem):
    def __init__(self, message: str = "") -> None:
        super().__init__(message or "The data file is damaged and can't be written: nothing "
                                    "was saved. Restore it from a backup.")


class ServerGone(StorageProblem):
    def __init__(self, message: str = "") -> None:
        super().__init__(message or "The connection to the database server was lost: nothing "
                                    "was saved. Check the network, then save again.")


class NotOurFile(StorageProblem):
    """The file opened is not a Soberhouse data file (or not one this version can trust)."""


@dataclass(frozen=True)
class FieldConflict:
    """A field both this form and someone else changed since the form opened."""

    field: str
    label: str
    yours: str
    theirs: str
    changed_by: str
    changed_at: dt.datetime | None

    @property
    def sentence(self) -> str:
        when = f" at {self.changed_at:%H:%M}" if self.changed_at else ""
        theirs = f"“{self.theirs}”" if self.theirs else "nothing"
        return (f"{self.changed_by} changed {self.label} to {theirs}{when} "
                f"while you were editing.")


class EditConflict(RuleViolation):
    """Someone else saved the same record after this form was opened.

    Nothing was saved.  ``conflicts`` lists each field both changed, with
    both values and who changed it meanwhile; the form asks the manager to
    choose per field, then saves again with ``base_version`` =
    :attr:`current_version`.
    """

    def __init__(self, conflicts: list[Any], current_version: int, record: str) -> None:
        self.conflicts = conflicts
        self.current_version = current_version
        self.record = record
        lines = [c.sentence for c in conflicts] or [
            f"{record} was changed by someone else while you were editing."]
        super().__init__([Problem("", " ".join(lines))])


class WriteOutsideSeam(AssertionError):
    """A programming error: a row was written outside :func:`recording.one_write`."""


class NotAllowed(RuleViolation):
    """The signed-in person's role does not allow the action ("Only the owner
    can add people."): nothing was done (:mod:`soberhouse.permissions`)."""


class NotSignedIn(NotAllowed):
    """Nobody is signed in: nothing about the residents is read or written."""


class SignInRefused(RuleViolation):
    """A sign-in (or a password change) was refused: wrong name or password,
    an account switched off, too many tries in a row ("wait 8 seconds")."""
