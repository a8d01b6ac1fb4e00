"""The audit trail's chain, checked once after the window opens.

:func:`soberhouse.audit.verify` walks every entry (a trail of years takes a
moment), so it runs in the background (:mod:`ui.background`) a few seconds
after start-up.  An intact trail says nothing; a damaged one (an entry
changed, taken out or put in by a tool other than Soberhouse) puts a
warning in the status bar that stays, and on Today, naming the entry; the
Audit Trail screen in Settings says the same.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMainWindow

from soberhouse import audit
from ui.background import BackgroundTask
from ui.colours import error_colour

START_DELAY_MS = 3000  # after the window is up, with the other watchers
WHERE_TO_LOOK = ("Settings > Audit Trail shows the trail. Keep the data file as it is and "
                 "tell the owner: someone changed it with another program.")


class AuditChainCheck(QObject):
    """Walks the chain in the background; :attr:`damaged` carries the sentence."""

    damaged = Signal(str)
    checked = Signal(object)  # the ChainCheck, intact or not (Settings shows it)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.check: audit.ChainCheck | None = None
        self.warning: QLabel | None = None
        self._task: BackgroundTask | None = None

    def start(self) -> None:
        if self._task is not None:
            return  # once per window
        task = BackgroundTask(lambda progress: audit.verify(), self)
        task.succeeded.connect(self._checked)
        self._task = task
        task.start()

    def wait(self, msecs: int | None = None) -> bool:
        """For tests: wait for the check's outcome."""
        return self._task is None or self._task.wait(msecs)

    def _checked(self, check: audit.ChainCheck) -> None:
        self.check = check
        self.checked.emit(check)
        if check.intact:
            return
        sentence = check.sentence()
        label = QLabel(sentence)
        label.setObjectName("auditDamaged")
        label.setToolTip(WHERE_TO_LOOK)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        label.setPalette(palette)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        self.window.statusBar().insertPermanentWidget(0, label)
        self.warning = label
        self.damaged.emit(sentence)
