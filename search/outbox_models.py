"""The engine outbox: writes the search engine has not accepted yet (see search.outbox)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["EngineOutboxEntry"]


class EngineOutboxEntry(models.Model):
    """One pending engine write, replayed in id order and removed once the engine took it."""

    class Operation(models.TextChoices):
        INDEX = "index", _("index a document")
        DELETE = "delete", _("delete a document")
        DELETE_SITE = "delete_site", _("delete a site's documents")

    operation = models.CharField(max_length=16, choices=Operation.choices)
    # The document id ("<schema>:<page_id>") or, for delete_site, the schema.
    key = models.CharField(max_length=255)
    # For index: the SearchDocument as JSON (search.outbox.document_to_json).
    document = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Refused by the engine too often: kept for a person to look at, no longer replayed.
    given_up = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("search engine outbox entry")
        verbose_name_plural = _("search engine outbox entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["given_up", "id"], name="search_outbox_pending")]

    def __str__(self):
        return f"{self.operation} {self.key}"
