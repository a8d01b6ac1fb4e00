"""Add or change a person's account (owner only), and reset their password.

The form: name, sign-in name, role, the houses they may see (or all houses),
for a peer coach the mentor they are (they see only that mentor's
mentees), and, for a new account, the first password to give them (they
choose their own at their first sign-in).  The core checks every rule
(:mod:`soberhouse.accounts`); its messages show under their fields and
nothing is saved half-way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soberhouse import accounts
from soberhouse.accounts import PersonDetails
from soberhouse.errors import Problem, RuleViolation
from soberhouse.houses import list_houses
from soberhouse.mentoring.mentors import mentor_facts
from soberhouse.models import AppUser, Role
from ui.record_dialog import RecordDialog
from ui.sign_in import NOT_THE_SAME, PASSWORD_RULES, password_edit

ROLE_EXPLANATIONS = {
    Role.OWNER: "Everything: people, settings and the audit trail, in every house.",
    Role.HOUSE_MANAGER: "Everything within the houses chosen.",
    Role.PEER_COACH: "Their own mentees' check-ins and goals; reads the rest of their "
                     "mentees' records; nothing else.",
    Role.READ_ONLY: "Views and prints within the houses chosen; changes nothing.",
}


class HouseChoice(QWidget):
    """The houses a person may see: a checkable list, or every house."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_houses = QCheckBox("&All houses, also those added later")
        self.list = QListWidget()
        self.list.setAccessibleName("Houses")
        for house in list_houses():
            item = QListWidgetItem(house.name)
            item.setData(Qt.ItemDataRole.UserRole, house.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        rows = max(1, min(self.list.count(), 6))
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * rows
                                   + 2 * self.list.frameWidth() + 4)
        self.all_houses.toggled.connect(lambda on: self.list.setEnabled(not on))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.all_houses)
        layout.addWidget(self.list)

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def set_chosen(self, house_ids: frozenset[int] | None) -> None:
        """None: every house."""
        self.all_houses.setChecked(house_ids is None)
        for item in self.items():
            chosen = house_ids is not None and item.data(Qt.ItemDataRole.UserRole) in house_ids
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def check(self, house_id: int, checked: bool = True) -> None:
        for item in self.items():
            if item.data(Qt.ItemDataRole.UserRole) == house_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_ids(self) -> tuple[int, ...]:
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in self.items()
                     if item.checkState() == Qt.CheckState.Checked)

    def state(self) -> tuple[bool, tuple[int, ...]]:
        return self.all_houses.isChecked(), self.chosen_ids()


class PersonDialog(RecordDialog):
    """A new account (``person`` None) or a change to one."""

    def __init__(self, person: AppUser | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person.id if person is not None else None
        self.saved: AppUser | None = None
        self.setWindowTitle("Change Account" if person is not None else "Add Person")
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(120)
        self.display_name.setPlaceholderText("e.g. Dana Reyes")
        self.username = QLineEdit()
        self.username.setMaxLength(80)
        self.username.setPlaceholderText("one word, e.g. dana")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.houses = HouseChoice()
        self.mentor = QComboBox()
        self.mentor.addItem("Choose the mentor they are", None)
        for facts in sorted(mentor_facts(include_stopped=False),
                            key=lambda f: f.name.casefold()):
            self.mentor.addItem(f"{facts.name} ({facts.role_label})", facts.id)
        self.password = password_edit()
        self.password_again = password_edit()

        self.add_field("display_name", "Name", self.display_name, required=True)
        self.add_field("username", "Sign-in name", self.username, required=True)
        self.add_field("role", "Role", self.role, required=True)
        self.add_field("house_ids", "Houses", self.houses, watched=self.houses.list)
        self.add_field("mentor_id", "Mentor they are", self.mentor)
        if person is None:
            self.add_field("password", "First password", self.password, required=True)
            self.add_field("password_again", "First password again", self.password_again,
                           required=True)
            self.rules = PASSWORD_RULES + (" They choose their own password when they first "
                                           "sign in.")
        else:
            self.rules = ""
        self.role.currentIndexChanged.connect(self._role_changed)
        if person is not None:
            self.display_name.setText(person.display_name)
            self.username.setText(person.username)
            self.role.setCurrentIndex(self.role.findData(person.role))
            self.houses.set_chosen(accounts.house_ids_of(person))
            index = self.mentor.findData(person.mentor_id)
            self.mentor.setCurrentIndex(max(index, 0))
        else:
            self.role.setCurrentIndex(self.role.findData(Role.HOUSE_MANAGER.value))
        self._role_changed()
        self.display_name.setFocus()
        self.mark_clean()

    def state(self) -> list[object]:
        return [*super().state(), self.houses.state()]

    def _role_changed(self) -> None:
        role = self.chosen_role()
        self.set_introduction(f"{role.label}: {ROLE_EXPLANATIONS[role]}"
                              + (f"\n\n{self.rules}" if self.rules else ""))
        self.set_row_visible(self.houses, role in (Role.HOUSE_MANAGER, Role.READ_ONLY))
        self.set_row_visible(self.mentor, role is Role.PEER_COACH)

    def chosen_role(self) -> Role:
        value = self.role.currentData()
        return Role(value) if value in set(Role) else Role.HOUSE_MANAGER

    def details(self) -> PersonDetails:
        role = self.chosen_role()
        in_houses = role in (Role.HOUSE_MANAGER, Role.READ_ONLY)
        mentor_id = self.mentor.currentData() if role is Role.PEER_COACH else None
        return PersonDetails(
            display_name=self.display_name.text(), username=self.username.text(), role=role,
            house_ids=self.houses.chosen_ids() if in_houses else (),
            all_houses=in_houses and self.houses.all_houses.isChecked(),
            mentor_id=mentor_id if isinstance(mentor_id, int) else None)

    def apply(self) -> str:
        details = self.details()
        if self.person_id is None:
            if self.password.text() != self.password_again.text():
                raise RuleViolation([Problem("password_again", NOT_THE_SAME)])
            self.saved = accounts.add_person(details, self.password.text())
            return (f"Added {self.saved.shown_name} ({details.role.label}): give them their "
                    f"first password; they choose their own at their first sign-in")
        self.saved = accounts.change_person(self.person_id, details)
        return f"Account saved: {self.saved.shown_name} ({details.role.label})"

    @classmethod
    def ask(cls, parent: QWidget | None = None, person: AppUser | None = None
            ) -> tuple[AppUser, str] | None:
        """The account saved and what was done, or None for Cancel."""
        dialog = cls(person, parent)
        if not dialog.run() or dialog.saved is None:
            return None
        return dialog.saved, dialog.status_text


class ResetPasswordDialog(RecordDialog):
    """A new password for someone who forgot theirs (they change it at their
    next sign-in)."""

    save_text = "Reset Password"

    def __init__(self, person: AppUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person.id
        self.setWindowTitle(f"Reset {person.shown_name}'s Password")
        self.set_introduction(
            f"Type a new password for {person.shown_name} and give it to them: at their "
            f"next sign-in they are asked to choose their own.\n\n{PASSWORD_RULES}")
        self.password = password_edit()
        self.password_again = password_edit()
        self.add_field("password", "New password", self.password, required=True)
        self.add_field("password_again", "New password again", self.password_again,
                       required=True)
        self.password.setFocus()
        self.mark_clean()

    def apply(self) -> str:
        if self.password.text() != self.password_again.text():
            raise RuleViolation([Problem("password_again", NOT_THE_SAME)])
        person = accounts.reset_password(self.person_id, self.password.text())
        return (f"Password reset for {person.shown_name}: they choose their own at their "
                f"next sign-in")

    @classmethod
    def ask(cls, person: AppUser, parent: QWidget | None = None) -> str | None:
        """What was done, or None for Cancel."""
        dialog = cls(person, parent)
        return dialog.status_text if dialog.run() else None
