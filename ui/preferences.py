"""Typed window preferences kept by QSettings (not the data: that is in the database).

Organisation and application names are set once in ``ui.app``; every widget
that remembers something (geometry, column layout, the chosen house) asks here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


def _settings() -> QSettings:
    return QSettings()


def load_bytes(key: str) -> QByteArray | None:
    value = _settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_bytes(key: str, value: QByteArray) -> None:
    _settings().setValue(key, value)


def load_int(key: str, default: int | None = None) -> int | None:
    value = _settings().value(key)
    try:
        return int(value) if value is not None and value != "" else default
    except (TypeError, ValueError):
        return default


def save_int(key: str, value: int | None) -> None:
    settings = _settings()
    if value is None:
        settings.remove(key)
    else:
        settings.setValue(key, value)


def load_text(key: str, default: str = "") -> str:
    value = _settings().value(key)
    return str(value) if value is not None else default


def save_text(key: str, value: str) -> None:
    _settings().setValue(key, value)


def remove(key: str) -> None:
    """Forget ``key`` (a group: everything under it)."""
    _settings().remove(key)
