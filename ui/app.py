"""Start the desktop program: the application object, the data file, the window.

The data file is opened one way, at start-up and from File > Open Data File
alike (:class:`DataFileSession`): claim it (``ui.file_claim``), connect
(:func:`open_database`), then build the window; opening another file closes
the window and the file first, and goes back to them if the new one can't
be opened.

An encrypted data file (and a new one, made encrypted) is not connected to
by :func:`open_database`: its accounts are inside it, so the sign-in opens
it with the key the password unlocks (``ui.sign_in``).  While a file is
open its key stays in the open database object only; Sign Out closes the
file and so forgets it.  Going back to the old file when another one fails
to open reuses the key of the file just closed (held for that moment only),
so the person who was signed in goes on without typing it again.

``SOBERHOUSE_EXIT_AFTER_PAINT=1`` makes the program print ``first-paint`` and
quit as soon as the window's central area is first painted: the start-up
benchmark times that.  (A zero timer would quit before anything is painted.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from soberhouse import __version__, accounts, database
from soberhouse.errors import DatabaseReadOnly, StorageProblem
from soberhouse.migrations import SchemaTooNew
from soberhouse.models import AppUser
from ui import sign_in
from ui.first_paint import FirstPaintWatcher, after_first_paint
from ui.launch import resume_cycle_collector
from ui.main_window import MainWindow
from ui.resources import carry_fallback_fonts, icon

if TYPE_CHECKING:
    from ui.file_claim import FileClaim

APPLICATION_NAME = "Soberhouse"
EXIT_AFTER_PAINT_VARIABLE = "SOBERHOUSE_EXIT_AFTER_PAINT"


def configure_application(app: QApplication) -> None:
    """Names (for QSettings), version and window icon: once per process.  (The
    stylesheet is the main window's: see MainWindow._apply_stylesheet.)"""
    QCoreApplication.setOrganizationName(APPLICATION_NAME)
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName("soberhouse")
    app.setWindowIcon(icon("app"))
    carry_fallback_fonts()
    use_readable_dates_without_a_locale()


def use_readable_dates_without_a_locale() -> None:
    """Under the bare "C" locale (a service account, a minimal Linux) Qt writes
    dates as "8 05 2026"; use English (Canada) there, whose short dates are ISO
    (2026-05-08) and whose numbers use a decimal point."""
    if QLocale.system().language() == QLocale.Language.C:
        QLocale.setDefault(QLocale("en_CA"))


def create_main_window(database_target: str) -> MainWindow:
    """The main window over an already connected database (tests call this too);
    dates are written as chosen in Settings, or as this computer writes them."""
    from ui.date_style_choice import follow_date_style

    follow_date_style()
    return MainWindow(database.describe(database_target))


def report_open_failure(title: str, message: str) -> None:
    """Tell the manager why the data file can't be opened (tests replace this)."""
    QMessageBox.critical(None, title, message)


def open_database(target: str, read_only: str | None = None,
                  report: Callable[[str, str], None] | None = None, *,
                  key: bytes | None = None) -> bool:
    """Connect (read-only with a reason) and sign in; on failure say why in
    words (through ``report``, by default :func:`report_open_failure`) and
    return False.

    An encrypted file (or a new one) is not connected to without ``key``:
    the sign-in opens it (:func:`ui.sign_in.opens_at_sign_in`).  With ``key``
    (the file's data key, still known: going back to the old file) it is."""
    report_open_failure = report or globals()["report_open_failure"]
    place = database.describe(target)
    if key is None and sign_in.opens_at_sign_in(target, read_only):
        accounts.end_session()
        return True
    missing = sign_in.key_file_missing(target) if key is None else None
    if missing is not None:
        report_open_failure("Can't open the data file", missing)
        return False
    try:
        database.connect(target, read_only=read_only or False, key=key)
        try:
            accounts.end_session()  # the sign-in dialog follows (ui.sign_in)
        except DatabaseReadOnly:
            if not database.is_read_only():
                raise
            # Read-only: the person's own row is made on a later writable open.
    except SchemaTooNew as error:
        report_open_failure("Newer data file", f"{error}\n\nData file: {place}")
        return False
    except StorageProblem as problem:
        report_open_failure("Can't open the data file", problem.message
                            if place in problem.message
                            else f"{problem.message}\n\nData file: {place}")
        return False
    except (peewee.DatabaseError, OSError) as error:
        report_open_failure(
            "Can't open the data file",
            f"Soberhouse can't read {place}.\n\nIt may not be a Soberhouse data file, or "
            f"it may be damaged or locked by another program.\n\nDetails: {error}")
        return False
    return True


def print_first_paint_and_quit() -> None:
    print("first-paint", flush=True)
    QTimer.singleShot(0, QCoreApplication.quit)  # once the paint has reached the screen


@contextmanager
def running_without_a_window() -> Iterator[None]:
    """While the window is closed and a sign-in dialog shows (Sign Out,
    another data file), closing that dialog must not end the program."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        yield
        return
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        app.setQuitOnLastWindowClosed(quits)


def signed_in(target: str, read_only: str | None = None) -> bool:
    """Someone signed in on the data file just opened (:mod:`ui.sign_in`;
    an encrypted one is opened by that sign-in, read-only with ``read_only``);
    False when they chose Quit."""
    return sign_in.sign_in_on_open_file(place=database.describe(target), target=target,
                                        read_only=read_only)


def file_is_open() -> bool:
    opened = database.database_proxy.obj
    return opened is not None and not opened.is_closed()


class DataFileSession(QObject):
    """The data file open now, the window's claim on it, and the window.

    :meth:`open_other` (File > Open Data File, Open Recent) swaps all three:
    the work not saved is settled, the new file claimed, the window closed
    and the old file released; if the new file can't be opened, the old one
    opens again with a new window and the reason is shown over it.  Each
    file has its own accounts: the new one is signed in to before its
    window is built (Quit there goes back to the old file, as its person).

    :meth:`sign_out` (File > Sign Out) closes the window and asks for a
    sign-in on the same file again; Quit there ends the program.
    """

    def __init__(self, target: str, claim: FileClaim) -> None:
        super().__init__()
        self.target = target
        self.claim = claim
        self.window: MainWindow | None = None

    def show_window(self) -> MainWindow:
        """Claim the (open) file and build its window; the caller shows it."""
        from ui import data_files
        from ui.error_reporting import install as show_uncaught_problems

        self.claim.hold()
        data_files.remember_recent(self.target)
        window = create_main_window(self.target)
        show_uncaught_problems(window)
        self.claim.watch(window)
        window.open_file_requested.connect(self.open_other)
        window.sign_out_requested.connect(self.sign_out)
        window.restore_requested.connect(self.restore_backup)
        window.open_read_only_requested.connect(self.open_read_only)
        self.window = window
        return window

    def sign_out(self) -> bool:
        """The window's work was settled (``MainWindow.sign_out``): sign out,
        close the window and ask who signs in next on the same file; False
        when nobody did (Quit: the program ends)."""
        from ui.background import wait_for_running_work

        window = self.window
        wait_for_running_work()
        QCoreApplication.sendPostedEvents()
        with running_without_a_window():
            if window is not None and not self._close(window):
                return False
            self.window = None
            accounts.sign_out()
            sign_in.close_encrypted_file()  # the key forgotten: the next person unlocks
            if not signed_in(self.target, self.claim.read_only_reason):
                QCoreApplication.quit()
                return False
            self.show_window().show()
        return True

    def open_other(self, target: str, *, read_only: bool | str = False) -> bool:
        """Close this data file and its window and open ``target`` instead
        (``read_only``: only to look at it, True or the read-only bar's
        reason in words); False when it stays as it was
        (the manager cancelled, or the file could not be opened: the window,
        on the old file again, says why)."""
        from ui import data_files
        from ui.background import wait_for_running_work
        from ui.file_claim import FileClaim
        from ui.unsaved_work import Leaving

        window = self.window
        target = database.resolve_target(target)
        if data_files.file_key(target) == data_files.file_key(self.target):
            if window is not None:
                window.show_status("That data file is open already")
            return False
        if window is not None and not window.settle_unsaved_work(Leaving.OTHER_FILE):
            return False
        claim = FileClaim.at_start(target, read_only=bool(read_only), parent=window)
        if claim is None:  # held elsewhere, and the manager chose Cancel
            return False
        if isinstance(read_only, str) and claim.read_only_reason == database.CHOSEN_READ_ONLY:
            claim.read_only_reason = read_only
        wait_for_running_work()
        QCoreApplication.sendPostedEvents()  # finished work lands while its file is open
        if window is not None and not self._close(window):
            claim.release()
            return False
        with running_without_a_window():
            return self._swap_files(target, claim)

    def open_read_only(self, target: str) -> bool:
        """Open ``target`` (a backup) read-only instead of this data file:
        :meth:`open_other`, the window's read-only bar saying so."""
        name = Path(target).name
        return self.open_other(target, read_only=(
            f"this is a backup ({name}), opened only to look something up; File > Open "
            f"Recent goes back to the data file"))

    def restore_backup(self, backup: str) -> bool:
        """Put the backup ``backup`` in place of this data file and open it
        again (Settings > Backups > Restore, the question answered): the work
        not saved is settled, the window and the file closed (the file stays
        claimed: nobody opens it meanwhile), :func:`soberhouse.backups.restore`
        backs the file up and swaps the backup in, and the file opens again
        with a sign-in (the restored file has its own accounts).  When the
        restore fails the file opens again as it was, as the same person, and
        the reason is shown over the window.  False when nothing was restored."""
        from soberhouse import backups
        from ui.background import wait_for_running_work
        from ui.unsaved_work import Leaving

        window = self.window
        if window is not None and not window.settle_unsaved_work(Leaving.OTHER_FILE):
            return False
        wait_for_running_work()
        QCoreApplication.sendPostedEvents()
        if window is not None and not self._close(window):
            return False
        self.window = None
        old_user = accounts.signed_in_user()
        old_key = database.open_data_key()
        with running_without_a_window():
            database.close()
            problem: str | None = None
            try:
                restored = (backups.restore(backup, self.target, key=old_key)
                            if old_key is not None else backups.restore(backup, self.target))
            except (StorageProblem, peewee.DatabaseError, OSError) as error:
                problem = str(getattr(error, "message", "") or error)
                restored = None
            # Restored: the file has the backup's accounts (and key file), so it
            # is signed in to anew; not restored: it opens as it was, key and all.
            if not open_database(self.target, self.claim.read_only_reason,
                                 key=old_key if restored is None else None):
                QCoreApplication.quit()  # said why: nothing more to show
                return False
            back = (restored is None and old_user is not None and self._back_as(old_user))
            if not back and not signed_in(self.target, self.claim.read_only_reason):
                QCoreApplication.quit()
                return False
            window = self.show_window()
            window.show()
        if restored is None:
            report_open_failure("Backup not restored", f"{problem}\n\nThe data file is as "
                                                      f"it was.")
            return False
        window.show_status(f"Restored the backup of {restored.backup.taken_at:%Y-%m-%d %H:%M}"
                           f"; the file as it was is kept as {restored.before_restore.name}"
                           if restored.before_restore is not None else
                           f"Restored the backup of {restored.backup.taken_at:%Y-%m-%d %H:%M}")
        return True

    def _swap_files(self, target: str, claim: FileClaim) -> bool:
        old_target, old_claim = self.target, self.claim
        old_user = accounts.signed_in_user()
        old_key = database.open_data_key()  # only until the new file is open, or the old one again
        database.close()
        problems: list[tuple[str, str]] = []
        if open_database(target, claim.read_only_reason,
                         report=lambda title, text: problems.append((title, text))):
            if signed_in(target, claim.read_only_reason):
                old_claim.release()
                old_claim.setParent(None)
                self.target, self.claim = target, claim
                self.show_window().show()
                return True
        claim.release()
        database.close()
        if not open_database(old_target, old_claim.read_only_reason, key=old_key):
            QCoreApplication.quit()  # neither file opens: said, nothing more to show
            return False
        if (old_user is None or not self._back_as(old_user)) and not signed_in(
                old_target, old_claim.read_only_reason):
            QCoreApplication.quit()
            return False
        self.show_window().show()
        for title, text in problems:  # over the window on the old file, open again
            report_open_failure(title, text)
        return False

    @staticmethod
    def _back_as(user: AppUser) -> bool:
        """The old file open again: the person who was signed in to it goes on
        (False when their account was switched off meanwhile)."""
        fresh = AppUser.get_or_none(AppUser.id == user.id)
        if fresh is None or not fresh.active or not fresh.has_account:
            return False
        accounts.switch_to(fresh)
        return True

    @staticmethod
    def _close(window: MainWindow) -> bool:
        """Close ``window`` (it saves its layout) without ending the program."""
        app = QApplication.instance()
        quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        try:
            closed = window.close()
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quits)
        if closed:
            if window.other_writers is not None:
                window.other_writers.timer.stop()  # it would read the next file
            window.deleteLater()
        return closed


def run_window(database_target: str | None, argv: list[str], read_only: bool = False) -> int:
    """Open the window on ``database_target`` (None: the default data file),
    claiming the file (``ui.file_claim``), or read-only."""
    from ui.file_claim import FileClaim

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    configure_application(app)
    target = database.resolve_target(database_target)
    claim = FileClaim.at_start(target, read_only=read_only)
    if claim is None:  # someone else holds the file, and the manager chose Quit
        resume_cycle_collector()
        return 0
    if not open_database(target, claim.read_only_reason):
        claim.release()
        database.close()
        resume_cycle_collector()
        return 2
    if not signed_in(target, claim.read_only_reason):  # Quit: nothing shown, nothing kept
        claim.release()
        database.close()
        resume_cycle_collector()
        return 0
    session = DataFileSession(target, claim)
    try:
        window = session.show_window()
        after_first_paint(window.pages, resume_cycle_collector)
        if os.environ.get(EXIT_AFTER_PAINT_VARIABLE) == "1":
            FirstPaintWatcher(window.pages, print_first_paint_and_quit)
        window.show()
        return app.exec()
    finally:
        from ui.automatic_backups import back_up_on_quit
        from ui.background import wait_for_running_work

        wait_for_running_work()
        if file_is_open():  # not after Sign Out and Quit of an encrypted file
            back_up_on_quit(session.target)  # data changed since the last backup: one more
        session.claim.release()
        database.close()
        resume_cycle_collector()
