"""Consent papers: the consent form a resident signs (42 CFR 2.31) and the
accounting of disclosures of their records (42 CFR 2.24).

The form has each element the rule asks for: the resident's name; who may
disclose (the house); what information, how much and what kind; the
recipient; the purpose; the right to revoke and how; that living in the
house does not depend on signing; the expiry day or event; the signature
and date lines (resident, and the staff member who witnessed it).  Its
statements are the configurable wording of :mod:`soberhouse.consent_wording`.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from soberhouse import clock
from soberhouse.consent_wording import DisclosureWording, disclosure_wording
from soberhouse.consents import (
    ACCOUNTING_YEARS,
    ConsentView,
    DisclosureView,
    accounting_of_disclosures,
    consent_view,
    years_before,
)
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import register_fonts
from soberhouse.reports.pdf.page import (
    Output,
    cell,
    content_width,
    data_table,
    heading,
    load_logo,
    render,
    text_line,
)
from soberhouse.reports.pdf.wording import day, markup
from soberhouse.reports.settings import ReportSettings, report_settings

FORM_KIND = "Consent to disclose records"
ACCOUNTING_KIND = "Accounting of disclosures"


def _house_of(resident_id: int) -> tuple[str, str]:
    from soberhouse.models import House, Resident

    row = (House.select(House.name, House.address).join(Resident, on=(Resident.house == House.id))
           .where(Resident.id == resident_id).tuples().first())
    return (row[0], row[1] or "") if row else ("", "")


def _paragraph(text: str, style: Any = styles.BODY) -> Paragraph:
    return Paragraph(markup(text), style)


def consent_form_pdf(consent: ConsentView, house_name: str, house_address: str,
                     wording: DisclosureWording, settings: ReportSettings, out: Output, *,
                     printed_on: dt.date | None = None, invariant: bool = False) -> int:
    """Write the consent form of ``consent`` to ``out``; the number of pages."""
    register_fonts()
    width = content_width(settings)
    printed_on = printed_on or clock.today()
    house = house_name or "The house"
    story: list[Flowable] = [
        heading(house_name, house_address, FORM_KIND, f"Consent no. {consent.id}", width,
                load_logo(settings)),
        text_line("Consent for the disclosure of substance use disorder records",
                  styles.PERSON, width),
        _paragraph("Federal rules (42 CFR part 2) protect these records. This form names "
                   "who may disclose what, to whom and why, and until when.", styles.NOTE),
    ]
    labels = 0.30 * width
    values = width - labels

    def row(label: str, text: str) -> list[Any]:
        return [cell(label, labels), cell(text, values, styles.VALUE)]

    what = [f"• {scope.label}" for scope in consent.scopes]
    if consent.information:
        what.append(consent.information)
    until = consent.until_text or "—"
    rows = [
        row("Resident (the person whose records these are)", consent.resident_name),
        row("Who may disclose", f"{house}" + (f", {house_address}" if house_address else "")),
        row("Information that may be disclosed", "\n".join(what) or "—"),
        row(f"Recipient ({consent.recipient_kind.label.lower()})", consent.recipient),
        row("Purpose of the disclosure", consent.purpose),
        row("Valid from", day(consent.valid_from)),
        row("This consent ends on (date or event)", until),
    ]
    style = styles.TableStyle([*styles.FACTS.getCommands(),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, styles.RULE),
                               ("TEXTCOLOR", (0, 0), (0, -1), styles.MUTED)])
    story.append(Spacer(1, 6))
    story.append(Table(rows, colWidths=[labels, values], style=style, hAlign="LEFT"))
    story.append(Spacer(1, 8))
    for statement in wording.statements_for(house):
        story.append(_paragraph(statement))
    if consent.revoked_on is not None:
        story.append(_paragraph(f"Revoked on {day(consent.revoked_on)}"
                                + (f": {consent.revoked_reason}" if consent.revoked_reason
                                   else "."), styles.FLAG))
    story.append(Spacer(1, 10))
    story.append(_signatures(width, consent))
    return render(story, settings, out, printed_on=printed_on, invariant=invariant,
                  title=f"{consent.resident_name}: consent to disclose to {consent.recipient}")


def _signatures(width: float, consent: ConsentView) -> Flowable:
    gutter = 0.06 * width
    signature = 0.62 * width
    signed = day(consent.signed_on) if consent.signed_on else ""
    table = Table(
        [["", "", signed],
         ["Signature of the resident (or their authorized representative)", "", "Date"],
         ["", "", ""],
         ["Printed name and relationship, if signed by a representative", "", ""],
         ["", "", ""],
         ["Signature of the staff member who witnessed it", "", "Date"]],
        colWidths=[signature, gutter, width - signature - gutter],
        rowHeights=[26, 12, 26, 12, 26, 12], style=styles.TableStyle(
            [*styles.SIGNATURES.getCommands(),
             ("LINEABOVE", (0, 5), (0, 5), 0.6, styles.INK),
             ("LINEABOVE", (2, 5), (2, 5), 0.6, styles.INK),
             ("LINEABOVE", (2, 3), (2, 3), 0, styles.INK)]),
        hAlign="LEFT")
    return KeepTogether([table])


def consent_form_bytes(consent_id: int, *, settings: ReportSettings | None = None,
                       printed_on: dt.date | None = None, invariant: bool = False) -> bytes:
    """The consent form of consent ``consent_id`` as PDF bytes."""
    consent = consent_view(consent_id)
    name, address = _house_of(consent.resident_id)
    buffer = io.BytesIO()
    consent_form_pdf(consent, name, address, disclosure_wording(),
                     settings or report_settings(), buffer, printed_on=printed_on,
                     invariant=invariant)
    return buffer.getvalue()


def accounting_pdf(resident_name: str, house_name: str, house_address: str,
                   disclosures: list[DisclosureView], since: dt.date, until: dt.date,
                   settings: ReportSettings, out: Output, *,
                   printed_on: dt.date | None = None, invariant: bool = False) -> None:
    """Every disclosure of ``disclosures`` as a printable list."""
    register_fonts()
    width = content_width(settings)
    period = f"{day(since)} – {day(until)}"
    story: list[Flowable] = [
        heading(house_name, house_address, ACCOUNTING_KIND, period, width, load_logo(settings)),
        text_line(resident_name, styles.PERSON, width),
        _paragraph(f"Every disclosure of {resident_name}'s records to someone outside the "
                   f"house, under a consent, in the last {ACCOUNTING_YEARS} years "
                   f"({period})."),
    ]
    if not disclosures:
        story.append(_paragraph(f"No disclosure in the last {ACCOUNTING_YEARS} years.",
                                styles.NOTE))
    else:
        widths = [w * width for w in (0.14, 0.22, 0.26, 0.20, 0.18)]
        rows: list[list[Any]] = [["Date", "Recipient", "What", "Purpose", "Consent"]]
        for line in disclosures:
            rows.append([day(line.disclosed_at.date()), cell(line.recipient, widths[1]),
                         cell(line.what, widths[2]), cell(line.purpose, widths[3]),
                         cell(line.consent_text, widths[4])])
        story.append(data_table(rows, widths))
    render(story, settings, out, printed_on=printed_on or clock.today(), invariant=invariant,
           title=f"{resident_name}: {ACCOUNTING_KIND.lower()}")


def accounting_bytes(resident_id: int, *, on: dt.date | None = None,
                     settings: ReportSettings | None = None,
                     invariant: bool = False) -> bytes:
    """The resident's accounting of disclosures (the last three years) as PDF bytes."""
    from soberhouse.residents import get_resident

    on = on or clock.today()
    disclosures = accounting_of_disclosures(resident_id, on)
    resident = get_resident(resident_id)
    name, address = _house_of(resident_id)
    buffer = io.BytesIO()
    accounting_pdf(resident.full_name, name, address, disclosures,
                   years_before(on, ACCOUNTING_YEARS), on, settings or report_settings(),
                   buffer, printed_on=on, invariant=invariant)
    return buffer.getvalue()
