"""The 无障碍与适老化 toolbar, the keyboard and the phone menu, as a visitor uses them."""

import pytest

STYLE_OF_BODY = """() => {
    const style = getComputedStyle(document.body);
    return {font: parseFloat(style.fontSize), line: parseFloat(style.lineHeight)};
}"""


@pytest.fixture
def visitor(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _html_has(page, name: str) -> bool:
    return page.evaluate("(name) => document.documentElement.classList.contains(name)", name)


@pytest.mark.django_db
def test_elder_mode_turned_on_persists_across_pages_and_reloads(site_server, visitor):
    base = f"http://alpha.localhost:{site_server.port}"
    visitor.goto(base + "/")
    plain = visitor.evaluate(STYLE_OF_BODY)
    elder = visitor.get_by_role("button", name="适老模式")
    assert elder.get_attribute("aria-pressed") == "false"

    elder.click()
    assert elder.get_attribute("aria-pressed") == "true"
    assert visitor.locator("#access-status").inner_text() == "适老模式已开启。"
    larger = visitor.evaluate(STYLE_OF_BODY)
    assert larger["font"] >= 1.25 * plain["font"]
    assert larger["line"] >= 1.5 * larger["font"]
    assert visitor.evaluate("getComputedStyle(document.body).transitionDuration") == "0s"

    visitor.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="政府信息公开"
    ).click()
    visitor.wait_for_url(base + "/xxgk/")
    # On the next page before any click: applied in <head> from the stored choice.
    assert _html_has(visitor, "access-elder")
    assert visitor.get_by_role("button", name="适老模式").get_attribute("aria-pressed") == "true"
    visitor.reload()
    assert visitor.evaluate(STYLE_OF_BODY)["font"] == larger["font"]

    visitor.get_by_role("button", name="恢复默认").click()
    assert not _html_has(visitor, "access-elder")
    visitor.goto(base + "/")
    assert visitor.evaluate(STYLE_OF_BODY) == plain


@pytest.mark.django_db
def test_font_size_and_high_contrast_are_pressed_buttons_that_persist(site_server, visitor):
    base = f"http://alpha.localhost:{site_server.port}"
    visitor.goto(base + "/")
    medium = visitor.evaluate(STYLE_OF_BODY)["font"]
    visitor.get_by_role("button", name="大", exact=True).click()
    assert visitor.evaluate(STYLE_OF_BODY)["font"] > medium
    sizes = visitor.get_by_role("group", name="字号").get_by_role("button")
    assert [b.get_attribute("aria-pressed") for b in sizes.all()] == ["true", "false", "false"]
    visitor.get_by_role("button", name="高对比度").click()
    background = "getComputedStyle(document.body).backgroundColor"
    assert visitor.evaluate(background) == "rgb(0, 0, 0)"
    visitor.goto(base + "/search/?q=通知")
    assert visitor.evaluate(background) == "rgb(0, 0, 0)"
    assert visitor.evaluate(STYLE_OF_BODY)["font"] > medium
    visitor.get_by_role("button", name="小", exact=True).click()
    assert visitor.evaluate(STYLE_OF_BODY)["font"] < medium


@pytest.mark.django_db
def test_the_keyboard_reaches_the_skip_link_first_and_focus_is_visible(site_server, visitor):
    visitor.goto(f"http://alpha.localhost:{site_server.port}/xxgk/")
    visitor.keyboard.press("Tab")
    assert visitor.evaluate("document.activeElement.textContent") == "跳到主要内容"
    visitor.keyboard.press("Enter")
    assert visitor.evaluate("document.activeElement.id") == "main"
    visitor.reload()  # from the top again: the skip link, then the toolbar
    for _ in range(8):
        visitor.keyboard.press("Tab")
        if visitor.evaluate("document.activeElement.dataset.access === 'elder'"):
            break
    else:
        pytest.fail("适老模式 is not reachable by Tab")
    outline = visitor.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    visitor.keyboard.press("Space")
    assert _html_has(visitor, "access-elder")


@pytest.mark.django_db
def test_on_a_phone_the_menu_collapses_behind_a_button_the_keyboard_opens(site_server, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(f"http://alpha.localhost:{site_server.port}/")
        toggle = phone.get_by_role("button", name="栏目导航")
        columns = phone.locator("#main-nav-list")
        assert toggle.is_visible() and not columns.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        phone.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and columns.is_visible()
        phone.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not columns.is_visible()
        toggle.click()
        columns.get_by_role("link", name="政府信息公开").click()
        phone.wait_for_url("**/xxgk/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
