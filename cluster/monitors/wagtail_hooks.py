"""The site admin's panel on the admin home page: every rule's state and countdown."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import Status


class MonitorsPanel(Component):
    order = 40
    template_name = "monitors/admin/monitors_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows,
            "alerts": [row for row in self.rows if row[1] and row[1].status != Status.OK],
        }


# Held by the site admin role only (cluster/accounts/roles.py), as the syndication admin reads it.
SITE_ADMIN_PERMISSION = "core.change_siteidentity"


@hooks.register("construct_homepage_panels")
def add_monitors_panel(request, panels):
    from cluster.tenants.selectors import tenant_current

    from .selectors import site_states

    tenant = tenant_current()
    if tenant is None or tenant.is_platform:
        return
    if not request.user.has_perm(SITE_ADMIN_PERMISSION):
        return
    rows = site_states(tenant)
    if not any(state for _rule, state, _text in rows):
        return
    panels.insert(0, MonitorsPanel(rows))
