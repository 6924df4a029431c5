from cluster import env

from .base import *
from .base import database_config

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DATABASES = {"default": database_config(keep_embedded_running=True)}
# Where `make demo` serves; page links follow the request's port whatever runserver uses.
PUBLIC_PORT = env.PUBLIC_PORT or 8000
# The demo's upstream feed is a file built from the corpus (no network at run time).
UPSTREAM_FEED_FILE_DIRS = [BASE_DIR / ".data" / "feeds"]
