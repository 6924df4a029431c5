from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def private_storage():
    """Files only Django hands out after its own checks (STORAGES["private"])."""
    return storages["private"]


class AuditExport(models.Model):
    """One audit log export asked for in the console: which sites, which days, its file.

    Built by a background task (cluster.console.audit), never inside the request that
    asks for it; the CSV sits in private storage and is downloaded through the console.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("audit", "Queued")
        RUNNING = "running", pgettext_lazy("audit", "Running")
        DONE = "done", pgettext_lazy("audit", "Done")
        FAILED = "failed", pgettext_lazy("audit", "Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("audit", "requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # None chosen: every site.
    sites = models.ManyToManyField(
        "tenants.Tenant", verbose_name=pgettext_lazy("audit", "sites"), blank=True
    )
    date_from = models.DateField(pgettext_lazy("audit", "from"))
    date_to = models.DateField(pgettext_lazy("audit", "to"))
    status = models.CharField(
        pgettext_lazy("audit", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    file = models.FileField(
        pgettext_lazy("audit", "file"), storage=private_storage, upload_to="audit", blank=True
    )
    row_count = models.PositiveIntegerField(pgettext_lazy("audit", "rows"), default=0)
    error = models.TextField(pgettext_lazy("audit", "error"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("audit", "requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("audit", "finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log export")
        verbose_name_plural = _("audit log exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.date_from}–{self.date_to} ({self.get_status_display()})"
