"""Writes to accounts and roles. Roles live in the public schema; each grant or
revoke re-projects the person into the site's schema (user row and groups)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from cluster.tenants.models import SiteRole, Tenant

from .roles import ROLE_GROUP_NAMES

# Log actions of the platform console, in each site's Wagtail history (registered in
# cluster/console/wagtail_hooks.py).
ROLE_GRANTED = "cluster.role.grant"
ROLE_REVOKED = "cluster.role.revoke"
SITE_STATUS_CHANGED = "cluster.site.status"


def _require_public_schema():
    if connection.schema_name != "public":
        raise RuntimeError("Cluster accounts are written from the public schema only.")


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str | None,
    name: str = "",
    email: str = "",
    is_platform_admin: bool = False,
):
    """Create a cluster-wide account (the identity every site's login checks)."""
    User = get_user_model()  # noqa: N806
    with schema_context("public"):
        user = User(
            username=username,
            last_name=name,
            email=email,
            is_staff=is_platform_admin,
            is_superuser=is_platform_admin,
        )
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ValidationError({"password": error.messages}) from error
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


@transaction.atomic
def role_grant(*, user, tenant: Tenant, role: str, granted_by=None) -> SiteRole:
    if tenant.is_platform:
        raise ValidationError(_("Roles are granted on sites, not on the platform itself."))
    if role not in SiteRole.Role.values:
        raise ValidationError(_("Unknown role: %(role)s.") % {"role": role})
    with schema_context("public"):
        site_role, _created = SiteRole.objects.get_or_create(
            user=user, tenant=tenant, role=role, defaults={"granted_by": granted_by}
        )
    local = local_user_sync(identity=user, tenant=tenant)
    if granted_by is not None and _created:
        platform_action_log(
            tenant=tenant, by=granted_by, action=ROLE_GRANTED, instance=local, data={"role": role}
        )
    return site_role


@transaction.atomic
def role_revoke(*, user, tenant: Tenant, role: str, by=None) -> None:
    with schema_context("public"):
        deleted, _rows = SiteRole.objects.filter(user=user, tenant=tenant, role=role).delete()
    local = local_user_sync(identity=user, tenant=tenant)
    if by is not None and deleted:
        platform_action_log(
            tenant=tenant, by=by, action=ROLE_REVOKED, instance=local, data={"role": role}
        )


@transaction.atomic
def account_set_active(*, user, active: bool) -> None:
    """Enable or disable an account everywhere at once."""
    with schema_context("public"):
        user.is_active = active
        user.save(update_fields=["is_active"])
        tenants = list(Tenant.objects.filter(roles__user=user).distinct())
    for tenant in tenants:
        local_user_sync(identity=user, tenant=tenant)


def local_user_sync(*, identity, tenant: Tenant):
    """Make the site-local user of ``identity`` match the roles it holds on ``tenant``.

    The local row is kept (pages and revisions point at it) but deactivated when the
    last role goes, which also ends any session it had on that site.
    """
    with schema_context("public"):
        roles = list(
            SiteRole.objects.filter(user=identity, tenant=tenant).values_list("role", flat=True)
        )
    User = get_user_model()  # noqa: N806
    with schema_context(tenant.schema_name):
        local = User.objects.filter(identity=identity.identity).first()
        if local is None and not roles:
            return None
        if local is None:
            local = User(identity=identity.identity)
            local.set_unusable_password()
        local.username = identity.username
        local.first_name = identity.first_name
        local.last_name = identity.last_name
        local.email = identity.email
        local.is_superuser = identity.is_superuser
        local.is_staff = identity.is_superuser
        local.is_active = identity.is_active and (bool(roles) or identity.is_superuser)
        local.save()
        wanted = [ROLE_GROUP_NAMES[role] for role in roles]
        local.groups.set(Group.objects.filter(name__in=wanted))
        return local


def local_user_for_platform_admin(*, identity):
    """Provision the local superuser a platform admin gets on the site they sign into."""
    User = get_user_model()  # noqa: N806
    local, _created = User.objects.update_or_create(
        identity=identity.identity,
        defaults={
            "username": identity.username,
            "first_name": identity.first_name,
            "last_name": identity.last_name,
            "email": identity.email,
            "is_superuser": True,
            "is_staff": True,
            "is_active": True,
        },
    )
    if _created:
        local.set_unusable_password()
        local.save(update_fields=["password"])
    return local


def platform_action_log(*, tenant: Tenant, by, action: str, instance=None, data=None) -> None:
    """Record a platform admin's change to a site in that site's own Wagtail history.

    Each site's log (wagtailcore's ModelLogEntry, in its schema) is where its audit trail
    lives; an action taken from the console on the site goes there too, under the
    admin's local account, so the site's history and the console's audit export
    (cluster.console.audit) both show who did it. ``instance`` defaults to the site's
    Wagtail Site; ``action`` is registered in cluster/console/wagtail_hooks.py.
    """
    from wagtail.log_actions import log
    from wagtail.models import Site

    with schema_context(tenant.schema_name):
        actor = local_user_for_platform_admin(identity=by) if by.is_superuser else None
        target = instance or Site.objects.filter(is_default_site=True).first()
        if target is not None:
            log(target, action, user=actor, data=data or {})
