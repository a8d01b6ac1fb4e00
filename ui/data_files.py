"""What the window remembers about data files: the recent ones (File > Open
Recent) and, for each file, the house chosen in the toolbar.

A data file is known by its key: the resolved path of a SQLite file (the same
file reached as ``./house.sqlite3`` or through a link is one file), the
description of a server without its password.  House numbers belong to one
file: house 2 of one file is nobody in another, so the chosen house is
remembered per key, never across files.
"""

from __future__ import annotations

import json
from pathlib import Path

from soberhouse import database
from ui import preferences

RECENT_KEY = "data_files/recent"
HOUSES_KEY = "data_files/houses"
MOST_RECENT = 5
MOST_REMEMBERED_HOUSES = 50


def file_key(target: str) -> str:
    """How the window knows the data file ``target`` (a path or a server URL)."""
    if database.is_url(target):
        return database.describe(target)
    return str(Path(target).expanduser().resolve())


def open_file_key() -> str:
    """The key of the data file open now ("" when none is)."""
    opened = database.database_proxy.obj
    place = getattr(opened, "place", "") if opened is not None else ""
    return file_key(place) if place else ""


def _load_json(key: str, default: object) -> object:
    try:
        return json.loads(preferences.load_text(key) or "null") or default
    except ValueError:
        return default


# ---------------------------------------------------------------- recent files

def recent_files() -> list[str]:
    """The last :data:`MOST_RECENT` data files opened (paths), newest first."""
    stored = _load_json(RECENT_KEY, [])
    if not isinstance(stored, list):
        return []
    return [path for path in stored if isinstance(path, str) and path][:MOST_RECENT]


def remember_recent(target: str) -> None:
    """Put the file ``target`` first in the recent files (a server is not listed:
    its address is not a file to open, and may carry a password)."""
    if database.is_url(target):
        return
    path = file_key(target)
    kept = [path] + [other for other in recent_files() if other != path]
    preferences.save_text(RECENT_KEY, json.dumps(kept[:MOST_RECENT]))


def forget_recent() -> None:
    preferences.remove(RECENT_KEY)


def is_missing(path: str) -> bool:
    return not Path(path).is_file()


# ---------------------------------------------------------------- the house chosen

def _remembered_houses() -> dict[str, int]:
    stored = _load_json(HOUSES_KEY, {})
    if not isinstance(stored, dict):
        return {}
    return {key: value for key, value in stored.items()
            if isinstance(key, str) and isinstance(value, int)}


def remembered_house(key: str) -> int | None:
    """The house last chosen in the data file ``key`` (None: all houses, or never chosen)."""
    return _remembered_houses().get(key) if key else None


def remember_house(key: str, house_id: int | None) -> None:
    """Remember the house chosen in the data file ``key`` (None: all houses)."""
    if not key:
        return
    houses = _remembered_houses()
    houses.pop(key, None)
    if house_id is not None:
        houses[key] = house_id  # last: the most recently chosen
    kept = dict(list(houses.items())[-MOST_REMEMBERED_HOUSES:])
    preferences.save_text(HOUSES_KEY, json.dumps(kept))
