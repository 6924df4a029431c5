"""Django behind a real socket, as gunicorn runs it, for nginx in front of it."""

import pytest
from django.core.handlers.wsgi import WSGIHandler

from tests.conftest import live_server


def _without_test_file_handlers(media_handler) -> WSGIHandler:
    return media_handler.application


@pytest.fixture(scope="module")
def django_server(django_db_setup, django_db_blocker):
    # Django alone, as gunicorn runs it: without the test server's media handler, so
    # /media/ reaches the site's own view as it does in production.
    with django_db_blocker.unblock(), live_server(_without_test_file_handlers) as server:
        yield server
