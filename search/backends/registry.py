"""Which backends the cluster index is written to and read from.

The PostgreSQL index is always maintained (it is the embedded default and the fallback);
the search engine is added when ``SEARCH_URL`` (or ``ELASTICSEARCH_URL``) is set. Engine
writes go through the outbox (``search.outbox``), so an engine outage loses nothing.
"""

from functools import cache


@cache
def postgres_backend():
    from .postgres import PostgresBackend

    return PostgresBackend()


def engine_backend():
    """The configured search engine, or None (built once, in search.backends.elasticsearch)."""
    from .elasticsearch import engine_backend as configured

    return configured()


def write_backends() -> list:
    backends = [postgres_backend()]
    if (engine := engine_backend()) is not None:
        backends.append(engine)
    return backends


def reset() -> None:
    """Forget the configured backends (tests that change settings)."""
    from .elasticsearch import engine_backend as configured

    postgres_backend.cache_clear()
    configured.cache_clear()
