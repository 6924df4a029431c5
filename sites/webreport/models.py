"""政府网站工作年度报表: one row per site and year (the 国办 template of 国办发〔2017〕47号).

The figures the site's own records give (visits, publications, interpretations, 政民互动)
are computed by ``services.web_report_generate`` into ``figures`` and frozen when the
report is submitted; what no record holds (办事服务, 安全防护, 移动新媒体 …) staff fill in.
"""

from django.conf import settings
from django.db import models


class WebReportStatus(models.TextChoices):
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送"


def _count(label: str):
    return models.PositiveIntegerField(label, default=0)


def _flag(label: str):
    return models.BooleanField(label, default=False)


class WebsiteAnnualReport(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=WebReportStatus.choices, default=WebReportStatus.DRAFT
    )
    # Site identity and computed figures as they were when last generated (see FIGURES).
    identity = models.JSONField("网站基本信息", default=dict, editable=False)
    figures = models.JSONField("自动统计数据", default=dict, editable=False)
    generated_at = models.DateTimeField("统计时间", null=True, editable=False)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # 网站访问: no identifying cookie is set, so unique visitors come from elsewhere.
    unique_visitors = _count("独立用户访问总量（个）")
    # 信息发布
    overview_count = _count("概况类信息更新量（条）")
    # 专栏专题
    special_columns_kept = _count("专栏专题维护数量（个）")
    special_columns_new = _count("专栏专题新开设数量（个）")
    # 解读回应
    media_comments = _count("媒体评论（篇）")
    hot_responses = _count("回应公众关注热点或重大舆情数量（次）")
    # 办事服务
    service_catalog = _flag("是否发布服务事项目录")
    registered_users = _count("注册用户数（个）")
    service_items = _count("政务服务事项数量（项）")
    online_items = _count("可全程在线办理政务服务事项数量（项）")
    cases_total = _count("办件量总数（件）")
    cases_natural = _count("自然人办件量（件）")
    cases_legal = _count("法人办件量（件）")
    # 互动交流
    unified_platform = _flag("是否使用统一平台")
    smart_qa = _flag("是否提供智能问答")
    # 安全防护
    security_checks = _count("安全检测评估次数（次）")
    security_issues = _count("发现问题数量（个）")
    security_fixed = _count("问题整改数量（个）")
    monitoring = _flag("是否建立安全监测预警机制")
    drills = _flag("是否开展应急演练")
    security_officer = _flag("是否明确网站安全负责人")
    # 移动新媒体
    weibo_name = models.CharField("政务微博名称", max_length=100, blank=True)
    weibo_posts = _count("微博信息发布量（条）")
    weibo_followers = _count("微博关注量（个）")
    wechat_name = models.CharField("政务微信名称", max_length=100, blank=True)
    wechat_posts = _count("微信信息发布量（条）")
    wechat_subscribers = _count("微信订阅数（个）")
    other_media = models.CharField("其他移动新媒体", max_length=200, blank=True)
    # 创新发展
    innovation = models.TextField(
        "创新发展", blank=True, help_text="搜索即服务、多语言版本、无障碍浏览、千人千网等。"
    )
    # 填报
    head = models.CharField("单位负责人", max_length=30, blank=True)
    reviewer = models.CharField("审核人", max_length=30, blank=True)
    filler = models.CharField("填报人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        default_permissions = ()
        permissions = [("fill_websiteannualreport", "可填报政府网站工作年度报表")]

    def __str__(self):
        return f"{self.year}年度政府网站工作年度报表"

    @property
    def submitted(self) -> bool:
        return self.status == WebReportStatus.SUBMITTED


# The computed figures, in the template's order: (key, label).
FIGURES = [
    ("visits_total", "网站总访问量（次）"),
    ("visits_home", "首页访问量（次）"),
    ("news", "政务动态信息更新量（条）"),
    ("catalog", "信息公开目录信息更新量（条）"),
    ("interpretations", "解读信息发布总数（条）"),
    ("interpretation_materials", "解读材料数量（条）"),
    ("interpretation_products", "解读产品数量（个）"),
    ("letters_received", "收到留言数量（条）"),
    ("letters_answered", "办结留言数量（条）"),
    ("letters_average_days", "平均办理时间（天）"),
    ("letters_public", "公开答复数量（条）"),
    ("consultations", "征集调查期数（期）"),
    ("consultation_comments", "收到意见数量（条）"),
    ("consultation_results", "公布调查结果期数（期）"),
    ("interviews", "在线访谈期数（期）"),
    ("interview_questions", "网民留言数量（条）"),
    ("interview_answers", "答复网民提问数量（条）"),
]
FIGURE_LABELS = dict(FIGURES)

IDENTITY = [
    ("name", "网站名称"),
    ("url", "首页网址"),
    ("sponsor", "主办单位"),
    ("kind", "网站类型"),
    ("site_code", "政府网站标识码"),
    ("icp_number", "ICP备案号"),
    ("police_number", "公安机关备案号"),
]
