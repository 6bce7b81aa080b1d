"""The "why we ask" texts of the screens both front ends show (F1 in the app, "?" in the
plain line mode), kept apart from Textual so the plain mode can use them."""

from __future__ import annotations

from consent_app.i18n import Msg

START_WHY = Msg(
    "You can use this app to record whether you want to be told when the police find "
    "new copies of images of you, and how. Your choices are only used for that. You can "
    "change your mind at any time, and you may also decide later."
)

REGISTER_WHY = Msg(
    "The activation code is on the letter you received, or victim support gave it to "
    "you. It makes sure that only you can make an account for your record. Choose a "
    "username that is not your e-mail address or your real name, and a passphrase of "
    "at least 8 characters: a few ordinary words together work well."
)

LOGIN_WHY = Msg(
    "Log in with the username and passphrase you chose when you registered. "
    "If you forgot them, victim support can help you."
)

HISTORY_WHY = Msg(
    "Every change to your choices is kept as a new version. Nothing is ever erased, so "
    "you can always see who changed what, and when. Choose a version to see its receipt."
)

REPRESENTATIVES_WHY = Msg(
    "A representative is someone you trust, such as a parent, a lawyer or a victim "
    "support worker. You decide what they may do. You can end their permission at any "
    "time; it stops at once. Changes they make are shown to you and you can undo them."
)

ACCOUNT_WHY = Msg(
    "Here you can change your passphrase, log out, or delete your account. We ask for "
    "your passphrase again so that nobody else can do this for you. If you delete your "
    "account, your last answer about being informed still counts, unless you also clear it."
)

ACCESS_LOG_WHY = Msg(
    "Every time someone looks at your record or changes it, this is written down: who, "
    "what, when and why. Nobody can remove these lines. If something here worries you, "
    "you can talk to victim support."
)
