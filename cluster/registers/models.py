"""The cluster's read models of registers that every site keeps in its own schema.

A portal shows the whole cluster's 权责清单 by department; reading every site's schema
in the request would cost a query per site and cross tenants inside a request. So each
site's public entries are copied here, in the public schema, by a background task of the
publish pipeline (``sites/powers/consumers.py``), and the portal reads one table. See
docs/decisions/0016-cluster-powers-list.md.
"""

from django.db import models

from cluster.tenants.models import Tenant


class PowerRecord(models.Model):
    """One current power (权责事项) of one site, as the public may see it there."""

    tenant = models.ForeignKey(
        Tenant, verbose_name="站点", on_delete=models.CASCADE, related_name="power_records"
    )
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("事项名称", max_length=200)
    category = models.CharField("事项类别", max_length=8)
    category_label = models.CharField("事项类别名称", max_length=20)
    subject = models.CharField("实施主体", max_length=100)
    # The entry's address on its site, without scheme and host: the site's primary domain
    # is read when the list is shown, so a domain change needs no rewrite here.
    path = models.CharField("地址", max_length=300)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "站群权责事项"
        verbose_name_plural = "站群权责事项"
        ordering = ["tenant_id", "category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="powerrecord_once_per_site")
        ]
        indexes = [models.Index(fields=["category", "tenant"], name="powerrecord_category")]

    def __str__(self):
        return f"{self.tenant_id}:{self.code} {self.name}"
