"""Settings > Encryption: whether the data file is encrypted, and the
owner's two actions on it.

- A plain file: "This data file is NOT encrypted: anyone who copies it can
  read every record", and Encrypt This Data File... (:class:`EncryptDialog`:
  what happens, the owner's password; the core takes a verified backup and
  writes the file again encrypted, :func:`soberhouse.encrypting.encrypt_file`),
  then the recovery key (:class:`ui.recovery_key_dialog.RecoveryKeyDialog`)
  and who now needs a new password from the owner.
- An encrypted file: "This data file is encrypted (SQLCipher 4, AES-256)",
  its key file, and Make a New Recovery Key... (the owner's password again,
  then the new key shown once).

Others see the state only (the buttons off, saying why).  The encryption
runs on the window's thread, with a busy cursor and a line saying what is
happening: it closes the database and opens it again encrypted, which no
other thread may do while the window uses it.
"""

from __future__ import annotations

from pathlib import Path

import peewee
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts, database, encryption
from soberhouse.errors import Problem, RuleViolation
from soberhouse.permissions import Right, why_not
from ui.colours import error_colour
from ui.form_fields import heading_label
from ui.sign_in import AccountForm, password_edit

ENCRYPTED = "This data file is encrypted (SQLCipher 4, AES-256)."
NOT_ENCRYPTED = "This data file is NOT encrypted: anyone who copies it can read every record."
ON_THE_SERVER = ("The records are kept on a database server: its encryption at rest is the "
                 "server's. Ask whoever runs it to keep the server's disk encrypted, and use "
                 "sslmode=require in the address so the connection is encrypted too.")
WHAT_ENCRYPTING_DOES = (
    "Soberhouse first takes a backup of the data file and checks it. Then it writes the "
    "file again, encrypted (SQLCipher 4, AES-256), checks that every record is there, and "
    "puts it in place of the plain file; the key file is written beside it. This takes a "
    "few seconds for a large file: the window waits meanwhile.\n\n"
    "Next, Soberhouse shows the recovery key once: print it or save the recovery sheet, and "
    "keep it in the safe.\n\n"
    "The other people with an account can't sign in afterwards until you give them a new "
    "password (Settings > People > Reset Password): their passwords open nothing yet. "
    "Backups taken before now stay plain: remove them once you no longer need them.")
WORKING = ("Taking a backup and checking it, then writing the data file encrypted\u2026 "
           "(the window waits until it is done)")


def data_file_place() -> str:
    """The path of the SQLite data file open now ("" on a database server)."""
    opened = database.current()
    if not isinstance(opened, peewee.SqliteDatabase):
        return ""
    place = getattr(opened, "place", "") or str(opened.database)
    return place.removeprefix("file:").partition("?")[0]


def people_needing_a_password() -> list[str]:
    """The active accounts whose password opens nothing on this encrypted
    file yet (made before it was encrypted, or switched on again)."""
    return [person.shown_name for person in accounts.people()
            if person.active and person.has_account and accounts.needs_new_password(person)]


def plain_backups() -> list[Path]:
    """The backups in the backup folder that are not encrypted (taken before
    the file was): anyone who can read that folder can read them."""
    from soberhouse import backups

    try:
        records = backups.list_backups()
    except (RuleViolation, OSError):
        return []
    return [record.path for record in records
            if record.path.exists() and not encryption.is_encrypted(record.path)]


def why_not_change() -> str | None:
    """Why the person signed in can't encrypt or make a new recovery key."""
    if why_not(Right.CHANGE_SETTINGS) is not None:
        return "Only the owner can encrypt the data file or make a new recovery key."
    return database.read_only_reason()


def busy(what: QLabel, text: str) -> None:
    """The line saying what happens, and the wait cursor, shown at once."""
    what.setText(text)
    what.show()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()


def not_busy(what: QLabel) -> None:
    QApplication.restoreOverrideCursor()
    what.hide()


class EncryptDialog(AccountForm):
    """What encrypting does, and the owner's password; Encrypt runs it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Encrypt the Data File \u2014 Soberhouse", "Encrypt this data file",
                         "&Encrypt", "Cancel", parent)
        self.explain(WHAT_ENCRYPTING_DOES)
        self.password = password_edit()
        self.add_field("password", "Your password", self.password)
        self.working = QLabel()
        self.working.setWordWrap(True)
        self.working.hide()
        self.extra.addWidget(self.working)
        self.note(f"Data file: {data_file_place()}")
        self.encrypted: object | None = None
        self.password.setFocus()

    def accept(self) -> None:
        from soberhouse import encrypting
        from ui.background import wait_for_running_work

        if not self.password.text():
            self.refuse(RuleViolation([Problem("password", "Type your password: the one "
                                                           "you signed in with.")]))
            return
        self.accept_button.setEnabled(False)
        busy(self.working, WORKING)
        try:
            wait_for_running_work()  # an automatic backup in its thread: let it finish
            self.encrypted = encrypting.encrypt_file(self.password.text())
        except RuleViolation as refusal:
            self.password.clear()
            self.refuse(refusal)
            return
        except (peewee.DatabaseError, OSError) as error:
            self.refuse(RuleViolation([Problem("", f"The data file could not be encrypted "
                                                   f"({error}); it is as it was.")]))
            return
        finally:
            not_busy(self.working)
            self.accept_button.setEnabled(True)
        self.errors.clear()
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> object | None:
        """What :func:`soberhouse.encrypting.encrypt_file` gave (the recovery
        key, the backup taken, who needs a new password), or None (Cancel;
        tests replace this)."""
        dialog = cls(parent)
        return dialog.encrypted if dialog.run() else None


class PasswordCheckDialog(AccountForm):
    """The owner's password again, before a new recovery key is made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Make a New Recovery Key \u2014 Soberhouse",
                         "Make a new recovery key", "&Make New Key", "Cancel", parent)
        self.explain("A new recovery key replaces the old one: the old key and every "
                     "recovery sheet printed with it no longer open this data file (backups "
                     "taken before now still open with the old key). Make a new one when "
                     "the sheet is lost or someone saw it who should not have.")
        self.password = password_edit()
        self.add_field("password", "Your password", self.password)
        self.code: str | None = None
        self.password.setFocus()

    def accept(self) -> None:
        from soberhouse import encrypting

        try:
            accounts.check_password(accounts.current_user().username, self.password.text())
            self.code = encrypting.new_recovery_key()
        except RuleViolation as refusal:
            self.password.clear()
            self.refuse(refusal)
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """The new recovery key, or None (Cancel; tests replace this)."""
        dialog = cls(parent)
        return dialog.code if dialog.run() else None


class EncryptionDialog(QDialog):
    """The data file's encryption: its state, Encrypt..., New Recovery Key..."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encryption")
        self.heading = heading_label("Encryption at rest", scale=1.2)
        self.state = QLabel()
        self.state.setObjectName("encryptionState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.people = QLabel()
        self.people.setObjectName("needsNewPassword")
        self.people.setWordWrap(True)
        self.people.hide()
        self.plain = QLabel()
        self.plain.setObjectName("plainBackups")
        self.plain.setWordWrap(True)
        self.plain.hide()

        self.encrypt_button = QPushButton("&Encrypt This Data File...")
        self.encrypt_button.clicked.connect(self.encrypt)
        self.new_key_button = QPushButton("Make a New &Recovery Key...")
        self.new_key_button.clicked.connect(self.make_new_recovery_key)
        actions = QHBoxLayout()
        actions.addWidget(self.encrypt_button)
        actions.addWidget(self.new_key_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.details)
        layout.addWidget(self.people)
        layout.addWidget(self.plain)
        layout.addLayout(actions)
        layout.addStretch(1)
        layout.addWidget(close)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.reload()

    @classmethod
    def show_for(cls, parent: QWidget) -> EncryptionDialog:
        """Open the screen (window-modal, not blocking the caller)."""
        dialog = cls(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reload(self) -> None:
        place = data_file_place()
        encrypted = bool(place) and encryption.open_file_is_encrypted()
        reason = why_not_change()
        palette = QPalette()
        if not place:
            self.state.setText("Encryption is the database server's.")
            self.details.setText(ON_THE_SERVER)
        elif encrypted:
            self.state.setText(ENCRYPTED)
            self.details.setText(
                f"Key file: {encryption.key_file_path(place)}\n\nIt holds the file's key, "
                f"locked by each person's password and by the recovery key. Without it (or "
                f"a copy: every backup has one beside it) the data file can't be opened. "
                f"Anyone who copies the data file gets nothing readable without a password "
                f"or the recovery key.")
        else:
            palette.setColor(QPalette.ColorRole.WindowText, error_colour())
            self.state.setText(NOT_ENCRYPTED)
            self.details.setText(f"Data file: {place}\n\nEncrypting it protects every "
                                 f"record if the computer or a copy of the file is lost, "
                                 f"stolen, sold or shared.")
        self.state.setPalette(palette)
        waiting = people_needing_a_password() if encrypted else []
        self.people.setText(
            "Need a new password before they can sign in (Settings > People > Reset "
            f"Password): {', '.join(waiting)}." if waiting else "")
        self.people.setVisible(bool(waiting))
        plain = plain_backups() if encrypted else []
        self.plain.setText(
            f"{len(plain)} backup{'s' if len(plain) != 1 else ''} in {plain[0].parent} "
            f"{'were' if len(plain) != 1 else 'was'} taken before the file was encrypted "
            f"and {'are' if len(plain) != 1 else 'is'} NOT encrypted: anyone who can open "
            f"that folder can read {'them' if len(plain) != 1 else 'it'}. Once you have "
            f"checked the encrypted file, delete {'them' if len(plain) != 1 else 'it'} "
            f"(or keep {'them' if len(plain) != 1 else 'it'} locked away)." if plain else "")
        self.plain.setVisible(bool(plain))
        self.encrypt_button.setVisible(bool(place) and not encrypted)
        self.new_key_button.setVisible(encrypted)
        for button in (self.encrypt_button, self.new_key_button):
            button.setEnabled(reason is None)
        self.encrypt_button.setToolTip(reason or "A verified backup first, then the file is "
                                                 "written again encrypted")
        self.new_key_button.setToolTip(reason or "Replace the recovery key (the old sheet "
                                                 "no longer opens the file)")

    def encrypt(self) -> None:
        from ui.recovery_key_dialog import RecoveryKeyDialog

        place = data_file_place()
        done = EncryptDialog.ask(self)
        if done is None:
            return
        RecoveryKeyDialog.ask(self, done.recovery_code,  # type: ignore[attr-defined]
                              data_file=place, made_by=accounts.current_user().shown_name)
        self.reload()
        backup = getattr(done, "backup_path", None)
        waiting = list(getattr(done, "people_without_lock", []) or [])
        message = "Data file encrypted"
        if backup:
            message += f"; the backup taken first: {Path(str(backup)).name}"
        if waiting:
            message += f". Give a new password to: {', '.join(waiting)}"
        self.status_message.emit(message)

    def make_new_recovery_key(self) -> None:
        from ui.recovery_key_dialog import RecoveryKeyDialog

        code = PasswordCheckDialog.ask(self)
        if code is None:
            return
        RecoveryKeyDialog.ask(self, code, data_file=data_file_place(),
                              made_by=accounts.current_user().shown_name, replaced=True)
        self.reload()
        self.status_message.emit("New recovery key made: the old one no longer opens the "
                                 "data file")
