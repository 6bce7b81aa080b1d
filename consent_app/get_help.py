"""Where a person can get help now, named in every help text (F1) and under every error the
person cannot solve alone. One place, so the contact details are never out of step.

No Textual and no API client here: the help dialog and the messages both use it.
"""

from __future__ import annotations

from consent_app.i18n import Msg

GET_HELP = Msg(
    "If you want to talk to someone now: Slachtofferhulp Nederland, phone 0900-0101, "
    "slachtofferhulp.nl, or the support staff who gave you your code."
)
"""Where to get help now; shown in every help text and under every error that stops the
person (see :func:`stopping`)."""


class WithHelp(Msg):
    """A message followed by :data:`GET_HELP`, each translated when shown."""

    __slots__ = ("first",)

    def __init__(self, first: Msg) -> None:
        super().__init__(first.msgid, **first.params)
        self.first = first

    def __str__(self) -> str:
        return f"{self.first} {GET_HELP}"


def stopping(message: Msg) -> Msg:
    """``message`` for an error the person cannot solve alone: it names where to get help."""
    return WithHelp(message)
