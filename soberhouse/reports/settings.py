"""What every printed report carries: the confidentiality notice, the house
logo and the paper size.  Kept in the :class:`~soberhouse.models.Setting`
table, so the notice travels with the data (and the same notice prints from
the window and from a scheduled ``soberhouse report``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from soberhouse import permissions
from soberhouse.errors import Problem, RuleViolation
from soberhouse.models import Setting
from soberhouse.recording import one_write

PaperSize = Literal["letter", "A4"]
PAPER_SIZES: tuple[PaperSize, ...] = ("letter", "A4")
DEFAULT_PAPER: PaperSize = "letter"

NOTICE_KEY = "report.notice"
LOGO_KEY = "report.logo"
PAPER_KEY = "report.paper"

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")

DEFAULT_NOTICE = (
    "CONFIDENTIAL. This report contains information about a resident's substance use "
    "disorder and recovery. It is protected by federal confidentiality rules for "
    "substance use disorder records (42 CFR Part 2). These rules prohibit any further "
    "use or disclosure of this information unless the resident has given written "
    "consent or the disclosure is otherwise permitted by 42 CFR Part 2. A general "
    "authorization for the release of medical or other information is not sufficient "
    "for this purpose. Keep this report in a secure place."
)
"""The notice printed on every report until the manager writes their own."""


@dataclass(frozen=True)
class ReportSettings:
    notice_text: str = DEFAULT_NOTICE
    logo_path: str = ""  # "" = no logo
    paper_size: PaperSize = DEFAULT_PAPER

    @property
    def logo(self) -> Path | None:
        """The logo file, if one is set and still there (a report never
        fails because a picture was moved)."""
        if not self.logo_path:
            return None
        path = Path(self.logo_path)
        return path if path.is_file() else None


def report_settings() -> ReportSettings:
    """The saved settings (defaults for anything never saved): one query."""
    saved = {row.key: row.value for row in
             Setting.select().where(Setting.key.in_([NOTICE_KEY, LOGO_KEY, PAPER_KEY]))}
    notice = saved.get(NOTICE_KEY, "").strip() or DEFAULT_NOTICE
    paper = saved.get(PAPER_KEY, DEFAULT_PAPER)
    if paper not in PAPER_SIZES:
        paper = DEFAULT_PAPER
    return ReportSettings(notice, saved.get(LOGO_KEY, ""), cast(PaperSize, paper))


def report_settings_problems(settings: ReportSettings) -> list[Problem]:
    problems = []
    if not settings.notice_text.strip():
        problems.append(Problem("notice_text",
                                "The confidentiality notice can't be empty: printed resident "
                                "records must carry one (use the default text if unsure)."))
    if settings.paper_size not in PAPER_SIZES:
        problems.append(Problem("paper_size", "Choose Letter or A4 paper."))
    logo = settings.logo_path.strip()
    if logo:
        path = Path(logo)
        if path.suffix.lower() not in LOGO_SUFFIXES:
            problems.append(Problem("logo_path", "The logo must be a PNG, JPEG or GIF picture."))
        elif not path.is_file():
            problems.append(Problem("logo_path", f"There is no picture at {logo}."))
    return problems


def save_report_settings(settings: ReportSettings) -> ReportSettings:
    """Check and save the three settings together (one transaction)."""
    permissions.require(permissions.Right.CHANGE_SETTINGS)
    problems = report_settings_problems(settings)
    if problems:
        raise RuleViolation(problems)
    values = {NOTICE_KEY: settings.notice_text.strip(), LOGO_KEY: settings.logo_path.strip(),
              PAPER_KEY: settings.paper_size}
    with one_write("changed the report settings", kinds={"settings"}):
        for key, value in values.items():
            Setting.put(key, value)
    return report_settings()
