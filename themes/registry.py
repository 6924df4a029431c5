"""The themes on disk: one folder each with a theme.toml manifest."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

THEMES_DIR = Path(__file__).resolve().parent
DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    description: str
    stylesheet: str
    templates_dir: Path


@cache
def available_themes() -> dict[str, Theme]:
    themes = {}
    for manifest in sorted(THEMES_DIR.glob("*/theme.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        slug = manifest.parent.name
        themes[slug] = Theme(
            slug=slug,
            name=data["name"],
            description=data.get("description", ""),
            stylesheet=data.get("stylesheet", f"themes/{slug}/css/theme.css"),
            templates_dir=manifest.parent / "templates",
        )
    return themes


def theme_choices() -> list[tuple[str, str]]:
    return [(theme.slug, theme.name) for theme in available_themes().values()]


def resolve_theme(slug: str | None) -> Theme:
    themes = available_themes()
    return themes.get(slug or DEFAULT_THEME, themes[DEFAULT_THEME])
