from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from cluster.tenants.models import SiteRole, Tenant


def identity_check_password(*, username: str, password: str):
    """The active cluster identity with this username and password, or None."""
    User = get_user_model()  # noqa: N806
    with schema_context("public"):
        identity = User.objects.filter(username=username).first()
        if identity is None:
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if identity.is_active and identity.check_password(password):
            return identity
    return None


def roles_on_site(*, identity, tenant: Tenant) -> list[str]:
    with schema_context("public"):
        return list(
            SiteRole.objects.filter(user=identity, tenant=tenant).values_list("role", flat=True)
        )


def sites_for_identity(*, identity) -> list[Tenant]:
    with schema_context("public"):
        return list(
            Tenant.objects.filter(roles__user=identity).distinct().prefetch_related("domains")
        )
