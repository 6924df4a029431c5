"""The demo portal's 专题 and the home page extras that show them (横幅, 专题专栏)."""

from django.db import transaction

from cluster.onboarding.seeding import DemoContext, demo_step
from sites.core.seed import page_add

# (slug, title, intro, picture palette) of the portal's special topics under 专题专栏.
PORTAL_TOPICS = [
    (
        "yhyshj",
        "优化营商环境",
        "<p>集中发布我市优化营商环境的政策文件、解读和工作动态。</p>",
        "city",
    ),
    (
        "tszs",
        "他山之石",
        "<p>外地政务公开工作的做法和经验，供学习借鉴。本栏目文件为外地政府制发，不是本市文件。</p>",
        "river",
    ),
]


@demo_step(order=90)
@transaction.atomic
def portal_demo(context: DemoContext) -> None:
    from wagtail.models import Page

    from sites.core.demo_images import demo_image
    from sites.core.models import ColumnPage

    from .models import HomePage

    if context.key != "site_portal":
        return
    home = HomePage.objects.get()
    topics_column = Page.objects.get(depth=3, slug="ztzl")
    topics = []
    for slug, title, intro, palette in PORTAL_TOPICS:
        column = ColumnPage.objects.filter(slug=slug).first()
        if column is None:
            column = page_add(topics_column, ColumnPage(title=title, slug=slug, intro=intro))
        image = demo_image(f"专题：{title}", palette)
        topics.append(
            {"title": title, "page": column, "url": "", "description": "", "image": image}
        )
    if any(block.block_type in ("banner", "topics") for block in home.body):
        return
    banner = {
        "image": demo_image("横幅：优化营商环境", "banner"),
        "heading": "优化营商环境 我们在行动",
        "text": "企业开办一日办结，惠企政策免申即享",
        "page": topics[0]["page"],
    }
    blocks = [(block.block_type, block.value) for block in home.body]
    at = next(
        (index for index, (kind, _value) in enumerate(blocks) if kind == "services"), len(blocks)
    )
    blocks.insert(at, ("topics", {"heading": "专题专栏", "topics": topics}))
    home.body = [("banner", banner), *blocks]
    home.save_revision().publish()
