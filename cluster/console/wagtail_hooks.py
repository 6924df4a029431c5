"""The platform console's actions as they appear in each site's Wagtail history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from cluster.accounts.services import ROLE_GRANTED, ROLE_REVOKED, SITE_STATUS_CHANGED
from cluster.tenants.models import SiteRole, Tenant


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class SiteStatusFormatter(LogFormatter):
    label = _("Change site status")

    def format_message(self, log_entry):
        data = log_entry.data
        message = _("Site status changed from %(from)s to %(to)s") % {
            "from": _label(Tenant.Status, data.get("from")),
            "to": _label(Tenant.Status, data.get("to")),
        }
        if data.get("reason"):
            message = _("%(message)s: %(reason)s") % {"message": message, "reason": data["reason"]}
        return message


class RoleGrantFormatter(LogFormatter):
    label = _("Grant role")

    def format_message(self, log_entry):
        return _("Role granted: %(role)s") % {
            "role": _label(SiteRole.Role, log_entry.data.get("role"))
        }


class RoleRevokeFormatter(LogFormatter):
    label = _("Revoke role")

    def format_message(self, log_entry):
        return _("Role revoked: %(role)s") % {
            "role": _label(SiteRole.Role, log_entry.data.get("role"))
        }


@hooks.register("register_log_actions")
def register_platform_log_actions(actions):
    actions.register_action(SITE_STATUS_CHANGED)(SiteStatusFormatter)
    actions.register_action(ROLE_GRANTED)(RoleGrantFormatter)
    actions.register_action(ROLE_REVOKED)(RoleRevokeFormatter)
