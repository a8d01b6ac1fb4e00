"""The section's actions, built in one place: menu, toolbar, context menu and
the detail pane's buttons all share them, so they enable together."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from soberhouse.models import ResidentStatus
from soberhouse.permissions import Right
from soberhouse.residents import ResidentRow
from ui.permission_state import allow
from ui.resources import icon


class ResidentActions(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.add = self._action("add", "&Add resident…", "Record a new resident's intake",
                                QKeySequence(QKeySequence.StandardKey.New))
        self.edit = self._action("edit", "&Edit resident…",
                                 "Correct the selected resident's details (Enter)")
        self.discharge = self._action("discharge", "&Discharge…",
                                      "Record that the selected resident graduated, "
                                      "was discharged or left")
        self.relapse = self._action("relapse", "Record &relapse…",
                                    "Give the selected resident a new sobriety date")
        self.change_tier = self._action("tier", "Change &tier…",
                                        "Promote or demote the selected resident")
        self.move_bed = self._action("bed", "&Move bed…",
                                     "Move the selected resident to another bed or house")
        self.readmit = self._action("readmit", "Re&admit…",
                                    "Move a former resident back in")
        self.import_residents = self._action("import", "&Import residents…",
                                             "Add residents from a spreadsheet (CSV)")
        self.export_residents = self._action("export", "E&xport residents…",
                                             "Save every resident to a spreadsheet (CSV)")
        self.separator = QAction(self)
        self.separator.setSeparator(True)
        self.update_for(None)

    def menu_actions(self) -> list[QAction]:
        return [self.add, self.edit, self.discharge, self.relapse, self.change_tier,
                self.move_bed, self.readmit, self.separator, self.import_residents,
                self.export_residents]

    def row_actions(self) -> list[QAction]:
        """What the context menu and the detail pane offer for one resident."""
        return [self.edit, self.discharge, self.relapse, self.change_tier, self.move_bed,
                self.readmit]

    def update_for(self, row: ResidentRow | None) -> None:
        """Enable what can be done to the selected resident (the core still
        checks); what the signed-in person's role can't change is off, saying
        why (a read-only account, another house's resident)."""
        living_here = row is not None and row.status == ResidentStatus.ACTIVE.value
        house_id = row.house_id if row is not None else None
        allow(self.edit, Right.CHANGE_RECORDS, house_id=house_id, when=row is not None)
        for action in (self.discharge, self.relapse, self.change_tier, self.move_bed):
            allow(action, Right.CHANGE_RECORDS, house_id=house_id, when=living_here)
        allow(self.readmit, Right.CHANGE_RECORDS, house_id=house_id,
              when=row is not None and not living_here)
        allow(self.import_residents, Right.IMPORT)

    def _action(self, icon_name: str, text: str, tip: str,
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # Active while the section (or a child) has focus; no clash with
            # other sections' Ctrl+N.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action
