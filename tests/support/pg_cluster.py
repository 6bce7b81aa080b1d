"""A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and the benchmarks.

PostgreSQL refuses to run as root, so under root (as in CI) the cluster is created and run
as ``nobody`` in a directory owned by it. Trust authentication on loopback only; the whole
directory is removed when the context ends.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.support.ports import free_port


def postgres_tool(name: str) -> str | None:
    """Path of a PostgreSQL server tool, on PATH or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def available() -> bool:
    return postgres_tool("initdb") is not None and postgres_tool("pg_ctl") is not None


def admin_sql(url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@contextlib.contextmanager
def throwaway_cluster(database: str = "consent", *, durable: bool = False) -> Iterator[str]:
    """Start a cluster, create ``database`` and yield its SQLAlchemy URL; stop it afterwards.

    ``durable=False`` turns off fsync, which is right for tests; benchmarks pass True so the
    figures include what a real deployment pays for each commit.
    """
    initdb, pg_ctl = postgres_tool("initdb"), postgres_tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL is not installed (initdb/pg_ctl not found)")
    base = Path(tempfile.mkdtemp(prefix="pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(base, nobody.pw_uid, nobody.pw_gid)
        prefix = ["runuser", "-u", "nobody", "--"]
    data, port = base / "data", free_port()

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, cwd=base, capture_output=True)

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C")
    options = f"-k {base} -h 127.0.0.1 -p {port}"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    run(pg_ctl, "-D", str(data), "-l", str(base / "log"), "-o", options, "-w", "start")
    server = f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    try:
        admin_sql(f"{server}/postgres", f"CREATE DATABASE {database}")
        yield f"{server}/{database}"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            cwd=base,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)
