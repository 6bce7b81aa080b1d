"""When someone else changed the preferences first: what differs, and how to merge.

Pure functions over :class:`~api_client.models.PreferenceChoices`; nothing here does I/O or
imports Textual. "Protective" values are the ones that keep the person from being contacted
or exposed: inform "no", a topic switched off, a pause (the later the more protective) and a
safe-contact restriction switched on. Protective values win in every merge, so a victim's
"no" is only ever dropped by :attr:`MergeChoice.keep_theirs`, chosen by the person.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from api_client.models import (
    ChannelKind,
    Frequency,
    PreferenceChoices,
    PreferenceWrite,
    Reassurance,
    Recipients,
)
from consent_app.i18n import N_, Msg, _, format_date
from consent_app.summary import (
    CHANNELS,
    FREQUENCY,
    REASSURANCE,
    REASSURANCE_LABEL,
    RECIPIENTS,
    describe_days,
)
from consent_app.viewpoint import Worded

Side = Literal["mine", "theirs"]


class MergeChoice(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    keep_mine = "keep_mine"
    keep_theirs = "keep_theirs"
    combine = "combine"


CONFLICT_HEADING = Worded(
    N_("Someone else changed your choices first"),
    N_("Someone else changed the choices first"),
    N_("Someone else changed the choices first"),
)

# Every field a person decides, as a dotted path into PreferenceChoices, with its label.
FIELDS: dict[str, Msg] = {
    "inform": Msg("Being informed"),
    "topics.new_findings": Msg("New images that are found"),
    "topics.proceedings": Worded(
        N_("Criminal cases you can join"),
        N_("Criminal cases the person can join"),
        N_("Criminal cases the person can join"),
    ),
    "topics.compensation": Msg("Support from the compensation fund"),
    "topics.removal": Msg("Removal of the material"),
    "recipients": Msg("Who is told"),
    "channels": Worded(
        N_("How you are told"), N_("How the person is told"), N_("How the person is told")
    ),
    "frequency": Msg("How often"),
    "reassurance": REASSURANCE_LABEL,
    "safe_contact.hours": Msg("Safe hours"),
    "safe_contact.days": Msg("Safe days"),
    "safe_contact.no_voicemail": Msg("No voicemail"),
    "safe_contact.no_post_to_home": Worded(
        N_("No post to your home address"),
        N_("No post to the person's home address"),
        N_("No post to the person's home address"),
    ),
    "safe_contact.alternative_address": Msg("Other address"),
    "safe_contact.discreet_sender": Msg("Sender name on letters"),
    "safe_contact.household_must_not_know": Worded(
        N_("Someone in your household must not know"),
        N_("Someone in the person's household must not know"),
        N_("Someone in the person's household must not know"),
    ),
    "paused_until": Msg("Pause"),
    "language": Msg("Language"),
}

_RESTRICTIONS = {
    "safe_contact.no_voicemail",
    "safe_contact.no_post_to_home",
    "safe_contact.household_must_not_know",
}


@dataclass(frozen=True)
class FieldChange:
    """One field on which my change and the current state differ, in plain words."""

    field: str
    label: str
    mine: str
    theirs: str
    changed_by_me: bool
    """True when I changed this field (always True when the base is unknown)."""
    more_protective: Side | None
    """Which side keeps the person safer on this field, if either."""


def _get(document: dict[str, Any], field: str) -> Any:
    value: Any = document
    for part in field.split("."):
        value = value[part]
    return value


def _set(document: dict[str, Any], field: str, value: Any) -> None:
    *parents, last = field.split(".")
    target = document
    for part in parents:
        target = target[part]
    target[last] = value


def _choices(document: PreferenceChoices) -> dict[str, Any]:
    return PreferenceChoices.model_validate(document.model_dump(include=_CHOICE_KEYS)).model_dump(
        mode="json"
    )


_CHOICE_KEYS = set(PreferenceChoices.model_fields)


def protection(field: str, a: Any, b: Any) -> int:
    """+1 when ``a`` is more protective than ``b`` on ``field``, -1 when less, else 0."""
    if field == "inform":
        return int(a == "no") - int(b == "no")
    if field.startswith("topics."):
        return (a is False) - (b is False)
    if field in _RESTRICTIONS:
        return (a is True) - (b is True)
    if field == "paused_until":
        if a == b:
            return 0
        if a is None or b is None:
            return 1 if b is None else -1
        return 1 if dt.date.fromisoformat(a) > dt.date.fromisoformat(b) else -1
    return 0


def _most_protective(field: str, mine: Any, theirs: Any, fallback: Any) -> Any:
    order = protection(field, mine, theirs)
    return mine if order > 0 else theirs if order < 0 else fallback


def diff(
    mine: PreferenceChoices, theirs: PreferenceChoices, base: PreferenceChoices | None = None
) -> list[FieldChange]:
    """The fields on which ``mine`` and ``theirs`` differ, in the order of the questions."""
    my, their = _choices(mine), _choices(theirs)
    based = _choices(base) if base is not None else None
    changes = []
    for field, label in FIELDS.items():
        mine_value, their_value = _get(my, field), _get(their, field)
        if mine_value == their_value:
            continue
        order = protection(field, mine_value, their_value)
        changes.append(
            FieldChange(
                field=field,
                label=str(label),
                mine=describe(field, mine_value),
                theirs=describe(field, their_value),
                changed_by_me=based is None or _get(based, field) != mine_value,
                more_protective="mine" if order > 0 else "theirs" if order < 0 else None,
            )
        )
    return changes


def merge(
    mine: PreferenceWrite,
    theirs: PreferenceChoices,
    choice: MergeChoice,
    base: PreferenceChoices | None = None,
) -> PreferenceWrite | None:
    """The write that carries out ``choice``; None for ``keep_theirs`` (nothing to send).

    - keep_mine: my change as a whole, except that a "no" already on the server stays "no"
      (to turn it into "yes" the person decides again, with that "no" in view);
    - combine: theirs with the fields I changed applied (without a base: every field that
      differs), and on each field the more protective value of the two.
    """
    if choice is MergeChoice.keep_theirs:
        return None
    my, their = _choices(mine), _choices(theirs)
    based = _choices(base) if base is not None else None
    result = dict(my) if choice is MergeChoice.keep_mine else _copy(their)
    for field in FIELDS:
        mine_value, their_value = _get(my, field), _get(their, field)
        if choice is MergeChoice.keep_mine:
            if field == "inform" and their_value == "no":
                _set(result, field, "no")
            continue
        i_changed = based is None or _get(based, field) != mine_value
        preferred = mine_value if i_changed else their_value
        _set(result, field, _most_protective(field, mine_value, their_value, preferred))
    return _as_write(mine, result)


def protective_reapply(
    mine: PreferenceWrite, theirs: PreferenceChoices, base: PreferenceChoices | None = None
) -> PreferenceWrite | None:
    """My change on top of ``theirs`` when it only protects; None when the person must decide.

    With a base: every field I changed must have become more protective than it was, and
    those fields are applied to theirs (keeping theirs where it is more protective still).
    Without a base: every field that differs must be more protective on my side.
    When the other change made a field I did not touch less protective (a "no" turned into
    "yes"), the person decides.
    """
    my, their = _choices(mine), _choices(theirs)
    if base is None:
        differing = [field for field in FIELDS if _get(my, field) != _get(their, field)]
        reference: dict[str, Any] = their
    else:
        reference = _choices(base)
        differing = [field for field in FIELDS if _get(my, field) != _get(reference, field)]
    if not differing:
        return None
    if any(protection(f, _get(my, f), _get(reference, f)) <= 0 for f in differing):
        return None
    if any(protection(f, _get(my, f), _get(their, f)) > 0 for f in FIELDS if f not in differing):
        # Someone else made a field less protective than the person still has it (say, a
        # "no" turned into "yes"): never settle that silently, in either direction.
        return None
    result = _copy(their)
    for field in differing:
        their_value = _get(their, field)
        _set(result, field, _most_protective(field, _get(my, field), their_value, their_value))
    return _as_write(mine, result)


def same_choices(a: PreferenceChoices, b: PreferenceChoices) -> bool:
    return _choices(a) == _choices(b)


def _copy(document: dict[str, Any]) -> dict[str, Any]:
    return PreferenceChoices.model_validate(document).model_dump(mode="json")


def _as_write(mine: PreferenceWrite, choices: dict[str, Any]) -> PreferenceWrite:
    extra = mine.model_dump(mode="json", exclude=_CHOICE_KEYS)
    return PreferenceWrite.model_validate({**extra, **choices})


# --- plain words -----------------------------------------------------------------------------

_INFORM_WORDS = {"yes": N_("yes"), "no": N_("no"), "undecided": N_("not decided yet")}


def _describe_channels(value: Any) -> str:
    kinds = [_(CHANNELS[ChannelKind(channel["kind"])]) for channel in value]
    return ", ".join(kinds) if kinds else _("not chosen yet")


_DESCRIBERS: dict[str, Callable[[Any], str]] = {
    "inform": lambda value: _(_INFORM_WORDS[value]),
    "recipients": lambda value: str(RECIPIENTS[Recipients(value)]),
    "channels": _describe_channels,
    "frequency": lambda value: _(FREQUENCY[Frequency(value)]),
    "reassurance": lambda value: _(REASSURANCE[Reassurance(value)]),
    "safe_contact.days": describe_days,
    "paused_until": lambda value: (
        _("not before %(date)s") % {"date": format_date(dt.date.fromisoformat(value))}
        if value
        else _("no pause")
    ),
}


def describe(field: str, value: Any) -> str:
    """A field's value in the person's language."""
    describer = _DESCRIBERS.get(field)
    if describer is not None:
        return describer(value)
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if value is None or value == "":
        return _("not filled in")
    return str(value)


# --- in words, for the conflict screen and the plain line mode ------------------------------

MERGE_CHOICES: list[tuple[MergeChoice | None, str]] = [
    (MergeChoice.keep_mine, N_("Keep my change")),
    (MergeChoice.keep_theirs, N_("Keep what is recorded now")),
    (MergeChoice.combine, N_("Combine both")),
    (None, N_("Decide later")),
]


def differences_text(
    mine: PreferenceChoices, theirs: PreferenceChoices, base: PreferenceChoices | None
) -> str:
    """Each field that differs, with both values, in the active language."""
    lines = []
    for change in diff(mine, theirs, base):
        lines.append(change.label)
        lines.append("  " + _("Your change: %(value)s") % {"value": change.mine})
        lines.append("  " + _("Recorded now: %(value)s") % {"value": change.theirs})
    return "\n".join(lines) or _("There are no differences in your choices.")


def no_note(mine: PreferenceChoices, theirs: PreferenceChoices) -> str:
    """What happens to a "no" in either version, or nothing."""
    from api_client.models import Inform

    if Inform.no in (mine.inform, theirs.inform):
        return _(
            "Your 'no' stays when you keep your change or combine both. Only "
            "'Keep what is recorded now' can remove it."
        )
    return ""
