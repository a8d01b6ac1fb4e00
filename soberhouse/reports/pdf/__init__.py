"""The printed reports, built with ReportLab (no Qt here).

- :func:`resident_report_pdf`: one resident's month, one to two pages.
- :func:`monthly_batch_pdf`: many residents in one PDF, each from a new page,
  "Page x of y" counted within each resident's report.
- :func:`resident_reports_to_folder`: one file per resident.
- :func:`house_summary_pdf`: one house's month for the owner.

Every page carries the print date, "Page x of y" and the confidentiality
notice; fonts are DejaVu Sans, embedded (:mod:`.fonts`, :mod:`.styles`).
"""

from soberhouse.reports.pdf.batch import (
    ReportCancelled,
    monthly_batch_pdf,
    report_file_name,
    resident_reports_to_folder,
)
from soberhouse.reports.pdf.house_summary import house_summary_pdf
from soberhouse.reports.pdf.resident_report import resident_report_pdf

__all__ = [
    "ReportCancelled",
    "house_summary_pdf",
    "monthly_batch_pdf",
    "report_file_name",
    "resident_report_pdf",
    "resident_reports_to_folder",
]
