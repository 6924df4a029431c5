from django.core.exceptions import ImproperlyConfigured

from cluster import env

from .base import *
from .base import database_config

if not env.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not env.DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")

DATABASES = {"default": database_config(keep_embedded_running=False)}

# Sites are served over TLS unless PUBLIC_SCHEME says otherwise.
PUBLIC_SCHEME = env.PUBLIC_SCHEME or "https"
if PUBLIC_SCHEME not in ("http", "https"):
    raise ImproperlyConfigured("PUBLIC_SCHEME must be http or https.")
WAGTAILADMIN_BASE_URL = f"{PUBLIC_SCHEME}://{env.CONSOLE_HOST}"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
