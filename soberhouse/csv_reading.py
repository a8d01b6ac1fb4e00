"""Reading a CSV file a manager saved from a spreadsheet, whatever it holds.

Every import (residents, outside meetings, roll calls) reads its file the same
way, and this module is that way:

- the file: UTF-8 with or without a byte-order mark (:func:`decoded`), commas,
  semicolons or tabs between values (whichever the header line uses most),
  line numbers counted as the spreadsheet shows them, the header being line 1
  (:func:`read_csv`);
- a file gone wrong, said for its line (:class:`LineShape`): more filled cells
  than the header has columns, a cell over :data:`MAX_CELL_CHARACTERS`, a
  quote that is never closed (where it opens: the rest of the file reads as
  one cell);
- the header: matched ignoring case, spaces and punctuation against each
  field's label and synonyms (:func:`header_aliases`, :func:`match_columns`);
- a cell an export wrote after a single quote (a formula's first character:
  :mod:`soberhouse.csv_writing`) comes back without it;
- dates: 2026-10-03 always, or 10/03/2026 in the order the manager states
  (:func:`parse_date`; :class:`DateReader` remembers the dates it has read);
- a preview: each line with its problems in the manager's words, which the
  import refuses unless every line is good or the manager chose to skip the
  bad ones (:class:`PreviewLines`, :func:`refuse_bad_lines`);
- long files: a ``progress(done, total)`` function is told how far the work is
  and stops it with :class:`ImportCancelled` when it answers ``False``
  (:func:`report_progress`); :func:`insert_rows` writes rows in chunks with one
  DB-API ``executemany`` each, reporting between chunks.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, Protocol

from peewee import DateField, DateTimeField, Field, Model, PostgresqlDatabase

from soberhouse.csv_writing import FORMULA_MARKS, from_spreadsheet
from soberhouse.errors import Problem, RuleViolation
from soberhouse.models import database_proxy
from soberhouse.recording import require_open_seam

DateOrder = Literal["ymd", "mdy", "dmy"]

Progress = Callable[[int, int], bool]
"""``progress(done, total)``: told how far the work is; answers ``False`` to stop it."""

PROGRESS_EVERY = 20
"""How many lines between two calls of a ``progress`` function (besides first and last)."""

INSERT_CHUNK = 5000
"""Rows written by one ``executemany`` of :func:`insert_rows` (progress is told between)."""

PREVIEW_CANCELLED = "Checking the file was cancelled."
IMPORT_CANCELLED = "Import cancelled: nothing was imported."


class ImportCancelled(Exception):
    """The manager stopped a preview or an import: nothing was saved."""


def report_progress(progress: Progress | None, done: int, total: int, message: str) -> None:
    """Tell ``progress`` how far the work is; :class:`ImportCancelled` if it says stop."""
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled(message)


DATE_ORDERS: dict[DateOrder, str] = {
    "ymd": "year-month-day",
    "mdy": "month/day/year",
    "dmy": "day/month/year",
}
"""How each order is named in messages."""

DATE_ORDER_EXAMPLES: dict[DateOrder, str] = {
    "ymd": "2026-10-03",
    "mdy": "10/03/2026 (month first)",
    "dmy": "03/10/2026 (day first)",
}
"""How each order is offered to the manager (the window's list, the command's help)."""


def check_date_order(date_order: str) -> None:
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}")


# ---------------------------------------------------------------- headers


def normalised(header: str) -> str:
    """``" Move-In  Date "`` -> ``"moveindate"``: letters and digits only, case folded."""
    text = unicodedata.normalize("NFKC", header).casefold()
    return "".join(character for character in text if character.isalnum())


def header_aliases(synonyms: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised header -> field name, for each field's headers and its code name."""
    aliases: dict[str, str] = {}
    for name, headers in synonyms.items():
        for header in (*headers, name):
            aliases[normalised(header)] = name
    return aliases


def file_problem(message: str) -> RuleViolation:
    """A problem with the whole file (not one line of it)."""
    return RuleViolation(Problem("file", message))


def match_columns(header: Sequence[str], aliases: Mapping[str, str],
                  labels: Mapping[str, str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """(field -> column index, field -> header text, unknown headers).

    Two headers meaning the same field refuse the file, naming both.
    """
    indexes: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for index, text in enumerate(header):
        text = text.strip()
        name = aliases.get(normalised(text))
        if name is None:
            if text:
                unknown.append(text)
        elif name in indexes:
            twice.append(f'"{headers[name]}" and "{text}" both mean {labels[name]}')
        else:
            indexes[name], headers[name] = index, text
    if twice:
        raise file_problem("Two columns are for the same thing: " + "; ".join(twice)
                           + ". Remove one of them.")
    return indexes, headers, unknown


# ---------------------------------------------------------------- dates


class UnreadableDate(ValueError):
    """The text is not a date; the message says why, to follow the quoted text."""


_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})" + _TIME)


def parse_date(text: str, order: DateOrder) -> date:
    """A date written as 2026-10-03 (always) or in ``order`` (10/03/2026 under "mdy").

    Raises :class:`UnreadableDate` with the reason, e.g. ``is not a real date
    (day/month/year)``.
    """
    text = text.strip()
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        words = DATE_ORDERS["ymd"]
    elif match := _YEAR_LAST.fullmatch(text):
        first, second, year_text = match.groups()
        if len(year_text) != 4:
            raise UnreadableDate("has a two-digit year: write the year in full, like 2026")
        if order == "ymd":
            raise UnreadableDate(
                "is not in year-month-day order (like 2026-10-03): choose the date order "
                "the file uses (month first or day first)")
        words = DATE_ORDERS[order]
        year = int(year_text)
        month, day = (int(first), int(second)) if order == "mdy" else (int(second), int(first))
    else:
        raise UnreadableDate(f"is not a date: write it like {DATE_ORDER_EXAMPLES[order]}")
    if not 1 <= month <= 12:
        raise UnreadableDate(f"is not a date in {words} order (there is no month {month})")
    try:
        return date(year, month, day)
    except ValueError:
        raise UnreadableDate(f"is not a real date ({words})") from None


class DateReader:
    """:func:`parse_date` in one order, remembering every text it has read: a
    long file repeats the same few hundred dates."""

    def __init__(self, order: DateOrder) -> None:
        self.order = order
        self._read: dict[str, date | UnreadableDate] = {}

    def __call__(self, text: str) -> date:
        found = self._read.get(text)
        if found is None:
            try:
                found = parse_date(text, self.order)
            except UnreadableDate as reason:
                found = reason
            self._read[text] = found
        if isinstance(found, UnreadableDate):
            raise found
        return found


# ---------------------------------------------------------------- the file


def decoded(source: str | os.PathLike[str]) -> tuple[str, str]:
    """(file name, text); a str is the text itself, a path is read as UTF-8."""
    if isinstance(source, str):
        return "pasted text", source.removeprefix("\ufeff")
    path = Path(source)
    try:
        return path.name, path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_problem(
            f"{path.name} is not UTF-8 text. In the spreadsheet, save it as "
            f"\"CSV UTF-8\" and import that file.") from None


@contextmanager
def paused_cycle_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for bulk work that makes many
    objects and no reference cycles (reference counting still frees them).

    Checking a file of 100,000 lines makes a few small objects per line; the
    collector's repeated passes over them took more than half the time
    (2.05 s against 0.86 s, measured).  Usable as a decorator.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {separator: header.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


# The csv module refuses a cell over 131,072 characters with an error; read
# every cell, and say in words when one is absurdly long (MAX_CELL_CHARACTERS).
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

MAX_CELL_CHARACTERS = 10_000
"""A cell longer than this is a problem of its line, not read: no field of the
program holds that much, and such a cell is nearly always a file gone wrong."""

def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for every record, the header first.  A cell
    an export wrote after a single quote, so that a spreadsheet would not take
    it for a formula (:mod:`soberhouse.csv_writing`), comes back without it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    neutralised = any(mark in text for mark in FORMULA_MARKS)
    line = 1
    for cells in reader:
        if neutralised:
            cells = [from_spreadsheet(cell) if cell.startswith("'") else cell
                     for cell in cells]
        yield line, cells
        line = reader.line_num + 1


def open_quote_line(text: str, first: int, delimiter: str = ",") -> int | None:
    """The line where a quote that is never closed opens, reading the text as
    the csv module does from line ``first`` (the start of a record) to the end;
    None when every quote there is closed."""
    if '"' not in text:
        return None
    lines = io.StringIO(text, newline="").readlines()
    quoted = False
    field_start = True
    opened = 0
    for number in range(first, len(lines) + 1):
        line = lines[number - 1]
        index = 0
        while index < len(line):
            if quoted:
                end = line.find('"', index)
                if end < 0:
                    break  # the cell goes on past this line
                if line.startswith('"', end + 1):
                    index = end + 2  # a doubled quote inside the cell
                    continue
                quoted, field_start, index = False, False, end + 1
                continue
            character = line[index]
            if character == '"' and field_start:
                quoted, opened = True, number
            else:
                field_start = character in (delimiter, "\r", "\n")
            index += 1
    return opened if quoted else None


def line_count(text: str) -> int:
    """Lines as the CSV reader counts them (LF, CR LF or CR ends one)."""
    return sum(1 for _ in io.StringIO(text, newline=""))


@dataclass(frozen=True)
class LineShape:
    """What is wrong with a line as a line of the file, before its cells are
    read: more cells than the header, a cell absurdly long, a quote never closed."""

    problems: tuple[str, ...]
    cells_readable: bool  # False: the cells mean nothing; say only these problems


@dataclass(frozen=True)
class CsvFile:
    """A file read and its header matched; its lines not yet checked."""

    source_name: str
    total_lines: int  # for progress: the file's number of lines
    indexes: dict[str, int]  # field -> column index
    columns: dict[str, str]  # field -> the header the file used for it
    unknown_columns: tuple[str, ...]  # headers that match no field: not imported
    lines: list[tuple[int, list[str]]]  # (line number, cells) after the header
    shapes: dict[int, LineShape] = field(default_factory=dict)  # line -> its problems

    def shape_problems(self, line: int) -> list[str]:
        """The line's problems as a line of the file (first among its problems)."""
        shape = self.shapes.get(line) if self.shapes else None
        return list(shape.problems) if shape is not None else []

    def with_shape(self, line: int, problems: Sequence[str]) -> tuple[str, ...]:
        """``problems`` of the line (which start with :meth:`shape_problems`),
        only those when its cells could not be read."""
        shape = self.shapes.get(line) if self.shapes else None
        if shape is not None and not shape.cells_readable:
            return shape.problems
        return tuple(problems)

    def data_lines(self, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
        """The lines that hold something (spreadsheets leave empty lines at the
        end), telling ``progress`` the line reached every :data:`PROGRESS_EVERY`."""
        count = 0
        for line, record in self.lines:
            if not "".join(record).strip():
                continue
            if count and count % PROGRESS_EVERY == 0:
                report_progress(progress, line - 1, self.total_lines, PREVIEW_CANCELLED)
            count += 1
            yield line, record

    def reader(self, names: Sequence[str]) -> Callable[[list[str]], tuple[str, ...]]:
        """``read(record)``: the stripped cells of ``names``, in that order; "" for a
        name the file has no column for, or a line shorter than the header."""
        width = max(self.indexes.values(), default=-1) + 1
        getter = itemgetter(*[self.indexes.get(name, width) for name in names])
        strip = str.strip
        empty = [""]

        def read(record: list[str]) -> tuple[str, ...]:
            if len(record) == width:  # nearly always: one copy, with the empty cell
                cells = record + empty
            else:
                cells = record[:width]
                cells += [""] * (width + 1 - len(cells))
            values = getter(cells)
            return tuple(map(strip, values)) if len(names) > 1 else (strip(values),)

        return read

    def finish(self, progress: Progress | None) -> None:
        report_progress(progress, self.total_lines, self.total_lines, PREVIEW_CANCELLED)


def read_csv(source: str | os.PathLike[str], aliases: Mapping[str, str],
             labels: Mapping[str, str], progress: Progress | None = None) -> CsvFile:
    """Decode ``source``, find its header line and match its columns.

    Tells ``progress`` (0, lines) once read.  An empty file refuses.
    """
    source_name, text = decoded(source)
    total = line_count(text)
    report_progress(progress, 0, total, PREVIEW_CANCELLED)
    separator = delimiter(text)
    lines = records(text)
    found = next(((line, cells) for line, cells in lines if any(c.strip() for c in cells)),
                 None)
    if found is None:
        raise file_problem(f"{source_name} is empty.")
    header_line, header = found
    rest = list(lines)
    opened = open_quote_line(text, rest[-1][0] if rest else header_line, separator)
    if opened is not None and not rest:
        raise file_problem(f"Line {opened}: a quote opened here is never closed, so the "
                           f"whole file reads as its first line. Close the quote (or remove "
                           f"it) and save the file again.")
    indexes, headers, unknown = match_columns(header, aliases, labels)
    shapes = _shapes(rest, header, separator, total)
    if opened is not None:
        line, cells = rest[-1]
        cells[-1] = ""  # the rest of the file: not shown as one cell
        where = "here" if opened == line else f"on line {opened}"
        spread = f": lines {opened} to {total} read as one cell" if total > opened else ""
        shapes[line] = LineShape((*shapes.get(line, LineShape((), False)).problems,
                                  f"A quote opened {where} is never closed{spread}. Close the "
                                  f"quote (or remove it) and save the file again."), False)
    return CsvFile(source_name, total, indexes, headers, tuple(unknown), rest, shapes)


_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def _shapes(rest: list[tuple[int, list[str]]], header: Sequence[str], separator: str,
            total: int) -> dict[int, LineShape]:
    """The lines with more (filled) cells than the header, or an absurdly long
    cell (blanked: it is neither shown nor read)."""
    width = len(header)
    shapes: dict[int, LineShape] = {}
    join = "".join
    for line, cells in rest:
        if len(cells) <= width and len(join(cells)) <= MAX_CELL_CHARACTERS:
            continue  # nearly every line (no cell is longer than all of them)
        problems: list[str] = []
        readable = True
        for index, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARACTERS:
                column = header[index].strip() if index < width else ""
                name = f"The {column} cell" if column else f"The cell in column {index + 1}"
                problems.append(f"{name} is {len(cell):,} characters long: a cell holds at "
                                f"most {MAX_CELL_CHARACTERS:,}.")
                cells[index] = ""
                readable = False
        extra = [cell.strip() for cell in cells[width:] if cell.strip()]
        if extra:
            shown = ", ".join(f'"{cell[:30]}…"' if len(cell) > 30 else f'"{cell}"'
                              for cell in extra[:3])
            more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
            word = _SEPARATOR_NAMES.get(separator, "separator")
            problems.insert(0, f"This line has {len(cells)} cells but the header has {width}: "
                               f"{shown}{more} {'is' if len(extra) == 1 else 'are'} under no "
                               f"column. A {word} inside a cell needs quotes around the cell.")
        if problems:
            shapes[line] = LineShape(tuple(problems), readable)
    return shapes


def require_columns(found: Mapping[str, int], required: Sequence[Sequence[str]],
                    labels: Mapping[str, str], advice: str = "") -> None:
    """Refuse a file lacking a column: each entry of ``required`` lists fields
    of which the file must have at least one ("Resident" or "Resident id")."""
    missing = [" or ".join(labels[name] for name in choices) for choices in required
               if not any(name in found for name in choices)]
    if missing:
        example = ", ".join(f'"{labels[choices[0]]}"' for choices in required)
        raise file_problem(
            f"The file has no column for: {', '.join(missing)}. Its first line must name "
            f"the columns, for example {example}{advice}.")


def cell_reader(indexes: Mapping[str, int]) -> Callable[[Sequence[str], str], str]:
    """``cell(record, field)``: the stripped text of that field's column, "" if none."""
    def cell(record: Sequence[str], name: str) -> str:
        index = indexes.get(name)
        return record[index].strip() if index is not None and index < len(record) else ""
    return cell


# ---------------------------------------------------------------- the preview


class CheckedLine(Protocol):
    line: int
    problems: tuple[str, ...]


class LineOutcome:
    """What every checked line of a preview answers (mixed into its dataclass)."""

    __slots__ = ()
    line: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        """``Line 7: Date of birth "31/02/1990" is not a real date (day/month/year)``."""
        return [f"Line {self.line}: {problem}" for problem in self.problems]


class PreviewLines:
    """What every preview answers about its lines (mixed into its dataclass)."""

    rows: Sequence[Any]

    @property
    def good_rows(self) -> list[Any]:
        return [row for row in self.rows if not row.problems]

    @property
    def bad_rows(self) -> list[Any]:
        return [row for row in self.rows if row.problems]

    @property
    def summary(self) -> str:
        """``29 rows ready, 2 with problems``."""
        bad = len(self.bad_rows)
        good = len(self.rows) - bad
        text = f"{good} {'row' if good == 1 else 'rows'} ready"
        return f"{text}, {bad} with problems" if bad else text

    def messages(self) -> list[str]:
        """Every problem of every bad line, in file order."""
        return [f"Line {row.line}: {problem}" for row in self.rows for problem in row.problems]


def refuse_bad_lines(preview: PreviewLines, skip_bad: bool) -> None:
    """Nothing is imported while a line has problems, unless the manager skips them."""
    bad = len(preview.bad_rows)
    if bad and not skip_bad:
        raise file_problem(
            f"Nothing was imported: {bad} {'line has' if bad == 1 else 'lines have'}"
            f" problems. Fix them, or choose to skip them.")


# ---------------------------------------------------------------- bulk reading and writing


def raw_rows(query: Any) -> list[tuple[Any, ...]]:
    """The query's rows as the DB-API gives them, without peewee converting each
    value (dates come back as ISO text from SQLite: see :func:`as_date`)."""
    return list(database_proxy.execute_sql(*query.sql()).fetchall())


def as_date(value: date | str | None) -> date | None:
    """A date column's raw value as a date (text on SQLite, a date elsewhere)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])



def insert_rows(model: type[Model], fields: Sequence[Field], rows: Sequence[Sequence[object]],
                progress: Progress | None = None, done: int = 0, total: int | None = None
                ) -> None:
    """Insert ``rows`` (values in ``fields`` order) with the DB-API's ``executemany``,
    :data:`INSERT_CHUNK` rows at a time, telling ``progress`` (done + rows written,
    total) between chunks.  Call it inside ``database_proxy.atomic()``: a cancel
    raises :class:`ImportCancelled` and the caller's transaction rolls back.

    Values must already be what the column stores (dates as ISO text, booleans):
    this is peewee's ``insert_many`` without building SQL for every row, which is
    several times slower for a long file.
    """
    require_open_seam()  # executemany passes by the database's guard
    database = database_proxy.obj
    total = len(rows) + done if total is None else total
    sql = _insert_sql(model, fields)
    cursor = database.cursor()
    try:
        for start in range(0, len(rows), INSERT_CHUNK):
            report_progress(progress, done + start, total, IMPORT_CANCELLED)
            cursor.executemany(sql, rows[start:start + INSERT_CHUNK])
    finally:
        cursor.close()


def _insert_sql(model: type[Model], fields: Sequence[Field]) -> str:
    table = model._meta.table_name  # snake_case names: no quoting needed on any database
    columns = ", ".join(field.column_name for field in fields)
    marks = ", ".join(database_proxy.obj.param for _ in fields)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def column_value(value: object) -> object:
    """A value as :func:`insert_rows` passes it: dates as ISO text (as peewee
    stores them on SQLite; PostgreSQL reads the same text), the rest as is."""
    if isinstance(value, datetime):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def model_rows(model: type[Model], records: Sequence[Mapping[str, object]]
               ) -> tuple[list[Field], list[tuple[object, ...]]]:
    """(fields, rows) for :func:`insert_rows`: every column but the id, each
    record's value by field name, else the field's default (what
    ``Model.create`` would store), else NULL."""
    fields = [f for f in model._meta.sorted_fields if f is not model._meta.primary_key]
    defaults = [(f.name, f.default() if callable(f.default) else f.default) for f in fields]
    dated = [index for index, f in enumerate(fields) if isinstance(f, DateField | DateTimeField)]
    rows = []
    for record in records:
        row = [record.get(name, default) for name, default in defaults]
        for index in dated:
            row[index] = column_value(row[index])
        rows.append(tuple(row))
    return fields, rows


def insert_records(model: type[Model], records: Sequence[Mapping[str, object]],
                   progress: Progress | None = None) -> None:
    """:func:`insert_rows` of ``records`` (field name -> value), defaults filled in."""
    fields, rows = model_rows(model, records)
    insert_rows(model, fields, rows, progress)


def insert_returning_ids(model: type[Model], records: Sequence[Mapping[str, object]]
                         ) -> list[int]:
    """Insert ``records`` one statement each (no SQL built per row), inside an
    open write; their new ids, in order."""
    require_open_seam()
    database = database_proxy.obj
    fields, rows = model_rows(model, records)
    sql = _insert_sql(model, fields)
    returning = isinstance(database, PostgresqlDatabase)
    if returning:
        sql += f" RETURNING {model._meta.primary_key.column_name}"
    cursor = database.cursor()
    ids: list[int] = []
    try:
        for row in rows:
            cursor.execute(sql, row)
            ids.append(int(cursor.fetchone()[0] if returning else cursor.lastrowid))
    finally:
        cursor.close()
    return ids
