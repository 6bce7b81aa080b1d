"""One full journey through the API with every kind of secret in it, for the hygiene tests.

Runs with the real async client, in-process (``httpx.ASGITransport``) or over HTTP against
the live server. Returns every secret value that went over the wire, so a test can look for
them in logs and files.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx

from api_client import AsyncConsentClient, models
from api_client.activation_code import normalise
from api_client.errors import PreconditionFailedError
from api_client.tokens import TokenPair
from tests.support.topics import ALL_TOPICS


@dataclass
class Secrets:
    """Values that must never appear in a log line or a file in plain text."""

    values: set[str] = field(default_factory=set)

    def add(self, *values: str) -> None:
        self.values.update(value for value in values if value)

    def found_in(self, text: str) -> list[str]:
        return sorted(value for value in self.values if value in text)


def _tag() -> str:
    return uuid.uuid4().hex[:8]


async def run_scenario(
    base_url: str,
    activation_code: str,
    staff_username: str,
    staff_passphrase: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Secrets:
    """Register, log in, save private preferences, read them every way, refresh, log out,
    change the passphrase, have staff record an assisted change, delete the account."""
    tag = _tag()
    secrets = Secrets()
    username = f"person.{tag}"
    passphrase = f"first passphrase {tag} of mine"
    new_passphrase = f"second passphrase {tag} of mine"
    email = f"mail.{tag}@example.org"
    phone = f"+31 6 {int(tag, 16) % 10**8:08d}"
    alternative = f"Postbus {tag}, Zwolle"
    sender = f"Leesclub {tag}"
    hours = f"ma 09:{int(tag[:2], 16) % 60:02d}-11:00"
    identity_check = f"paspoort eindigend op {tag}"
    secrets.add(passphrase, new_passphrase, staff_passphrase, activation_code)
    secrets.add(normalise(activation_code), email, phone, alternative, sender, hours)
    secrets.add(identity_check)

    def remember_tokens(pair: TokenPair | None) -> None:
        if pair is not None:
            secrets.add(pair.access_token, pair.refresh_token)

    person = AsyncConsentClient(base_url, transport=transport, max_retries=0)
    staff = AsyncConsentClient(base_url, transport=transport, max_retries=0)
    person.on_tokens_changed = remember_tokens
    staff.on_tokens_changed = remember_tokens
    async with person, staff:
        await person.register(activation_code, username, passphrase)
        await person.login(username, passphrase)
        me = await person.me()
        subject_id = me.subjects[0].subject_id
        write = models.PreferenceWrite(
            inform=models.Inform.yes,
            topics=ALL_TOPICS,
            channels=[
                models.Channel(kind=models.ChannelKind.email, address=email),
                models.Channel(kind=models.ChannelKind.phone, address=phone),
            ],
            safe_contact=models.SafeContact(
                hours=hours,
                alternative_address=alternative,
                discreet_sender=sender,
                household_must_not_know=True,
            ),
        )
        saved = await person.put_preferences(subject_id, write, if_match=0)
        await person.get_preferences(subject_id)
        await person.history(subject_id)
        await person.receipt(subject_id, saved.version)
        try:  # a stale write: the 412 answer carries the current contact details
            await person.put_preferences(subject_id, write, if_match=0)
        except PreconditionFailedError:
            pass
        else:
            raise AssertionError("a write over a stale version was accepted")
        await person.refresh()
        await person.logout()
        await person.login(username, passphrase)
        await person.change_passphrase(passphrase, new_passphrase)
        await person.logout()
        await person.login(username, new_passphrase)

        await staff.login(staff_username, staff_passphrase)
        assisted = write.model_copy(
            update={
                "inform": models.Inform.no,
                "assisted": models.AssistedEntry(
                    identity_check=identity_check, read_back_confirmed=True
                ),
            }
        )
        await staff.put_preferences(subject_id, assisted, if_match=saved.version)
        await staff.history(subject_id)  # reads the identity check back from the database
        await staff.logout()

        await person.delete_account(new_passphrase)
    return secrets
