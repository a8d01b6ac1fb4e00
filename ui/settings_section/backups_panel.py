"""Settings > Backups (owner only): where the backups go, every backup with
its date, size, residents and whether it passed its check, Back Up Now (in
the background: the window never waits), Keep, Restore and Open Read-Only.

The core does the work (:mod:`soberhouse.backups`); a restore and a
read-only look at a backup close this data file's window, so the dialog
hands them to the window (``restore_requested`` and
``open_read_only_requested``), whose data-file session does them
(:class:`ui.app.DataFileSession`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import backups, cloud_folders, database
from soberhouse.errors import NotAllowed, RuleViolation, StorageProblem
from ui.background import BackgroundTask, ProgressRow
from ui.resources import icon
from ui.settings_section.backup_table_model import BackupTableModel, size_words, when
from ui.table_columns import fit_columns, record_table


def why_not_back_up() -> str | None:
    """Why the signed-in person can't use Settings > Backups (None: they can):
    a backup holds every house's records, so it is the owner's."""
    try:
        backups.require_may_back_up()
        backups.backup_folder()
    except NotAllowed as refused:
        return _words(refused)
    except backups.BackupsOnTheServer as on_server:
        return str(on_server)
    return None


def _words(error: BaseException) -> str:
    return str(getattr(error, "message", "") or error)


def _last_change_words(holdings: backups.Holdings) -> str:
    if not holdings.last_changes:
        return "no change recorded"
    last = holdings.last_changes[0]
    by = f" by {last.who}" if last.who else ""
    return f"last change '{last.what}'{by} on {when(last.at)}"


def restore_question(comparison: backups.Comparison) -> str:
    """The question before a restore: what the backup holds against the file now."""
    held = comparison.in_backup
    text = (f"The backup of {when(comparison.backup.taken_at)} holds {held.residents:,} "
            f"resident{'s' if held.residents != 1 else ''} ({held.active_residents:,} "
            f"living in a house), {_last_change_words(held)}.")
    now = comparison.in_current
    if now is None:
        text += "\n\nThe data file now can't be read: the backup will replace it."
    else:
        text += (f"\n\nThe file now holds {now.residents:,} "
                 f"resident{'s' if now.residents != 1 else ''} ({now.active_residents:,} "
                 f"living in a house), {_last_change_words(now)}.")
    return (text + "\n\nRestoring puts the backup in place of the data file: what was "
                   "saved after the backup will not be in it. A backup of the file as it "
                   "is now is taken first (and kept), so it can be restored in turn. The "
                   "window closes and opens again on the restored file; sign in with an "
                   "account the backup holds.\n\nRestore this backup?")


def ask_to_restore(parent: QWidget, question: str) -> bool:
    """Yes or No (tests replace this)."""
    answer = QMessageBox.question(
        parent, "Restore a backup", question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def say_problem(parent: QWidget, title: str, message: str) -> None:
    """Tell why something was refused (tests replace this)."""
    QMessageBox.warning(parent, title, message)


def choose_folder(parent: QWidget, start: str) -> str:
    """The folder picked ("" when cancelled; tests replace this)."""
    return QFileDialog.getExistingDirectory(parent, "Where backups go", start)


class BackupsDialog(QDialog):
    """The backups of the open data file."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setMinimumWidth(760)
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose &Folder…")
        self.choose_button.setToolTip("A USB drive or a network share keeps the backups "
                                      "away from this computer's disk")
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Backups go to:"))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)

        # The backup folder in a cloud-sync folder (OneDrive, Dropbox...): said here too.
        self.cloud_warning = QLabel()
        self.cloud_warning.setObjectName("cloudWarning")
        self.cloud_warning.setWordWrap(True)
        self.cloud_warning.hide()

        explanation = QLabel(
            "A backup is taken when Soberhouse closes, every 30 minutes while data has "
            "changed, before every import and restore, and with Back Up Now. Each one is "
            "checked before it counts. Kept: the last 10, one a day for 14 days, one a week "
            "for 8 weeks, one a month for 2 years, and every one marked Keep.")
        explanation.setWordWrap(True)

        self.model = BackupTableModel(self)
        self.table = record_table(self.model, "Backups")
        fit_columns(self.table).share_columns(4, 6)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel("No backup yet: take one with Back Up Now.")
        self.empty_label.setEnabled(False)

        self.back_up_button = QPushButton(icon("check"), "&Back Up Now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.keep_button = QPushButton("&Keep")
        self.keep_button.setToolTip("A backup marked Keep is never removed by the program")
        self.keep_button.clicked.connect(self.toggle_keep)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Put this backup in place of the data file (the file "
                                       "as it is now is backed up first)")
        self.restore_button.clicked.connect(self.restore_selected)
        self.open_button = QPushButton("&Open Read-Only…")
        self.open_button.setToolTip("Look something up in this backup without restoring it")
        self.open_button.clicked.connect(self.open_selected)
        self.progress = ProgressRow(self, cancel_button=False)
        actions = QHBoxLayout()
        actions.addWidget(self.back_up_button)
        actions.addWidget(self.progress, 1)
        actions.addStretch(0)
        actions.addWidget(self.keep_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.restore_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(self.cloud_warning)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(close)

        self.records: list[backups.BackupRecord] = []
        self.task: BackgroundTask | None = None
        self.read_only_reason = database.read_only_reason()
        self.reload()

    @classmethod
    def show_for(cls, parent: QWidget) -> BackupsDialog:
        """Open the screen (window-modal, not blocking the caller)."""
        dialog = cls(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ------------------------------------------------------------ the list

    def reload(self) -> None:
        selected = self.selected()
        folder = backups.backup_folder()
        self.folder_label.setText(str(folder))
        self._show_cloud_warning(folder)
        self.records = backups.list_backups(folder)
        self.model.show(self.records)
        self.empty_label.setVisible(not self.records)
        names = [record.path for record in self.records]
        self.table.selectRow(names.index(selected.path)
                             if selected is not None and selected.path in names else 0)
        self._update_buttons()

    def _show_cloud_warning(self, folder: Path) -> None:
        from ui.colours import error_colour

        warning = cloud_folders.backup_folder_warning(folder)
        if warning is None:
            self.cloud_warning.hide()
            return
        # Said here, where the folder is chosen: "in Settings > Backups" is this screen.
        self.cloud_warning.setText(warning.replace(" in Settings > Backups.",
                                                   " with the Choose Folder… button."))
        palette = self.cloud_warning.palette()
        palette.setColor(self.cloud_warning.foregroundRole(), error_colour())
        self.cloud_warning.setPalette(palette)
        self.cloud_warning.show()

    def selected(self) -> backups.BackupRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or rows[0].row() >= len(self.records):
            return None
        return self.records[rows[0].row()]

    def _update_buttons(self) -> None:
        record = self.selected()
        busy = self.task is not None and self.task.is_running()
        writable = self.read_only_reason is None
        self.back_up_button.setEnabled(not busy and writable)
        self.back_up_button.setToolTip(self.read_only_reason or "Take a backup of the data "
                                       "file now and check it (the window keeps working)")
        self.choose_button.setEnabled(writable and not busy)
        self.choose_button.setToolTip(self.read_only_reason or "A USB drive or a network "
                                      "share keeps the backups away from this computer")
        self.keep_button.setEnabled(record is not None and record.verified and not busy)
        self.keep_button.setText("Don't &Keep" if record is not None and record.keep
                                 else "&Keep")
        self.open_button.setEnabled(record is not None and record.verified and not busy)
        self.restore_button.setEnabled(record is not None and record.verified and not busy
                                       and writable)
        if not writable:
            self.restore_button.setToolTip(self.read_only_reason or "")

    # ------------------------------------------------------------ actions

    def choose_folder(self) -> None:
        chosen = choose_folder(self, self.folder_label.text())
        if not chosen:
            return
        try:
            folder = backups.set_backup_folder(chosen)
        except (RuleViolation, StorageProblem) as refused:
            say_problem(self, "Backup folder not changed", _words(refused))
            return
        self.reload()
        self.status_message.emit(f"Backups now go to {folder}")

    def back_up_now(self) -> None:
        """Take a verified backup in a worker thread; the list shows it when done."""
        if self.task is not None and self.task.is_running():
            return
        folder = backups.backup_folder()
        key = database.open_data_key()  # an encrypted file: its backup is too
        task = BackgroundTask(lambda progress: backups.take_backup("manual", folder, key=key),
                              self)
        task.succeeded.connect(self._backed_up)
        task.failed.connect(self._backup_failed)
        task.finished.connect(self._update_buttons)
        self.task = task
        self.progress.follow(task, lambda done, total: "Taking a backup and checking it…")
        task.start()
        self._update_buttons()

    def _backed_up(self, record: backups.BackupRecord) -> None:
        self.reload()
        message = (f"Backup taken and checked: {record.residents:,} residents, "
                   f"{size_words(record.size)}, in {record.path.parent}")
        self.status_message.emit(message)

    def _backup_failed(self, error: BaseException) -> None:
        self.reload()
        message = _words(error)
        self.status_message.emit(f"Backup failed: {message}")
        say_problem(self, "Backup failed", message)

    def toggle_keep(self) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            backups.set_keep(record.path, not record.keep)
        except StorageProblem as failed:
            say_problem(self, "Keep not changed", _words(failed))
            return
        self.reload()
        self.status_message.emit(f"Backup of {when(record.taken_at)} "
                                 f"{'no longer kept' if record.keep else 'kept for good'}")

    def restore_selected(self) -> None:
        """Ask with what the backup holds against the file now; Yes: the window
        restores and opens again (``restore_requested``)."""
        record = self.selected()
        if record is None:
            return
        try:
            backups.require_may_back_up()
            comparison = backups.compare(record.path, self._data_file(),
                                         key=database.open_data_key())
        except (RuleViolation, StorageProblem) as refused:
            say_problem(self, "Can't restore this backup", _words(refused))
            return
        if not ask_to_restore(self, restore_question(comparison)):
            return
        self._hand_over("restore_requested", record.path)

    def open_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self._hand_over("open_read_only_requested", record.path)

    def _hand_over(self, signal_name: str, path: Path) -> None:
        """Close, then let the main window act through its signal
        ``signal_name`` (it closes this data file's window, and this dialog)."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        self.accept()
        signal = getattr(window, signal_name, None)
        if window is not None and signal is not None:
            QTimer.singleShot(0, window, lambda: signal.emit(str(path)))

    @staticmethod
    def _data_file() -> str:
        opened = database.current()
        place = getattr(opened, "place", "") or str(opened.database)
        return place.removeprefix("file:").partition("?")[0]

    def done(self, result: int) -> None:
        if self.task is not None and self.task.is_running():
            self.task.wait()  # a backup a few hundred ms long: its outcome must land here
        super().done(result)

