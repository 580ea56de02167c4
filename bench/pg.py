"""What the PostgreSQL benches share: the server (BENCH_PG), a statement run on it outside
any transaction, and the environment of a child process whose Django uses a bench database
(Django reads the database settings once, at start-up, so each bench measures in a child).

The server is reached as production reaches a PostgreSQL on the web host (README, "Running
in production"): through its Unix socket when there is one, else over TCP. On these 2-core
machines loopback TCP costs the web tier about a quarter of its CPU per case created."""

import os
import uuid
from pathlib import Path

SOCKET_DIR = "/var/run/postgresql"
TCP = "postgresql://postgres@127.0.0.1:5432"
SOCKET = "postgresql://postgres@" + SOCKET_DIR.replace("/", "%2F")


def _default() -> str:
    return SOCKET if Path(SOCKET_DIR, ".s.PGSQL.5432").exists() else TCP


PG = os.environ.get("BENCH_PG") or _default()
TRANSPORT = "Unix socket" if "%2F" in PG else "TCP"


def sql(statement: str, db: str = "postgres"):
    """Runs one statement with autocommit (CREATE/DROP DATABASE need it); its rows, if any."""
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


def child_env(db: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DEBUG": "False",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "LOG_LEVEL": "ERROR",
        "ONEWINDOW_VAR_DIR": "/tmp/onewindow-bench",
        **extra,
    }
