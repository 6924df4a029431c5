"""The blocks a site admin arranges a home page from (首页版块).

Listing blocks point at a column and show its newest public pages, read through the
one public-visibility rule (sites/core/visibility.py), so a listing follows its column
without anyone editing the home page again. The 站群导航 comes from the platform's site
registry. Each block renders its own template under ``components/home/`` (themes may
override them).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .selectors import column_articles, column_documents, column_interpretations

LISTING_MAX = 20

# The columns a listing block may point at.
NEWS_COLUMNS = ["news.NewsIndexPage", "core.ColumnPage"]
DOCUMENT_COLUMNS = [
    "disclosure.DisclosureCatalogPage",
    "disclosure.DisclosureCategoryPage",
    "core.ColumnPage",
]


class ColumnListingBlock(blocks.StructBlock):
    """The newest public pages of one column (articles unless a subclass says otherwise)."""

    heading = blocks.CharBlock(
        label="版块标题", required=False, help_text="留空则使用所选栏目的名称。"
    )
    column = blocks.PageChooserBlock(label="栏目", page_type=NEWS_COLUMNS)
    count = blocks.IntegerBlock(label="显示条数", default=6, min_value=1, max_value=LISTING_MAX)

    def listing(self, value):
        """The newest articles; a block for another page type lists that type instead."""
        return column_articles(value["column"], limit=value["count"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        column = value["column"]
        context["column"] = column
        context["heading"] = value["heading"] or (column.title if column else "")
        context["items"] = [] if column is None else list(self.listing(value))
        return context


class HeadlinesBlock(ColumnListingBlock):
    """要闻: the newest article large with its picture, the next ones as a list."""

    def get_context(self, value, parent_context=None):
        from sites.core.selectors import page_lead_image

        context = super().get_context(value, parent_context=parent_context)
        items = context["items"]
        lead = next((item for item in items if page_lead_image(item)[0]), None)
        context["lead"] = lead
        context["lead_image"] = page_lead_image(lead)[0] if lead else None
        context["others"] = [item for item in items if item is not lead]
        return context

    class Meta:
        icon = "pick"
        label = "要闻"
        template = "components/home/headlines_block.html"


class NoticesBlock(ColumnListingBlock):
    """通知公告: titles and dates of a column's newest items."""

    class Meta:
        icon = "warning"
        label = "通知公告"
        template = "components/home/notices_block.html"


class PolicyDocumentsBlock(ColumnListingBlock):
    """政策文件: the newest documents of a catalog or column, with 发文字号 and date."""

    column = blocks.PageChooserBlock(label="栏目", page_type=DOCUMENT_COLUMNS)

    def listing(self, value):
        return column_documents(value["column"], limit=value["count"])

    class Meta:
        icon = "doc-full"
        label = "政策文件"
        template = "components/home/documents_block.html"


class InterpretationsBlock(ColumnListingBlock):
    """政策解读: the newest interpretations filed under a column."""

    column = blocks.PageChooserBlock(label="栏目", page_type=["core.ColumnPage"])

    def listing(self, value):
        return column_interpretations(value["column"], limit=value["count"])

    class Meta:
        icon = "help"
        label = "政策解读"
        template = "components/home/notices_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an address elsewhere (exactly one of the two)."""

    title = blocks.CharBlock(label="名称", max_length=40)
    page = blocks.PageChooserBlock(label="本站页面", required=False)
    url = blocks.URLBlock(label="外部地址", required=False)
    description = blocks.CharBlock(label="说明", required=False, max_length=80)

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            message = "请选择一个本站页面，或填写一个外部地址（二者选一）。"
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value

    class Meta:
        icon = "link"
        label = "链接"


class TopicBlock(LinkBlock):
    image = ImageChooserBlock(label="专题图片", required=False)

    class Meta:
        icon = "image"
        label = "专题"


class TopicsBlock(blocks.StructBlock):
    """专题专栏: pictures or titles linking to the site's special topics."""

    heading = blocks.CharBlock(label="版块标题", default="专题专栏")
    topics = blocks.ListBlock(TopicBlock(), label="专题", min_num=1)

    class Meta:
        icon = "folder-open-inverse"
        label = "专题专栏"
        template = "components/home/topics_block.html"


class ServicesBlock(blocks.StructBlock):
    """政务服务: entry links to the services people come for."""

    heading = blocks.CharBlock(label="版块标题", default="政务服务")
    links = blocks.ListBlock(LinkBlock(), label="服务入口", min_num=1)

    class Meta:
        icon = "list-ul"
        label = "政务服务"
        template = "components/home/links_block.html"


class InteractionBlock(blocks.StructBlock):
    """互动交流: the way into the site's letters, consultations and interviews."""

    heading = blocks.CharBlock(label="版块标题", default="互动交流")
    intro = blocks.CharBlock(label="导语", required=False, max_length=120)
    links = blocks.ListBlock(LinkBlock(), label="入口", min_num=1)

    class Meta:
        icon = "comment"
        label = "互动交流"
        template = "components/home/links_block.html"


class ClusterNavBlock(blocks.StructBlock):
    """站群导航: the cluster's other sites by level, from the platform's site registry."""

    heading = blocks.CharBlock(label="版块标题", default="站群导航")

    def get_context(self, value, parent_context=None):
        from cluster.tenants.selectors import cluster_directory, public_root_url, tenant_current

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        current = tenant_current()
        here = current.primary_domain if current else ""
        context["groups"] = [
            (
                heading,
                [
                    {
                        "name": name,
                        "url": public_root_url(host, request) + "/",
                        "current": host == here,
                    }
                    for name, host in sites
                ],
            )
            for heading, sites in cluster_directory()
        ]
        return context

    class Meta:
        icon = "site"
        label = "站群导航"
        template = "components/home/cluster_nav_block.html"


class LeaderBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="姓名", max_length=20)
    position = blocks.CharBlock(label="职务", max_length=60)
    photo = ImageChooserBlock(label="照片", required=False)
    page = blocks.PageChooserBlock(label="简历页面", required=False)

    class Meta:
        icon = "user"
        label = "领导"


class LeadersBlock(blocks.StructBlock):
    """领导之窗 (optional): the leadership with their positions."""

    heading = blocks.CharBlock(label="版块标题", default="领导之窗")
    leaders = blocks.ListBlock(LeaderBlock(), label="领导", min_num=1)

    class Meta:
        icon = "group"
        label = "领导之窗"
        template = "components/home/leaders_block.html"


class BannerBlock(blocks.StructBlock):
    """A banner across the page: a picture with a heading, optionally a link."""

    image = ImageChooserBlock(label="图片")
    heading = blocks.CharBlock(label="标题", max_length=40)
    text = blocks.CharBlock(label="说明", required=False, max_length=120)
    page = blocks.PageChooserBlock(label="链接到", required=False)

    class Meta:
        icon = "image"
        label = "横幅"
        template = "components/home/banner_block.html"


class HomeBodyBlock(blocks.StreamBlock):
    banner = BannerBlock()
    headlines = HeadlinesBlock()
    notices = NoticesBlock()
    documents = PolicyDocumentsBlock()
    interpretations = InterpretationsBlock()
    topics = TopicsBlock()
    services = ServicesBlock()
    interaction = InteractionBlock()
    cluster_nav = ClusterNavBlock()
    leaders = LeadersBlock()

    class Meta:
        block_counts = {"cluster_nav": {"max_num": 1}, "banner": {"max_num": 3}}
