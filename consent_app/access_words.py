"""Representatives, permissions and the access log in plain words (no Textual here).

Every function returns text in the active language; the server's names (``support_worker``,
``preferences.read``) never reach the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from api_client.models import (
    AccessLogEntry,
    Delegation,
    DelegationKind,
    PendingInvitation,
    Permission,
    Role,
    SubjectAccess,
)
from consent_app import inbox, notice_words
from consent_app.i18n import N_, _, format_date, format_datetime

KINDS: dict[DelegationKind, str] = {
    DelegationKind.guardian: N_("parent or guardian"),
    DelegationKind.lawyer: N_("lawyer"),
    DelegationKind.support_worker: N_("victim support worker"),
    DelegationKind.special_representative: N_("special representative (appointed by a court)"),
}

PERMISSIONS: dict[Permission, str] = {
    Permission.view: N_("see the choices"),
    Permission.edit: N_("change the choices"),
    Permission.receive_notices: N_("be told about new findings"),
}

# What happened, by the server's action name. Unknown names get a neutral sentence.
ACTIONS: dict[str, str] = {
    "preferences.read": N_("looked at the choices"),
    "preferences.write": N_("changed the choices"),
    "history.read": N_("looked at the history of the choices"),
    "receipt.read": N_("looked at a receipt"),
    "subject.create": N_("made the record"),
    "subject.read": N_("looked at the record"),
    "subject.reconsent-done": N_("noted that the talk about the choices took place"),
    "subject.reconsent-needed": N_("put the record on the list for a talk about the choices"),
    "re-consent": N_("put the record on the list for a talk about the choices"),
    "work-list.read": N_("saw the record on the list for a talk about the choices"),
    "delegations.read": N_("looked at the list of representatives"),
    "delegation.create": N_("added a representative"),
    "delegation.revoke": N_("ended a representative's permission"),
    "invitation.create": N_("made an invitation code for a representative"),
    "invitation.accept": N_("used an invitation code and became a representative"),
    "invitations.read": N_("looked at the invitations not used yet"),
    "invitation.withdraw": N_("withdrew an invitation"),
    "activation-code.issue": N_("made an activation code"),
    "account.register": N_("created the account"),
    "account.delete": N_("deleted the account"),
    "notification-plan.read": N_("checked whether and how you want to be told"),
    "access-log.read": N_("looked at this list"),
    "subject.find": N_("found the record by searching"),
    "delegation.verified": N_("checked a representative"),
    "delegation.evidence": N_("noted how a representative was checked"),
    "delegation.conflict-of-interest": N_("noted a conflict of interest of a representative"),
}
# A repeated request that changed nothing (the same change sent twice).
REPLAYED_SUFFIX = "-replayed"

REASONS: dict[str, str] = {
    "notification-check": N_("a check before informing about a new finding"),
    "re-consent": N_("a talk about the choices"),
}


def kind_text(kind: DelegationKind) -> str:
    return _(KINDS[kind])


def permissions_text(permissions: Iterable[Permission]) -> str:
    """ "see the choices and change the choices" — in a fixed order, whatever order they came
    in, the last one joined with "and"."""
    chosen = set(permissions)
    words = [_(PERMISSIONS[p]) for p in PERMISSIONS if p in chosen]
    if len(words) < 2:
        return words[0] if words else _("nothing")
    return _("%(others)s and %(last)s") % {"others": ", ".join(words[:-1]), "last": words[-1]}


def subject_line(access: SubjectAccess, unread: int = 0) -> str:
    """A record a representative acts for, by its reference, with the new messages' count."""
    line = _("Record %(label)s — you may %(permissions)s") % {
        "label": access.label or "—",
        "permissions": permissions_text(access.permissions),
    }
    if unread:
        line += " · " + inbox.count_text(unread)
    return line


def receives_notices(access: SubjectAccess) -> bool:
    return Permission.receive_notices in access.permissions


def delegation_state(delegation: Delegation) -> str:
    """Whether a mandate works now, with a sign so it never depends on colour."""
    if delegation.revoked_at is not None:
        return _("✗ ended on %(date)s") % {"date": format_datetime(delegation.revoked_at)}
    if not delegation.active:
        return _("✗ no longer valid")
    parts = [_("✓ active")]
    if delegation.valid_until is not None:
        parts.append(_("until %(date)s") % {"date": format_date(delegation.valid_until)})
    parts.append(_("checked by support staff") if delegation.verified_by else _("not yet checked"))
    if delegation.conflict_of_interest:
        parts.append(_("! conflict of interest: may only look"))
    return ", ".join(parts)


def delegation_line(delegation: Delegation) -> str:
    return _("%(name)s, %(kind)s — may %(permissions)s — %(state)s") % {
        "name": delegation.representative_username,
        "kind": kind_text(delegation.kind),
        "permissions": permissions_text(delegation.permissions),
        "state": delegation_state(delegation),
    }


def invitation_line(
    invitation: PendingInvitation, now: dt.datetime, *, withdrawn: bool = False
) -> str:
    """An invitation: for whom (the kind), what they would be allowed, and whether its code
    still works until when, was withdrawn, or expired (each said in words, with a sign)."""
    if withdrawn:
        state = _("✗ withdrawn, the code no longer works")
    elif invitation.expires_at <= now:
        state = _("✗ expired on %(when)s, the code no longer works")
    else:
        state = _("code works until %(when)s")
    return _("%(kind)s — may %(permissions)s — %(state)s") % {
        "kind": kind_text(invitation.kind),
        "permissions": permissions_text(invitation.permissions),
        "state": state % {"when": format_datetime(invitation.expires_at)},
    }


def actor_text(entry: AccessLogEntry) -> str:
    """Who, from the victim's point of view."""
    name = entry.actor_label or ""
    if entry.actor_role is Role.victim:
        return _("you")
    if entry.actor_role is Role.representative:
        return _("your representative %(name)s") % {"name": name}
    if entry.actor_role is Role.staff:
        return _("support staff (%(name)s)") % {"name": name}
    if entry.actor_role is Role.notifier:
        return _("the notification service")
    return _("the system")


def action_text(action: str) -> str:
    if action.endswith(REPLAYED_SUFFIX):
        return _("%(action)s (sent again, nothing changed)") % {
            "action": action_text(action.removesuffix(REPLAYED_SUFFIX))
        }
    if action.startswith("preferences.revert-to-"):
        return _("undid a change (back to version %(version)s)") % {
            "version": action.removeprefix("preferences.revert-to-")
        }
    known = ACTIONS.get(action)
    if known:
        return _(known)
    return notice_words.action_text(action) or _("did something else with the record")


def _kind(value: str) -> DelegationKind | None:
    try:
        return DelegationKind(value)
    except ValueError:
        return None


def reason_text(reason: str | None) -> str:
    """The "why" of an entry in words; a name (a representative's username) stays as it is."""
    if not reason:
        return ""
    known = REASONS.get(reason)
    return _(known) if known else reason


def access_line(entry: AccessLogEntry) -> str:
    line = _("%(when)s: %(who)s %(what)s") % {
        "when": format_datetime(entry.at),
        "who": actor_text(entry),
        "what": action_text(entry.action),
    }
    kind = _kind(entry.reason) if entry.reason else None
    if kind is not None:  # invitations name the kind of representative
        line += " — " + _("as %(kind)s") % {"kind": kind_text(kind)}
        return line
    why = reason_text(entry.reason)
    if why:
        line += " — " + _("why: %(reason)s") % {"reason": why}
    return line
