"""Onboarding a site: registry rows, schema cloned from the template, standard tree.

Everything happens in one database transaction (PostgreSQL DDL is transactional),
so a failure at any step leaves no schema, no tenant row and no domain behind.
"""

import logging
import re

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from cluster.accounts.services import SITE_STATUS_CHANGED, platform_action_log
from cluster.syndication.services import subscriptions_default
from cluster.tasks import pipeline
from cluster.tasks.events import pages_added, site_event
from cluster.tenants.models import Domain, Tenant
from cluster.tenants.selectors import public_site_port

from .seeding import NewSite, site_seed, site_upgrade
from .template_schema import TEMPLATE_SCHEMA, template_clone, template_ensure_current

logger = logging.getLogger(__name__)

STATUS_EVENTS = {
    Tenant.Status.SUSPENDED: pipeline.SITE_SUSPENDED,
    Tenant.Status.ACTIVE: pipeline.SITE_REACTIVATED,
    Tenant.Status.ARCHIVED: pipeline.SITE_ARCHIVED,
}

SCHEMA_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
RESERVED_SCHEMAS = {"public", TEMPLATE_SCHEMA, "information_schema"}
HOSTNAME_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$"
)


def _schema_taken(schema_name: str) -> bool:
    return (
        schema_name in RESERVED_SCHEMAS
        or Tenant.objects.filter(schema_name__iexact=schema_name).exists()
        or schema_exists(schema_name)
    )


def schema_name_free(domain: str) -> str:
    """A schema name for a new site on `domain` that no site (and nothing else) uses.

    The first label is tried first (mzj.localhost → site_mzj); when it is taken, the
    labels before the base domain are joined (mzj.example.localhost → site_mzj_example),
    then a number is added. People onboarding from the console never see schema names,
    so a clash of names must never stop them.
    """
    labels = [re.sub(r"[^a-z0-9]", "_", label) for label in domain.lower().split(".")]
    significant = labels[:-1] if len(labels) > 1 else labels
    base = f"site_{labels[0]}"[:40]
    candidates = [base]
    if len(significant) > 1:
        candidates.append(("site_" + "_".join(significant))[:40])
    candidates += [f"{base[:36]}_{number}" for number in range(2, 100)]
    for candidate in candidates:
        if SCHEMA_PATTERN.match(candidate) and not _schema_taken(candidate):
            return candidate
    raise ValidationError({"domain": _("No free schema name could be derived from this domain.")})


def _clean_domain(value: str) -> str:
    domain = (value or "").strip().lower().rstrip(".")
    if not HOSTNAME_PATTERN.match(domain):
        raise ValidationError(
            {"domain": _("“%(domain)s” is not a valid host name.") % {"domain": value}}
        )
    return domain


def _check_domains_free(domains: list[str], *, field: str = "domain") -> None:
    taken = list(Domain.objects.filter(domain__in=domains).values_list("domain", flat=True))
    if taken:
        raise ValidationError(
            {
                field: _("The domain %(domain)s already belongs to another site.")
                % {"domain": "、".join(taken)}
            }
        )
    if len(set(domains)) != len(domains):
        raise ValidationError({field: _("The same domain is listed twice.")})


def site_create(
    *,
    name: str,
    level: str,
    credit_code: str,
    site_code: str,
    domain: str,
    short_name: str = "",
    parent: Tenant | None = None,
    aliases: list[str] | tuple = (),
    theme: str = "default",
    schema_name: str = "",
    identity: dict | None = None,
    admin=None,
) -> Tenant:
    """Onboard a site and return its tenant; raise ValidationError saying what is wrong."""
    from cluster.accounts.services import role_grant
    from cluster.tenants.models import SiteRole

    if connection.schema_name != "public":
        raise RuntimeError("Sites are onboarded from the public schema.")
    domain = _clean_domain(domain)
    aliases = [_clean_domain(alias) for alias in aliases if alias.strip()]
    # A taken domain is reported as such before any schema name is thought of.
    _check_domains_free([domain, *aliases])
    schema_name = (schema_name or "").strip() or schema_name_free(domain)
    if schema_name.lower() in RESERVED_SCHEMAS or schema_name.lower().startswith("pg_"):
        raise ValidationError(
            {
                "schema_name": _(
                    "“%(schema)s” is reserved for the platform and cannot be used as a "
                    "site's schema name."
                )
                % {"schema": schema_name}
            }
        )
    if not SCHEMA_PATTERN.match(schema_name):
        raise ValidationError(
            {
                "schema_name": _(
                    "“%(schema)s” cannot be used as a schema name: use lower-case "
                    "letters, digits and underscores, starting with a letter."
                )
                % {"schema": schema_name}
            }
        )

    tenant = Tenant(
        schema_name=schema_name,
        name=name.strip(),
        short_name=short_name.strip(),
        level=level,
        parent=parent,
        credit_code=(credit_code or "").strip().upper(),
        site_code=(site_code or "").strip(),
        theme=theme,
    )
    _validate_new_tenant(tenant)

    template_ensure_current()
    with transaction.atomic():
        tenant.save()
        Domain.objects.create(tenant=tenant, domain=domain, is_primary=True)
        for alias in aliases:
            Domain.objects.create(tenant=tenant, domain=alias, is_primary=False)
        template_clone(schema_name)
        with schema_context(schema_name):
            site_seed(
                NewSite(
                    name=tenant.name,
                    hostname=domain,
                    port=public_site_port(),
                    identity=identity or {},
                    level=tenant.level,
                )
            )
        if admin is not None:
            role_grant(user=admin, tenant=tenant, role=SiteRole.Role.SITE_ADMIN)
        # Counties and departments carry the upper level's documents from day one.
        subscriptions_default(tenant=tenant)
    logger.info("Onboarded site %s (%s) at %s", tenant.name, schema_name, domain)
    return tenant


def site_add_standard_pages(tenant: Tenant) -> list:
    """Give a site onboarded before an app the standard pages that app seeds new sites with
    (the 信箱, 意见征集 and 在线访谈, the 权责清单), and return the pages added.

    Each app's ``upgrade_step`` decides what its site lacks, so running this again adds
    nothing. The pages go live at once and are announced on the publish pipeline like a
    publish, so search and the page cache see them.
    """
    from wagtail.models import Site

    with schema_context(tenant.schema_name), transaction.atomic():
        wagtail_site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if wagtail_site is None:
            return []
        site = NewSite(
            name=tenant.name,
            hostname=wagtail_site.hostname,
            port=wagtail_site.port,
            level=tenant.level,
            pages={"home": wagtail_site.root_page},
        )
        added = site_upgrade(site)
        pages_added(added)
    if added:
        logger.info("Added %s standard pages to %s", len(added), tenant.schema_name)
    return added


def _validate_new_tenant(tenant: Tenant) -> None:
    from themes.registry import available_themes

    errors = {}
    if not tenant.credit_code:
        errors["credit_code"] = [_("A site needs its unified social credit code.")]
    if not tenant.site_code:
        errors["site_code"] = [_("A site needs its website identification code.")]
    if tenant.theme not in available_themes():
        errors["theme"] = [_("There is no theme called “%(theme)s”.") % {"theme": tenant.theme}]
    if tenant.level == Tenant.Level.PLATFORM:
        errors["level"] = [_("Only the platform itself has the platform level.")]
    try:
        tenant.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if tenant.credit_code and Tenant.objects.filter(credit_code=tenant.credit_code).exists():
        errors.setdefault("credit_code", []).append(
            _("Another site already has the credit code %(code)s.") % {"code": tenant.credit_code}
        )
    if tenant.site_code and Tenant.objects.filter(site_code=tenant.site_code).exists():
        errors.setdefault("site_code", []).append(
            _("Another site already has the website identification code %(code)s.")
            % {"code": tenant.site_code}
        )
    if Tenant.objects.filter(schema_name__iexact=tenant.schema_name).exists() or schema_exists(
        tenant.schema_name
    ):
        errors.setdefault("schema_name", []).append(
            _("The schema %(schema)s already exists.") % {"schema": tenant.schema_name}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def site_set_status(*, tenant: Tenant, status: str, reason: str = "", by=None) -> Tenant:
    """Suspend, reactivate or archive a site; ``by`` (a platform admin) goes in its history."""
    if tenant.is_platform:
        raise ValidationError(_("The platform itself cannot change status."))
    if status not in Tenant.Status.values:
        raise ValidationError(_("Unknown status: %(status)s.") % {"status": status})
    previous = tenant.status
    tenant.status = status
    tenant.status_reason = reason.strip()[:200]
    tenant.status_changed_at = timezone.now()
    tenant.save(update_fields=["status", "status_reason", "status_changed_at"])
    if status != previous:
        site_event(STATUS_EVENTS[status], tenant, previous=previous)
        if by is not None:
            platform_action_log(
                tenant=tenant,
                by=by,
                action=SITE_STATUS_CHANGED,
                data={"from": previous, "to": status, "reason": tenant.status_reason},
            )
    return tenant


@transaction.atomic
def site_set_theme(*, tenant: Tenant, theme: str) -> Tenant:
    """Give a site another theme (its site admin in the site settings, or the platform)."""
    from themes.registry import available_themes

    if theme not in available_themes():
        raise ValidationError(
            {"theme": [_("There is no theme called “%(theme)s”.") % {"theme": theme}]}
        )
    if tenant.theme != theme:
        tenant.theme = theme
        tenant.save(update_fields=["theme"])
        site_event(pipeline.SITE_LOOK_CHANGED, tenant, theme=theme)
    return tenant


@transaction.atomic
def domain_add(*, tenant: Tenant, domain: str, primary: bool = False) -> Domain:
    domain = _clean_domain(domain)
    _check_domains_free([domain])
    record = Domain.objects.create(tenant=tenant, domain=domain, is_primary=primary)
    if primary:
        _sync_wagtail_hostname(tenant, domain)
    site_event(pipeline.SITE_DOMAIN_CHANGED, tenant, domain=domain, primary=primary)
    return record


@transaction.atomic
def domain_make_primary(*, domain: Domain) -> Domain:
    domain.is_primary = True
    domain.save()
    _sync_wagtail_hostname(domain.tenant, domain.domain)
    site_event(pipeline.SITE_DOMAIN_CHANGED, domain.tenant, domain=domain.domain, primary=True)
    return domain


@transaction.atomic
def domain_remove(*, domain: Domain) -> None:
    if domain.is_primary:
        raise ValidationError(
            _("The primary domain cannot be removed: make another domain primary first.")
        )
    domain.delete()
    site_event(pipeline.SITE_DOMAIN_CHANGED, domain.tenant, removed=domain.domain)


def _sync_wagtail_hostname(tenant: Tenant, hostname: str) -> None:
    from wagtail.models import Site

    with schema_context(tenant.schema_name):
        Site.objects.filter(is_default_site=True).update(hostname=hostname, port=public_site_port())
        # update() sends no post_save, so clear Wagtail's cached root URLs ourselves.
        Site.clear_site_root_paths_cache()


@transaction.atomic
def platform_ensure(*, console_host: str) -> Tenant:
    """The public-schema tenant that serves the platform console on its own host."""
    platform, _created = Tenant.objects.get_or_create(
        schema_name="public",
        defaults={"name": "政务网站集约化平台", "level": Tenant.Level.PLATFORM},
    )
    if not Domain.objects.filter(domain=console_host).exists():
        Domain.objects.create(tenant=platform, domain=console_host, is_primary=True)
    return platform
