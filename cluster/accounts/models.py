import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person's account.

    The table exists in the public schema, where it is the cluster-wide identity
    (the only row with a usable password), and in every site schema, where it is the
    site-local projection of the people who hold a role there. Both rows share
    ``identity``. See docs/decisions/0002-accounts.md.
    """

    identity = models.UUIDField(_("identity"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def get_full_name(self):
        # Chinese names are written family name first, without a space.
        full_name = f"{self.last_name}{self.first_name}".strip()
        return full_name or self.username

    def get_short_name(self):
        return self.get_full_name()
