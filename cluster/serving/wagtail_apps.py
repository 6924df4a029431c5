"""Wagtail's images, documents, snippets and redirects apps, without the v3 API routers.

Each of these apps registers its router with Wagtail's v3 (django-ninja) API in
``ready()``, whether or not ``wagtail.api.v3`` is installed. The platform does not install
or mount that API, yet building its routers and pydantic schemas was a third of every
management command's start (0.45 s of 1.7 s, with DRF pulled in by the redirects' v2
module; issue 13). These configs run Wagtail's own ``ready()`` with the modules of that
registration stood in for by inert ones, so everything else the apps set up (permission
policies, signal handlers, choosers, comparison classes, reference index) stays Wagtail's
code. With ``wagtail.api.v3`` installed they are exactly Wagtail's configs.

Settings name these classes in INSTALLED_APPS; TENANT_APPS keeps the app names, which is
what django-tenants' router matches.
"""

import sys
from contextlib import contextmanager
from types import ModuleType

from django.apps import apps
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

API_V3 = "wagtail.api.v3"


class _InertApi:
    def add_router(self, prefix, router):
        pass


def _inert_module(name: str) -> ModuleType:
    module = ModuleType(name, "Stands in for a v3 API module while an app's ready() runs.")
    module.api = _InertApi()
    module.router = None
    module.register_content_types = lambda: None
    return module


@contextmanager
def _v3_api_inert(app_module: str):
    """Inert stand-ins for the v3 modules ``ready()`` imports, removed afterwards so that a
    later real import (a test settings that installs the API) gets the real modules."""
    names = [
        f"{API_V3}.api",
        f"{app_module}.api.v3",
        f"{app_module}.api.v3.registry",
        f"{app_module}.api.v3.router",
    ]
    if apps.is_installed(API_V3):
        yield
        return
    placed = [name for name in names if name not in sys.modules]
    for name in placed:
        sys.modules[name] = _inert_module(name)
    try:
        yield
    finally:
        for name in placed:
            sys.modules.pop(name, None)


class _WithoutV3Api:
    def ready(self):
        with _v3_api_inert(self.name):
            super().ready()


class ImagesConfig(_WithoutV3Api, WagtailImagesAppConfig):
    pass


class DocumentsConfig(_WithoutV3Api, WagtailDocsAppConfig):
    pass


class SnippetsConfig(_WithoutV3Api, WagtailSnippetsAppConfig):
    pass


class RedirectsConfig(_WithoutV3Api, WagtailRedirectsAppConfig):
    pass
