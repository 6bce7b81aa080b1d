"""Whose record the person at the keyboard is working on, and so how texts address them.

One place decides the viewpoint: :func:`set_viewer`, called when a session starts (from the
account's role) and when it ends. A victim reads "you want to be informed"; a representative
reads "the person you act for wants to be informed"; support staff read "the person you are
helping wants to be informed". Texts that depend on it are :class:`Worded`: three variants,
translated when shown, so they follow both a language switch and the viewpoint.

No Textual here: the summaries and the CLI use it too.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from consent_app.i18n import Msg, _

if TYPE_CHECKING:  # the app imports this before the first screen: no pydantic at start-up
    from api_client.models import Role


class Viewpoint(enum.Enum):
    victim = "victim"
    """The person the record is about, acting for themselves."""
    representative = "representative"
    """Someone acting for the person (parent, lawyer, victim-support worker)."""
    staff = "staff"
    """Support staff helping the person."""


@dataclass(frozen=True)
class Viewer:
    viewpoint: Viewpoint = Viewpoint.victim
    account_id: uuid.UUID | None = None


_viewer = Viewer()


def viewpoint_for(role: Role | None) -> Viewpoint:
    """The viewpoint of an account with ``role`` (victim when unknown: the safest wording
    for the person the record is about)."""
    name = None if role is None else role.value
    if name == "representative":
        return Viewpoint.representative
    if name == "staff":
        return Viewpoint.staff
    return Viewpoint.victim


def set_viewer(role: Role | None = None, account_id: uuid.UUID | None = None) -> None:
    """Who is using the app now; ``set_viewer()`` (no role) when the session ends."""
    global _viewer
    _viewer = Viewer(viewpoint_for(role), account_id)


def current() -> Viewpoint:
    return _viewer.viewpoint


def is_viewer(account_id: uuid.UUID | None) -> bool:
    """Whether ``account_id`` is the account using the app now."""
    return account_id is not None and account_id == _viewer.account_id


class Worded(Msg):
    """A :class:`Msg` in three variants, one per viewpoint, chosen when it is shown.

    Mark each variant with ``N_`` so it is extracted::

        Worded(N_("Do you want…"), N_("Does the person you act for want…"), N_("…"))
    """

    __slots__ = ("representative", "staff")

    def __init__(self, victim: str, representative: str, staff: str, /, **params: object):
        super().__init__(victim, **params)
        self.representative = representative
        self.staff = staff

    def variant(self, viewpoint: Viewpoint) -> str:
        if viewpoint is Viewpoint.representative:
            return self.representative
        if viewpoint is Viewpoint.staff:
            return self.staff
        return self.msgid

    def __str__(self) -> str:
        text = _(self.variant(current()))
        return text % self.params if self.params else text

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Worded)
            and super().__eq__(other)
            and (self.representative, self.staff) == (other.representative, other.staff)
        )

    def __hash__(self) -> int:
        return hash(self.msgid)


def words(victim: str, representative: str, staff: str) -> str:
    """The variant for the current viewpoint, translated (for texts built on the spot)."""
    return str(Worded(victim, representative, staff))
