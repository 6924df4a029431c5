"""What serving keeps per process is read again as soon as its source changes.

The host map, the Wagtail Site, site settings, view restrictions and vocabulary labels
are memoised per process (cluster/serving/memo.py); each change bumps a version in the
shared cache, so every process (here: the next request) reads the new rows at once.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from wagtail.models import PageViewRestriction

from cluster.onboarding.services import domain_add, domain_remove, site_set_status
from cluster.pagecache import store
from cluster.serving.memo import memo_versioned
from cluster.tenants.models import Domain, Tenant
from sites.core.models import SiteIdentity
from tests.conftest import host_client
from tests.sites.disclosure.conftest import category, make_document


def _tables_read(path: str, host: str = "alpha.localhost") -> str:
    with CaptureQueriesContext(connection) as queries:
        assert host_client(host).get(path).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_warm_process_reads_no_registry_site_or_settings_rows(alpha):
    host_client("alpha.localhost").get("/")
    tables = _tables_read("/")
    for table in ("tenants_domain", "tenants_tenant", "wagtailcore_site", "core_siteidentity"):
        assert table not in tables
    assert "SET search_path" not in tables
    assert "django_content_type" not in tables


def test_a_domain_added_to_a_site_is_served_at_once(alpha):
    host_client("alpha.localhost").get("/")  # the host map is memoised now
    assert host_client("alpha-new.localhost").get("/").status_code == 404
    domain_add(tenant=alpha, domain="alpha-new.localhost")
    response = host_client("alpha-new.localhost").get("/")
    assert response.status_code == 200
    assert alpha.name in response.content.decode()


def test_a_removed_domain_stops_serving_at_once(alpha):
    domain = domain_add(tenant=alpha, domain="alpha-old.localhost")
    assert host_client("alpha-old.localhost").get("/").status_code == 200
    domain_remove(domain=Domain.objects.get(pk=domain.pk))
    response = host_client("alpha-old.localhost").get("/")
    assert response.status_code == 404
    assert alpha.name not in response.content.decode()


def test_a_suspended_site_shows_its_closure_notice_on_the_next_request(beta):
    assert host_client("beta.localhost").get("/").status_code == 200
    site_set_status(tenant=beta, status=Tenant.Status.SUSPENDED, reason="整合至上级门户")
    assert host_client("beta.localhost").get("/").status_code == 503


def test_a_site_settings_change_shows_on_the_next_uncached_render(alpha):
    assert "新的承办单位" not in host_client("alpha.localhost").get("/").content.decode()
    with schema_context("site_alpha"):
        identity = SiteIdentity.objects.get()
        identity.organizer = "新的承办单位"
        identity.save()
    assert "新的承办单位" in host_client("alpha.localhost").get("/").content.decode()


def test_a_settings_form_that_fails_validation_never_shows_publicly(alpha):
    with schema_context("site_alpha"):
        identity = SiteIdentity.load()
        identity.sponsor = "未保存的主办单位"  # changed in memory, never saved
    assert "未保存的主办单位" not in host_client("alpha.localhost").get("/").content.decode()


def test_a_new_view_restriction_hides_a_page_from_listings_at_once(alpha):
    with schema_context("site_alpha"):
        make_document(title="稍后受限的文件")
        column_path = category().url_path.removeprefix("/home")
    assert "稍后受限的文件" in host_client("alpha.localhost").get(column_path).content.decode()
    assert "稍后受限的文件" in host_client("alpha.localhost").get("/").content.decode()
    with schema_context("site_alpha"):
        PageViewRestriction.objects.create(
            page=category(), restriction_type=PageViewRestriction.LOGIN
        )
    assert "稍后受限的文件" not in host_client("alpha.localhost").get("/").content.decode()


def test_a_renamed_topic_shows_on_the_next_render_of_a_document(alpha):
    from cluster.vocabularies.models import Term
    from cluster.vocabularies.services import term_rename

    with schema_context("site_alpha"):
        document = make_document(title="主题分类改名的文件", topic="0101")
        path = document.url_path.removeprefix("/home")
    host_client("alpha.localhost").get(path)
    term_rename(term=Term.objects.get(vocabulary="topic", code="0101"), name="改名后的主题")
    assert "改名后的主题" in host_client("alpha.localhost").get(path).content.decode()


def test_a_version_bumped_elsewhere_makes_this_process_read_again(alpha):
    """Another process's bump is a tag purge in the shared cache; nothing else tells us."""
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert memo_versioned("site_alpha", "probe", None, read) == 1
    assert memo_versioned("site_alpha", "probe", None, read) == 1
    store.purge_tags("site_alpha", ["memo:probe"])
    assert memo_versioned("site_alpha", "probe", None, read) == 2
    # Per schema: another site's version is its own.
    assert memo_versioned("site_beta", "probe", None, read) == 3
    assert memo_versioned("site_alpha", "probe", None, read) == 2


def test_content_types_are_kept_per_schema_across_schema_switches(alpha, beta):
    from sites.disclosure.models import PolicyDocumentPage

    with schema_context("site_alpha"):
        alpha_type = ContentType.objects.get_for_model(PolicyDocumentPage)
    with schema_context("site_beta"):
        ContentType.objects.get_for_model(PolicyDocumentPage)
    with schema_context("site_alpha"), CaptureQueriesContext(connection) as queries:
        assert ContentType.objects.get_for_model(PolicyDocumentPage) == alpha_type
        assert ContentType.objects.get_for_id(alpha_type.pk) == alpha_type
    assert not [q for q in queries.captured_queries if "django_content_type" in q["sql"]]
    ContentType.objects.clear_cache()
    with schema_context("site_alpha"), CaptureQueriesContext(connection) as queries:
        ContentType.objects.get_for_model(PolicyDocumentPage)
    assert [q for q in queries.captured_queries if "django_content_type" in q["sql"]]


def test_a_warm_request_asks_the_cache_for_its_versions_once_per_schema(alpha, monkeypatch):
    from django.core.cache import caches

    pages = caches[store.CACHE_ALIAS]
    host_client("alpha.localhost").get("/xxgk/")
    host_client("alpha.localhost").get("/xxgk/")
    reads = []
    real_get_many = pages.get_many

    def counted(keys, *args, **kwargs):
        reads.append(sorted({key.split(":")[1] for key in keys}))
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(pages, "get_many", counted)
    assert host_client("alpha.localhost").get("/xxgk/").status_code == 200
    # The registry's version (public) and the site's memos, each in one read.
    assert reads == [["public"], ["site_alpha"]], reads
