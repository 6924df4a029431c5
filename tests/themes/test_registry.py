"""The themes on disk: three complete looks, each extending the default's base template."""

from themes.registry import DEFAULT_THEME, THEMES_DIR, available_themes, resolve_theme


def test_there_are_portal_county_and_department_themes_with_distinct_names():
    themes = available_themes()
    assert {"default", "county", "azure"} <= set(themes)
    assert len({theme.name for theme in themes.values()}) == len(themes)


def test_every_theme_has_its_stylesheet_on_disk():
    for theme in available_themes().values():
        folder, path = theme.stylesheet.split("/", 2)[1:]
        assert (THEMES_DIR / folder / "static" / path).is_file(), theme.slug


def test_themes_override_blocks_of_the_default_base_instead_of_copying_it():
    for slug, theme in available_themes().items():
        if slug == DEFAULT_THEME:
            continue
        base = (theme.templates_dir / "base.html").read_text(encoding="utf-8")
        assert base.startswith('{% extends "base.html" %}'), slug
        assert "{% block header %}" in base and "<html" not in base, slug


def test_an_unknown_theme_falls_back_to_the_default():
    assert resolve_theme("no-such-theme").slug == DEFAULT_THEME
    assert resolve_theme(None).slug == DEFAULT_THEME


def test_every_themes_own_colours_pass_the_check_a_site_admins_colour_must_pass():
    import re

    from sites.core.colours import validate_brand_colour

    stylesheets = [THEMES_DIR / "default" / "static" / "css" / "base.css"]
    for theme in available_themes().values():
        folder, path = theme.stylesheet.split("/", 2)[1:]
        stylesheets.append(THEMES_DIR / folder / "static" / path)
    colours = set()
    for stylesheet in stylesheets:
        text = stylesheet.read_text(encoding="utf-8")
        colours |= set(re.findall(r"--brand(?:-dark)?:\s*(#[0-9a-fA-F]{6})", text))
    assert len(colours) >= 6  # each theme's brand and its darker shade
    for colour in colours:
        validate_brand_colour(colour)
