"""What matching a mentee with a mentor looks at, and a resident's own profile.

Lists (languages, focus areas) are stored as text separated by "; " so the
same column works on SQLite and PostgreSQL; comparisons ignore case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from soberhouse import permissions
from soberhouse.accounts import current_user
from soberhouse.models import ResidentCorrection
from soberhouse.models.mentoring import ResidentProfile
from soberhouse.recording import one_write
from soberhouse.residents import get_resident

LIST_SEPARATOR = "; "

# Offered in the window's pick lists; any other text is accepted too.
FELLOWSHIPS = ("AA", "NA", "CA", "CMA", "SMART Recovery", "Celebrate Recovery")
FOCUS_AREAS = ("employment", "housing", "family", "emotional management", "education",
               "legal matters", "health", "money")


def split_list(text: str) -> tuple[str, ...]:
    """ "Spanish; English" -> ("Spanish", "English"); commas work too."""
    parts = text.replace(",", ";").split(";")
    return tuple(part.strip() for part in parts if part.strip())


def join_list(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(value.strip() for value in values if value.strip())


def shared(mine: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """The values of ``mine`` that ``theirs`` also has, ignoring case, in my order."""
    folded = {value.casefold() for value in theirs}
    return [value for value in mine if value.casefold() in folded]


@dataclass(frozen=True)
class MatchingAttributes:
    gender: str = ""
    fellowship: str = ""
    languages: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()

    @classmethod
    def from_columns(cls, gender: str, fellowship: str, languages: str,
                     focus_areas: str) -> MatchingAttributes:
        return cls(gender or "", fellowship or "", split_list(languages or ""),
                   split_list(focus_areas or ""))

    def cleaned(self) -> MatchingAttributes:
        return MatchingAttributes(self.gender.strip(), self.fellowship.strip(),
                                  split_list(join_list(self.languages)),
                                  split_list(join_list(self.focus_areas)))

    def columns(self) -> dict[str, str]:
        """The values as the ``gender``, ``fellowship``, ``languages`` and
        ``focus_areas`` columns hold them."""
        return {"gender": self.gender, "fellowship": self.fellowship,
                "languages": join_list(self.languages),
                "focus_areas": join_list(self.focus_areas)}


def profile_of(resident_id: int) -> MatchingAttributes:
    row = ResidentProfile.get_or_none(ResidentProfile.resident == resident_id)
    if row is None:
        return MatchingAttributes()
    return MatchingAttributes.from_columns(row.gender, row.fellowship, row.languages,
                                           row.focus_areas)


def save_profile(resident_id: int, attributes: MatchingAttributes) -> MatchingAttributes:
    """Record a resident's matching profile.  Filling in an empty value is
    not a correction; changing a value leaves one in the resident's history
    (old and new value, who, when), so nothing is silently overwritten."""
    permissions.require_change(resident_ids=[resident_id])
    attributes = attributes.cleaned()
    new = attributes.columns()
    if profile_of(resident_id).columns() == new:
        get_resident(resident_id)
        return attributes  # nothing to save: no write
    with one_write("saved a matching profile", kinds={"profile"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        old = profile_of(resident_id).columns()
        if old == new:
            return attributes
        user = current_user()
        for name in (f.name for f in fields(MatchingAttributes)):
            if old[name] and old[name] != new[name]:
                ResidentCorrection.create(resident=resident, field_name=name,
                                          old_value=old[name], new_value=new[name],
                                          recorded_by=user)
        # A save, not an upsert: the audit trail shows old and new values.
        row = ResidentProfile.get_or_none(ResidentProfile.resident == resident.id)
        if row is None:
            ResidentProfile.create(resident=resident.id, **new)
        else:
            for name, value in new.items():
                setattr(row, name, value)
            row.save()
    return attributes
