"""The idle lock: Ctrl+L, the minutes without use, or the computer's own
lock cover every window with a lock screen that names nobody but the person
who locked it; their password (or another person's sign-in) brings every
window back as it was, with what was typed in an open form still there."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from soberhouse import accounts
from soberhouse.accounts import PersonDetails
from soberhouse.models import House, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.idle_lock import (
    LOCKED_TITLE,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    AnotherPersonQuestion,
    IdleLock,
    KeepOrDiscard,
    ScreenSaverWatch,
    WindowsSessionWatch,
    is_session_lock,
)
from ui.main_window import MainWindow
from ui.residents.form import ResidentForm
from ui.settings_section.idle_lock_choice import IdleLockChoice
from ui.settings_section.section import SettingsSection

pytestmark = pytest.mark.ui

OpenWindow = Callable[[], MainWindow]
PASSWORD = "maple kettle river"
SAM_PASSWORD = "copper lantern meadow"
RESIDENT_WORDS = ("Zoë", "Nguyễn", "Bảo", "555-01")  # her name, her contact's, phone numbers


@pytest.fixture
def resident(house: House) -> int:
    """Zoë Nguyễn lives in Maple House; test-manager's password is PASSWORD."""
    accounts.reset_password(accounts.current_user().id, PASSWORD)
    return admit_resident(details_for(house)).id


@pytest.fixture
def sam(resident: int) -> accounts.AppUser:
    """Sam Reyes, a house manager with an account of his own."""
    return accounts.add_person(PersonDetails("Sam Reyes", "sam", Role.HOUSE_MANAGER,
                                             all_houses=True), SAM_PASSWORD)


@pytest.fixture
def another_person_answer(monkeypatch: pytest.MonkeyPatch
                          ) -> Iterator[Callable[[KeepOrDiscard], list[tuple]]]:
    """``answer(choice)``: the keep-or-discard question is answered so; the
    questions asked (a real one would wait for ever)."""

    def set_answer(choice: KeepOrDiscard) -> list[tuple]:
        asked: list[tuple] = []

        def ask(parent: QWidget, descriptions: list[str], first: str, next_: str
                ) -> KeepOrDiscard:
            asked.append((list(descriptions), first, next_))
            return choice

        monkeypatch.setattr(AnotherPersonQuestion, "ask", ask)
        return asked

    set_answer(KeepOrDiscard.CANCEL)
    yield set_answer


def residents_window(open_window: OpenWindow) -> MainWindow:
    window = open_window()
    window.show_section("residents")
    window.setWindowTitle("Soberhouse")
    return window


def visible_widgets() -> set[QWidget]:
    return {widget for widget in QApplication.allWidgets() if widget.isVisible()}


def in_lock_screen(widget: QWidget | None, lock: IdleLock) -> bool:
    while widget is not None:
        if widget is lock.screen:
            return True
        widget = widget.parentWidget()
    return False


def model_texts(model: QAbstractItemModel | None, parent: QModelIndex | None = None
                ) -> Iterator[str]:
    if model is None:
        return
    parent = parent or QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value:
                    yield str(value)
            yield from model_texts(model, index) if column == 0 else ()


def shown_text(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
    if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
        texts.append(widget.text())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        texts.append(widget.toPlainText())
    if isinstance(widget, QAbstractItemView):
        texts.extend(model_texts(widget.model()))
    return texts


def assert_nothing_shown(lock: IdleLock) -> None:
    """Locked: what is visible is the lock screen, or a window showing
    nothing (no part of it visible, its title "Soberhouse — locked"); and
    nothing visible names the resident or shows her figures."""
    assert lock.is_locked()
    assert lock.screen.isVisible()
    assert QApplication.activeModalWidget() is lock.screen
    for widget in visible_widgets():
        if not in_lock_screen(widget, lock):
            assert widget.isWindow(), f"{widget!r} ({widget.objectName()}) shows while locked"
            assert widget.windowTitle() == LOCKED_TITLE
        for text in shown_text(widget):
            for word in RESIDENT_WORDS:
                assert word not in text, f"{widget!r} shows {text!r} while locked"


def press_ctrl_l(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def type_password(lock: IdleLock, qtbot: QtBot, password: str) -> None:
    lock.screen.password.clear()
    qtbot.keyClicks(lock.screen.password, password)
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)


def sign_in_other(lock: IdleLock, qtbot: QtBot, name: str, password: str) -> None:
    qtbot.mouseClick(lock.screen.someone_else_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(lock.screen.other_name, name)
    qtbot.keyClick(lock.screen.other_name, Qt.Key.Key_Return)
    qtbot.keyClicks(lock.screen.other_password, password)
    qtbot.keyClick(lock.screen.other_password, Qt.Key.Key_Return)


def audited(action: str) -> list[str]:
    return [event.summary for event in AuditEvent.select().where(AuditEvent.action == action)
            .order_by(AuditEvent.id)]


# ---------------------------------------------------------------- locking


def test_ctrl_l_covers_the_window_and_names_nobody(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    shown = [text for widget in visible_widgets() for text in shown_text(widget)]
    assert any("Nguyễn" in text for text in shown)  # shown before the lock
    window.show_status("Resident saved: Zoë Nguyễn")
    assert window.window_actions.lock.shortcut().toString() == "Ctrl+L"
    assert window.window_actions.lock.statusTip()

    press_ctrl_l(window, qtbot)
    assert_nothing_shown(window.idle_lock)
    assert window.windowTitle() == LOCKED_TITLE
    assert window.idle_lock.screen.who.text() == (
        "Locked by test-manager. Type your password to go on.")
    qtbot.waitUntil(window.idle_lock.screen.password.hasFocus, timeout=2000)
    assert audited("locked") == ["test-manager locked the window"]


def test_the_minutes_without_use_lock(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    lock = window.idle_lock
    assert lock.idle_milliseconds() == 5 * 60_000  # the default: 5 minutes
    lock.set_idle_milliseconds(0)  # never
    qtbot.wait(100)
    assert not lock.is_locked()
    lock.set_idle_milliseconds(60)
    qtbot.waitUntil(lock.is_locked, timeout=3000)
    assert_nothing_shown(lock)


def test_use_starts_the_idle_time_again(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    lock = window.idle_lock
    lock.set_idle_milliseconds(500)
    for _ in range(8):  # 800 ms of typing, a key every 100 ms
        qtbot.wait(100)
        qtbot.keyClick(window.navigation, Qt.Key.Key_Shift)
        assert not lock.is_locked()
    qtbot.waitUntil(lock.is_locked, timeout=3000)


def test_the_minutes_follow_settings(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    accounts.set_idle_lock_minutes(2)
    assert window.idle_lock.idle_milliseconds() == 2 * 60_000
    accounts.set_idle_lock_minutes(0)
    assert window.idle_lock.idle_milliseconds() == 0
    assert not window.idle_lock.timer.isActive()


# ---------------------------------------------------------------- unlocking


def test_a_wrong_password_keeps_it_locked(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    press_ctrl_l(window, qtbot)
    lock = window.idle_lock
    type_password(lock, qtbot, "not the password")
    assert lock.is_locked()
    assert lock.screen.message.isVisible()
    assert "don't match" in lock.screen.message.text()
    assert lock.screen.password.text() == ""
    assert_nothing_shown(lock)
    assert audited("sign-in failed")


def test_the_password_brings_everything_back(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    window.section("residents").focus_search()
    focused = QApplication.focusWidget()
    before = visible_widgets()
    press_ctrl_l(window, qtbot)
    assert not window.centralWidget().isVisible()
    type_password(window.idle_lock, qtbot, PASSWORD)
    assert not window.idle_lock.is_locked()
    assert not window.idle_lock.screen.isVisible()
    assert visible_widgets() == before
    assert window.windowTitle() == "Soberhouse"
    assert QApplication.focusWidget() is focused
    assert audited("unlocked") == ["test-manager unlocked the window"]
    assert window.idle_lock.timer.isActive()  # counting the minutes again


def test_what_the_program_shows_while_locked_waits_for_the_unlock(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    """Refreshes go on while locked (another office saved, the houses were
    changed): nothing comes into view, and at the unlock the window is as
    the program left it."""
    window = residents_window(open_window)
    press_ctrl_l(window, qtbot)
    lock = window.idle_lock
    window._changed_elsewhere("test-manager admitted someone", ["resident"])
    window._houses_changed()  # shows the main toolbar again
    window.show_section("meetings", ask=False)  # shows the Meetings toolbar
    window.setWindowTitle("Soberhouse \u2014 Zoë Nguyễn")
    window.statusBar().showMessage("Saved elsewhere: Zoë Nguyễn")
    assert_nothing_shown(lock)

    type_password(lock, qtbot, PASSWORD)
    assert window.windowTitle() == "Soberhouse \u2014 Zoë Nguyễn"
    assert window.section("meetings").isVisible()
    assert window.main_toolbar.isVisible()
    meetings_bar = window._section_bars["meetings"][1]
    residents_bar = window._section_bars["residents"][1]
    assert meetings_bar.isVisible() and not residents_bar.isVisible()


def test_a_window_opened_while_locked_is_covered(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    press_ctrl_l(window, qtbot)
    form = ResidentForm(window.section("residents"), resident_id=resident)
    qtbot.addWidget(form)
    form.show()
    assert_nothing_shown(window.idle_lock)
    type_password(window.idle_lock, qtbot, PASSWORD)
    assert form.isVisible() and form.windowTitle() == "Edit Zoë Nguyễn"
    assert form.phone.isVisible()


# ---------------------------------------------------------------- a form open


def test_a_modal_form_keeps_what_was_typed(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    """Ctrl+L typed in a modal form (the window's own shortcut can't reach it)
    locks too; the form stays open in its exec() and keeps the typing."""
    window = residents_window(open_window)
    lock = window.idle_lock
    seen: list[object] = []

    def inside_the_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ResidentForm)
        try:
            form.phone.setFocus()
            form.phone.selectAll()
            qtbot.keyClicks(form.phone, "555-0199")
            qtbot.keyClicks(form.substances, ", cannabis")
            form.phone.setFocus()
            press_ctrl_l(form.phone, qtbot)
            seen.append(("locked", lock.is_locked(), form.isVisible(),
                         form.windowTitle(), form.phone.isVisible()))
            assert_nothing_shown(lock)
            type_password(lock, qtbot, "wrong password here")
            type_password(lock, qtbot, PASSWORD)
            qtbot.wait(50)
            seen.append(("unlocked", lock.is_locked(), form.isVisible(), form.windowTitle(),
                         form.phone.text(), form.substances.text(),
                         QApplication.activeModalWidget() is form,
                         form.focusWidget() is form.phone))
        finally:
            QDialog.done(form, QDialog.DialogCode.Rejected.value)

    QTimer.singleShot(0, inside_the_form)
    ResidentForm.ask(window.section("residents"), resident_id=resident)
    assert seen == [("locked", True, True, LOCKED_TITLE, False),
                    ("unlocked", False, True, "Edit Zoë Nguyễn", "555-0199",
                     "alcohol, cannabis", True, True)]


# ---------------------------------------------------------------- another person


def open_form_with_typing(window: MainWindow, qtbot: QtBot, resident: int) -> ResidentForm:
    form = ResidentForm(window.section("residents"), resident_id=resident)
    qtbot.addWidget(form)
    form.show()
    form.phone.selectAll()
    qtbot.keyClicks(form.phone, "555-0199")
    return form


def test_another_person_keeps_the_first_ones_form(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser,
        another_person_answer: Callable[[KeepOrDiscard], list[tuple]]) -> None:
    window = residents_window(open_window)
    form = open_form_with_typing(window, qtbot, resident)
    press_ctrl_l(form, qtbot)
    lock = window.idle_lock
    asked = another_person_answer(KeepOrDiscard.KEEP)
    sign_in_other(lock, qtbot, "sam", SAM_PASSWORD)
    assert asked == [(["Edit Zoë Nguyễn: what you typed is not saved."],
                      "test-manager", "Sam Reyes")]
    assert not lock.is_locked()
    assert accounts.current_user().username == "sam"
    assert form.isVisible() and form.phone.text() == "555-0199"
    assert form.windowTitle() == "Edit Zoë Nguyễn"
    assert window.statusBar().currentMessage() == "Signed in as Sam Reyes"
    assert audited("signed in")[-1] == "Sam Reyes signed in"


def test_another_person_discards_the_first_ones_form(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser,
        another_person_answer: Callable[[KeepOrDiscard], list[tuple]]) -> None:
    window = residents_window(open_window)
    form = open_form_with_typing(window, qtbot, resident)
    press_ctrl_l(window, qtbot)
    asked = another_person_answer(KeepOrDiscard.DISCARD)
    sign_in_other(window.idle_lock, qtbot, "sam", SAM_PASSWORD)
    assert len(asked) == 1
    assert not window.idle_lock.is_locked()
    assert not form.isVisible()
    assert accounts.current_user().username == "sam"
    from soberhouse.residents import get_resident

    assert get_resident(resident).phone == "555-0101"


def test_another_person_changes_their_mind(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser,
        another_person_answer: Callable[[KeepOrDiscard], list[tuple]]) -> None:
    window = residents_window(open_window)
    form = open_form_with_typing(window, qtbot, resident)
    press_ctrl_l(window, qtbot)
    asked = another_person_answer(KeepOrDiscard.CANCEL)
    sign_in_other(window.idle_lock, qtbot, "sam", SAM_PASSWORD)
    assert len(asked) == 1
    assert accounts.current_user().username == "test-manager"
    assert_nothing_shown(window.idle_lock)
    qtbot.waitUntil(window.idle_lock.screen.password.hasFocus, timeout=2000)  # their page again
    type_password(window.idle_lock, qtbot, PASSWORD)
    assert form.isVisible() and form.phone.text() == "555-0199"


def test_another_person_without_unsaved_work_is_not_asked(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser,
        another_person_answer: Callable[[KeepOrDiscard], list[tuple]]) -> None:
    window = residents_window(open_window)
    press_ctrl_l(window, qtbot)
    asked = another_person_answer(KeepOrDiscard.CANCEL)
    lock = window.idle_lock
    sign_in_other(lock, qtbot, "sam", "not his password")
    assert lock.is_locked()
    assert "don't match" in lock.screen.other_message.text()
    assert lock.screen.other_password.text() == ""
    assert_nothing_shown(lock)
    lock.screen.other_name.clear()
    sign_in_other(lock, qtbot, "sam", SAM_PASSWORD)
    assert asked == []
    assert not lock.is_locked()
    assert accounts.current_user().username == "sam"


def test_the_keep_or_discard_question(qtbot: QtBot) -> None:
    box, answers = AnotherPersonQuestion.build(
        None, ["Edit Ana Abara: what you typed is not saved."], "Dana", "Sam")
    qtbot.addWidget(box)
    assert "Dana left work not saved" in box.text()
    assert "keep it open for Sam" in box.informativeText()
    assert sorted(answer.value for answer in answers.values()) == ["cancel", "discard", "keep"]
    assert answers[box.defaultButton()] is KeepOrDiscard.KEEP
    assert answers[box.escapeButton()] is KeepOrDiscard.CANCEL


# ---------------------------------------------------------------- the computer's own lock


def test_a_windows_session_lock_message() -> None:
    assert is_session_lock(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert not is_session_lock(WM_WTSSESSION_CHANGE, 0x8)  # WTS_SESSION_UNLOCK
    assert not is_session_lock(0x0006, WTS_SESSION_LOCK)  # WM_ACTIVATE


def test_the_desktops_screen_saver_locks(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    watch = window.idle_lock.screen_saver
    assert isinstance(watch, ScreenSaverWatch)
    watch.active_changed(False)
    assert not window.idle_lock.is_locked()
    watch.active_changed(True)
    assert_nothing_shown(window.idle_lock)


def test_leaving_the_window_does_not_lock(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert not window.idle_lock.is_locked()


def test_other_native_events_pass_through() -> None:
    heard: list[str] = []
    watch = WindowsSessionWatch(lambda: heard.append("lock"))
    assert watch.nativeEventFilter(b"xcb_generic_event_t", 0) == (False, 0)
    assert heard == []


def test_another_person_sees_what_they_may(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser) -> None:
    """A house manager signing in over the owner: the window is theirs now
    (Settings' owner-only choices off, with the reason)."""
    window = residents_window(open_window)
    window.show_section("settings")
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    assert settings.locking.minutes.isEnabled()
    press_ctrl_l(window, qtbot)
    sign_in_other(window.idle_lock, qtbot, "sam", SAM_PASSWORD)
    assert not settings.locking.minutes.isEnabled()
    assert settings.locking.minutes.toolTip().endswith(
        "(Only the owner can change the program's settings.)")
    assert window.signed_in_label.text() == "Signed in: Sam Reyes (House manager)"


# ---------------------------------------------------------------- Settings


def test_settings_sets_the_minutes(
        open_window: OpenWindow, qtbot: QtBot, resident: int) -> None:
    window = residents_window(open_window)
    window.show_section("settings")
    choice = window.section("settings").locking
    assert isinstance(choice, IdleLockChoice)
    assert choice.minutes.value() == 5 and choice.minutes.text() == "5 minutes"
    choice.minutes.selectAll()
    qtbot.keyClicks(choice.minutes, "1")
    qtbot.keyClick(choice.minutes, Qt.Key.Key_Return)
    assert accounts.idle_lock_minutes() == 1
    assert choice.minutes.text() == "1 minute"
    assert window.idle_lock.idle_milliseconds() == 60_000
    assert window.statusBar().currentMessage() == (
        "The window now locks after 1 minute without use")
    choice.choose(0)
    assert choice.minutes.text() == "Never"
    assert window.idle_lock.idle_milliseconds() == 0
    assert window.statusBar().currentMessage() == (
        "The window no longer locks by itself (Ctrl+L still locks it)")


def test_only_the_owner_sets_the_minutes(
        open_window: OpenWindow, qtbot: QtBot, resident: int, sam: accounts.AppUser) -> None:
    accounts.act_as("sam")
    window = residents_window(open_window)
    window.show_section("settings")
    choice = window.section("settings").locking
    assert not choice.minutes.isEnabled()
    assert choice.minutes.toolTip().endswith(
        "(Only the owner can change the program's settings.)")
    assert choice.minutes.statusTip() == "Only the owner can change the program's settings."
    choice.choose(30)  # (had it been on): refused, said under the field
    assert accounts.idle_lock_minutes() == 5
    assert choice.minutes.value() == 5
    assert "Only the owner" in choice.message.text()
