"""Theme-first template resolution: themes/<site theme>/templates, then themes/default/templates.

The theme comes from the site the connection is on (``tenant_current``: the request's
tenant, or the site a background task's schema_context entered), so no template ever
tests which site it is on.
"""

from django.template.loaders.cached import Loader as DjangoCachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from .registry import DEFAULT_THEME, available_themes, resolve_theme


def current_theme_slug() -> str:
    from cluster.tenants.selectors import tenant_current

    return resolve_theme(getattr(tenant_current(), "theme", None)).slug


class ThemeLoader(FilesystemLoader):
    def get_dirs(self):
        slug = current_theme_slug()
        dirs = [available_themes()[slug].templates_dir]
        if slug != DEFAULT_THEME:
            dirs.append(available_themes()[DEFAULT_THEME].templates_dir)
        return dirs


class CachedThemeLoader(DjangoCachedLoader):
    """Django's cached loader, keyed by theme as well as by template name."""

    def cache_key(self, template_name, skip=None):
        return f"{current_theme_slug()}:{super().cache_key(template_name, skip)}"
