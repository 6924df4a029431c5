"""Settings shared by every environment. See cluster/env.py for the variables read."""

import datetime

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cluster import env
from cluster.embedded_db import embedded_database_url

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = env.ALLOWED_HOSTS
BASE_DOMAIN = env.BASE_DOMAIN
CONSOLE_HOST = env.CONSOLE_HOST
# Public page links (feeds, canonical URLs, e-mails): a site's primary domain with this
# scheme and port (None: the scheme's standard port). See cluster/tenants/selectors.py.
PUBLIC_SCHEME = env.PUBLIC_SCHEME or "http"
PUBLIC_PORT = env.PUBLIC_PORT
if PUBLIC_SCHEME not in ("http", "https"):
    raise ImproperlyConfigured("PUBLIC_SCHEME must be http or https.")

# Tenancy (django-tenants): see docs/decisions/0001-tenancy.md.
# Apps in both lists get their tables in the public schema and in every tenant schema.
SHARED_APPS = [
    "django_tenants",
    "cluster.tenants",
    "cluster.accounts",
    "cluster.console",
    "cluster.onboarding",
    "cluster.tasks",
    "cluster.vocabularies",
    "cluster.wording",
    "cluster.workcalendar",
    "cluster.syndication",
    "cluster.figures",
    # Per-site monitors (单项否决 checks with history and countdowns), computed by the worker.
    "cluster.monitors",
    # Read models of the sites' registers for the cluster's lists (the 权责清单 by department).
    "cluster.registers",
    "search",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    # No models: its sitemap.xml template, for every site's sitemap (sites/core/sitemaps.py).
    "django.contrib.sitemaps",
    "cluster.accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "sites.core",
    "sites.portal",
    "sites.news",
    "sites.disclosure",
    "sites.letters",
    "sites.powers",
    "sites.consultations",
    "sites.pageviews",
    "sites.webreport",
    "wagtail.contrib.routable_page",
]
# Wagtail's apps that build a v3 API the platform does not mount, started without it
# (cluster/serving/wagtail_apps.py); TENANT_APPS keeps their names for django-tenants.
WAGTAIL_APP_CONFIGS = {
    name: f"cluster.serving.wagtail_apps.{config}"
    for name, config in [
        ("wagtail.images", "ImagesConfig"),
        ("wagtail.documents", "DocumentsConfig"),
        ("wagtail.snippets", "SnippetsConfig"),
        ("wagtail.contrib.redirects", "RedirectsConfig"),
    ]
}
INSTALLED_APPS = [
    WAGTAIL_APP_CONFIGS.get(app, app)
    for app in list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
]
# Before wagtail.admin: it overrides the admin templates that carry inline scripts.
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin"), "cluster.serving")
INSTALLED_APPS += ["themes", "cluster.pagecache", "csp"]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "cluster.urls.public"
ROOT_URLCONF = "cluster.urls.tenant"
# New sites are cloned from this prepared schema instead of replaying every migration.
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# The template's dump, kept for the next onboarding process (cluster/onboarding/template_schema.py).
TEMPLATE_DUMP_DIR = env.TEMPLATE_DUMP_DIR
DEFAULT_NOT_FOUND_TENANT_VIEW = "cluster.tenants.views.unknown_host"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Set the search path once per schema switch, not before every query (half the
# round trips of a catalog listing; see infra/bench/catalog).
TENANT_LIMIT_SET_CALLS = True
# Per schema without the system checks migrate_schemas ran once (cluster/tenants/migrate.py).
TENANT_BASE_MIGRATE_COMMAND = "cluster.tenants.migrate.SchemaMigrateCommand"

MIDDLEWARE = [
    # Load balancer probes: any host, before host validation and the tenant lookup.
    "cluster.serving.health.HealthCheckMiddleware",
    "cluster.serving.client_ip.ClientAddressMiddleware",
    # django-tenants' routing by host, with the host -> site map read once per process.
    "cluster.tenants.middleware.TenantHostMiddleware",
    # The 浏览次数 beacon (/pv/<page id>/): answered before sessions, CSRF and users, so it
    # reads and sets no cookie (docs/decisions/0018).
    "sites.pageviews.middleware.PageViewBeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cluster.tenants.middleware.TenantStatusMiddleware",
    # After the status check: a suspended site never answers from the cache.
    "cluster.pagecache.middleware.PageCacheMiddleware",
    "cluster.tenants.middleware.TenantOnlyMiddleware",
    "sites.core.middleware.PublicationRefusedMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Middleware that reads tenant tables; TenantOnlyMiddleware runs it only on site hosts.
TENANT_ONLY_MIDDLEWARE = [
    # Wagtail's Site for the request, from a per-process memo (sites/core/selectors.py).
    "sites.core.middleware.WagtailSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
            ],
            "loaders": [
                (
                    "themes.loaders.CachedThemeLoader",
                    [
                        "themes.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]

WSGI_APPLICATION = "cluster.wsgi.application"


def database_config(*, keep_embedded_running: bool) -> dict:
    url = env.DATABASE_URL or embedded_database_url(
        env.EMBEDDED_PG_DATA, keep_running=keep_embedded_running
    )
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # django-tenants' backend, keeping content types per schema (see its docstring).
    config["ENGINE"] = "cluster.tenants.postgresql_backend"
    return config


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "cluster.accounts.backends.ClusterAccountBackend",
]
# Passwords for a 等保三级 system: ten characters of three kinds (cluster/accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cluster.accounts.validators.CharacterClassesValidator"},
]
LOGIN_URL = "/admin/login/"
WAGTAILADMIN_USER_LOGIN_FORM = "cluster.accounts.forms.AdminLoginForm"
SESSION_COOKIE_HTTPONLY = True
# Signed-in sessions end after 30 minutes without a request and with the browser
# (等保三级: 登录连接超时自动退出). Anonymous visitors have no session to save.
SESSION_COOKIE_AGE = env.SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout (django-axes): five failures lock the account, on every site and the
# console alike (one identity for the cluster), and separately the address they came
# from, for 30 minutes. Its table is in the public schema, which every site's search
# path reaches. The address is REMOTE_ADDR as cluster/serving/client_ip.py set it.
AXES_FAILURE_LIMIT = env.LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cluster.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "cluster.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
# Every editor works in the city's time: with one zone Wagtail leaves the choice (a list of
# 600 English zone names) off the account page.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
# Media files live under MEDIA_ROOT/<schema>/ so one site's files never sit among another's.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# Files only Django hands out, after its own checks (audit log exports); no URL.
PRIVATE_ROOT = env.PRIVATE_ROOT
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Not a schema name (those start with a letter): private files never share a site's prefix.
PRIVATE_OBJECT_PREFIX = "_private"


def object_storage_config(
    *,
    bucket: str,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
    addressing_style: str,
) -> dict:
    """STORAGES entries for media on S3-compatible object storage (production option).

    ``default``: each site's files under its schema's prefix (TenantS3Storage), private
    bucket, signed URLs that expire, never overwriting a file of the same name.
    ``private``: the same bucket under a prefix no site can have.
    """
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing_style or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 3600,
        "file_overwrite": False,
        # A file opened for reading is downloaded into a spooled temporary file; without
        # a limit (django-storages' default, 0) a multi-gigabyte one stays in memory.
        "max_memory_size": 16 * 1024 * 1024,
    }
    return {
        "default": {
            "BACKEND": "cluster.tenants.object_storage.TenantS3Storage",
            "OPTIONS": options,
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": PRIVATE_OBJECT_PREFIX},
        },
    }


# Each theme's static files are served under /static/themes/<slug>/.
STATICFILES_DIRS = [
    (f"themes/{theme_dir.name}", theme_dir / "static")
    for theme_dir in sorted((BASE_DIR / "themes").iterdir())
    if (theme_dir / "static").is_dir()
]


def cache_config(redis_url: str) -> dict:
    """Redis when there is one (shared by every web process), else local memory.

    ``pages`` is the page cache (cluster/pagecache), whose keys carry schema and host
    themselves; ``default`` holds rate-limit counters and Wagtail's own caches.
    """
    backend = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        if redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    return {
        "default": {
            **backend,
            # Cache keys carry the schema: Wagtail caches site root paths and settings
            # under fixed keys that would otherwise leak between sites.
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        },
        "pages": {
            **backend,
            "KEY_PREFIX": "cluster",
            **({} if redis_url else {"LOCATION": "pages"}),
        },
    }


CACHES = cache_config(env.REDIS_URL)
PAGE_CACHE_SECONDS = env.PAGE_CACHE_SECONDS
# Page views wait in Redis and the worker writes them this often (docs/decisions/0018);
# without Redis each web process keeps and writes its own.
PAGEVIEWS_REDIS_URL = env.REDIS_URL
PAGEVIEWS_FLUSH_SECONDS = 60
# Rendered fragments of uncached pages, per site version (sites/core/fragments.py).
FRAGMENT_CACHE_SECONDS = env.FRAGMENT_CACHE_SECONDS
# nginx's first-level cache in front (cluster/pagecache/nginx.py): where its purges go.
PAGECACHE_NGINX_PURGE_URLS = env.PAGECACHE_NGINX_PURGE_URLS
TRUSTED_PROXIES = env.TRUSTED_PROXIES
# Media through Django only in development; production turns on nginx's X-Accel-Redirect.
MEDIA_ACCEL_REDIRECT = False
MEDIA_ACCEL_PREFIX = "/_media/"

# Background work: django-tasks with the database backend; every task row carries
# the schema it runs in (cluster/tasks/api.py, cluster/tasks/schemas.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Folders whose files may be read as upstream feeds (file:// URLs); none in production.
UPSTREAM_FEED_FILE_DIRS = []

# Content-Security-Policy on every response (django-csp), public pages and the admin
# alike: scripts only from this host, nothing inline. Inline styles stay allowed: a
# site's brand colour is an inline custom property and Wagtail's admin sets styles
# from script. No nonces: a cached page is served to many visitors.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

WAGTAIL_SITE_NAME = "政务网站集约化平台"
# No gravatar.com: an editor's avatar is Wagtail's local default (or one they upload);
# the admin loads nothing from a third party (and the policy above would block it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = f"http://{env.CONSOLE_HOST}"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Wagtail's admin search per site, with the cluster index's Chinese segmentation.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend", "SEARCH_CONFIG": "simple"}}
# The cluster search engine (search.backends.elasticsearch); no URL: PostgreSQL search.
SEARCH_URL = env.SEARCH_URL
SEARCH_ENGINE = env.SEARCH_ENGINE
SEARCH_INDEX_PREFIX = env.SEARCH_INDEX_PREFIX
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "wps",
    "ofd",
    "zip",
    "txt",
    "csv",
]
# Documents are checked by content, not by extension (sites/core/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "sites.core.uploads.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]

DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL

# Where the demo finds its sample documents.
CORPUS_DIR = BASE_DIR.parent / "shared" / "corpus"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"cluster": {"level": "INFO"}, "sites": {"level": "INFO"}},
}

# Passwords belong to the cluster identity (public schema), not to a site's local user.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
