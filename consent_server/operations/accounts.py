"""The contract table: health, accounts, sessions, the caller's own account, the questions."""

from __future__ import annotations

from consent_server.contract import link
from consent_server.operations.entry import Operation

# -- health --------------------------------------------------------------------------------

# For a load balancer's check: FastAPI's default success answer and no problem documents.
READ_HEALTH = Operation(
    "GET",
    "/v1/health",
    "readHealth",
    "health",
    summary="Whether the server is up",
    ok=(200, "Successful Response"),
    problems=None,
    authenticated=False,
)

# -- accounts, sessions, me ----------------------------------------------------------------

REGISTER = Operation(
    "POST",
    "/v1/registrations",
    "register",
    "accounts",
    summary="Turn an activation code into an account",
    ok=(201, "The new account"),
    authenticated=False,
    problems={
        400: ("invalid-activation-code",),
        409: ("username-taken",),
        422: ("passphrase-too-common",),
        429: ("too-many-attempts",),
    },
)
LOG_IN = Operation(
    "POST",
    "/v1/sessions",
    "logIn",
    "sessions",
    summary="Log in",
    ok=(201, "A new session"),
    links={"readMe": link("readMe", "Who is logged in, and the records they may act for.")},
    authenticated=False,
    problems={401: ("invalid-credentials",), 429: ("too-many-attempts",)},
)
REFRESH_SESSION = Operation(
    "POST",
    "/v1/sessions/refresh",
    "refreshSession",
    "sessions",
    summary="New tokens for a refresh token (the old one stops working)",
    ok=(201, "The session with new tokens"),
    authenticated=False,
    problems={401: ("invalid-refresh-token",)},
)
LOG_OUT = Operation(
    "DELETE",
    "/v1/sessions/current",
    "logOut",
    "sessions",
    summary="Log out: both tokens stop working",
    ok=(204, "Logged out"),
    body=False,
)
READ_ME = Operation(
    "GET",
    "/v1/me",
    "readMe",
    "me",
    summary="The caller's account and the records it may act for",
    ok=(200, "Who am I"),
    links={
        "readPreferences": link(
            "readPreferences",
            "The preferences of the first record listed.",
            subject_id="$response.body#/subjects/0/subject_id",
        ),
        "readSubject": link(
            "readSubject",
            "The first record listed.",
            subject_id="$response.body#/subjects/0/subject_id",
        ),
    },
)
CHANGE_PASSPHRASE = Operation(
    "PUT",
    "/v1/me/passphrase",
    "changePassphrase",
    "me",
    summary="Change the passphrase; every other session ends",
    ok=(204, "Changed"),
    problems={
        403: ("invalid-credentials",),
        422: ("passphrase-too-common",),
        429: ("too-many-attempts",),
    },
)
DELETE_ACCOUNT = Operation(
    "DELETE",
    "/v1/me",
    "deleteAccount",
    "me",
    summary="Delete the caller's account and contact details",
    ok=(204, "Deleted"),
    problems={403: ("invalid-credentials",), 429: ("too-many-attempts",)},
)
READ_QUESTIONS = Operation(
    "GET",
    "/v1/questions/{version}",
    "readQuestions",
    "questions",
    summary="One version of the question texts, in every language",
    ok=(200, "The texts"),
    problems={404: ("questions-not-found",)},
)
