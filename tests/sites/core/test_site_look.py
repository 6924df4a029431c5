"""A site admin picks the site's theme, brand colour and logo in the site settings."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.onboarding.services import site_set_theme
from cluster.pagecache import purge
from cluster.tasks import pipeline
from cluster.tenants.models import SiteRole, Tenant
from sites.core.colours import contrast_ratio, validate_brand_colour
from sites.core.models import SiteIdentity
from tests.conftest import PASSWORD, admin_login, host_client

SETTINGS_URL = "/admin/settings/core/siteidentity/"


def _edit_url(client) -> str:
    """The settings' edit address (Wagtail redirects to the row's own URL)."""
    response = client.get(SETTINGS_URL, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else SETTINGS_URL


def _settings_form(**changes):
    return {
        "sponsor": "甲市人民政府办公室",
        "brand_color": "",
        "logo": "",
        "theme": "default",
        **changes,
    }


@pytest.fixture
def alpha_site_admin(alpha):
    user = account_create(username="alpha_site_admin", password=PASSWORD, name="甲站点管理员")
    role_grant(user=user, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    client, response = admin_login("alpha.localhost", "alpha_site_admin")
    assert response.status_code == 302
    return client


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#b0121b", "#0b5cab", "#00695c", "#767676"])
def test_a_brand_colour_white_text_reads_on_is_accepted(colour):
    validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["#f2b01e", "#ff6666", "#999999"])
def test_a_brand_colour_failing_aa_against_white_is_refused_in_chinese(colour):
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour(colour)
    [message] = refused.value.messages
    assert colour in message and "4.5:1" in message and "请选用更深的颜色" in message


def test_a_brand_colour_that_is_not_hex_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour("red")
    assert "十六进制" in refused.value.messages[0]


def test_the_site_admin_changes_theme_and_colour_in_the_site_settings(alpha, alpha_site_admin):
    page = alpha_site_admin.get(SETTINGS_URL, follow=True).content.decode()
    assert 'name="theme"' in page and 'name="brand_color"' in page and 'name="logo"' in page

    response = alpha_site_admin.post(
        _edit_url(alpha_site_admin),
        _settings_form(theme="county", brand_color="#1b5e20"),
        follow=True,
    )
    assert response.status_code == 200
    alpha.refresh_from_db()
    assert alpha.theme == "county"
    home = host_client("alpha.localhost").get("/").content.decode()
    assert "themes/county/css/theme.css" in home and "site-header--county" in home
    assert "--brand: #1b5e20; --brand-dark: #154919;" in home


def test_the_settings_refuse_a_pale_brand_colour_and_keep_the_theme(alpha, alpha_site_admin):
    response = alpha_site_admin.post(
        _edit_url(alpha_site_admin), _settings_form(theme="azure", brand_color="#ffcc00")
    )
    assert response.status_code == 200
    assert "低于无障碍要求的 4.5:1" in response.content.decode()
    alpha.refresh_from_db()
    assert alpha.theme == "default"
    with schema_context("site_alpha"):
        assert SiteIdentity.objects.get().brand_color == ""


def test_the_settings_form_shows_the_theme_the_console_gave_the_site(beta, db):
    client, _response = admin_login("beta.localhost", "platform")
    page = client.get(SETTINGS_URL, follow=True).content.decode()
    assert '<option value="azure" selected>' in page


def test_a_theme_change_purges_that_sites_cached_pages(alpha, beta, monkeypatch):
    emitted = []
    # Only the look events: a theme change is also a registry change (cluster.registry_changed).
    monkeypatch.setattr(
        pipeline,
        "emit",
        lambda event: event.kind == pipeline.SITE_LOOK_CHANGED and emitted.append(event),
    )
    site_set_theme(tenant=alpha, theme="county")
    site_set_theme(tenant=alpha, theme="county")  # unchanged: nothing to purge
    [event] = emitted
    assert (event.kind, event.schema) == (pipeline.SITE_LOOK_CHANGED, "site_alpha")
    assert purge.tags_for(event) == {"site"}
    assert Tenant.objects.get(pk=beta.pk).theme == "azure"


def test_saving_the_site_settings_purges_that_sites_cached_pages(alpha, monkeypatch):
    emitted = []
    monkeypatch.setattr(pipeline, "emit", emitted.append)
    with schema_context("site_alpha"):
        identity = SiteIdentity.objects.get()
        identity.phone = "0431-12345678"
        identity.save()
    assert [(e.kind, e.schema) for e in emitted] == [(pipeline.SITE_LOOK_CHANGED, "site_alpha")]


def test_an_unknown_theme_is_refused(alpha):
    with pytest.raises(ValidationError):
        site_set_theme(tenant=alpha, theme="no-such-theme")
    alpha.refresh_from_db()
    assert alpha.theme == "default"


def test_the_logo_chosen_in_the_settings_heads_every_page(alpha):
    from tests.sites.core.images import make_image

    with schema_context("site_alpha"):
        logo = make_image("市徽", size=(128, 128))
        identity = SiteIdentity.objects.get()
        identity.logo = logo
        identity.save()
    header = host_client("alpha.localhost").get("/xxgk/").content.decode()
    assert 'class="site-header__logo"' in header and 'alt=""' in header
