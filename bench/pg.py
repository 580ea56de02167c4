"""What the PostgreSQL benches share: the server (BENCH_PG), a statement run on it outside
any transaction, and the environment of a child process whose Django uses a bench database
(Django reads the database settings once, at start-up, so each bench measures in a child)."""

import os
import uuid

PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")


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
