"""Side effects of site-level changes: the memoised site settings and Site are read again."""

from django.db import connection
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site
from wagtail.signals import page_published, post_page_move

from cluster.serving.memo import memo_bump
from cluster.tasks import pipeline
from cluster.tasks.events import site_event
from cluster.tenants.models import Domain
from cluster.tenants.selectors import tenant_current

from .models import SiteIdentity
from .selectors import SITES_MEMO


def site_identity_changed(sender, **kwargs) -> None:
    memo_bump(connection.schema_name, SiteIdentity.MEMO)
    if kwargs.get("created"):
        return  # a new site's first settings: nothing of it is cached yet
    # Footer, colour and logo are on every page: the site's cached pages are stale.
    tenant = tenant_current()
    if tenant is not None:
        site_event(pipeline.SITE_LOOK_CHANGED, tenant)


def wagtail_site_changed(sender, **kwargs) -> None:
    memo_bump(connection.schema_name, SITES_MEMO)


def domain_changed(sender, instance, **kwargs) -> None:
    """A domain added, removed or made primary changes which Site a host finds (and the
    primary one's hostname is written to the Site with ``update()``, which sends nothing)."""
    memo_bump(instance.tenant.schema_name, SITES_MEMO)


def root_page_changed(sender, instance, **kwargs) -> None:
    """A site's root page republished or moved: its address may have changed."""
    if instance.depth <= 2:
        memo_bump(connection.schema_name, SITES_MEMO)


def connect() -> None:
    post_save.connect(wagtail_site_changed, sender=Site, dispatch_uid="wagtail_site_saved")
    post_delete.connect(wagtail_site_changed, sender=Site, dispatch_uid="wagtail_site_deleted")
    post_save.connect(domain_changed, sender=Domain, dispatch_uid="site_domain_saved")
    post_delete.connect(domain_changed, sender=Domain, dispatch_uid="site_domain_deleted")
    page_published.connect(root_page_changed, dispatch_uid="root_page_published")
    post_page_move.connect(root_page_changed, dispatch_uid="root_page_moved")
    post_save.connect(site_identity_changed, sender=SiteIdentity, dispatch_uid="identity_saved")
    post_delete.connect(site_identity_changed, sender=SiteIdentity, dispatch_uid="identity_deleted")
