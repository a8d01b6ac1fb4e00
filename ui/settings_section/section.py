"""The Settings section: the houses, with Add, Edit and each house's tiers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse.houses import get_house
from soberhouse.permissions import Right
from ui.date_style_choice import DateStyleChoice
from ui.permission_state import allow
from ui.resources import icon
from ui.settings_section.house_dialog import HouseDialog
from ui.settings_section.house_table_model import HouseTableModel
from ui.settings_section.idle_lock_choice import IdleLockChoice
from ui.settings_section.mentoring_dialog import MentoringSettingsDialog
from ui.settings_section.report_settings_panel import ReportSettingsDialog
from ui.settings_section.tiers_dialog import TiersDialog
from ui.table_columns import fit_columns, record_table


class SettingsSection(QWidget):
    status_message = Signal(str)
    houses_changed = Signal()
    residents_changed = Signal()
    """What every other section shows has changed (here: how dates are written)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Houses")
        title.setObjectName("sectionTitle")
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        title.setFont(title_font)
        explanation = QLabel(
            "Each house has its beds, its own tier ladder and its mentoring settings. "
            "Double-click a house to edit it.")
        explanation.setWordWrap(True)

        self.model = HouseTableModel(self)
        self.table = record_table(self.model, "Houses")
        # Name and address share the room; the figures fit (ui.table_columns).
        fit_columns(self.table).share_columns(0, 1)
        self.table.activated.connect(self._edit_house_at)

        self.add_button = QPushButton(icon("add"), "&Add House...")
        self.edit_button = QPushButton(icon("edit"), "&Edit House...")
        self.tiers_button = QPushButton(icon("tier"), "&Tiers...")
        self.mentoring_button = QPushButton(icon("mentoring"), "&Mentoring...")
        self.mentoring_button.setToolTip("Pairing by gender and when a check-in is overdue")
        self.add_button.clicked.connect(self.add_house)
        self.edit_button.clicked.connect(self.edit_house)
        self.tiers_button.clicked.connect(self.edit_tiers)
        self.mentoring_button.clicked.connect(self.edit_mentoring)
        self.reports_button = QPushButton(icon("print"), "Printed &Reports...")
        self.reports_button.setToolTip("The confidentiality notice, logo and paper size of "
                                       "every report (all houses)")
        self.reports_button.clicked.connect(self.edit_report_settings)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.tiers_button,
                       self.mentoring_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.people_button = QPushButton(icon("residents"), "&People...")
        self.people_button.clicked.connect(self.edit_people)
        buttons.addWidget(self.people_button)
        buttons.addWidget(self.reports_button)
        self.consents_button = QPushButton(icon("print"), "&Consents...")
        self.consents_button.clicked.connect(self.edit_disclosure_wording)
        buttons.addWidget(self.consents_button)
        self.audit_button = QPushButton(icon("check"), "A&udit Trail...")
        self.audit_button.clicked.connect(self.show_audit_trail)
        buttons.addWidget(self.audit_button)
        self.backups_button = QPushButton(icon("check"), "&Backups...")
        self.backups_button.clicked.connect(self.show_backups)
        buttons.addWidget(self.backups_button)
        self.encryption_button = QPushButton(icon("check"), "E&ncryption...")
        self.encryption_button.setToolTip("Whether the data file is encrypted; encrypt it, "
                                          "or make a new recovery key (owner)")
        self.encryption_button.clicked.connect(self.show_encryption)
        buttons.addWidget(self.encryption_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.dates = DateStyleChoice()
        self.dates.changed.connect(self._dates_changed)
        layout.addWidget(self.dates)
        self.locking = IdleLockChoice()
        self.locking.changed.connect(self.status_message)
        layout.addWidget(self.locking)
        # The start-up check of the audit trail's chain (ui.audit_check), for
        # those who may read the trail: "Audit trail intact, 12,408 entries...".
        self.audit_state = QLabel()
        self.audit_state.setObjectName("auditState")
        self.audit_state.setWordWrap(True)
        self.audit_state.hide()
        layout.addWidget(self.audit_state)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.refresh()

    def show_audit_check(self, check: object | None) -> None:
        """The audit trail's state as the start-up check found it (hidden for
        those who may not read the trail, and until the check has run)."""
        from soberhouse.permissions import why_not
        from ui.colours import error_colour

        if check is None or why_not(Right.VIEW_AUDIT) is not None:
            self.audit_state.hide()
            return
        self.audit_state.setText(check.sentence())  # type: ignore[attr-defined]
        palette = self.audit_state.palette()
        if not check.intact:  # type: ignore[attr-defined]
            palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        else:
            palette = QPalette()
        self.audit_state.setPalette(palette)
        self.audit_state.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.show_audit_check(self._window_audit_check())

    def _window_audit_check(self) -> object | None:
        return getattr(getattr(self.window(), "audit_check", None), "check", None)

    def refresh(self) -> None:
        self.show_audit_check(self._window_audit_check())
        self._update_people_button()
        self._update_consents_button()
        self.dates.show_saved()
        self.locking.show_saved()
        selected = self.selected_house_id()
        self.model.reload()
        if self.model.rowCount():
            row = self.model.row_of(selected) if selected is not None else -1
            self.table.selectRow(max(row, 0))
        self._update_buttons()

    def selected_house_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.house_id(index.row()) if index.isValid() else None

    def add_house(self) -> None:
        house = HouseDialog.ask(self)
        if house is not None:
            self._after_change(house.id, f"House added: {house.name}")

    def edit_house(self) -> None:
        house_id = self.selected_house_id()
        if house_id is None:
            return
        house = HouseDialog.ask(self, get_house(house_id))
        if house is not None:
            self._after_change(house.id, f"House saved: {house.name}")

    def edit_tiers(self) -> None:
        house_id = self.selected_house_id()
        if house_id is not None and TiersDialog.ask(self, house_id):
            self._after_change(house_id, f"Tiers saved for {get_house(house_id).name}")

    def edit_mentoring(self) -> None:
        house_id = self.selected_house_id()
        if house_id is not None and MentoringSettingsDialog.ask(self, house_id):
            self._after_change(house_id,
                               f"Mentoring settings saved for {get_house(house_id).name}")

    def edit_people(self) -> None:
        """Settings > People (owner only): accounts, roles and houses."""
        from ui.settings_section.people_panel import PeopleDialog

        for message in PeopleDialog.ask(self)[-1:]:
            self.status_message.emit(message)

    def _update_people_button(self) -> None:
        from soberhouse.permissions import Right, why_not

        reason = why_not(Right.MANAGE_PEOPLE)
        self.people_button.setEnabled(reason is None)
        self.people_button.setToolTip(reason or "Who has an account, their role and the "
                                                "houses they see")

    def edit_report_settings(self) -> None:
        if ReportSettingsDialog.ask(self):
            self.status_message.emit("Report settings saved: notice, logo and paper")

    def edit_disclosure_wording(self) -> None:
        """The 42 CFR 2.32 notice and the consent form's statements (owner only)."""
        from ui.settings_section.disclosure_wording_dialog import DisclosureWordingDialog

        if DisclosureWordingDialog.ask(self):
            self.status_message.emit("Consent and disclosure wording saved")

    def _update_consents_button(self) -> None:
        from soberhouse.permissions import Right, why_not

        reason = why_not(Right.CHANGE_SETTINGS)
        self.consents_button.setEnabled(reason is None)
        self.consents_button.setToolTip(reason or "The disclosure notice on reports for "
                                                  "someone outside, and the consent form's "
                                                  "wording")

    def show_audit_trail(self) -> None:
        """Who did what, when (owner and read-only accounts only)."""
        from ui.settings_section.audit_panel import AuditDialog

        self.audit_dialog = AuditDialog.show_for(self)

    def _update_audit_button(self) -> None:
        from soberhouse.permissions import Right, why_not

        reason = why_not(Right.VIEW_AUDIT)
        self.audit_button.setEnabled(reason is None)
        self.audit_button.setToolTip(reason or "Who signed in, viewed, changed, printed or "
                                               "exported what, and when")

    def show_backups(self) -> None:
        """Where backups go, the list, Back Up Now, Restore (owner only)."""
        from ui.settings_section.backups_panel import BackupsDialog

        self.backups_dialog = BackupsDialog.show_for(self)
        self.backups_dialog.status_message.connect(self.status_message)

    def show_encryption(self) -> None:
        """Whether the data file is encrypted; Encrypt..., New Recovery Key...
        (the owner; others see the state only)."""
        from ui.settings_section.encryption_panel import EncryptionDialog

        self.encryption_dialog = EncryptionDialog.show_for(self)
        self.encryption_dialog.status_message.connect(self.status_message)

    def _update_backups_button(self) -> None:
        from ui.settings_section.backups_panel import why_not_back_up

        reason = why_not_back_up()
        self.backups_button.setEnabled(reason is None)
        self.backups_button.setToolTip(reason or "Where backups go, every backup and "
                                                 "whether it passed its check, Restore")

    def open_item(self, kind: str, item_id: int) -> None:
        """Today's backup item opens Settings > Backups; its "not encrypted"
        item, Settings > Encryption."""
        if kind == "backups" and self.backups_button.isEnabled():
            self.show_backups()
        elif kind == "encryption" and self.encryption_button.isEnabled():
            self.show_encryption()

    def _dates_changed(self, message: str) -> None:
        self.status_message.emit(message)
        self.residents_changed.emit()

    def _edit_house_at(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.edit_house()

    def _after_change(self, house_id: int, message: str) -> None:
        self.model.reload()
        self.table.selectRow(self.model.row_of(house_id))
        self._update_buttons()
        self.status_message.emit(message)
        self.houses_changed.emit()

    def _update_buttons(self) -> None:
        self._update_audit_button()
        self._update_backups_button()
        house_id = self.selected_house_id()
        # What the signed-in person's role can't change is off, saying why.
        allow(self.add_button, Right.ADD_HOUSE)
        for button in (self.edit_button, self.tiers_button):
            allow(button, Right.CHANGE_HOUSE, house_id=house_id, when=house_id is not None)
        allow(self.mentoring_button, Right.CHANGE_SETTINGS, when=house_id is not None)
        allow(self.reports_button, Right.CHANGE_SETTINGS)
        allow(self.dates, Right.CHANGE_SETTINGS)
