"""The wording of consent forms and disclosures, configurable like the
report notice and kept beside it in the :class:`~soberhouse.models.Setting`
table (so the same words print from the window and the command line).

- The **disclosure notice** (42 CFR 2.32) every disclosed output carries: by
  default the 2024 rule's short statement; the longer statement is offered
  as :data:`LONG_NOTICE`.
- The **consent form's statements** (42 CFR 2.31): the right to revoke and
  how, that the house does not make living there depend on signing, and
  that what is disclosed may be disclosed again by the recipient.
  ``{house}`` in the text is replaced by the house's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from soberhouse.errors import Problem, RuleViolation
from soberhouse.models import Setting
from soberhouse.recording import one_write

NOTICE_KEY = "disclosure.notice"
FORM_KEY = "consent.form_statements"

SHORT_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
"""The 2024 rule's short statement (42 CFR 2.32(a)(2))."""

LONG_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "administrative, criminal, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, "
    "except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance "
    "with 42 CFR 2.64 or 2.65. In addition, the federal rules prohibit you from making any "
    "other use or disclosure of this record unless at least one of the following applies: "
    "further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise "
    "permitted by 42 CFR part 2. A general authorization for the release of medical or "
    "other information is NOT sufficient to meet the required elements of written consent "
    "to further use or redisclose this record (see 42 CFR 2.31)."
)
"""The longer statement (42 CFR 2.32(a)(1)), for houses that prefer it."""

DEFAULT_FORM_STATEMENTS = (
    "I understand that my records are protected under the federal regulations governing "
    "Confidentiality of Substance Use Disorder Patient Records, 42 CFR part 2, and cannot "
    "be disclosed without my written consent unless otherwise provided for by the "
    "regulations.\n"
    "I may revoke this consent at any time, except to the extent that {house} has already "
    "acted in reliance on it. To revoke it, I tell the house manager, in writing or in "
    "person; the house records the day I revoked it.\n"
    "{house} will not make my living in the house, my treatment, payment, enrollment or "
    "eligibility for benefits depend on whether I sign this consent.\n"
    "Information disclosed under this consent may be redisclosed by the recipient and may "
    "then no longer be protected by federal privacy rules, except as 42 CFR part 2 limits "
    "its use in proceedings against me.\n"
    "I have the right to a copy of this form, and to a list of the disclosures made under "
    "my consents in the last three years."
)
"""The statements of the consent form until the owner writes their own."""


@dataclass(frozen=True)
class DisclosureWording:
    notice: str = SHORT_NOTICE
    form_statements: str = DEFAULT_FORM_STATEMENTS

    def statements_for(self, house_name: str) -> list[str]:
        """The form's statements for ``house_name``, one paragraph each."""
        text = self.form_statements.replace("{house}", house_name or "The house")
        return [line.strip() for line in text.splitlines() if line.strip()]


def disclosure_wording() -> DisclosureWording:
    """The saved wording (defaults for anything never saved): one query."""
    saved = {row.key: row.value for row in
             Setting.select().where(Setting.key.in_([NOTICE_KEY, FORM_KEY]))}
    return DisclosureWording(saved.get(NOTICE_KEY, "").strip() or SHORT_NOTICE,
                             saved.get(FORM_KEY, "").strip() or DEFAULT_FORM_STATEMENTS)


def save_disclosure_wording(wording: DisclosureWording) -> DisclosureWording:
    """Check and save both texts together (the owner's setting)."""
    problems = []
    if not wording.notice.strip():
        problems.append(Problem("notice", "The disclosure notice can't be empty: disclosed "
                                          "records must carry one (use the default text if "
                                          "unsure)."))
    if not wording.form_statements.strip():
        problems.append(Problem("form_statements", "The consent form needs its statements: "
                                                   "the right to revoke, and that living in "
                                                   "the house does not depend on signing."))
    if problems:
        raise RuleViolation(problems)
    with one_write("changed the consent and disclosure wording", kinds={"settings"}):
        for key, value in ((NOTICE_KEY, wording.notice.strip()),
                           (FORM_KEY, wording.form_statements.strip())):
            _keep(key, value)
    return disclosure_wording()


def _keep(key: str, value: str) -> None:
    """A save, not a query, so the audit trail shows the old and new text."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        Setting.create(key=key, value=value)
    elif row.value != value:
        row.value = value
        row.save()
