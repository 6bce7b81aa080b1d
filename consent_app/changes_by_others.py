"""Changes someone else made since the person last looked: a representative, or staff entering
the wish for the victim.

A victim outranks a representative: what a representative or support staff changed is shown
on the person's next visit with "keep?" and can be undone. Pure functions over the history
page (newest first); nothing here does I/O or imports Textual. The version the person last
saw is kept in memory only (see :class:`consent_app.sync_service.SyncService`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_client.models import ChangeMethod, PreferenceChoices, PreferenceVersion
from consent_app import conflicts, summary
from consent_app.conflicts import FieldChange
from consent_app.i18n import _, format_datetime


@dataclass(frozen=True)
class ChangeByOthers:
    version: int
    """The newest version, made by someone else."""
    actor_relation: str
    method: ChangeMethod
    at: dt.datetime
    before: PreferenceChoices
    """What the person last saw: the choices an undo writes back."""
    after: PreferenceChoices
    changes: list[FieldChange]


def last_seen_default(versions: list[PreferenceVersion]) -> int:
    """Without a remembered visit: the person saw what they made themselves last."""
    own = [v.version for v in versions if v.actor.relation == "self"]
    return max(own, default=0)


def change_by_others(
    versions: list[PreferenceVersion], last_seen: int | None
) -> ChangeByOthers | None:
    """The change to show, or None when the newest version is the person's own or seen."""
    if not versions:
        return None
    newest = max(versions, key=lambda v: v.version)
    seen = last_seen_default(versions) if last_seen is None else last_seen
    if newest.version <= seen or newest.actor.relation == "self":
        return None
    older = [v for v in versions if v.version <= seen]
    before = max(older, key=lambda v: v.version).preferences if older else PreferenceChoices()
    changes = conflicts.diff(before, newest.preferences)
    if not changes:
        return None
    return ChangeByOthers(
        version=newest.version,
        actor_relation=newest.actor.relation,
        method=newest.method,
        at=newest.created_at,
        before=before,
        after=newest.preferences,
        changes=changes,
    )


def describe(change: ChangeByOthers) -> str:
    """Who changed what and when, in the active language, ending with the question to keep it."""
    who = summary.made_by(change.actor_relation, change.method)
    lines = [
        _("%(who)s changed your choices on %(when)s:")
        % {"who": who[:1].upper() + who[1:], "when": format_datetime(change.at)}
    ]
    for item in change.changes:
        lines.append(
            "  • "
            + _("%(label)s: was %(before)s, now %(after)s")
            % {"label": item.label, "before": item.mine, "after": item.theirs}
        )
    lines.append(_("Do you want to keep this change?"))
    return "\n".join(lines)
