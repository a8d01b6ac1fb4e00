"""Writing a CSV file a spreadsheet opens safely, whole or not at all.

Every export (residents, outside meetings, roll calls) writes its file here:

- UTF-8 with a byte-order mark (so Excel shows every name), commas, one
  header line;
- a cell that a spreadsheet would take for a formula (it starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return: "=HYPERLINK(...)" typed
  as a name, say) is written after a single quote, as OWASP advises against
  CSV injection, so the spreadsheet shows it as text and runs nothing; our
  own import removes that quote again (:func:`from_spreadsheet`, used by
  :func:`soberhouse.csv_reading.records`), so an export imported again gives
  the same records;
- the file holds personal data: it is written through
  :func:`soberhouse.private_files.private_text_file` (readable by its owner
  only, into a temporary file renamed over the target once complete), so a
  full disk or a failure half-way leaves the old file as it was, or none;
- the audit trail notes each export (:func:`note_export`: its kind, row
  count and file), once the file is written.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence

from soberhouse.private_files import private_text_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula."""

FORMULA_MARKS = tuple(f"'{start}" for start in FORMULA_STARTS)
"""How a neutralised cell starts (after any single quotes of its own)."""


def _looks_like_a_formula(text: str) -> bool:
    """True for "=SUM(1)", and for "'=SUM(1)" too (quotes of its own before a
    formula's start), so that such a text also comes back as it was."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def spreadsheet_safe(value: object) -> object:
    """The cell to write: a text a spreadsheet would run gets a single quote in
    front; anything else (numbers included) is written as it is."""
    if isinstance(value, str) and value and _looks_like_a_formula(value):
        return "'" + value
    return value


def from_spreadsheet(cell: str) -> str:
    """The text :func:`spreadsheet_safe` was given: its single quote removed."""
    if cell.startswith("'") and _looks_like_a_formula(cell):
        return cell[1:]
    return cell


def note_export(kind: str, path: str | os.PathLike[str], rows: int,
                **scope: object) -> None:
    """An "exported" event: ``kind`` ("residents", "roll calls"...), the rows
    written, the file, and what the export was limited to (``scope``: a house,
    dates; empty ones left out)."""
    from soberhouse import audit

    details: dict[str, object] = {"kind": kind, "rows": rows, "file": os.fspath(path)}
    details.update({name: value for name, value in scope.items() if value is not None})
    audit.record(audit.Action.EXPORTED,
                 f"Exported {rows} {kind} to {os.path.basename(os.fspath(path))}",
                 details=details)


def write_csv(path: str | os.PathLike[str], header: Sequence[str],
              rows: Iterable[Sequence[object]]) -> int:
    """Write ``header`` and ``rows`` (each cell made :func:`spreadsheet_safe`)
    to ``path``, owner-only, whole or not at all; the number of rows written.
    ``rows`` may be a generator reading the database: an error while it runs
    leaves no file behind (and an existing one untouched)."""
    count = 0
    with private_text_file(path, "utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            count += 1
    return count
