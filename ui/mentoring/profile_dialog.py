"""A resident's matching profile (gender, fellowship, languages, focus areas),
and the same fields for a staff coach's form."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QListView, QWidget

from soberhouse.mentoring.profiles import (
    FELLOWSHIPS,
    FOCUS_AREAS,
    MatchingAttributes,
    join_list,
    profile_of,
    save_profile,
    split_list,
)
from soberhouse.residents import get_resident
from ui.mentoring.focus_areas_model import FocusAreasModel
from ui.record_dialog import RecordDialog

GENDERS = ("Female", "Male", "Non-binary")


class MatchingFields:
    """The four matching fields, added to a :class:`RecordDialog`'s form under
    the core's names (``gender``, ``fellowship``, ``languages``, ``focus_areas``)."""

    def __init__(self, dialog: RecordDialog) -> None:
        self.gender = QComboBox()
        self.gender.setEditable(True)
        self.gender.addItems(["", *GENDERS])
        self.gender.lineEdit().setPlaceholderText("Not recorded")
        self.fellowship = QComboBox()
        self.fellowship.setEditable(True)
        self.fellowship.addItems(["", *FELLOWSHIPS])
        self.fellowship.lineEdit().setPlaceholderText("e.g. AA")
        self.languages = QLineEdit()
        self.languages.setPlaceholderText("e.g. English; Spanish")
        self.focus_model = FocusAreasModel(FOCUS_AREAS, dialog)
        self.focus_view = QListView()
        self.focus_view.setModel(self.focus_model)
        self.focus_view.setAccessibleName("Focus areas")
        self.focus_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.focus_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = min(self.focus_model.rowCount(), 8)
        frame = self.focus_view.frameWidth() * 2
        self.focus_view.setFixedHeight(self.focus_view.sizeHintForRow(0) * rows + frame)
        self.other_focus = QLineEdit()
        self.other_focus.setPlaceholderText("Other focus areas, separated by ;")
        dialog.add_field("gender", "Gender", self.gender)
        dialog.add_field("fellowship", "Fellowship", self.fellowship)
        dialog.add_field("languages", "Languages", self.languages)
        dialog.add_field("focus_areas", "Focus areas", self.focus_view)
        dialog.add_field("other_focus_areas", "Other focus areas", self.other_focus)
        self.other_focus.setAccessibleName("Other focus areas")

    def widgets(self) -> list[QWidget]:
        return [self.gender, self.fellowship, self.languages, self.focus_view, self.other_focus]

    def set_attributes(self, attributes: MatchingAttributes) -> None:
        self.gender.setCurrentText(attributes.gender)
        self.fellowship.setCurrentText(attributes.fellowship)
        self.languages.setText(join_list(attributes.languages))
        others = self.focus_model.set_checked(attributes.focus_areas)
        self.other_focus.setText(join_list(others))

    def attributes(self) -> MatchingAttributes:
        focus = [*self.focus_model.checked(), *split_list(self.other_focus.text())]
        return MatchingAttributes(self.gender.currentText(), self.fellowship.currentText(),
                                  split_list(self.languages.text()), tuple(focus))

    def state(self) -> list[object]:
        return [self.focus_model.checked()]


class MatchingProfileDialog(RecordDialog):
    """Saves through :func:`soberhouse.mentoring.profiles.save_profile`; a
    changed value leaves the old one in the resident's history."""

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = get_resident(resident_id)
        self.setWindowTitle(f"Matching Profile: {self.resident.full_name}")
        self.set_introduction(
            "Mentor suggestions favour mentors who share these. A changed value keeps "
            "the old one in the resident's history.")
        self.required_note.hide()
        self.fields = MatchingFields(self)
        self.fields.set_attributes(profile_of(resident_id))
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int) -> bool:
        """True if the profile was saved."""
        return cls(resident_id, parent).run()

    def state(self) -> list[object]:
        return super().state() + self.fields.state()

    def apply(self) -> None:
        save_profile(self.resident.id, self.fields.attributes())
        self.status_text = f"Matching profile saved for {self.resident.full_name}"
