"""One meeting: its record (date, time, kind, facilitator, topic, minutes,
motions) and its roll call.

The roll call is made for the keyboard (see :mod:`ui.meetings.roll_call_view`)
and saved in one core call; a weekly meeting that follows from the schedule
is recorded first, on the same Save.  A refused save shows the core's words
under the field, or on the resident's row."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.date_style import written_date
from soberhouse.errors import NotAllowed, Problem, RuleViolation
from soberhouse.meetings.records import MeetingDetails, get_meeting, record_meeting, update_meeting
from soberhouse.meetings.roll_call import (
    RollCallMember,
    members_on,
    roll_call,
    save_meeting_and_roll_call,
)
from soberhouse.models.meetings import AttendanceStatus, HouseMeeting, MeetingKind, MotionOutcome
from soberhouse.permissions import Right
from ui.choice_delegate import ChoiceDelegate
from ui.colours import error_colour
from ui.date_field import DateField, TimeField
from ui.edit_conflict_dialog import AsksAboutConflicts, OpenedRecord
from ui.form_fields import FieldErrors
from ui.meetings.meeting_dialogs import TIME_FORMAT, time_text, to_qtime
from ui.meetings.meeting_list_model import MeetingListRow, MeetingState
from ui.meetings.motions_model import MotionColumn, MotionDraft, MotionsModel
from ui.meetings.roll_call_model import RollCallColumn, RollCallModel
from ui.meetings.roll_call_view import RollCallView
from ui.mentoring.marks import plural
from ui.permission_state import allow
from ui.record_dialog import widget_state
from ui.resources import icon
from ui.table_columns import allow_copy


class InnerTab:
    ROLL_CALL = 0
    MINUTES = 1


def problems_by_resident(problems: list[Problem], members: list[RollCallMember]
                         ) -> tuple[dict[int, str], list[str]]:
    """Each roll-call problem on the row of the resident it names (the core's
    messages name them in their own order: "Zoë Nguyễn", "李伟"); the rest apart."""
    names = sorted(((m.full_name, m.resident_id) for m in members),
                   key=lambda pair: -len(pair[0]))
    by_resident: dict[int, str] = {}
    general: list[str] = []
    for problem in problems:
        for name, resident_id in names:
            if name and problem.message.startswith(name):
                by_resident[resident_id] = "\n".join(
                    filter(None, (by_resident.get(resident_id), problem.message)))
                break
        else:
            general.append(problem.message)
    return by_resident, general


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, error_colour())
    label.setPalette(palette)
    label.hide()
    return label


class MeetingPanel(QWidget, AsksAboutConflicts):
    saved = Signal(int, str)
    """A meeting was recorded, changed or had its roll call saved: its id and
    what was done, in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house_id: int | None = None
        self.row: MeetingListRow | None = None
        self.meeting_id: int | None = None
        self._clean_record: list[object] | None = None
        # A recorded meeting: what the record showed, and its version then.
        self._opened: OpenedRecord[MeetingDetails] | None = None
        self._record_editable = False
        self._roll_call_editable = False

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)

        # ---------------------------------------------------------- the record
        self.held_on = DateField(required=True)
        self.starts_at = TimeField(to_qtime("19:00"))  # Tab leaves it
        self.starts_at.setDisplayFormat(TIME_FORMAT)
        self.kind = QComboBox()
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind.value)
        self.facilitator = QComboBox()
        self.facilitator.setEditable(True)
        self.facilitator.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        facilitator_text = self.facilitator.lineEdit()
        assert facilitator_text is not None
        facilitator_text.setPlaceholderText("A resident, or type a staff name")
        self.facilitator.setToolTip("Choose a resident living in the house, or type the name "
                                    "of a staff member or guest")
        self.facilitator.setMinimumContentsLength(18)
        self.facilitator.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("e.g. Chore rotation, house rules")
        self.topic.returnPressed.connect(self.save_record)
        self.minutes = QPlainTextEdit()
        self.minutes.setPlaceholderText("Officer and chore reports, what was decided, "
                                        "announcements...")
        self.minutes.setTabChangesFocus(True)
        self.motions_model = MotionsModel(self)
        self.motions = QTableView()
        self.motions.setModel(self.motions_model)
        self.motions.setAccessibleName("Motions")
        self.motions.setItemDelegateForColumn(
            MotionColumn.OUTCOME, ChoiceDelegate(MotionOutcome, "Outcome", self.motions))
        self.motions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.motions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.motions.setAlternatingRowColors(True)
        self.motions.setTabKeyNavigation(False)
        self.motions.setWordWrap(False)
        self.motions.verticalHeader().hide()
        header = self.motions.horizontalHeader()
        header.setSectionResizeMode(MotionColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (MotionColumn.MOVED_BY, MotionColumn.OUTCOME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * 16)
        for column in (MotionColumn.FOR, MotionColumn.AGAINST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        allow_copy(self.motions)
        self.add_motion_button = QPushButton(icon("add"), "A&dd motion")
        self.add_motion_button.setToolTip("Add a motion, then type what was proposed")
        self.remove_motion_button = QPushButton("&Remove motion")
        self.remove_motion_button.setToolTip("Remove the selected motion")
        for button in (self.add_motion_button, self.remove_motion_button):
            button.setAutoDefault(False)
        self.add_motion_button.clicked.connect(self.add_motion)
        self.remove_motion_button.clicked.connect(self.remove_motion)
        self.motions.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.save_button = QPushButton(icon("check"), "Save &meeting")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip("Save the meeting's date, facilitator, topic, minutes and "
                                    "motions")
        self.save_button.clicked.connect(self.save_record)

        self.general_message = _error_label()
        self.errors = FieldErrors(self.general_message)
        when_form = QFormLayout()
        who_form = QFormLayout()
        for form in (when_form, who_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors.add_row(when_form, "held_on", "Date", self.held_on, required=True)
        self.errors.add_row(when_form, "starts_at", "Time", self.starts_at)
        self.errors.add_row(when_form, "kind", "Kind", self.kind)
        self.errors.add_row(who_form, "facilitator_resident_id", "Facilitator", self.facilitator)
        self.errors.add_row(who_form, "topic", "Topic", self.topic)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        who_form.addRow(save_row)
        record = QHBoxLayout()
        record.addLayout(when_form, 2)
        record.addSpacing(12)
        record.addLayout(who_form, 3)

        # ---------------------------------------------------------- the roll call
        self.roll_call_model = RollCallModel(self)
        self.roll_call_view = RollCallView()
        self.roll_call_view.setModel(self.roll_call_model)
        self.roll_call_view.set_empty_message("Nobody lived in the house on this day.")
        self.roll_call_view.save_requested.connect(self.save_roll_call)
        self.roll_call_view.marked.connect(self._roll_call_changed)
        self.roll_call_model.dataChanged.connect(self._update_summary)
        self.roll_call_model.modelReset.connect(self._update_summary)
        self.mark_all_button = QPushButton(icon("mark-all"), "Mark &all present")
        self.mark_all_button.setToolTip("Mark everyone not marked yet as present, then change "
                                        "the exceptions (Ctrl+Shift+A)")
        self.save_roll_call_button = QPushButton(icon("roll-call"), "Save roll &call")
        self.save_roll_call_button.setToolTip("Save every mark at once (Ctrl+S, or Enter in "
                                              "the list)")
        for button in (self.mark_all_button, self.save_roll_call_button):
            button.setAutoDefault(False)
        self.mark_all_button.clicked.connect(self.mark_all_present)
        self.save_roll_call_button.clicked.connect(self.save_roll_call)
        self.roll_call_summary = QLabel()
        self.roll_call_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.roll_call_summary.setWordWrap(True)
        self.roll_call_hint = QLabel("Keys: P present \u00b7 L late \u00b7 E excused (then "
                                     "the reason, Enter) \u00b7 U unexcused \u00b7 Enter saves")
        self.roll_call_hint.setEnabled(False)
        self.roll_call_hint.setWordWrap(True)
        self.roll_call_message = _error_label()

        roll_call_page = QWidget()
        roll_layout = QVBoxLayout(roll_call_page)
        top = QHBoxLayout()
        top.addWidget(self.mark_all_button)
        top.addWidget(self.save_roll_call_button)
        top.addSpacing(8)
        top.addWidget(self.roll_call_summary, 1)
        roll_layout.addLayout(top)
        roll_layout.addWidget(self.roll_call_message)
        roll_layout.addWidget(self.roll_call_view, 1)
        roll_layout.addWidget(self.roll_call_hint)

        minutes_page = QWidget()
        minutes_form = QFormLayout(minutes_page)
        minutes_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        minutes_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.errors.add_row(minutes_form, "minutes", "Minutes", self.minutes)
        motions_box = QWidget()
        motions_layout = QVBoxLayout(motions_box)
        motions_layout.setContentsMargins(0, 0, 0, 0)
        motions_layout.addWidget(self.motions, 1)
        motion_buttons = QHBoxLayout()
        motion_buttons.addWidget(self.add_motion_button)
        motion_buttons.addWidget(self.remove_motion_button)
        motion_buttons.addStretch(1)
        motions_layout.addLayout(motion_buttons)
        self.errors.add_row(minutes_form, "motions", "Motions", motions_box)

        self.inner_tabs = QTabWidget()
        self.inner_tabs.setDocumentMode(True)
        self.inner_tabs.addTab(roll_call_page, icon("roll-call"), "Roll call")
        self.inner_tabs.addTab(minutes_page, icon("edit"), "Minutes and motions")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.state_label)
        layout.addWidget(self.general_message)
        layout.addLayout(record)
        layout.addWidget(self.inner_tabs, 1)

        self._record_fields: list[QWidget] = [self.held_on, self.starts_at, self.kind,
                                              self.facilitator, self.topic, self.minutes]
        self.setTabOrder(self.held_on, self.starts_at)
        self.setTabOrder(self.starts_at, self.kind)
        self.setTabOrder(self.kind, self.facilitator)
        self.setTabOrder(self.facilitator, self.topic)
        self.setTabOrder(self.topic, self.save_button)
        self.show_meeting(None, None)

    # ------------------------------------------------------------ showing

    def show_meeting(self, row: MeetingListRow | None, house_id: int | None) -> None:
        """Show a meeting of the list (None: nothing chosen), forgetting any
        unsaved change (the section asks first)."""
        self.row = row
        self.house_id = house_id
        self.meeting_id = row.meeting_id if row is not None else None
        self.errors.clear()
        self._hide_roll_call_message()
        if row is None or house_id is None:
            self.title.setText("No meeting chosen")
            self.state_label.setText("Choose a meeting on the left, or add an extra meeting.")
            self._fill_record(None, [])
            self.roll_call_model.set_members([])
            self._set_editable(record=False, roll_call=False)
            self._clean_record = self._record_state()
            self._opened = None
            return
        today = clock.today()
        if row.meeting_id is not None:
            meeting = get_meeting(row.meeting_id)
            details = MeetingDetails.of(meeting)
            members = roll_call(row.meeting_id)
            cancelled = bool(meeting.cancelled)
            cancel_reason = meeting.cancel_reason
        else:
            details = MeetingDetails(house_id=house_id, held_on=row.held_on,
                                     starts_at=row.starts_at, kind=row.kind)
            members = members_on(house_id, row.held_on)
            cancelled = False
            cancel_reason = ""
        self.title.setText(row.title)
        future_weekly = (row.meeting_id is None and row.held_on > today)
        self.state_label.setText(self._state_text(row, cancelled, cancel_reason, future_weekly))
        facilitators = members if row.meeting_id is None else members_on(house_id, row.held_on)
        self._fill_record(details, facilitators)
        self.roll_call_model.set_members(members)
        self._set_editable(record=not cancelled and not future_weekly,
                           roll_call=not cancelled and row.held_on <= today)
        self.roll_call_view.size_columns()
        self._clean_record = self._record_state()
        self._remember_opened(meeting if row.meeting_id is not None else None)

    def set_row(self, row: MeetingListRow) -> None:
        """The same meeting, as the list now shows it (after a save)."""
        self.row = row
        self.meeting_id = row.meeting_id
        self.title.setText(row.title)
        if row.meeting_id is not None:
            meeting = get_meeting(row.meeting_id)
            self.state_label.setText(self._state_text(row, bool(meeting.cancelled),
                                                      meeting.cancel_reason, False))

    def _state_text(self, row: MeetingListRow, cancelled: bool, reason: str,
                    future_weekly: bool) -> str:
        if cancelled:
            return f"Cancelled: {reason}" if reason else "Cancelled."
        if future_weekly:
            return ("Planned from the house's weekly schedule. Record it and take the roll "
                    "call on the day; you can cancel it ahead (Cancel meeting).")
        if row.held_on > clock.today():
            return "An extra meeting planned ahead. Take the roll call on the day."
        if row.state is MeetingState.TAKEN:
            return "Roll call taken. Change any mark and save again: the old mark is kept."
        if row.meeting_id is None:
            return ("From the weekly schedule, not recorded yet. Take the roll call and save: "
                    "the meeting is recorded with it.")
        return "Roll call not taken yet."

    def _fill_record(self, details: MeetingDetails | None,
                     members: list[RollCallMember]) -> None:
        self.facilitator.clear()
        self.facilitator.addItem("", None)
        for member in members:
            self.facilitator.addItem(member.name, member.resident_id)
        if details is None:
            self.held_on.set_value(clock.today())
            self.starts_at.setTime(to_qtime("19:00"))
            self.kind.setCurrentIndex(0)
            self.facilitator.setEditText("")
            self.topic.clear()
            self.minutes.clear()
            self.motions_model.set_drafts([])
            return
        self._show_details(details)

    def _show_details(self, details: MeetingDetails) -> None:
        """Show a meeting's record, leaving each field that already says the
        same as it is (the cursor in the minutes stays where it was)."""
        self.held_on.set_value(details.held_on)
        self.starts_at.setTime(to_qtime(details.starts_at))
        self.kind.setCurrentIndex(max(self.kind.findData(MeetingKind(details.kind).value), 0))
        if details.facilitator_resident_id is not None:
            number = self.facilitator.findData(details.facilitator_resident_id)
            if number < 0:
                self.facilitator.addItem(f"Resident #{details.facilitator_resident_id}",
                                         details.facilitator_resident_id)
                number = self.facilitator.count() - 1
            self.facilitator.setCurrentIndex(number)
        else:
            self.facilitator.setCurrentIndex(0)
            self.facilitator.setEditText(details.facilitator_name)
        if self.topic.text() != details.topic:
            self.topic.setText(details.topic)
        if self.minutes.toPlainText() != details.minutes:
            self.minutes.setPlainText(details.minutes)
        drafts = [MotionDraft.of(m) for m in details.motions]
        if self.motions_model.drafts != drafts:
            self.motions_model.set_drafts(drafts)
            self.motions.resizeColumnToContents(MotionColumn.FOR)

    def _remember_opened(self, meeting: HouseMeeting | None) -> None:
        """What the record shows now and the meeting's version: a save writes
        only what is changed from here, and notices a newer save."""
        if meeting is None:
            self._opened = None
            return
        meeting_id = meeting.id
        self._opened = OpenedRecord(self.details(), meeting.version,
                                    on_file=lambda: MeetingDetails.of(get_meeting(meeting_id)),
                                    take=MeetingDetails.with_parts_from)

    def _saved(self, meeting: HouseMeeting) -> None:
        """After a save: show the record as it now is (with what someone else
        saved meanwhile, in another field), and build the next save on it."""
        self.errors.clear()
        self.meeting_id = meeting.id
        self._show_details(MeetingDetails.of(meeting))
        self._clean_record = self._record_state()
        self._remember_opened(meeting)

    def _set_editable(self, *, record: bool, roll_call: bool) -> None:
        # What the signed-in person's role can't change (a read-only account,
        # another house's meeting) is shown only, its Save buttons saying why.
        record = allow(self.save_button, Right.CHANGE_RECORDS, house_id=self.house_id,
                       when=record)
        roll_call = allow(self.save_roll_call_button, Right.CHANGE_RECORDS,
                          house_id=self.house_id, when=roll_call)
        allow(self.mark_all_button, Right.CHANGE_RECORDS, house_id=self.house_id,
              when=roll_call)
        self._record_editable = record
        self._roll_call_editable = roll_call
        for field in self._record_fields:
            field.setEnabled(record)
        self.motions.setEnabled(record)
        self.roll_call_view.set_editable(roll_call)
        self.roll_call_hint.setVisible(roll_call)
        self._update_buttons()
        self._update_summary()

    # ------------------------------------------------------------ state

    def _record_state(self) -> list[object]:
        return ([widget_state(field) for field in self._record_fields]
                + [tuple(self.motions_model.drafts)])

    def record_is_dirty(self) -> bool:
        return (self._record_editable and self._clean_record is not None
                and self._record_state() != self._clean_record)

    def is_dirty(self) -> bool:
        """Something typed or marked and not saved."""
        return self.record_is_dirty() or (self._roll_call_editable
                                          and self.roll_call_model.is_dirty())

    def unsaved_description(self) -> str | None:
        """What is not saved, in one sentence (None: nothing)."""
        if self.row is None or not self.is_dirty():
            return None
        meeting = f"the {self.row.kind.label.lower()} of {written_date(self.row.held_on)}"
        marks = self.roll_call_model.changed_count() if self._roll_call_editable else 0
        if marks and self.record_is_dirty():
            return (f"The roll call for {meeting} has {plural(marks, 'mark')} not saved, "
                    f"and changes to the meeting's record.")
        if marks:
            return f"The roll call for {meeting} has {plural(marks, 'mark')} not saved."
        return f"Changes to {meeting} (date, topic, minutes or motions) are not saved."

    def save_unsaved(self) -> bool:
        """Save the roll call (with the record), or the record alone."""
        if self._roll_call_editable and self.roll_call_model.is_dirty():
            return self.save_roll_call()
        return self.save_record()

    def discard_unsaved(self) -> None:
        """Show the meeting as it is on record again."""
        self.show_meeting(self.row, self.house_id)

    @property
    def roll_call_editable(self) -> bool:
        return self._roll_call_editable

    @property
    def record_editable(self) -> bool:
        return self._record_editable

    def details(self) -> MeetingDetails:
        assert self.house_id is not None
        text = self.facilitator.currentText().strip()
        number = self.facilitator.findText(text, Qt.MatchFlag.MatchExactly) if text else -1
        resident_id = self.facilitator.itemData(number) if number > 0 else None
        return MeetingDetails(
            house_id=self.house_id, held_on=self.held_on.value() or clock.today(),
            starts_at=time_text(self.starts_at), kind=MeetingKind(self.kind.currentData()),
            facilitator_resident_id=resident_id,
            facilitator_name="" if resident_id is not None else text,
            topic=self.topic.text(), minutes=self.minutes.toPlainText(),
            motions=self.motions_model.details())

    # ------------------------------------------------------------ saving

    def save_record(self) -> bool:
        """Record the meeting (or save the changes to it)."""
        if not self._record_editable or self.house_id is None:
            return False
        if self.meeting_id is not None and not self.record_is_dirty():
            return True
        if not self._write_record():
            return False
        assert self.meeting_id is not None
        self.saved.emit(self.meeting_id, f"Meeting saved: {self.title.text()}")
        return True

    def _write_record(self) -> bool:
        if not self.errors.check_typing():  # a date that can't be read: nothing is saved
            return False
        meeting_id = self.meeting_id
        try:
            if meeting_id is None or self._opened is None:
                meeting = record_meeting(self.details())
            else:
                meeting = self._opened.save(
                    self.details(),
                    lambda details, base, version: update_meeting(
                        meeting_id, details, base=base, base_version=version),
                    ask=self.resolve_conflicts, fill=self._show_details)
        except RuleViolation as violation:  # an EditConflict too, when the manager goes back
            self._show_record_problems(violation)
            self._after_refusal(violation)
            return False
        self._saved(meeting)
        return True

    def _show_record_problems(self, violation: RuleViolation) -> None:
        self.errors.show(violation)
        if any(p.field in ("minutes", "motions") for p in violation.problems) and not any(
                p.field in ("held_on", "starts_at", "kind", "facilitator_resident_id",
                            "topic") for p in violation.problems):
            self.inner_tabs.setCurrentIndex(InnerTab.MINUTES)

    def save_roll_call(self) -> bool:
        """Save every mark in one call (recording the meeting first when it
        is only planned, or its record changed)."""
        if not self._roll_call_editable or self.house_id is None:
            return False
        self.roll_call_view.finish_editing()
        self._hide_roll_call_message()
        marks = self.roll_call_model.marks_to_save()
        if not marks:
            self._show_roll_call_message(
                "Mark who came first: P, L, E or U on each row, or Mark all present.")
            self.roll_call_view.start()
            return False
        with_record = self.meeting_id is None or self.record_is_dirty()
        if with_record and not self.errors.check_typing():
            return False
        details = self.details() if with_record else None
        meeting_id = self.meeting_id
        try:
            if meeting_id is None or details is None or self._opened is None:
                meeting, saved = save_meeting_and_roll_call(meeting_id, details, marks)
            else:
                meeting, saved = self._opened.save(
                    details,
                    lambda details, base, version: save_meeting_and_roll_call(
                        meeting_id, details, marks, base=base, base_version=version),
                    ask=self.resolve_conflicts, fill=self._show_details)
        except RuleViolation as violation:  # an EditConflict too, when the manager goes back
            if any(problem.field == "marks" for problem in violation.problems):
                self._show_roll_call_problems(violation)
            else:
                self._show_record_problems(violation)
            self._after_refusal(violation)
            return False
        self._saved(meeting)
        self.roll_call_model.set_members(roll_call(meeting.id))
        self.saved.emit(self.meeting_id, f"Roll call saved: {saved.summary}")
        return True

    def _after_refusal(self, violation: RuleViolation) -> None:
        """The core refused the person's rights (changed since the meeting was
        shown: a house taken from their account): the refusal stays in view,
        what they may no longer change goes off, saying why."""
        if isinstance(violation, NotAllowed):
            self._set_editable(record=self._record_editable, roll_call=self._roll_call_editable)

    def mark_all_present(self) -> int:
        if not self._roll_call_editable:
            return 0
        self.inner_tabs.setCurrentIndex(InnerTab.ROLL_CALL)
        marked = self.roll_call_model.mark_all_present()
        self._roll_call_changed()
        self.roll_call_view.setCurrentIndex(
            self.roll_call_model.index(0, RollCallColumn.STATUS))
        self.roll_call_view.start()
        return marked

    def start_roll_call(self) -> None:
        self.inner_tabs.setCurrentIndex(InnerTab.ROLL_CALL)
        self.roll_call_view.start()

    # ------------------------------------------------------------ motions

    def add_motion(self) -> None:
        row = self.motions_model.add_motion()
        index = self.motions_model.index(row, MotionColumn.TEXT)
        self.motions.setCurrentIndex(index)
        self.motions.setFocus(Qt.FocusReason.OtherFocusReason)
        self.motions.edit(index)
        self._update_buttons()

    def remove_motion(self) -> None:
        index = self.motions.currentIndex()
        if index.isValid():
            self.motions_model.remove_motion(index.row())
        self._update_buttons()

    # ------------------------------------------------------------ helpers

    def _roll_call_changed(self) -> None:
        if not self.roll_call_message.isHidden() and not self.roll_call_model.is_dirty():
            self._hide_roll_call_message()
        self._update_summary()

    def _update_summary(self) -> None:
        counts = self.roll_call_model.counts()
        members = self.roll_call_model.rowCount()
        if not members:
            self.roll_call_summary.setText("")
            return
        parts = [f"{counts[AttendanceStatus.PRESENT]} present",
                 f"{counts[AttendanceStatus.LATE]} late",
                 f"{counts[AttendanceStatus.EXCUSED]} excused",
                 f"{counts[AttendanceStatus.UNEXCUSED]} unexcused"]
        unmarked = self.roll_call_model.unmarked()
        if unmarked:
            parts.append(f"{unmarked} not marked")
        text = f"{plural(members, 'resident')}: " + ", ".join(parts)
        if self._roll_call_editable and self.roll_call_model.is_dirty():
            text += " (not saved)"
        self.roll_call_summary.setText(text)

    def _update_buttons(self) -> None:
        allow(self.add_motion_button, Right.CHANGE_RECORDS, house_id=self.house_id,
              when=self._record_editable)
        allow(self.remove_motion_button, Right.CHANGE_RECORDS, house_id=self.house_id,
              when=self._record_editable and self.motions.currentIndex().isValid())

    def _show_roll_call_problems(self, violation: RuleViolation) -> None:
        by_resident, general = problems_by_resident(violation.problems,
                                                    self.roll_call_model.members)
        self.roll_call_model.set_problems(by_resident)
        self._show_roll_call_message("\n".join(general + list(by_resident.values())))
        self.inner_tabs.setCurrentIndex(InnerTab.ROLL_CALL)
        if by_resident:
            first = min(number for number in (self.roll_call_model.row_of(r)
                                              for r in by_resident) if number is not None)
            self.roll_call_view.setCurrentIndex(
                self.roll_call_model.index(first, RollCallColumn.STATUS))
        self.roll_call_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_roll_call_message(self, text: str) -> None:
        self.roll_call_message.setText(text)
        self.roll_call_message.show()
        self.roll_call_view.setAccessibleDescription(text)

    def _hide_roll_call_message(self) -> None:
        self.roll_call_message.clear()
        self.roll_call_message.hide()
        self.roll_call_view.setAccessibleDescription("")
        self.roll_call_model.set_problems({})

