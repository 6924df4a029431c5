"""An editor of one site can reach nothing of another site's admin, whatever the URL."""

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context

from tests.conftest import admin_login, host_client


@pytest.fixture
def beta_secret_page(beta):
    """An unpublished draft on the beta site, with an id that also exists on alpha."""
    from wagtail.models import Page

    from sites.news.models import ArticlePage

    with schema_context("site_beta"):
        news = Page.objects.get(slug="news").specific
        draft = ArticlePage(title="乙县内部草稿绝密标题", live=False)
        news.add_child(instance=draft)
        draft.save_revision()
        return draft.pk


@pytest.fixture
def beta_secret_document(beta):
    from wagtail.documents.models import Document

    with schema_context("site_beta"):
        document = Document(title="乙县内部文档")
        document.file.save("beta-internal.txt", ContentFile(b"internal"), save=False)
        document.save()
        return document.pk


def test_editor_can_sign_into_their_own_sites_admin(alpha):
    client, response = admin_login("alpha.localhost", "alpha_editor")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_editor_of_one_site_cannot_sign_into_another_sites_admin(beta):
    _client, response = admin_login("beta.localhost", "alpha_editor")
    assert response.status_code == 200  # the login form again, with an error
    assert "_auth_user_id" not in _client.session


def test_a_session_from_one_site_does_not_open_another_sites_admin(alpha, beta):
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    # The test client sends the alpha session cookie to every host.
    response = client.get("/admin/", HTTP_HOST="beta.localhost")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_guessing_another_sites_page_id_never_reaches_it(alpha, beta, beta_secret_page):
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    urls = [
        f"/admin/pages/{beta_secret_page}/edit/",
        f"/admin/pages/{beta_secret_page}/",
        f"/admin/pages/{beta_secret_page}/edit/preview/",
        f"/admin/pages/{beta_secret_page}/revisions/",
        "/admin/choose-page/?q=绝密",
        "/admin/pages/search/?q=绝密",
        "/admin/choose-page/",
    ]
    for url in urls:
        response = client.get(url)
        assert "绝密标题" not in response.content.decode(), url


def test_another_sites_documents_are_not_listed_served_or_choosable(
    alpha, beta, beta_secret_document
):
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    for url in [
        "/admin/documents/",
        "/admin/documents/chooser/",
        f"/admin/documents/edit/{beta_secret_document}/",
    ]:
        assert "乙县内部文档" not in client.get(url).content.decode(), url
    response = host_client("alpha.localhost").get(
        f"/documents/{beta_secret_document}/beta-internal.txt"
    )
    assert response.status_code == 404


def test_another_sites_draft_is_not_public_anywhere(alpha, beta, beta_secret_page):
    for host in ("alpha.localhost", "beta.localhost"):
        response = host_client(host).get("/search/?q=绝密")
        assert "绝密标题" not in response.content.decode()


def test_media_of_one_site_is_stored_under_its_own_schema(beta, beta_secret_document, settings):
    from wagtail.documents.models import Document

    with schema_context("site_beta"):
        path = Document.objects.get(pk=beta_secret_document).file.path
    assert "/site_beta/" in path
