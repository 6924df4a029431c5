"""The demo sites' news and notices, from demo_content/articles.toml and the corpus."""

import datetime
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cluster.onboarding.seeding import DemoContext, demo_step

DATA = Path(__file__).resolve().parent / "demo_content" / "articles.toml"


def demo_articles(key: str) -> list[dict]:
    return [
        item for item in tomllib.loads(DATA.read_text("utf-8"))["article"] if item["site"] == key
    ]


def _text(item: dict, corpus_dir: Path) -> tuple[str, str, str]:
    """(title, body HTML, summary) of an article from its paragraphs or the corpus."""
    from django.utils.html import escape

    from sites.core.text_import import import_document, split_articles

    if "corpus" not in item:
        body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in item["paragraphs"])
        return item["title"], body, ""
    raw = (corpus_dir / item["corpus"]).read_text(encoding="utf-8")
    if "article" in item:
        imported = split_articles(raw)[item["article"]]
    else:
        imported = import_document(raw, title=item.get("title", ""))
    summary = f"发文字号：{imported.doc_number}" if imported.doc_number else ""
    return imported.title, imported.html, summary


@transaction.atomic
def article_ensure(item: dict, corpus_dir: Path, *, today: datetime.date):
    """Publish one demo article in the current site, unless it is there already."""
    from sites.core.demo_images import demo_image
    from sites.core.seed import publish_as_of

    from .models import ArticlePage, NewsIndexPage

    title, html, summary = _text(item, corpus_dir)
    slug = {"news": "news", "notices": "tzgg"}[item["column"]]
    column = NewsIndexPage.objects.get(depth=3, slug=slug)
    if column.get_children().filter(title=title).exists():
        return None
    day = today - datetime.timedelta(days=item["days_ago"])
    body = []
    if "image" in item:
        image = demo_image(item.get("caption") or title, item["image"], seed=title)
        caption = item.get("caption", "")
        body.append(("image", {"image": image, "alt": caption or title, "caption": caption}))
    body.append(("paragraph", html))
    page = ArticlePage(
        title=title, date=day, source=item.get("source", ""), summary=summary[:200], body=body
    )
    return publish_as_of(column, page, day)


@demo_step(order=10)
def news_demo(context: DemoContext) -> None:
    today = timezone.localdate()
    for item in demo_articles(context.key):
        article_ensure(item, context.corpus_dir, today=today)
