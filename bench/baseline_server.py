"""The baseline: bare FastAPI doing the essential work of consent-server's hot path.

Usage (normally started by bench/load.py):
    uv run python bench/baseline_server.py --database /tmp/x/baseline.db --port 8123

Same framework and HTTP stack as consent-server (FastAPI, pydantic, uvicorn with h11, one
worker), same essential work per request, none of our layers:
- GET  /v1/subjects/{id}/preferences: token lookup by SHA-256 hash (joined with its account),
  one row read, one audit row insert, commit; JSON answer with an ETag.
- PUT  /v1/subjects/{id}/preferences: the same plus If-Match as a compare-and-set on the
  version and a new version row.
- POST /v1/sessions: account by username, argon2id verify (library defaults, at most two at
  a time in the thread pool, like consent-server), a new token row, commit.
One sqlite3 connection in WAL mode used on the event loop (each request's work is short and
never spans an ``await``). ``seed`` fills the database before the server starts.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, username TEXT UNIQUE NOT NULL, passphrase_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS subjects (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    subject_id TEXT NOT NULL REFERENCES subjects(id), version INTEGER NOT NULL,
    document TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (subject_id, version));
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, subject_id TEXT NOT NULL, account_id TEXT NOT NULL,
    action TEXT NOT NULL, at REAL NOT NULL);
"""


@dataclass(frozen=True)
class BaselineAccount:
    username: str
    token: str
    subject_id: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def seed(path: str, count: int, passphrase: str) -> list[BaselineAccount]:
    """``count`` accounts, each with a token and its own subject; one argon2id hash for all."""
    from argon2 import PasswordHasher

    hashed = PasswordHasher().hash(passphrase)
    db = connect(path)
    db.executescript(SCHEMA)
    accounts = []
    db.execute("BEGIN")
    for number in range(count):
        account_id, subject_id, token = str(uuid.uuid4()), str(uuid.uuid4()), secrets.token_hex(32)
        username = f"baseline-user-{number}"
        db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (account_id, username, hashed))
        db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token_hash(token), account_id, 1e12))
        db.execute("INSERT INTO subjects VALUES (?, ?, 0)", (subject_id, account_id))
        accounts.append(BaselineAccount(username, token, subject_id))
    db.execute("COMMIT")
    db.close()
    return accounts


class Channel(BaseModel):
    kind: str
    address: str | None = None


class Write(BaseModel):
    inform: str
    channels: list[Channel] = []


class Login(BaseModel):
    username: str
    passphrase: str


def create_app(path: str) -> FastAPI:
    from argon2 import PasswordHasher
    from argon2.exceptions import VerificationError

    app = FastAPI()
    db = connect(path)
    hasher = PasswordHasher()
    hashing = asyncio.Semaphore(2)

    def account_of(authorization: str | None) -> str:
        if authorization is None or not authorization.startswith("Bearer "):
            raise HTTPException(401)
        row = db.execute(
            "SELECT a.id FROM tokens t JOIN accounts a ON a.id = t.account_id "
            "WHERE t.hash = ? AND t.expires_at > ?",
            (token_hash(authorization[7:]), time.time()),
        ).fetchone()
        if row is None:
            raise HTTPException(401)
        return str(row[0])

    def document(subject_id: str, version: int) -> JSONResponse:
        row = db.execute(
            "SELECT document, at FROM versions WHERE subject_id = ? AND version = ?",
            (subject_id, version),
        ).fetchone()
        content = json.loads(row[0]) if row else {"inform": "undecided", "channels": []}
        content.update(subject_id=subject_id, version=version, updated_at=row[1] if row else None)
        return JSONResponse(content, headers={"ETag": f'"{version}"'})

    @app.get("/v1/subjects/{subject_id}/preferences")
    async def read(
        subject_id: uuid.UUID, authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        db.execute("BEGIN IMMEDIATE")
        try:
            account_id = account_of(authorization)
            row = db.execute(
                "SELECT version FROM subjects WHERE id = ? AND account_id = ?",
                (str(subject_id), account_id),
            ).fetchone()
            if row is None:
                raise HTTPException(404)
            db.execute(
                "INSERT INTO audit (subject_id, account_id, action, at) VALUES (?, ?, ?, ?)",
                (str(subject_id), account_id, "preferences.read", time.time()),
            )
            answer = document(str(subject_id), row[0])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return answer

    @app.put("/v1/subjects/{subject_id}/preferences")
    async def write(
        subject_id: uuid.UUID,
        body: Write,
        authorization: Annotated[str | None, Header()] = None,
        if_match: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        expected = int((if_match or '"-1"').strip('"'))
        db.execute("BEGIN IMMEDIATE")
        try:
            account_id = account_of(authorization)
            claimed = db.execute(
                "UPDATE subjects SET version = version + 1 "
                "WHERE id = ? AND account_id = ? AND version = ?",
                (str(subject_id), account_id, expected),
            )
            if claimed.rowcount != 1:
                raise HTTPException(412)
            now = time.time()
            db.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?)",
                (str(subject_id), expected + 1, body.model_dump_json(), now),
            )
            db.execute(
                "INSERT INTO audit (subject_id, account_id, action, at) VALUES (?, ?, ?, ?)",
                (str(subject_id), account_id, "preferences.write", now),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        content = {**body.model_dump(), "subject_id": str(subject_id), "version": expected + 1}
        return JSONResponse(content, headers={"ETag": f'"{expected + 1}"'})

    @app.post("/v1/sessions", status_code=201)
    async def login(body: Login) -> dict[str, str]:
        row = db.execute(
            "SELECT id, passphrase_hash FROM accounts WHERE username = ?", (body.username,)
        ).fetchone()
        if row is None:
            raise HTTPException(401)
        async with hashing:
            try:
                await run_in_threadpool(hasher.verify, row[1], body.passphrase)
            except VerificationError:
                raise HTTPException(401) from None
        token = secrets.token_hex(32)
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO tokens VALUES (?, ?, ?)", (token_hash(token), row[0], time.time() + 900)
        )
        db.execute("COMMIT")
        return {"access_token": token}

    return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        create_app(args.database),
        host="127.0.0.1",
        port=args.port,
        access_log=False,
        log_level="warning",
        http="h11",
    )


if __name__ == "__main__":
    main()
