"""A scripted fake server and canned answers, for faults the real server cannot make."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from api_client import AsyncConsentClient, ConsentClient, RetryPolicy, TokenPair

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class ScriptedServer:
    """Answers requests from a script, in order (the last answer repeats), and records them."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        # A fresh copy: a response object is consumed by the client that receives it.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def problem(status: int, name: str, title: str = "Something", **extra: Any) -> httpx.Response:
    body = {"type": f"https://consent.invalid/problems/{name}", "title": title, "status": status}
    return httpx.Response(
        status,
        json=body | extra,
        headers={"content-type": "application/problem+json"},
    )


def session_json(
    access: str = "access-token-0001", refresh: str = "refresh-token-0001"
) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_at": (now + dt.timedelta(minutes=15)).isoformat(),
        "refresh_expires_at": (now + dt.timedelta(days=1)).isoformat(),
        "account": {
            "id": str(uuid.uuid4()),
            "username": "victim1",
            "role": "victim",
            "created_at": now.isoformat(),
        },
    }


def preferences_json(subject_id: uuid.UUID, version: int = 1, **choices: Any) -> dict[str, Any]:
    return {
        "subject_id": str(subject_id),
        "version": version,
        "updated_at": dt.datetime.now(dt.UTC).isoformat(),
        "updated_by": None,
        **choices,
    }


def token_pair(access: str = "access-token-0001", refresh: str = "refresh-token-0001") -> TokenPair:
    now = dt.datetime.now(dt.UTC)
    return TokenPair(access, refresh, now + dt.timedelta(minutes=15), now + dt.timedelta(days=1))


FAST = RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.05, random=lambda: 0.5)

MakeClient = Callable[..., tuple[ConsentClient, ScriptedServer]]
"""``make_client(*answers, **options)``: a sync client in front of a scripted server."""
MakeAsyncClient = Callable[..., tuple[AsyncConsentClient, ScriptedServer]]
"""``make_async_client(*answers, **options)``: the same for the async client."""
