"""The Qt binding must not leak references on signals: PySide6 6.12.0 does,
and a long session then aborts ("deallocating None"). pyproject.toml pins
below it; this test fails if a broken version is installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit


class Emitter(QObject):
    changed = Signal(int)


def test_emitting_from_python_keeps_every_reference(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = Emitter()
    received: list[int] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for number in range(200):
        emitter.changed.emit(number)
    after = sys.getrefcount(True), sys.getrefcount(None)
    # The broken binding loses one reference per emit (200 here); another
    # thread of the process (a worker left by an earlier test) may move the
    # counts by a few meanwhile.
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True)), (before, after)
    assert len(received) == 200


def test_a_qt_signal_into_a_python_slot_keeps_every_reference(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    seen: list[str] = []
    field.textChanged.connect(lambda text: seen.append(text))
    before = sys.getrefcount(None)
    for number in range(200):
        field.setText(str(number))
    assert sys.getrefcount(None) - before in (0, 1)  # a list item may hold None briefly
    assert len(seen) == 200
