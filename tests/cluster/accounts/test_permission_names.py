"""A site's permissions are named in Chinese: the group editor shows them to site admins."""

from django.contrib.auth.models import Permission
from django_tenants.utils import schema_context
from wagtail.models import Page, PageLogEntry


def test_a_new_sites_permissions_are_named_in_chinese(alpha):
    with schema_context("site_alpha"):
        names = set(Permission.objects.values_list("name", flat=True))
        assert "可以添加账号" in names
        assert "可以访问管理后台" in names
        assert "可以选择图片" in names
        # Models whose verbose names have no translation keep them; the group editor
        # shows none of those (tests/browser/test_admin_language.py walks it).
        assert not [name for name in names if name.startswith("Can ")]


def test_a_new_sites_history_and_tree_start_in_chinese(alpha):
    with schema_context("site_alpha"):
        assert Page.objects.get(depth=1).title == "根目录"
        labels = PageLogEntry.objects.values_list("label", flat=True)
        assert not [label for label in labels if "Welcome" in label]
