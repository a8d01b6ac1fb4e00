"""Every action of the main window, built in one place.

Each action has its shortcut (a ``QKeySequence.StandardKey`` where Qt has one),
its icon from ``resources/icons`` and a status tip.  The window decides what
they do and where they appear (menus, toolbar); this module only describes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.resources import icon

Shortcut = QKeySequence.StandardKey | str


def make_action(
    parent: QWidget,
    text: str,
    status_tip: str,
    *,
    icon_name: str | None = None,
    shortcut: Shortcut | None = None,
    checkable: bool = False,
) -> QAction:
    """One action with its tip shown in the status bar and as a tooltip."""
    action = QAction(text, parent)
    action.setStatusTip(status_tip)
    action.setToolTip(_tooltip(text, shortcut))
    if icon_name is not None:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    return action


def _tooltip(text: str, shortcut: Shortcut | None) -> str:
    plain = text.replace("&", "").removesuffix("...")
    if shortcut is None:
        return plain
    keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{plain} ({keys})" if keys else plain


@dataclass(frozen=True)
class SectionInfo:
    """A section of the navigation list: its key, label, icon and status tip.

    ``add_method`` names the section widget's method that Ctrl+N calls (the
    section's main thing), and ``add_text`` the menu text for it.  A section
    with actions of its own (``menu_actions()``) gets a menu called ``menu_title``.
    """

    key: str
    label: str
    icon_name: str
    description: str
    add_method: str = ""
    add_text: str = ""
    menu_title: str = ""


SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo("today", "Today", "today", "What needs doing today"),
    SectionInfo("residents", "Residents", "residents", "Resident records, tiers and beds",
                add_method="add_resident", add_text="&New Resident...",
                menu_title="&Resident"),
    SectionInfo("mentoring", "Mentoring", "mentoring", "Mentors, mentees and check-ins",
                add_method="assign_mentor", add_text="&Assign a Mentor...",
                menu_title="Mento&ring"),
    SectionInfo("meetings", "Meetings", "meetings", "House meetings and roll call",
                add_method="add_meeting", add_text="New &Extra Meeting...",
                menu_title="Mee&tings"),
    SectionInfo("steps", "12-Step", "steps", "Outside meetings, sponsors and step work",
                add_method="enter_cards", add_text="&Enter Week's Cards...",
                menu_title="&12-Step"),
    SectionInfo("reports", "Reports", "reports", "Monthly progress reports"),
    SectionInfo("settings", "Settings", "settings", "Houses and their tiers",
                add_method="add_house", add_text="&New House..."),
)


class WindowActions:
    """The main window's actions; ``go_to`` holds one per section, in order."""

    def __init__(self, parent: QWidget) -> None:
        self.new_item = make_action(
            parent, "&New...", "Add the current section's main record",
            icon_name="add", shortcut=QKeySequence.StandardKey.New)
        self.find = make_action(
            parent, "&Find", "Search the current section",
            icon_name="search", shortcut=QKeySequence.StandardKey.Find)
        self.refresh = make_action(
            parent, "&Refresh", "Read the current section again from the data file",
            icon_name="refresh", shortcut=QKeySequence.StandardKey.Refresh)
        self.print = make_action(
            parent, "&Print...", "Print what the current section shows (Reports: the "
                                 "selected resident's monthly report)",
            icon_name="print", shortcut=QKeySequence.StandardKey.Print)
        self.print_lists = make_action(
            parent, "Print &Lists...", "Print a house list: the sign-in sheet of the next "
                                       "house meeting, the roster, the emergency contacts",
            icon_name="print")
        self.quit = make_action(
            parent, "&Quit", "Close Soberhouse", shortcut=QKeySequence.StandardKey.Quit)
        self.open_file = make_action(
            parent, "&Open Data File...", "Close this data file and open another",
            shortcut=QKeySequence.StandardKey.Open)
        self.lock = make_action(
            parent, "&Lock", "Hide everything on screen until your password is typed "
                             "(also after some minutes without use: Settings)",
            shortcut="Ctrl+L")
        self.change_password = make_action(
            parent, "C&hange My Password...", "Choose a new password for your own account")
        self.sign_out = make_action(
            parent, "Sign O&ut", "Close the window for the next person to sign in on this "
                                 "data file")
        self.forget_recent = make_action(
            parent, "&Clear the List", "Forget the data files opened before")
        self.guide = make_action(
            parent, "&Manager's Guide", "How each section works and how the figures are "
                                        "counted (on the section shown)",
            icon_name="help", shortcut=QKeySequence.StandardKey.HelpContents)
        self.about = make_action(
            parent, "&About Soberhouse", "Version and credits", icon_name="about")
        self.about_qt = make_action(parent, "About &Qt", "The Qt toolkit Soberhouse is built on")
        self.show_toolbar = make_action(
            parent, "Show &Toolbar", "Show or hide the toolbar", checkable=True)
        self.reset_columns = make_action(
            parent, "Reset &Column Widths", "Fit every table's columns to their contents "
                                            "again, forgetting widths set by hand")

        self.sections = QActionGroup(parent)
        self.sections.setExclusive(True)
        self.go_to: list[QAction] = []
        for number, section in enumerate(SECTIONS, start=1):
            action = make_action(
                parent, section.label, section.description,
                icon_name=section.icon_name, shortcut=f"Ctrl+{number}", checkable=True)
            action.setData(section.key)
            self.sections.addAction(action)
            self.go_to.append(action)
