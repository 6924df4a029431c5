from .base import *  # noqa: F403
from .base import database_config

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-production"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DATABASES = {"default": database_config(keep_embedded_running=True)}
PUBLIC_PORT = 8000
