"""Which backends the cluster index is written to and read from.

The PostgreSQL index is always maintained (it is the embedded default and the fallback);
the search engine is added when ``SEARCH_URL`` (or ``ELASTICSEARCH_URL``) is set.
"""

from functools import cache

from django.conf import settings


@cache
def postgres_backend():
    from .postgres import PostgresBackend

    return PostgresBackend()


@cache
def engine_backend():
    """The configured search engine, or None."""
    url = getattr(settings, "SEARCH_URL", "")
    if not url:
        return None
    from .engine import engine_backend_from_settings

    return engine_backend_from_settings()


def write_backends() -> list:
    backends = [postgres_backend()]
    if (engine := engine_backend()) is not None:
        backends.append(engine)
    return backends


def reset() -> None:
    """Forget the configured backends (tests that change settings)."""
    postgres_backend.cache_clear()
    engine_backend.cache_clear()
