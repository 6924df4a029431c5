from django.core.exceptions import ImproperlyConfigured

from cluster import env

from .base import *
from .base import STORAGES, database_config, object_storage_config

if not env.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not env.DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")

DATABASES = {"default": database_config(keep_embedded_running=False)}
# Persistent connections, checked before reuse: a restarted PostgreSQL costs one failed
# check per process instead of one failed request (Django's CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_MAX_AGE"] = env.DB_CONN_MAX_AGE
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Sites are served over TLS unless PUBLIC_SCHEME says otherwise.
PUBLIC_SCHEME = env.PUBLIC_SCHEME or "https"
if PUBLIC_SCHEME not in ("http", "https"):
    raise ImproperlyConfigured("PUBLIC_SCHEME must be http or https.")
WAGTAILADMIN_BASE_URL = f"{PUBLIC_SCHEME}://{env.CONSOLE_HOST}"
HTTPS = PUBLIC_SCHEME == "https"

# nginx in front (infra/nginx/cluster.conf) says which scheme the client used.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Everything, the admin included, only over HTTPS; a plain-HTTP deployment
# (PUBLIC_SCHEME=http, e.g. infra/serve-prod on a laptop) keeps cookies usable.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
# Every site is a subdomain of BASE_DOMAIN and served over TLS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# The probes answer over plain HTTP inside the cluster network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Media and documents leave through nginx once Django has checked them.
MEDIA_ACCEL_REDIRECT = env.MEDIA_ACCEL_REDIRECT

if env.MEDIA_S3_BUCKET:
    # Media on object storage, a prefix per site (cluster/tenants/object_storage.py): on
    # more than one machine no web process has the files on disk. Documents are checked
    # by Wagtail and then redirected to a signed URL; nginx serves no media.
    STORAGES = {
        **STORAGES,
        **object_storage_config(
            bucket=env.MEDIA_S3_BUCKET,
            endpoint_url=env.MEDIA_S3_ENDPOINT_URL,
            region=env.MEDIA_S3_REGION,
            access_key=env.MEDIA_S3_ACCESS_KEY_ID,
            secret_key=env.MEDIA_S3_SECRET_ACCESS_KEY,
            addressing_style=env.MEDIA_S3_ADDRESSING_STYLE,
        ),
    }
    MEDIA_ACCEL_REDIRECT = False
    WAGTAILDOCS_SERVE_METHOD = "redirect"

if MEDIA_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "cluster.tenants.media"
