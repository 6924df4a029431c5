from django.contrib.auth.backends import ModelBackend
from django.db import connection

from .selectors import identity_check_password
from .services import local_user_for_platform_admin


class ClusterAccountBackend(ModelBackend):
    """Sign people in with their cluster account, admitting them only where they hold a role.

    On the console host (public schema) the identity row itself signs in. On a site
    host the password is checked against the identity in the public schema and the
    session then belongs to the site-local user, which exists and is active only
    while the person holds a role on that site (platform admins get one on demand).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        identity = identity_check_password(username=username, password=password)
        if identity is None:
            return None
        if connection.schema_name == "public":
            return identity
        from cluster.tenants.selectors import tenant_current

        tenant = tenant_current()
        if tenant is not None and tenant.is_suspended and not identity.is_superuser:
            # A suspended site locks its editors out; platform admins may still enter.
            return None
        UserModel = self.get_user_model()  # noqa: N806
        local = UserModel.objects.filter(identity=identity.identity).first()
        if local is None and identity.is_superuser:
            local = local_user_for_platform_admin(identity=identity)
        if local is None or not self.user_can_authenticate(local):
            return None
        return local

    @staticmethod
    def get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
