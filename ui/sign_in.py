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

With ``SOBERHOUSE_USER`` and ``SOBERHOUSE_PASSWORD_FILE`` set (a kiosk, the
start-up benchmark, the smoke tests: :mod:`soberhouse.password_file`), the
sign-in happens without a dialog; a refused file is explained in a message
and the dialog follows.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts, database, password_file, passwords
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
    """Sign-in name and password; Sign In (Enter) or Quit (Esc)."""

    def __init__(self, parent: QWidget | None = None, place: str = "") -> None:
        super().__init__("Sign In \u2014 Soberhouse", "Sign in to Soberhouse", "&Sign In",
                         "&Quit", parent)
        self.user: AppUser | None = None
        self.typed_password = ""
        self.username = QLineEdit()
        self.username.setMaxLength(80)
        self.username.setPlaceholderText("e.g. dana")
        self.password = password_edit()
        self.add_field("username", "Sign-in name", self.username)
        self.add_field("password", "Password", self.password)
        if place:
            self.note(f"Data file: {place}")
        if database.is_read_only():
            self.note("This data file is open read-only: you can look, print and export, "
                      "but nothing can be saved.")
        last = preferences.load_text(LAST_NAME_KEY)
        self.username.setText(last)
        (self.password if last else self.username).setFocus()

    def accept(self) -> None:
        password = self.password.text()
        try:
            self.user = accounts.sign_in(self.username.text(), password)
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

    @classmethod
    def ask(cls, parent: QWidget | None = None, place: str = "") -> tuple[AppUser, str] | None:
        """The person signed in and the password they typed (for a forced
        change of password), or None for Quit (tests replace this)."""
        dialog = cls(parent, place)
        if not dialog.run() or dialog.user is None:
            return None
        return dialog.user, dialog.typed_password


class FirstOwnerDialog(AccountForm):
    """The first start of a data file: the owner's account, signed in at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Create the Owner's Account \u2014 Soberhouse",
                         "Create the owner's account", "&Create Account", "&Quit", parent)
        self.user: AppUser | None = None
        history = history_names()
        text = ("Everyone who uses Soberhouse signs in with their own name and password, so "
                "that the records say who wrote what. The owner is the first account: the "
                "owner can add people and choose what each may see and do, change the "
                "program's settings and read the audit trail.")
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
        self.display_name.setFocus()

    def accept(self) -> None:
        if self.password.text() != self.password_again.text():
            self.refuse(RuleViolation([Problem("password_again", NOT_THE_SAME)]))
            return
        try:
            self.user = accounts.create_owner(self.display_name.text(), self.username.text(),
                                              self.password.text())
        except RuleViolation as refusal:
            self.refuse(refusal)
            return
        preferences.save_text(LAST_NAME_KEY, self.user.username)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> AppUser | None:
        """The owner, signed in; None for Quit (tests replace this)."""
        dialog = cls(parent)
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


def sign_in_from_password_file() -> AppUser | None:
    """Sign in as ``SOBERHOUSE_USER`` with the password in
    ``SOBERHOUSE_PASSWORD_FILE`` when both are set; None when they are not, or
    when the file or the sign-in is refused (said in a message first)."""
    name = password_file.named_user()
    path = password_file.named_password_file()
    if name is None or path is None:
        return None
    try:
        return accounts.sign_in(name, password_file.read_password_file(path))
    except password_file.PasswordFileRefused as refusal:
        report_sign_in_problem("Can't use the password file",
                               f"{refusal}\n\nSign in with your password instead.")
    except RuleViolation as refusal:
        report_sign_in_problem(
            "Can't sign in with the password file",
            f"Signing in as {name} with the password in {path} was refused: {refusal}\n\n"
            f"Sign in with your password instead.")
    return None


def sign_in_on_open_file(parent: QWidget | None = None, place: str = "") -> bool:
    """Someone signed in on the data file just opened (``place``: its
    description), before anything about residents is read; False when the
    person chose Quit (the caller closes the file and ends, or goes back to
    the file it had open)."""
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

