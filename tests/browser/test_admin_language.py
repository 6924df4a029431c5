"""The Wagtail admin and the platform console speak Chinese, carry the site's name, and
show no broken image: walked in Chromium as a person sees them (Wagtail's sidebar and
much of its chrome are drawn by script, so the served HTML alone would not tell)."""

import re

import pytest
from django.urls import URLResolver, get_resolver
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD, committed, host_client

# Words an editor may see untranslated: formats, standards and proper nouns.
ALLOWED_WORDS = {
    "PDF", "URL", "URLs", "ID", "RSS", "Atom", "API", "JSON", "HTML", "SVG", "PNG", "JPEG",
    "JPG", "GIF", "WebP", "AVIF", "HEIC", "ICO", "ICP", "CSV", "XLSX", "XLS", "DOC", "DOCX",
    "WPS", "OFD", "ZIP", "TXT", "PPT", "PPTX", "KB", "MB", "GB", "px", "Wagtail", "Email",
    "E-mail", "QQ", "OK", "WCAG", "GB/T", "XML", "UTC", "GMT", "Tab", "Enter", "Esc", "Ctrl",
    "Alt", "Shift", "Cmd", "OR", "AND", "NOT", "HTTP", "HTTPS", "TSV", "WEBP", "Feed",
    "JavaScript", "chinesecalendar", "http", "https",
}  # fmt: skip
# What data shows as it is: addresses, file names, user names, slugs, dates and numbers.
NOT_WORDS = re.compile(
    r"(?:https?://|//)\S+"  # addresses
    r"|[\w.+-]+@[\w.-]+"  # e-mail addresses
    r"|\S+\.(?:localhost|png|jpe?g|gif|svg|pdf|docx?|xlsx?|csv|txt|zip)\b"  # hosts, files
    r"|\b\w*[_\d]\w*\b"  # identifiers: user names, codes, slugs with digits
    r"|/[\w/.-]*"  # paths
    r"|\b[a-z]+\.[a-z]+\b"  # page types as Wagtail's reports name them: news.articlepage
    r"|\{\w+\}"  # placeholders an editor types: {year}
    r"|\b[A-Z]\b"  # single letters: 标题 (A -> Z)
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const field of document.querySelectorAll('[placeholder]')) {
    if (field.checkVisibility()) parts.push(field.placeholder);
  }
  return parts.join('\\n');
}"""
BROKEN_IMAGES = """() => Array.from(document.images)
  .filter((img) => img.complete && img.naturalWidth === 0 && img.getAttribute('src'))
  .map((img) => img.getAttribute('src'))"""

# Admin views with no argument that are not pages a person reads: the JSON API, fragments
# a listing fetches, chooser modals (JSON), actions, and screens turned off in settings.
SKIPPED = re.compile(
    r"^admin/(api/|test404|failwhale|.*results/$|choose-|.*chooser/|tag-autocomplete|logout"
    r"|dismissibles|block-preview|sprite|jsi18n|password_reset|login|\^|.*chosen-multiple"
    r"|redirects/import/process/|.*\.xlsx$)"
)


def english_words(text: str, data_words: set[str]) -> set[str]:
    found = set()
    for line in text.splitlines():
        for word in WORD.findall(NOT_WORDS.sub(" ", line)):
            if word not in ALLOWED_WORDS and word.lower() not in data_words:
                found.add(f"{word}  «{line.strip()[:80]}»")
    return found


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def admin_paths() -> list[str]:
    """Every admin screen of a site: the views without arguments, each page type's edit
    and create forms, a page's other screens, the settings, snippets and a user."""
    from django.contrib.auth import get_user_model
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import Page, get_page_models
    from wagtail.snippets.models import get_snippet_models

    paths = [
        "/" + path
        for path in _walk(get_resolver("cluster.urls.tenant").url_patterns)
        if path.startswith("admin/") and "<" not in path and not SKIPPED.match(path)
    ]
    with schema_context("site_alpha"):
        home = Page.objects.get(depth=2)
        paths += [f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/history/"]
        news = Page.objects.get(depth=3, slug="news")
        for action in ("move", "copy", "delete", "unpublish", "usage", "workflow_history"):
            paths.append(f"/admin/pages/{news.pk}/{action}/")
        for model in get_page_models():
            if model is Page:
                continue
            page = model.objects.first()
            if page is not None:
                paths.append(f"/admin/pages/{page.pk}/edit/")
            parent = next(
                (
                    parent
                    for parent_model in model.allowed_parent_page_models()
                    if parent_model is not Page
                    for parent in parent_model.objects.all()[:1]
                ),
                None,
            )
            if parent is not None and model.can_create_at(parent):
                meta = model._meta
                paths.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
        for model in settings_registry:
            meta = model._meta
            paths.append(f"/admin/settings/{meta.app_label}/{meta.model_name}/")
        for model in get_snippet_models():
            meta = model._meta
            paths += [
                f"/admin/snippets/{meta.app_label}/{meta.model_name}/",
                f"/admin/snippets/{meta.app_label}/{meta.model_name}/add/",
            ]
    editor = get_user_model().objects.get(username="alpha_editor")
    paths.append(f"/admin/users/edit/{editor.pk}/")
    return paths


def console_paths() -> list[str]:
    from cluster.tenants.models import Tenant

    paths = [
        "/" + path
        for path in _walk(get_resolver("cluster.urls.public").url_patterns)
        if "<" not in path and path not in ("login/", "logout/") and "resend" not in path
    ]
    alpha = Tenant.objects.get(schema_name="site_alpha")
    return [*paths, f"/sites/{alpha.pk}/", f"/monitors/{alpha.pk}/"]


def screens(host: str, paths: list[str], login_path: str, username="platform") -> list[str]:
    """The paths that are screens for ``username``: a GET answers a page (an action taking
    POST only answers 405, and Chromium would show nothing for it; an editor is sent away
    from screens not theirs). Run with ``committed``: signing in writes the account's row,
    which the server thread's requests write too."""
    client = host_client(host)
    client.post(login_path, {"username": username, "password": PASSWORD})
    kept = {200} if username != "platform" else set(range(200, 600)) - {405}
    return [path for path in paths if client.get(path).status_code in kept]


def _sign_in(page, base, login_path, landing, username="platform"):
    page.goto(f"{base}{login_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}{landing}")


# The admin's sidebar is drawn by script; a screen is read once it is there (and every
# image has loaded: goto waits for the load event). No wait for network silence, which
# would add half a second to each of the 150-odd screens.
SIDEBAR_DRAWN = (
    "() => { const s = document.querySelector('#wagtail-sidebar');"
    " return !s || s.querySelector('nav, a, button') !== null; }"
)


def _read(page, url, data_words):
    response = page.goto(url)
    page.wait_for_function(SIDEBAR_DRAWN)
    problems = []
    if response is None or response.status >= 400:
        problems.append(f"status {response.status if response else None}")
    problems += [f"broken image {src}" for src in page.evaluate(BROKEN_IMAGES)]
    problems += sorted(english_words(page.evaluate(VISIBLE_TEXT), data_words))
    return problems


def _data_words():
    """Words that are data the test sites hold (user names, slugs), not interface text."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    words = {name.lower() for name in get_user_model().objects.values_list("username", flat=True)}
    from sites.letters.models import LetterType

    with schema_context("site_alpha"):
        words |= set(Page.objects.values_list("slug", flat=True))
        words |= set(LetterType.objects.values_list("slug", flat=True))
    return words


@pytest.mark.django_db
def test_every_admin_and_console_screen_is_chinese_with_no_broken_image(site_server, browser):
    data_words = _data_words()
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    found = {}
    try:
        site = f"http://alpha.localhost:{site_server.port}"
        found[f"{site}/admin/login/"] = _read(page, f"{site}/admin/login/", data_words)
        _sign_in(page, site, "/admin/login/", "/admin/")
        for path in committed(screens, "alpha.localhost", admin_paths(), "/admin/login/"):
            found[path] = _read(page, site + path, data_words)
        console = f"http://console.localhost:{site_server.port}"
        found[f"{console}/login/"] = _read(page, f"{console}/login/", data_words)
        _sign_in(page, console, "/login/", "/")
        for path in committed(screens, "console.localhost", console_paths(), "/login/"):
            found["console " + path] = _read(page, console + path, data_words)
    finally:
        context.close()
    # An editor's screens show what their role allows (their own dashboard panels).
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        _sign_in(page, site, "/admin/login/", "/admin/", username="alpha_editor")
        editor_paths = committed(
            screens, "alpha.localhost", admin_paths(), "/admin/login/", "alpha_editor"
        )
        assert len(editor_paths) >= 20
        for path in editor_paths:
            found["editor " + path] = _read(page, site + path, data_words)
    finally:
        context.close()
    problems = {path: words for path, words in found.items() if words}
    report = "\n".join(f"{path}\n    " + "\n    ".join(words) for path, words in problems.items())
    assert not problems, f"{len(problems)} of {len(found)} screens:\n{report}"


@pytest.mark.django_db
def test_the_admin_carries_the_sites_name_and_the_platforms_logo(site_server, browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        for host, name in (("alpha.localhost", "甲市人民政府"), ("beta.localhost", "乙县人民政府")):
            base = f"http://{host}:{site_server.port}"
            page.goto(f"{base}/admin/login/")
            assert page.locator("h1").inner_text().strip() == f"{name} 管理后台"
            assert page.title().endswith(f"{name} 管理后台")
            logo = page.locator(".login-logo img")
            assert logo.get_attribute("src").endswith("console/platform_logo.svg")
            assert logo.evaluate("(img) => img.naturalWidth") > 0
        site = f"http://alpha.localhost:{site_server.port}"
        _sign_in(page, site, "/admin/login/", "/admin/")
        page.goto(f"{site}/admin/account/")
        page.wait_for_load_state("networkidle")
        sidebar_logo = page.locator("#wagtail-sidebar img.cluster-admin-logo")
        assert sidebar_logo.get_attribute("alt").strip() == "甲市人民政府 管理后台"
        assert sidebar_logo.evaluate("(img) => img.naturalWidth") > 0
        # The avatar is Wagtail's local default, not a request to gravatar.com.
        sources = page.eval_on_selector_all("img", "(imgs) => imgs.map((img) => img.src)")
        assert not [src for src in sources if "gravatar" in src]
        avatars = page.locator("img[src*='default-user-avatar']")
        assert avatars.count() >= 1
        for index in range(avatars.count()):
            avatar = avatars.nth(index)
            avatar.scroll_into_view_if_needed()
            page.wait_for_function("(img) => img.complete", arg=avatar.element_handle())
            assert avatar.evaluate("(img) => img.naturalWidth") > 0
    finally:
        context.close()
