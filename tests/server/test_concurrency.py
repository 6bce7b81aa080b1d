"""Many requests at once: each is answered, none waits for another's database connection.

With SQLite the server has one pooled connection. When the database work ran in the thread
pool, a write held that connection from one dependency to the next while every free worker
thread waited for it: with more requests than threads, nobody could go on until the pool's
timeout (30 s) turned them into 500s.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from tests.support.accounts import Login, Victim

pytestmark = pytest.mark.anyio

AT_ONCE = 45  # reads and writes each: more than the thread pool's 40 workers together


async def test_many_writes_and_reads_at_once_are_all_answered(
    server_app: FastAPI, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    path = f"/v1/subjects/{victim.subject_id}/preferences"
    transport = httpx.ASGITransport(app=server_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:

        async def write(number: int) -> httpx.Response:
            return await http.put(
                path,
                json={"inform": "yes"},
                headers={**headers, "If-Match": '"0"', "Idempotency-Key": f"at-once-{number}"},
            )

        async def read() -> httpx.Response:
            return await http.get(path, headers=headers)

        answers = await asyncio.gather(
            *(write(number) for number in range(AT_ONCE)), *(read() for _ in range(AT_ONCE))
        )
    statuses = [answer.status_code for answer in answers]
    # One write wins over version 0; the others are told someone else was first.
    assert statuses[:AT_ONCE].count(200) == 1
    assert statuses[:AT_ONCE].count(412) == AT_ONCE - 1
    assert statuses[AT_ONCE:] == [200] * AT_ONCE
