from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from .validators import validate_credit_code, validate_site_code


class Tenant(TenantMixin):
    """One government website of the cluster, living in its own schema."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")
        TOWNSHIP = "township", _("Township or subdistrict")
        DEPARTMENT = "department", _("Department")
        PLATFORM = "platform", _("Platform")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    # Schemas are made by cloning the template in cluster.onboarding, inside one
    # transaction with the rows, not as a side effect of save().
    auto_create_schema = False

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    site_code = models.CharField(
        _("website identification code"),
        max_length=10,
        blank=True,
        validators=[validate_site_code],
    )
    theme = models.CharField(_("theme"), max_length=40, default="default")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_reason = models.CharField(_("reason for the status"), max_length=200, blank=True)
    searchable_when_archived = models.BooleanField(_("searchable when archived"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="tenant_unique_credit_code",
            ),
            models.UniqueConstraint(
                fields=["site_code"], condition=~Q(site_code=""), name="tenant_unique_site_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_platform(self) -> bool:
        return self.schema_name == "public"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    @property
    def theme_name(self) -> str:
        """The theme's name as its manifest gives it (政务蓝), for people; ``theme`` is its folder."""
        from themes.registry import resolve_theme

        return resolve_theme(self.theme).name

    @property
    def primary_domain(self) -> str:
        for domain in self.domains.all():
            if domain.is_primary:
                return domain.domain
        return ""

    def url(self, path: str = "/") -> str:
        from .selectors import public_root_url

        return f"{public_root_url(self.primary_domain)}{path}"

    def get_absolute_url(self):
        return reverse("console:site_detail", args=[self.pk])


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["-is_primary", "domain"]


class SiteRole(models.Model):
    """A person's role on one site; the source of truth for who may use a site's admin."""

    class Role(models.TextChoices):
        SITE_ADMIN = "site_admin", _("Site administrator")
        EDITOR = "editor", _("Editor")
        REVIEWER = "reviewer", _("Reviewer")
        DISCLOSURE_OFFICER = "disclosure_officer", _("Disclosure officer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="site_roles",
    )
    tenant = models.ForeignKey(
        Tenant, verbose_name=_("site"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("site role")
        verbose_name_plural = _("site roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant", "role"], name="unique_site_role")
        ]

    def __str__(self):
        return f"{self.user} · {self.tenant} · {self.get_role_display()}"
