"""Checks of what a person types to register or to change a passphrase, before anything is
sent. Pure functions (no Textual), shared by the register screen and the plain line mode.
Each returns a translated :class:`~consent_app.i18n.Msg`, or None when the value is fine.
"""

from __future__ import annotations

import re

from api_client import activation_code
from api_client.models import USERNAME_PATTERN
from consent_app import strength
from consent_app.i18n import Msg
from consent_app.messages import USERNAME_RULES

_USERNAME = re.compile(USERNAME_PATTERN)

CODE_MISSING = Msg("Please fill in the activation code you were given.")
# Not "on your letter": staff may also hand a code over in person, to a victim or to a
# representative.
CODE_NOT_VALID = Msg("This code is not correct. Please check each letter and number of the code.")
NOT_AN_EMAIL = Msg("Please choose a name, not an e-mail address.")
NOT_THE_SAME = Msg("The two passphrases are not the same.")


def check_code(text: str) -> Msg | None:
    text = text.strip()
    if not text:
        return CODE_MISSING
    if not activation_code.is_well_formed(text):
        return CODE_NOT_VALID
    return None


def check_username(text: str) -> Msg | None:
    username = text.strip()
    if "@" in username:
        return NOT_AN_EMAIL
    if not _USERNAME.match(username):
        return USERNAME_RULES
    return None


def check_new_passphrase(passphrase: str) -> Msg | None:
    if not strength.acceptable(passphrase):
        return strength.describe(strength.Strength.too_short)
    return None


def check_repeat(passphrase: str, repeat: str) -> Msg | None:
    return NOT_THE_SAME if passphrase != repeat else None
