from .base import *
from .base import database_config

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DATABASES = {"default": database_config(keep_embedded_running=True)}
PUBLIC_PORT = 8000
