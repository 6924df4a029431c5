import pytest
from django.core.cache import cache
from wagtail.models import Page

from sites.core.models import CopyOrigin
from tests.sites.disclosure.conftest import make_document

SOURCE_URL = "http://beta.localhost/xxgk/original/"


def disclosed_column():
    """The portal's 上级文件 column (a ColumnPage taking policy documents)."""
    return Page.objects.get(slug="sjwj", depth=3)


def make_copy(title="转载的上级文件"):
    """A policy document in the current schema marked as a syndicated copy of beta's."""
    copy = make_document(disclosed_column(), title=title)
    CopyOrigin.objects.create(
        page=copy,
        source_schema="site_beta",
        source_page_id=1,
        source_site_name="乙县人民政府",
        source_url=SOURCE_URL,
    )
    return copy


@pytest.fixture(autouse=True)
def _fresh_site_root_paths():
    """Wagtail keeps each site's root paths in the default cache; a test elsewhere that
    added a Wagtail Site (rolled back since) would otherwise still shape ``page.full_url``."""
    cache.clear()
    yield
    cache.clear()
