"""Writing a file that holds personal data (an export, a report): one way.

Resident records are confidential (NARR asks that digital records be
protected), so a file the program writes with names, dates or recovery
details in it is

- readable by its owner only: created with mode 0600 on Linux and macOS
  (``os.open`` with that mode, so it is never readable by others even for a
  moment; a file it replaces keeps nothing of the old one's permissions);
- written whole or not at all: into a temporary file in the same folder,
  flushed to the disk (``fsync``), then renamed over the target
  (``os.replace``), so a full disk, a crash or an error half-way leaves the
  old file as it was (or none) and no temporary file behind.

:func:`private_file` (binary) and :func:`private_text_file` are the context
managers every writer uses;
:func:`write_private_bytes` writes bytes already made (a PDF built in memory);
:func:`temporary_beside` serves a writer that renames several files at the end
(a folder of reports, all or nothing).
"""

from __future__ import annotations

import io
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PRIVATE_MODE = 0o600
"""Read and write for the owner, nothing for anyone else (Linux and macOS)."""

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def temporary_beside(target: str | os.PathLike[str]) -> tuple[int, Path]:
    """A new empty file next to ``target`` (same folder, so renaming it over
    ``target`` is atomic), created with mode 0600: its descriptor and path.
    The name starts with a dot and ends in ``.part``."""
    target = Path(target)
    stem = target.name[:40]
    for _ in range(100):
        candidate = target.with_name(f".{stem}.{secrets.token_hex(4)}.part")
        try:
            return os.open(candidate, _FLAGS, PRIVATE_MODE), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"No temporary name is free next to {target.name}.")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def finish(temporary: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename a temporary file written and synced over ``target``."""
    os.replace(temporary, target)
    _sync_folder(Path(target).parent)


@contextmanager
def private_file(target: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write ``target`` through: a temporary file beside it;
    when the block ends without an error it is flushed, synced and renamed
    over ``target``.  An error (a full disk, a failed query, a cancel) removes
    the temporary file, leaves ``target`` untouched, and goes on."""
    handle, temporary = temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        finish(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def private_text_file(target: str | os.PathLike[str], encoding: str = "utf-8",
                      newline: str | None = None) -> Iterator[IO[str]]:
    """:func:`private_file` for text (``newline=""`` for the csv module)."""
    with private_file(target) as binary:
        text = io.TextIOWrapper(binary, encoding=encoding, newline=newline,
                                write_through=True)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the binary file is closed (and synced) by private_file


def write_private_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """``data`` to ``target``, owner-only, whole or not at all."""
    with private_file(target) as file:
        file.write(data)


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                   *(f"LPT{n}" for n in range(1, 10))}


def file_name_part(text: str, fallback: str) -> str:
    """``text`` as part of a file name: the characters Windows, macOS and
    Linux refuse removed (letters of every script stay, in composed form),
    ``fallback`` when nothing, or a name Windows reserves, is left."""
    name = unicodedata.normalize("NFC", text)
    name = " ".join(_UNSAFE_IN_NAMES.sub(" ", name).split()).strip(" .")
    return fallback if not name or name.upper() in _RESERVED_NAMES else name
