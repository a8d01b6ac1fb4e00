"""The idle lock: the window hides everything until the password is typed.

After some minutes without use (Settings; 0 is never), on File > Lock
(Ctrl+L, in any window of the program, a modal form too) or when the
computer's own session locks (:class:`ScreenSaverWatch` on Linux desktops,
:class:`WindowsSessionWatch` on Windows), :class:`IdleLock` covers every
window of the program:

- each window keeps its place on screen but shows nothing: its parts (a
  dialog's fields, the main window's sections, toolbars, menus and status
  bar) are hidden, and its title, which can name a resident, reads
  "Soberhouse — locked" (:class:`CoveredWindow`);
- nothing is closed: a form stays open, what was typed in it stays typed,
  and a modal form's ``exec()`` goes on waiting;
- on top, the :class:`LockScreen` (application modal, so it takes the keys
  even over a modal form) shows only who locked it, and asks for their
  password, or for another person's name and password.

While locked the program goes on (the change watcher refreshes the
sections), but nothing it shows comes back into view: a part of a covered
window that the program shows again is hidden at once and shown at unlock,
and a window opened meanwhile is covered too.  The unlock brings each window
back as the program left it, and the focus where it was.

Another person signing in takes over the window: first, when the first
person has work not saved, :class:`AnotherPersonQuestion` asks to discard
it or keep it open for the new person (who saves it under their own name).
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from enum import Enum
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts, audit, recording
from soberhouse.audit import Action
from soberhouse.errors import RuleViolation
from ui.colours import error_colour
from ui.unsaved_work import Leaving, UnsavedWork

if TYPE_CHECKING:
    from soberhouse.models import AppUser
    from ui.main_window import MainWindow

LOCKED_TITLE = "Soberhouse \u2014 locked"
LOCK_SHORTCUT = QKeySequence("Ctrl+L")

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
})
"""What counts as use: the idle time starts again at each."""

PASSING_WINDOWS = frozenset({Qt.WindowType.Popup, Qt.WindowType.ToolTip})
"""Windows closed at the lock rather than covered: menus, combo lists, tooltips."""


# ---------------------------------------------------------------- one covered window


class CoveredWindow:
    """One window of the program while locked: its parts hidden and its title
    replaced.  What the program does to it meanwhile is noted, not shown: a
    part shown again is hidden at once (and shown at :meth:`uncover`), a part
    hidden stays hidden after, a new title is the one that comes back."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.title = window.windowTitle()
        self.size = window.size()
        self.focus = window.focusWidget()
        self._wanted: dict[QWidget, bool] = {}  # each part: shown after the unlock?
        self._busy = False  # hiding or showing parts ourselves
        self._showing_title = False
        for child in window.children():
            if isinstance(child, QWidget) and not child.isWindow():
                self._wanted[child] = not child.isHidden()
        self._busy = True
        try:
            for part, shown in self._wanted.items():
                if shown:
                    part.hide()
        finally:
            self._busy = False
        window.setWindowTitle(LOCKED_TITLE)

    def is_valid(self) -> bool:
        return shiboken6.isValid(self.window)

    def part_shown(self, part: QWidget) -> None:
        """The program showed ``part`` (or added it) while locked: hidden till the unlock."""
        if self._busy:
            return
        self._wanted[part] = True
        self._busy = True
        try:
            part.hide()
        finally:
            self._busy = False

    def part_hidden(self, part: QWidget) -> None:
        """The program hid ``part`` while locked: it stays hidden after."""
        if not self._busy:
            self._wanted[part] = False

    def title_changed(self) -> None:
        """The program gave the window a new title while locked: kept for the unlock."""
        title = self.window.windowTitle()
        if title != LOCKED_TITLE and not self._showing_title:
            self.title = title
            self.window.setWindowTitle(LOCKED_TITLE)

    @contextmanager
    def real_title(self) -> Iterator[None]:
        """The window's own title for a moment (to name a form in a question
        asked once a person has signed in)."""
        self._showing_title = True
        self.window.setWindowTitle(self.title)
        try:
            yield
        finally:
            self._showing_title = False
            if self.is_valid():
                self.window.setWindowTitle(LOCKED_TITLE)

    def uncover(self) -> None:
        """Everything back as the program left it."""
        if not self.is_valid():
            return
        self._busy = True
        try:
            for part, shown in self._wanted.items():
                if shown and shiboken6.isValid(part) and part.parent() is self.window:
                    part.show()
        finally:
            self._busy = False
        self.window.setWindowTitle(self.title)
        if self.window.isVisible() and self.window.size() != self.size:
            self.window.resize(self.size)
        if self.focus is not None and shiboken6.isValid(self.focus) and self.focus.isVisible():
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)


# ---------------------------------------------------------------- the lock screen


class LockScreen(QWidget):
    """"Soberhouse is locked": who locked it, their password, or another
    person's name and password.  Nothing else: no name of a resident, no
    figure.  A window of its own (over the main window, application modal),
    that Esc and the window's close button do not close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)
        self.setObjectName("lockScreen")
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.may_close = False

        heading = QLabel("Soberhouse is locked")
        heading.setObjectName("lockHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # The person who locked it: their password.
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.message = self._message_label()
        self.unlock_button = QPushButton("&Unlock")
        self.someone_else_button = QPushButton("Sign in as &someone else...")
        yours = QWidget()
        yours_form = QFormLayout()
        yours_form.addRow("&Password:", self.password)
        yours_form.addRow("", self.message)
        yours_buttons = QHBoxLayout()
        yours_buttons.addWidget(self.someone_else_button)
        yours_buttons.addStretch(1)
        yours_buttons.addWidget(self.unlock_button)
        yours_layout = QVBoxLayout(yours)
        yours_layout.setContentsMargins(0, 0, 0, 0)
        yours_layout.addWidget(self.who)
        yours_layout.addLayout(yours_form)
        yours_layout.addLayout(yours_buttons)

        # Another person: their sign-in name and password.
        self.other_name = QLineEdit()
        self.other_name.setAccessibleName("Sign-in name")
        self.other_password = QLineEdit()
        self.other_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.other_password.setAccessibleName("Password")
        self.other_message = self._message_label()
        self.sign_in_button = QPushButton("Sign &In")
        self.back_button = QPushButton("&Back")
        other = QWidget()
        other_text = QLabel("Sign in with your own name and password: what is saved from "
                            "now on is recorded under your name.")
        other_text.setWordWrap(True)
        other_form = QFormLayout()
        other_form.addRow("Sign-in &name:", self.other_name)
        other_form.addRow("Pass&word:", self.other_password)
        other_form.addRow("", self.other_message)
        other_buttons = QHBoxLayout()
        other_buttons.addWidget(self.back_button)
        other_buttons.addStretch(1)
        other_buttons.addWidget(self.sign_in_button)
        other_layout = QVBoxLayout(other)
        other_layout.setContentsMargins(0, 0, 0, 0)
        other_layout.addWidget(other_text)
        other_layout.addLayout(other_form)
        other_layout.addLayout(other_buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(yours)
        self.pages.addWidget(other)
        self._yours, self._other = yours, other
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

        self.someone_else_button.clicked.connect(self.show_someone_else)
        self.back_button.clicked.connect(self.show_yours)
        self.other_name.returnPressed.connect(self.other_password.setFocus)

    @staticmethod
    def _message_label() -> QLabel:
        label = QLabel()
        label.setObjectName("lockMessage")
        label.setWordWrap(True)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        label.setPalette(palette)
        label.hide()
        return label

    def show_for(self, person: str) -> None:
        """The screen for a fresh lock by ``person``."""
        self.who.setText(f"Locked by {person}. Type your password to go on.")
        for field in (self.password, self.other_name, self.other_password):
            field.clear()
        self.say(self.message, "")
        self.say(self.other_message, "")
        self.show_yours()

    def show_yours(self) -> None:
        self.pages.setCurrentWidget(self._yours)
        self.unlock_button.setDefault(True)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_someone_else(self) -> None:
        self.pages.setCurrentWidget(self._other)
        self.sign_in_button.setDefault(True)
        self.other_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def refused(self, message: str) -> None:
        """The password was not right (or must wait): said under the field, which is cleared."""
        self.say(self.message, message)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def other_refused(self, message: str) -> None:
        self.say(self.other_message, message)
        self.other_password.clear()
        self.other_password.setFocus(Qt.FocusReason.OtherFocusReason)

    def say(self, label: QLabel, message: str) -> None:
        """``message`` under its field (none: the line hidden), the screen
        grown to show it whole."""
        label.setText(message)
        label.setVisible(bool(message))
        layout = self.layout()
        if message and layout is not None:
            layout.activate()
            needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                      else layout.totalSizeHint().height())
            if needed > self.height():
                self.resize(self.width(), needed)

    def place_over(self, window: QWidget) -> None:
        """In the middle of ``window``, as wide as fits."""
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSize()).expandedTo(QSize(1, 1))
        frame = window.frameGeometry()
        self.resize(size)
        self.move(frame.center().x() - size.width() // 2, frame.center().y() - size.height() // 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape:  # Esc goes back, never away
            if self.pages.currentWidget() is self._other:
                self.show_yours()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        if self.may_close:
            super().closeEvent(event)
        else:
            event.ignore()


# ---------------------------------------------------------------- another person


class KeepOrDiscard(Enum):
    KEEP = "keep"
    DISCARD = "discard"
    CANCEL = "cancel"


class AnotherPersonQuestion:
    """What to do with the first person's unsaved work when another person
    signs in at the lock screen (tests replace :meth:`ask`)."""

    @staticmethod
    def build(parent: QWidget | None, descriptions: Sequence[str], first_person: str,
              next_person: str) -> tuple[QMessageBox, dict[object, KeepOrDiscard]]:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Not Saved")
        if len(descriptions) == 1:
            box.setText(f"{first_person} left work not saved: {descriptions[0]}")
        else:
            box.setText(f"{first_person} left work not saved:\n"
                        + "\n".join(f"\u2022 {text}" for text in descriptions))
        box.setInformativeText(
            f"Discard it, or keep it open for {next_person}? What is saved from now on is "
            f"recorded under {next_person}'s name.")
        discard = box.addButton(f"&Discard {first_person}'s Work",
                                QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep It Open", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)
        return box, {discard: KeepOrDiscard.DISCARD, keep: KeepOrDiscard.KEEP,
                     cancel: KeepOrDiscard.CANCEL}

    @classmethod
    def ask(cls, parent: QWidget | None, descriptions: Sequence[str], first_person: str,
            next_person: str) -> KeepOrDiscard:
        box, answers = cls.build(parent, descriptions, first_person, next_person)
        try:
            box.exec()
            return answers.get(box.clickedButton(), KeepOrDiscard.CANCEL)
        finally:
            box.deleteLater()


# ---------------------------------------------------------------- the computer's own lock


WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0


def is_session_lock(message_id: int, wparam: int) -> bool:
    """Whether a Windows message says this session was just locked."""
    return message_id == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK


class WindowsSessionWatch(QAbstractNativeEventFilter):
    """Windows tells the main window when the session locks (after
    ``WTSRegisterSessionNotification``); ``on_lock()`` is called then."""

    def __init__(self, on_lock: Callable[[], object]) -> None:
        super().__init__()
        self._on_lock = on_lock

    def nativeEventFilter(  # noqa: N802 (Qt)
            self, event_type: QByteArray | bytes | bytearray | memoryview,
            message: int) -> tuple[bool, int]:
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if is_session_lock(msg.message, msg.wParam):
                QTimer.singleShot(0, self._on_lock)
        return False, 0

    @classmethod
    def listen(cls, window: QWidget, on_lock: Callable[[], object]
               ) -> WindowsSessionWatch | None:
        """Ask Windows to tell ``window`` (None when it can't: not Windows, or refused)."""
        if sys.platform != "win32":
            return None
        try:
            handle = int(window.winId())
            wtsapi32 = ctypes.windll.wtsapi32  # type: ignore[attr-defined]
            if not wtsapi32.WTSRegisterSessionNotification(ctypes.c_void_p(handle),
                                                           NOTIFY_FOR_THIS_SESSION):
                return None
            watch = cls(on_lock)
            QCoreApplication.instance().installNativeEventFilter(watch)
            window.destroyed.connect(
                lambda: wtsapi32.WTSUnRegisterSessionNotification(ctypes.c_void_p(handle)))
            return watch
        except Exception:  # noqa: BLE001 - without it, the idle lock still works
            return None


SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver"),  # KDE Plasma
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
)


class ScreenSaverWatch(QObject):
    """The desktop's screen saver (its lock) on a Linux desktop's session
    bus: ``ActiveChanged(true)`` calls ``on_lock()``."""

    def __init__(self, on_lock: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_lock = on_lock

    @Slot(bool)
    def active_changed(self, active: bool) -> None:
        if active:
            self._on_lock()

    def listen(self) -> bool:
        """Listen on the session bus; False when there is none (or no QtDBus)."""
        if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
            return False
        try:
            from PySide6.QtDBus import QDBusConnection

            bus = QDBusConnection.sessionBus()
            if not bus.isConnected():
                return False
            heard = False
            for interface, path in SCREEN_SAVERS:
                heard = bus.connect("", path, interface, "ActiveChanged", self,
                                    b"1active_changed(bool)") or heard
            return heard
        except Exception:  # noqa: BLE001 - without it, the idle lock still works
            return False


# ---------------------------------------------------------------- the lock


class IdleLock(QObject):
    """The lock of one main window (and of every window of the program)."""

    settings_saved = Signal()
    """A write of this process changed the settings (from whichever thread wrote)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.screen = LockScreen(window)
        self.screen.unlock_button.clicked.connect(self.unlock_with_password)
        self.screen.password.returnPressed.connect(self.unlock_with_password)
        self.screen.sign_in_button.clicked.connect(self.sign_in_someone_else)
        self.screen.other_password.returnPressed.connect(self.sign_in_someone_else)
        self._covered: dict[QWidget, CoveredWindow] = {}
        self._active: QWidget | None = None
        self._locked = False
        self._idle_ms = accounts.DEFAULT_IDLE_LOCK_MINUTES * 60_000
        self._last_input = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._check_idle)
        self.read_setting()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.settings_saved.connect(self.read_setting)  # queued from a background write
        recording.add_listener(self._heard_write)
        listener = self._heard_write
        self.destroyed.connect(lambda: recording.remove_listener(listener))
        self.screen_saver = ScreenSaverWatch(self.lock, self)
        self.windows_session: WindowsSessionWatch | None = None
        QTimer.singleShot(0, self._listen_to_the_session)

    # The idle time ----------------------------------------------------------------

    def read_setting(self) -> None:
        """The minutes saved in Settings, from now on (and after each change)."""
        try:
            minutes = accounts.idle_lock_minutes()
        except Exception:  # noqa: BLE001 - a file that can't be read keeps the last value
            return
        self.set_idle_milliseconds(max(minutes, 0) * 60_000)

    def set_idle_milliseconds(self, milliseconds: int) -> None:
        """Lock after ``milliseconds`` without use (0: never); tests set a short time."""
        self._idle_ms = milliseconds
        self._last_input = time.monotonic()
        self._start_timer()

    def idle_milliseconds(self) -> int:
        return self._idle_ms

    def _start_timer(self, milliseconds: int | None = None) -> None:
        if self._idle_ms <= 0 or self._locked:
            self.timer.stop()
        else:
            self.timer.start(self._idle_ms if milliseconds is None else milliseconds)

    def _check_idle(self) -> None:
        if self._locked or self._idle_ms <= 0:
            return
        idle_for = (time.monotonic() - self._last_input) * 1000
        if idle_for + 1 < self._idle_ms:
            self._start_timer(int(self._idle_ms - idle_for) + 1)
        elif self.window.isVisible():
            self.lock()

    def _heard_write(self, changed: recording.Changed) -> None:
        if "settings" in changed.kinds:
            self.settings_saved.emit()

    def _listen_to_the_session(self) -> None:
        if shiboken6.isValid(self.window):
            self.screen_saver.listen()
            self.windows_session = WindowsSessionWatch.listen(self.window, self.lock)

    # Locking ------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Cover every window and show the lock screen (nothing when locked already)."""
        if self._locked or not shiboken6.isValid(self.window) or not self.window.isVisible():
            return
        self._locked = True
        self.timer.stop()
        self._active = QApplication.activeWindow()
        QToolTip.hideText()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
            if QApplication.activePopupWidget() is popup:  # refused to close
                popup.hide()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                self._cover(widget)
        self.screen.show_for(self._person())
        self.screen.place_over(self.window)
        self._screen_on_top()
        self._record(Action.LOCKED)

    def _cover(self, window: QWidget) -> None:
        if (window in self._covered or self._belongs_to_screen(window)
                or window.windowType() in PASSING_WINDOWS):
            return
        self._covered[window] = CoveredWindow(window)

    def _screen_on_top(self) -> None:
        """The lock screen shown last, so it is the modal window that takes the keys."""
        if self.screen.isVisible():
            self.screen.hide()
        self.screen.show()  # shown again: on top of every window
        self.screen.activateWindow()
        if self.screen.pages.currentIndex() == 0:
            self.screen.show_yours()
        else:
            self.screen.show_someone_else()

    def _belongs_to_screen(self, widget: QWidget) -> bool:
        inside: QWidget | None = widget
        while inside is not None:
            if inside is self.screen:
                return True
            inside = inside.parentWidget()
        return False

    def unlock(self) -> None:
        """Every window back as the program left it, and the focus where it was."""
        if not self._locked:
            return
        covered = self._uncover()
        active = self._active
        self._active = None
        if active is not None and shiboken6.isValid(active) and active.isVisible():
            active.activateWindow()
            cover = covered.get(active)
            if cover is not None and cover.focus is not None and shiboken6.isValid(cover.focus):
                cover.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._last_input = time.monotonic()
        self._start_timer()

    def _uncover(self) -> dict[QWidget, CoveredWindow]:
        self._locked = False
        covered, self._covered = self._covered, {}
        self.screen.may_close = True
        self.screen.hide()
        self.screen.may_close = False
        for cover in covered.values():
            cover.uncover()
        # A bar the program hid while the lock had it hidden already (another
        # section shown) can't be told apart: the window shows the right ones.
        self.window.show_bars()
        return covered

    def _window_closed(self) -> None:
        """The main window closed while locked (the program is ending): the
        lock goes with it, and counts no more minutes."""
        self.timer.stop()
        if self._locked:
            self._uncover()
            self._active = None

    # Unlocking ----------------------------------------------------------------------

    def unlock_with_password(self) -> None:
        """The person who locked it typed their password."""
        try:
            accounts.check_password(accounts.current_user().username,
                                    self.screen.password.text())
        except RuleViolation as refusal:
            self.screen.refused(str(refusal))
            return
        self.screen.password.clear()
        self.unlock()
        self._record(Action.UNLOCKED)

    def sign_in_someone_else(self) -> None:
        """Another person typed their name and password: once the first
        person's unsaved work is discarded or kept, they take over."""
        name = self.screen.other_name.text().strip()
        password = self.screen.other_password.text()
        try:
            user = accounts.check_password(name, password)
        except RuleViolation as refusal:
            self.screen.other_refused(str(refusal))
            return
        self.screen.other_password.clear()
        first = accounts.signed_in_user()
        if first is not None and user.username == first.username:
            self.unlock()
            self._record(Action.UNLOCKED)
            return
        if first is not None and not self._settle_for(first.shown_name, user.shown_name):
            self.screen.show_yours()
            return
        accounts.switch_to(user, password)  # audited "signed in"
        self.unlock()
        self._show_signed_in(user)

    def _settle_for(self, first_person: str, next_person: str) -> bool:
        """Discard or keep the first person's work not saved; False for Cancel."""
        with self._real_titles():
            works = self.window.unsaved_work(Leaving.LOCK)
            pending: list[tuple[UnsavedWork, str]] = []
            for work in works:
                text = work.unsaved_description()
                if text:
                    pending.append((work, text))
            if not pending:
                return True
            answer = AnotherPersonQuestion.ask(
                self.screen, [text for _, text in pending], first_person, next_person)
        if answer is KeepOrDiscard.CANCEL:
            return False
        if answer is KeepOrDiscard.DISCARD:
            for work, _ in pending:
                work.discard_unsaved()
        return True

    @contextmanager
    def _real_titles(self) -> Iterator[None]:
        """The covered windows' own titles, for the question asked once someone signed in."""
        with ExitStack() as stack:
            for cover in list(self._covered.values()):
                if cover.is_valid():
                    stack.enter_context(cover.real_title())
            yield

    def _show_signed_in(self, user: AppUser) -> None:
        self.window.another_person_signed_in()
        self.window.show_status(f"Signed in as {user.shown_name}")

    def _person(self) -> str:
        try:
            return accounts.current_user().shown_name
        except Exception:  # noqa: BLE001 - a file that can't be read: the login name
            return accounts.current_username()

    def _record(self, action: Action) -> None:
        """Into the audit trail ("Dana locked the window"); a file that can't
        be written to does not stop the lock or the unlock."""
        verb = "locked" if action is Action.LOCKED else "unlocked"
        try:
            audit.record(action, f"{self._person()} {verb} the window")
        except Exception:  # noqa: BLE001 - the lock works even when the file is busy
            pass

    # Watching the program while locked ----------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._last_input = time.monotonic()
            if (kind == QEvent.Type.KeyPress and not self._locked
                    and isinstance(event, QKeyEvent)
                    and QKeySequence(event.keyCombination()) == LOCK_SHORTCUT):
                self.lock()  # Ctrl+L in a modal form, where the window's shortcut can't go
                return True
            return False
        if not self._locked or not isinstance(watched, QWidget):
            return False
        if watched is self.window and kind == QEvent.Type.Hide and not event.spontaneous():
            self._window_closed()  # (minimized is a spontaneous hide)
            return False
        if kind == QEvent.Type.ShowToParent:
            if watched.isWindow():
                self._window_shown(watched)
            else:
                cover = self._cover_of_part(watched)
                if cover is not None:
                    cover.part_shown(watched)
        elif kind == QEvent.Type.HideToParent and not watched.isWindow():
            cover = self._cover_of_part(watched)
            if cover is not None:
                cover.part_hidden(watched)
        elif kind == QEvent.Type.WindowTitleChange:
            cover = self._covered.get(watched)
            if cover is not None:
                cover.title_changed()
        return False

    def _cover_of_part(self, part: QWidget) -> CoveredWindow | None:
        """The covered window ``part`` is a part of (None: not a covered window's part)."""
        parent = part.parentWidget()
        return self._covered.get(parent) if parent is not None else None

    def _window_shown(self, window: QWidget) -> None:
        """A window opened while locked: covered too (a menu or tooltip, closed)."""
        if self._belongs_to_screen(window):
            return
        if window.windowType() in PASSING_WINDOWS:
            QTimer.singleShot(0, window.hide)
            return
        self._cover(window)
        if window.isModal():  # the lock screen must stay the one that takes the keys
            QTimer.singleShot(0, self._screen_on_top)
