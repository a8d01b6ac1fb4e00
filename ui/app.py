"""Start the desktop program: the application object, the data file, the window.

``SOBERHOUSE_EXIT_AFTER_PAINT=1`` makes the program print ``first-paint`` and
quit as soon as the window's central area is first painted: the start-up
benchmark times that.  (A zero timer would quit before anything is painted.)
"""

from __future__ import annotations

import os

import peewee
from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from soberhouse import __version__, accounts, database
from soberhouse.errors import DatabaseReadOnly, StorageProblem
from soberhouse.migrations import SchemaTooNew
from ui.first_paint import FirstPaintWatcher, after_first_paint
from ui.launch import resume_cycle_collector
from ui.main_window import MainWindow
from ui.resources import carry_fallback_fonts, icon

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


def open_database(target: str, read_only: str | None = None) -> bool:
    """Connect (read-only with a reason) and sign in; on failure say why in
    words and return False."""
    place = database.describe(target)
    try:
        database.connect(target, read_only=read_only or False)
        try:
            accounts.sign_in()
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
    try:
        claim.hold()
        window = create_main_window(target)
        from ui.error_reporting import install as show_uncaught_problems

        show_uncaught_problems(window)
        claim.watch(window)
        after_first_paint(window.pages, resume_cycle_collector)
        if os.environ.get(EXIT_AFTER_PAINT_VARIABLE) == "1":
            FirstPaintWatcher(window.pages, print_first_paint_and_quit)
        window.show()
        return app.exec()
    finally:
        from ui.background import wait_for_running_work

        wait_for_running_work()
        claim.release()
        database.close()
        resume_cycle_collector()
