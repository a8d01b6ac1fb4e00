"""Regenerate the README screenshots from the demo house.

    Xvfb :91 -screen 0 1400x900x24 &
    DISPLAY=:91 .venv/bin/python docs/make_screenshots.py [--scale 1.5] [OUT_DIR]

Uses a fresh demo database and fresh window preferences in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", type=Path, default=HERE / "screenshots")
    parser.add_argument("--scale", default="1")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="soberhouse-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == "1" else f"-{args.scale}x"

    from PySide6.QtWidgets import QApplication

    from soberhouse import accounts, clock, database, encryption
    from soberhouse.demo import fill_demo_database
    from ui.app import configure_application, create_main_window

    app = QApplication(sys.argv)
    configure_application(app)
    target = str(work / "demo.sqlite3")
    # Encrypted, as every new data file is (the recovery key is shown below).
    keys = encryption.create_key_file(target, "manager", "demo manager's password")
    database.connect(target, key=keys.data_key)
    accounts.act_as("manager")
    with clock.frozen(dt.date.today()):
        fill_demo_database()
    window = create_main_window(target)
    window.resize(1280, 780)
    window.show()

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    # Today: the window opens on it; the counts arrive from a worker thread.
    today = window.section("today")
    today.wait_until_counted()
    settle()
    window.grab().save(str(args.out / f"today{suffix}.png"))

    # Meetings: the Cedar House roll call still to take (the demo leaves one).
    houses = {window.house_combo.itemText(i): i for i in range(window.house_combo.count())}
    window.house_combo.setCurrentIndex(houses["Cedar House"])
    window.show_section("meetings")
    meetings = window.section("meetings")
    settle()
    meetings.mark_all_present()
    panel = meetings.panel
    if panel.roll_call_model.rowCount():
        view = panel.roll_call_view
        model = panel.roll_call_model
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        for row, key in ((1, Qt.Key.Key_L), (3, Qt.Key.Key_U)):
            if row < model.rowCount():
                view.setCurrentIndex(model.index(row, view.currentIndex().column()))
                QTest.keyClick(view, key)
    settle()
    window.grab().save(str(args.out / f"meetings{suffix}.png"))
    meetings.save_roll_call()  # leaving unsaved marks would ask what to do with them

    window.show_section("steps")
    settle()
    window.grab().save(str(args.out / f"twelve-step{suffix}.png"))

    window.house_combo.setCurrentIndex(houses["Maple House"])
    window.show_section("reports")
    reports = window.section("reports")
    settle()
    window.grab().save(str(args.out / f"reports{suffix}.png"))
    preview = reports.preview_report()
    if preview is not None:
        preview.resize(900, 760)
        for _ in range(40):  # QtPdf draws the pages in its own threads
            settle()
            time.sleep(0.05)
        preview.grab().save(str(args.out / f"report-preview{suffix}.png"))
        preview.close()
    window.house_combo.setCurrentIndex(0)

    window.show_section("residents")
    section = window.section("residents")
    rows = section.model.rows
    chosen = next(r for r in rows if r.last_name.startswith("Đặng"))
    section.select_resident(chosen.id)
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(args.out / f"residents{suffix}.png"))

    window.show_section("mentoring")
    mentoring = window.section("mentoring")
    for need in mentoring.needs_model.rows:  # one with suggestions, if any has them
        mentoring.select_need(need.resident_id)
        for _ in range(5):
            app.processEvents()
        if mentoring.suggestions_model.rowCount():
            break
    window.grab().save(str(args.out / f"mentoring{suffix}.png"))
    window.show_section("residents")

    from ui.residents.form import ResidentForm

    form = ResidentForm(parent=window, house_id=chosen.house_id)
    form.show()
    form.resize(form.sizeHint())
    app.processEvents()
    form.first_name.setText("Σοφία")
    form.last_name.setText("Παπαδοπούλου")
    form.date_of_birth.set_value(dt.date(1994, 3, 12))
    form.sobriety_date.set_value(dt.date.today() + dt.timedelta(days=3))
    form.accept()
    for _ in range(5):
        app.processEvents()
    form.grab().save(str(args.out / f"intake-form{suffix}.png"))
    form.done(0)

    encryption_screens(window, keys.recovery_code, target, args.out, suffix, settle)
    accounts_screens(app, window, chosen, target, args.out, suffix, settle)
    print(f"screenshots written to {args.out}")


def accounts_screens(app: object, window: object, chosen: object, target: str, out: Path,
                     suffix: str, settle: object) -> None:
    """Sign-in, People, Audit, a consent and the lock screen (made-up people)."""
    from soberhouse import accounts, consents
    from soberhouse.accounts import PersonDetails
    from soberhouse.consents import ConsentDetails, Scope
    from soberhouse.houses import list_houses
    from soberhouse.models import Role
    from ui.residents.consent_dialog import ConsentDialog
    from ui.settings_section.audit_panel import AuditDialog
    from ui.settings_section.people_panel import PeopleDialog
    from ui.sign_in import SignInDialog

    houses = {house.name: house.id for house in list_houses()}
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      house_ids=(houses["Maple House"],)),
                        "cedar lantern morning")
    accounts.add_person(PersonDetails("Sam Okafor", "sam", Role.READ_ONLY, all_houses=True),
                        "harbour willow stone")
    today = dt.date.today()
    consents.record_consent(chosen.id, ConsentDetails(
        recipient="Riverside Outpatient Clinic", purpose="Progress reports to the counsellor",
        scopes=(Scope.ATTENDANCE_AND_PROGRESS, Scope.TWELVE_STEP), valid_from=today,
        valid_until=today + dt.timedelta(days=180), signed_on=today))

    sign_in = SignInDialog(None, place=target, target=target)  # encrypted: not open yet
    sign_in.username.setText("dana")
    sign_in.password.setText("cedar lantern")
    sign_in.show()
    settle()
    sign_in.grab().save(str(out / f"sign-in{suffix}.png"))
    sign_in.done(0)

    people = PeopleDialog(window)
    people.resize(900, 420)
    people.show()
    settle()
    people.grab().save(str(out / f"people{suffix}.png"))
    people.done(0)

    trail = AuditDialog(window)
    trail.resize(1100, 640)
    trail.show()
    for _ in range(60):  # the chain is checked in the background
        settle()
        if trail.chain_check is not None:
            break
        time.sleep(0.05)
    settle()
    trail.grab().save(str(out / f"audit{suffix}.png"))
    trail.close()

    consent = ConsentDialog(chosen.id, window)
    consent.recipient.setText("Lakeside Probation Office")
    consent.purpose.setText("Attendance and progress for the supervising officer")
    consent.show()
    consent.resize(consent.sizeHint())
    settle()
    consent.grab().save(str(out / f"consent-form{suffix}.png"))
    consent.done(0)

    from soberhouse import backups

    backups.take_backup("manual")
    backups.take_backup("import")
    from ui.settings_section.backups_panel import BackupsDialog

    shelf = BackupsDialog(window)
    shelf.resize(1000, 460)
    shelf.show()
    settle()
    shelf.grab().save(str(out / f"backups{suffix}.png"))
    shelf.close()

    window.idle_lock.lock()
    settle()
    window.idle_lock.screen.grab().save(str(out / f"lock{suffix}.png"))


def encryption_screens(window: object, code: str, target: str, out: Path, suffix: str,
                       settle: object) -> None:
    """The recovery key as a new data file shows it, and Settings > Encryption."""
    from ui.recovery_key_dialog import RecoveryKeyDialog
    from ui.settings_section.encryption_panel import EncryptionDialog

    shown = RecoveryKeyDialog(code, data_file=target, made_by="Olive Owner",
                              parent=window)  # type: ignore[arg-type]
    shown.show()
    shown.resize(shown.sizeHint())
    settle()  # type: ignore[operator]
    shown.grab().save(str(out / f"recovery-key{suffix}.png"))
    shown.kept.setChecked(True)
    shown.accept()

    panel = EncryptionDialog(window)  # type: ignore[arg-type]
    panel.show()
    panel.resize(panel.sizeHint())
    settle()  # type: ignore[operator]
    panel.grab().save(str(out / f"encryption{suffix}.png"))
    panel.close()


if __name__ == "__main__":
    main()
