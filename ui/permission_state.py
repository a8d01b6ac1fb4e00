"""What the signed-in person may do, mirrored on the window's actions and
buttons: each one they can't use is off, its tooltip and status tip saying
why ("Only the owner can add a house.").  The core decides
(:mod:`soberhouse.permissions`); this module only asks it and shows the answer.

- :func:`allow` is called where a section already updates a button or an
  action (a selection changed): enabled when the section's own condition
  holds and the person may, else off with the reason.
- :func:`mark_right` says which right an action needs when it is not
  "change records" (a peer coach's check-ins and goals): :func:`window_refusal`
  turns off every other action that writes, for an account that can only
  read or only record check-ins (:meth:`ui.main_window.MainWindow.apply_role`).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from soberhouse import accounts, permissions
from soberhouse.models import Role
from soberhouse.permissions import Right

RIGHT_PROPERTY = "soberhouseRight"
# Why the whole window can't save (a read-only file: ui.read_only.WriteActions).
WINDOW_REASON_PROPERTY = "soberhouseWindowReason"
_TIP_PROPERTY = "soberhouseOwnTip"
_STATUS_PROPERTY = "soberhouseOwnStatusTip"


def mark_right(right: Right, *targets: QAction | QWidget) -> None:
    """Say that these actions need ``right`` (not the general "change records")."""
    for target in targets:
        target.setProperty(RIGHT_PROPERTY, right.name)


def right_of(target: QAction | QWidget) -> Right:
    name = target.property(RIGHT_PROPERTY)
    return Right[name] if isinstance(name, str) and name in Right.__members__ \
        else Right.CHANGE_RECORDS


def allow(target: QAction | QWidget, right: Right, *, house_id: int | None = None,
          resident_id: int | None = None, when: bool = True, tip: str | None = None) -> bool:
    """Enable ``target`` when ``when`` holds and the signed-in person may do
    ``right`` (for that house or resident); otherwise turn it off, and when
    it is the person's rights that refuse, say why in its tooltip and status
    tip.  ``tip``: the target's own tooltip from now on, for one that
    changes with what is shown.  True when it is enabled."""
    if target.property(_TIP_PROPERTY) is None:
        target.setProperty(_TIP_PROPERTY, target.toolTip())
        target.setProperty(_STATUS_PROPERTY, target.statusTip())
    if tip is not None:
        target.setProperty(_TIP_PROPERTY, tip)
    reason = permissions.why_not(right, house_id=house_id, resident_id=resident_id) \
        if accounts.signed_in_user() is not None else "Sign in first."
    reason = reason or target.property(WINDOW_REASON_PROPERTY) or None  # a read-only file
    own_tip = str(target.property(_TIP_PROPERTY) or "")
    own_status = str(target.property(_STATUS_PROPERTY) or "")
    target.setToolTip(f"{own_tip} ({reason})" if reason and own_tip else reason or own_tip)
    target.setStatusTip(reason or own_status)
    target.setEnabled(when and reason is None)
    return when and reason is None


def own_tips(target: QAction | QWidget) -> tuple[str, str]:
    """The tooltip and status tip ``target`` has of its own, without the
    reason :func:`allow` added to them."""
    tip = target.property(_TIP_PROPERTY)
    if tip is None:
        return target.toolTip(), target.statusTip()
    return str(tip), str(target.property(_STATUS_PROPERTY) or "")


def window_refusal() -> str | None:
    """Why the signed-in person can't use the window's actions that change
    records (None: they can, within their houses): a read-only account, a
    peer coach (who keeps the check-in and goal actions of their mentees)."""
    role = accounts.current_role()
    if role in (Role.READ_ONLY, Role.PEER_COACH):
        return permissions.why_not(Right.CHANGE_RECORDS)
    return None


__all__ = ["RIGHT_PROPERTY", "WINDOW_REASON_PROPERTY", "allow", "mark_right", "own_tips",
           "right_of", "window_refusal"]
