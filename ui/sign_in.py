"""Signing in before the window opens, the owner's account on a first start,
and changing one's own password.

The window reads nothing about residents before someone is signed in:
:func:`sign_in_on_open_file` runs right after the data file is opened (at
start-up, after File > Open Data File, after Sign Out) and before the main
window is built.  It shows one of:

- :class:`FirstOwnerDialog` on a data file without any account yet (a new
  file, or one from before accounts, whose history keeps the names it
  recorded): the owner's name, sign-in name and password;
- :class:`SignInDialog` otherwise: sign-in name (remembered in the window's
  preferences, never the password) and password, each refusal of the core
  under the field it names ("wait 8 seconds before trying again");
- then, when the owner has reset that person's password,
  :class:`ChangePasswordDialog` asks for their own before the window opens.

An **encrypted** data file (:mod:`soberhouse.encryption`) can't be opened
before someone signs in: its accounts are inside it.  The window does not
connect to it (``ui.app.open_database``); the sign-in unlocks its key with
the password typed and opens it (:func:`soberhouse.encrypting.unlock_and_sign_in`).
"Forgot your password? Use the recovery key..." there opens
:class:`RecoveryDialog` (the recovery key, an owner's sign-in name and a new
password).  A **new** data file (none there yet, or an empty one) is made
encrypted by :class:`FirstOwnerDialog`, which then shows the recovery key
once (:class:`ui.recovery_key_dialog.RecoveryKeyDialog`).

With ``SOBERHOUSE_USER`` and ``SOBERHOUSE_PASSWORD_FILE`` set (a kiosk, the
start-up benchmark, the smoke tests: :mod:`soberhouse.password_file`), the
sign-in happens without a dialog; a refused file is explained in a message
and the dialog follows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts, database, encryption, password_file, passwords
from soberhouse.errors import Problem, RuleViolation
from soberhouse.models import AppUser
from ui import preferences
from ui.form_fields import FieldErrors, heading_label

LAST_NAME_KEY = "sign_in/last_name"
"""The last sign-in name that signed in on this computer (never a password)."""

PASSWORD_RULES = (
    f"At least {passwords.MINIMUM_LENGTH} characters. A few words that go together in "
    f"your head (\u201cmaple kettle river\u201d) are easy to remember and hard to guess; "
    f"the most common passwords, a run of keys and your own name are refused.")
NOT_THE_SAME = "The two passwords are not the same: type the new password again."


def is_encrypted_file(target: str | None) -> bool:
    """Whether ``target`` is an encrypted data file with its key file beside
    it (opened by the sign-in).  Without a key file it opens as any other
    file, and is refused in words (:func:`key_file_missing`, or "not a
    Soberhouse data file")."""
    if not target or database.is_url(target):
        return False
    path = Path(target).expanduser()
    return encryption.is_encrypted(path) and encryption.key_file_path(path).exists()


def key_file_missing(target: str | None) -> str | None:
    """Why ``target`` can't be opened when it is not plain SQLite and has no
    key file beside it (encrypted with its key file left behind, or damaged:
    its bytes can't tell, so the words say both); None otherwise."""
    if not target or database.is_url(target):
        return None
    path = Path(target).expanduser()
    if not encryption.is_encrypted(path) or encryption.key_file_path(path).exists():
        return None
    from soberhouse import encrypting

    return encrypting.damaged_or_without_key_file(path).message


def is_new_file(target: str | None) -> bool:
    """No data file at ``target`` yet (or an empty one): the first start
    makes it, encrypted (:class:`FirstOwnerDialog`)."""
    if not target or database.is_url(target):
        return False
    try:
        return Path(target).expanduser().stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def opens_at_sign_in(target: str | None, read_only: str | bool | None = None) -> bool:
    """Whether the sign-in opens ``target`` itself (an encrypted file, or a
    new one made encrypted): the window must not connect to it before."""
    return is_encrypted_file(target) or (not read_only and is_new_file(target))


def close_encrypted_file() -> None:
    """Close the encrypted data file open now and forget its key (Sign Out,
    Sign Out of a forced change of password): the next person unlocks it."""
    opened = database.database_proxy.obj
    if opened is None or not getattr(opened, "data_key", None):
        return
    database.close()
    opened.data_key = None


def password_edit() -> QLineEdit:
    """A masked password field."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


class AccountForm(QDialog):
    """A small form of this module: fields with their messages under them
    (:class:`ui.form_fields.FieldErrors`), an OK button named for what it
    does and a Cancel button named for where it goes."""

    def __init__(self, title: str, heading: str, accept_text: str, reject_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.heading = heading_label(heading, scale=1.2)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.hide()
        self.general_message = QLabel()
        self.errors = FieldErrors(self.general_message)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(accept_text,
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.reject_button = self.buttons.addButton(reject_text,
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.setDefault(True)  # Enter
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)  # and Esc
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.general_message)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def explain(self, text: str) -> None:
        self.explanation.setText(text)
        self.explanation.setVisible(bool(text))

    def add_field(self, name: str, label: str, field: QWidget) -> None:
        """``name`` is the core's field name, so its message lands under it."""
        self.errors.add_row(self.form, name, label, field)

    def note(self, text: str) -> QLabel:
        """A quiet line under the fields (the password rules, say)."""
        label = QLabel(text)
        label.setWordWrap(True)
        label.setEnabled(False)
        self.extra.addWidget(label)
        return label

    def refuse(self, violation: RuleViolation) -> None:
        """Each message under its field; the dialog stays open."""
        self.errors.show(violation)

    def run(self) -> bool:
        """exec(), then let Qt delete the dialog; True when accepted."""
        try:
            return self.exec() == QDialog.DialogCode.Accepted
        finally:
            self.deleteLater()


class SignInDialog(AccountForm):
    """Sign-in name and password; Sign In (Enter) or Quit (Esc).

    ``target`` given (an encrypted data file, not open yet): Sign In unlocks
    and opens it (read-only with ``read_only``, the reason in words), and
    "Forgot your password? Use the recovery key..." is offered."""

    def __init__(self, parent: QWidget | None = None, place: str = "", *,
                 target: str | None = None, read_only: str | bool | None = None) -> None:
        super().__init__("Sign In \u2014 Soberhouse", "Sign in to Soberhouse", "&Sign In",
                         "&Quit", parent)
        self.user: AppUser | None = None
        self.typed_password = ""
        self.target = target
        self.read_only = read_only or False
        self.username = QLineEdit()
        self.username.setMaxLength(80)
        self.username.setPlaceholderText("e.g. dana")
        self.password = password_edit()
        self.add_field("username", "Sign-in name", self.username)
        self.add_field("password", "Password", self.password)
        if place:
            self.note(f"Data file: {place}")
        if target is not None:
            self.note("This data file is encrypted: your password opens it.")
        if (self.read_only if target is not None else database.is_read_only()):
            self.note("This data file is open read-only: you can look, print and export, "
                      "but nothing can be saved.")
        self.recovery_button: QPushButton | None = None
        if target is not None and not self.read_only:
            self.recovery_button = QPushButton("Forgot your password? Use the &recovery "
                                               "key...")
            self.recovery_button.setAutoDefault(False)
            self.recovery_button.setToolTip("The owner signs in with the recovery key of "
                                            "the recovery sheet and chooses a new password")
            self.recovery_button.clicked.connect(self.use_recovery_key)
            self.extra.addWidget(self.recovery_button)
        last = preferences.load_text(LAST_NAME_KEY)
        self.username.setText(last)
        (self.password if last else self.username).setFocus()

    def _sign_in(self, name: str, password: str) -> AppUser:
        if self.target is None:
            return accounts.sign_in(name, password)
        from soberhouse import encrypting

        return encrypting.unlock_and_sign_in(self.target, name, password,
                                             read_only=self.read_only)

    def accept(self) -> None:
        password = self.password.text()
        try:
            self.user = self._sign_in(self.username.text(), password)
        except RuleViolation as refusal:
            self.password.clear()
            self.refuse(refusal)
            if any(problem.field == "password" for problem in refusal.problems):
                self.password.setFocus()
            return
        self.typed_password = password
        preferences.save_text(LAST_NAME_KEY, self.user.username)
        self.errors.clear()
        super().accept()

    def use_recovery_key(self) -> None:
        """The recovery dialog; the owner it signs in is signed in here too."""
        assert self.target is not None
        user = RecoveryDialog.ask(self, self.target, self.username.text())
        if user is None:
            return
        self.user = user
        self.typed_password = ""
        preferences.save_text(LAST_NAME_KEY, user.username)
        self.errors.clear()
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, place: str = "", *,
            target: str | None = None, read_only: str | bool | None = None
            ) -> tuple[AppUser, str] | None:
        """The person signed in and the password they typed (for a forced
        change of password), or None for Quit (tests replace this)."""
        dialog = cls(parent, place, target=target, read_only=read_only)
        if not dialog.run() or dialog.user is None:
            return None
        return dialog.user, dialog.typed_password


class RecoveryDialog(AccountForm):
    """The recovery key of an encrypted data file, an owner's sign-in name and
    a new password twice: the owner is signed in with the new password."""

    def __init__(self, target: str, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__("Use the Recovery Key \u2014 Soberhouse",
                         "Sign in with the recovery key", "&Set Password and Sign In",
                         "Cancel", parent)
        self.target = target
        self.user: AppUser | None = None
        self.explain("Type the recovery key from the recovery sheet kept in the safe (30 "
                     "letters and digits in six groups; dashes and spaces may be left out). "
                     "It lets an owner of this data file choose a new password.")
        self.recovery_key = QLineEdit()
        self.recovery_key.setMaxLength(60)
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.username = QLineEdit()
        self.username.setMaxLength(80)
        self.username.setText(username)
        self.username.setPlaceholderText("an owner's sign-in name, e.g. olive")
        self.password = password_edit()
        self.password_again = password_edit()
        self.add_field("recovery_key", "Recovery key", self.recovery_key)
        self.add_field("username", "Owner's sign-in name", self.username)
        self.add_field("password", "New password", self.password)
        self.add_field("password_again", "New password again", self.password_again)
        self.note(PASSWORD_RULES)
        self.note(f"Data file: {target}")
        self.recovery_key.setFocus()

    def accept(self) -> None:
        from soberhouse import encrypting

        if not self.recovery_key.text().strip():
            self.refuse(RuleViolation([Problem(
                "recovery_key", "Type the recovery key from the recovery sheet.")]))
            return
        if self.password.text() != self.password_again.text():
            self.refuse(RuleViolation([Problem("password_again", NOT_THE_SAME)]))
            return
        try:
            self.user = encrypting.recover(self.target, self.recovery_key.text(),
                                           self.username.text(), self.password.text())
        except RuleViolation as refusal:
            self.refuse(refusal)
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, target: str, username: str = "") -> AppUser | None:
        """The owner signed in with a new password, or None (Cancel; tests
        replace this)."""
        dialog = cls(target, username, parent)
        return dialog.user if dialog.run() else None


class FirstOwnerDialog(AccountForm):
    """The first start of a data file: the owner's account, signed in at once.

    ``new_file`` given (no data file there yet, or an empty one): the file is
    made encrypted with the owner's password
    (:func:`soberhouse.encrypting.new_encrypted_file`) and its recovery key
    shown once (:class:`ui.recovery_key_dialog.RecoveryKeyDialog`)."""

    def __init__(self, parent: QWidget | None = None, new_file: str | None = None) -> None:
        super().__init__("Create the Owner's Account \u2014 Soberhouse",
                         "Create the owner's account", "&Create Account", "&Quit", parent)
        self.user: AppUser | None = None
        self.new_file = new_file
        history = history_names() if new_file is None else []
        text = ("Everyone who uses Soberhouse signs in with their own name and password, so "
                "that the records say who wrote what. The owner is the first account: the "
                "owner can add people and choose what each may see and do, change the "
                "program's settings and read the audit trail.")
        if new_file is not None:
            text += ("\n\nThe new data file is encrypted: without a password of one of its "
                     "accounts nobody can read it, even with a copy of the file. Next, "
                     "Soberhouse shows its recovery key once, to print and keep in the safe.")
        if history:
            text += ("\n\nThis data file was kept before accounts existed. Its history names "
                     f"who recorded each change ({', '.join(history)}): those names stay in "
                     "the history as they are. If you sign in with one of them, it becomes "
                     "your account.")
        self.explain(text)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(120)
        self.display_name.setPlaceholderText("e.g. Dana Whitfield")
        self.username = QLineEdit()
        self.username.setMaxLength(80)
        self.username.setPlaceholderText("one word, e.g. dana")
        self.password = password_edit()
        self.password_again = password_edit()
        self.add_field("display_name", "Your name", self.display_name)
        self.add_field("username", "Sign-in name", self.username)
        self.add_field("password", "Password", self.password)
        self.add_field("password_again", "Password again", self.password_again)
        self.note(PASSWORD_RULES)
        if new_file is not None:
            self.note(f"Data file: {new_file}")
        self.display_name.setFocus()

    def accept(self) -> None:
        if self.password.text() != self.password_again.text():
            self.refuse(RuleViolation([Problem("password_again", NOT_THE_SAME)]))
            return
        try:
            if self.new_file is not None:
                self.user = self._make_encrypted_file()
            else:
                self.user = accounts.create_owner(self.display_name.text(),
                                                  self.username.text(), self.password.text())
        except RuleViolation as refusal:
            self.refuse(refusal)
            return
        preferences.save_text(LAST_NAME_KEY, self.user.username)
        super().accept()

    def _make_encrypted_file(self) -> AppUser:
        """The new file, encrypted, its owner signed in; then its recovery key."""
        from soberhouse import encrypting
        from ui.recovery_key_dialog import RecoveryKeyDialog

        assert self.new_file is not None
        keys = encrypting.new_encrypted_file(self.new_file, self.display_name.text(),
                                             self.username.text(), self.password.text())
        user = accounts.current_user()
        RecoveryKeyDialog.ask(self, keys.recovery_code, data_file=self.new_file,
                              made_by=user.shown_name)
        return user

    @classmethod
    def ask(cls, parent: QWidget | None = None, new_file: str | None = None
            ) -> AppUser | None:
        """The owner, signed in; None for Quit (tests replace this)."""
        dialog = cls(parent, new_file)
        return dialog.user if dialog.run() else None


class ChangePasswordDialog(AccountForm):
    """One's own password: the present one, the new one twice.

    ``present_password`` given (the one just typed to sign in, which the
    owner had set): the present password is not asked again, and Cancel
    reads Sign Out: the window does not open with the owner's password."""

    def __init__(self, parent: QWidget | None = None,
                 present_password: str | None = None) -> None:
        forced = present_password is not None
        super().__init__("Change My Password \u2014 Soberhouse",
                         "Choose your own password" if forced else "Change your password",
                         "&Change Password", "Sign &Out" if forced else "Cancel", parent)
        self.changed = False
        if forced:
            self.explain("The owner set the password you just typed. Choose your own now: "
                         "only you should know it.")
        self.present = password_edit()
        self.present.setText(present_password or "")
        self.password = password_edit()
        self.password_again = password_edit()
        self.add_field("old_password", "Present password", self.present)
        self.add_field("password", "New password", self.password)
        self.add_field("password_again", "New password again", self.password_again)
        if forced:
            self.form.setRowVisible(self.present.parentWidget(), False)
        self.note(PASSWORD_RULES)
        (self.password if forced else self.present).setFocus()

    def accept(self) -> None:
        if self.password.text() != self.password_again.text():
            self.refuse(RuleViolation([Problem("password_again", NOT_THE_SAME)]))
            return
        try:
            accounts.change_own_password(self.present.text(), self.password.text())
        except RuleViolation as refusal:
            self.refuse(refusal)
            return
        self.changed = True
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, present_password: str | None = None) -> bool:
        """True when the password was changed (tests replace this)."""
        dialog = cls(parent, present_password)
        return dialog.run() and dialog.changed


def history_names() -> list[str]:
    """The names a data file's history recorded before accounts existed."""
    return [user.username for user in accounts.people(include_history_names=True)
            if not user.has_account]


def report_sign_in_problem(title: str, message: str) -> None:
    """Say why the sign-in without a dialog failed (tests replace this)."""
    QMessageBox.warning(None, title, message)


def sign_in_from_password_file(target: str | None = None,
                               read_only: str | bool | None = None) -> AppUser | None:
    """Sign in as ``SOBERHOUSE_USER`` with the password in
    ``SOBERHOUSE_PASSWORD_FILE`` when both are set; None when they are not, or
    when the file or the sign-in is refused (said in a message first).
    ``target`` given (an encrypted data file, not open yet): the password
    unlocks and opens it."""
    name = password_file.named_user()
    path = password_file.named_password_file()
    if name is None or path is None:
        return None
    try:
        password = password_file.read_password_file(path)
        if target is None:
            return accounts.sign_in(name, password)
        from soberhouse import encrypting

        return encrypting.unlock_and_sign_in(target, name, password,
                                             read_only=read_only or False)
    except password_file.PasswordFileRefused as refusal:
        report_sign_in_problem("Can't use the password file",
                               f"{refusal}\n\nSign in with your password instead.")
    except RuleViolation as refusal:
        report_sign_in_problem(
            "Can't sign in with the password file",
            f"Signing in as {name} with the password in {path} was refused: {refusal}\n\n"
            f"Sign in with your password instead.")
    return None


def sign_in_on_open_file(parent: QWidget | None = None, place: str = "", *,
                         target: str | None = None,
                         read_only: str | bool | None = None) -> bool:
    """Someone signed in on the data file just opened (``place``: its
    description), before anything about residents is read; False when the
    person chose Quit (the caller closes the file and ends, or goes back to
    the file it had open).

    ``target`` names the data file: an encrypted one (not open yet: see
    :func:`opens_at_sign_in`) is opened by the sign-in, read-only with
    ``read_only``; a new one is made encrypted with the owner's account."""
    if is_encrypted_file(target):
        assert target is not None
        return _sign_in_to_encrypted_file(parent, place, target, read_only)
    if not read_only and is_new_file(target):
        return FirstOwnerDialog.ask(parent, new_file=target) is not None
    if not accounts.accounts_exist():
        if database.is_read_only():
            report_sign_in_problem(
                "No account yet",
                "This data file has no accounts yet, and it is open read-only, so the "
                "owner's account can't be made. Open it where it can be changed first "
                "(not read-only, and not while another window holds it).")
            return False
        return FirstOwnerDialog.ask(parent) is not None
    if sign_in_from_password_file() is not None:
        return True
    while True:
        answer = SignInDialog.ask(parent, place)
        if answer is None:
            return False
        user, typed = answer
        if not user.must_change_password or database.is_read_only():
            return True
        if ChangePasswordDialog.ask(parent, present_password=typed):
            return True
        accounts.sign_out()  # Sign Out: back to the sign-in


def _sign_in_to_encrypted_file(parent: QWidget | None, place: str, target: str,
                               read_only: str | bool | None) -> bool:
    """:func:`sign_in_on_open_file` on an encrypted data file: each sign-in
    unlocks and opens it; a Sign Out of the forced change of password closes
    it again (the key forgotten) before the next try."""
    close_encrypted_file()  # a file open with a key kept: the person unlocks it anew
    if sign_in_from_password_file(target, read_only) is not None:
        return True
    while True:
        answer = SignInDialog.ask(parent, place, target=target, read_only=read_only)
        if answer is None:
            return False
        user, typed = answer
        if not user.must_change_password or database.is_read_only() or not typed:
            return True
        if ChangePasswordDialog.ask(parent, present_password=typed):
            return True
        accounts.sign_out()  # Sign Out: back to the sign-in, the file closed
        close_encrypted_file()
