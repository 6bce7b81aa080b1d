"""The plain mode's pages about the record besides the choices: who looked at it, and the
representatives (invite one, end a permission)."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from api_client.models import InvitationCreate, Permission
from consent_app import access_words, help_texts
from consent_app.i18n import Msg, _
from consent_app.plain.wizard import NUMBERS_NOTE, numbers_in

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession

ACCESS_PAGE = 10


def access_log(session: PlainSession, subject_id: uuid.UUID) -> None:
    console = session.console
    console.heading(Msg("Who looked at my record"))
    cursor: str | None = None
    first = True
    while True:
        page = session.fetch(
            partial(session.client.access_log, subject_id, cursor=cursor, limit=ACCESS_PAGE)
        )
        if first and not page.items:
            console.say(Msg("Nothing has been written down yet."))
            return
        if first:
            console.say(Msg("Newest first. Your own visit to this list is written down too."))
            first = False
        for entry in page.items:
            console.say(f"- {access_words.access_line(entry)}")
        cursor = page.next_cursor
        if cursor is None:
            return
        options = [Msg("Show older entries"), Msg("Back")]
        if console.choose(options, why=help_texts.ACCESS_LOG_WHY) != 0:
            return


def representatives(session: PlainSession, subject_id: uuid.UUID) -> None:
    console = session.console
    console.heading(Msg("Your representatives"))
    delegations = session.fetch(partial(session.client.list_delegations, subject_id))
    if not delegations:
        console.say(Msg("Nobody acts for you at the moment."))
    for delegation in delegations:
        console.say(f"- {access_words.delegation_line(delegation)}")
    active = [d for d in delegations if d.active]
    options = [Msg("Invite a representative")]
    if active:
        options.append(Msg("End this permission"))
    index = console.choose(options, why=help_texts.REPRESENTATIVES_WHY)
    if index == 0:
        invite(session, subject_id)
        return
    chosen = active[
        console.choose(
            [access_words.delegation_line(d) for d in active], why=help_texts.REPRESENTATIVES_WHY
        )
    ]
    console.say(
        Msg(
            "End the permission of %(name)s? It stops at once. They can only act for you "
            "again if you invite them again.",
            name=chosen.representative_username,
        )
    )
    if console.choose([Msg("Yes, end it now"), Msg("No, keep it")]) != 0:
        return
    session.fetch(partial(session.client.revoke_delegation, subject_id, chosen.id))
    console.say(Msg("✓ %(name)s may no longer act for you.", name=chosen.representative_username))


def invite(session: PlainSession, subject_id: uuid.UUID) -> None:
    console = session.console
    console.heading(Msg("Invite a representative"))
    console.say(Msg("Who is this person to you?"))
    kinds = list(access_words.KINDS)
    kind = kinds[console.choose([access_words.kind_text(k) for k in kinds])]
    console.say(Msg("What may they do?"))
    permissions = list(access_words.PERMISSIONS)
    for number, permission in enumerate(permissions, start=1):
        console.say(f"{number}. {_(access_words.PERMISSIONS[permission]).capitalize()}")
    console.say(NUMBERS_NOTE)

    def check(text: str) -> tuple[list[Permission] | None, Msg | None]:
        indexes, problem = numbers_in(text, len(permissions))
        if problem is not None:
            return None, problem
        if not indexes:
            return None, Msg("Please tick at least one thing they may do.")
        return [permissions[i] for i in indexes], None

    chosen = console.ask_checked(check)
    console.say(Msg("Making the code…"))
    body = InvitationCreate(subject_id=subject_id, kind=kind, permissions=chosen)
    invitation = session.fetch(partial(session.client.create_invitation, body))
    console.heading(Msg("Invitation code for your representative"))
    console.say(invitation.code)
    console.say(
        Msg(
            "Give this code to your representative yourself: in person or by phone. "
            "Do not send it where others can read it. They enter it in their own "
            "account, under 'Accept an invitation'."
        )
    )
