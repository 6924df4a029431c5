"""The report as a spreadsheet in the 国办 template's layout: one table of 指标 and 数值,
section names merged down the first column, as the printed form has them."""

from io import BytesIO

from django.utils import timezone

from .models import IDENTITY, WebsiteAnnualReport


def _yes(value: bool) -> str:
    return "是" if value else "否"


def report_sections(report: WebsiteAnnualReport) -> list[tuple[str, list[tuple[str, object]]]]:
    """(section, [(item, value)]) in the template's order; shared by the admin page."""
    f = report.figures
    identity = report.identity
    publications = f.get("news", 0) + f.get("catalog", 0) + report.overview_count
    field = WebsiteAnnualReport._meta.get_field

    def manual(name):
        value = getattr(report, name)
        label = field(name).verbose_name
        return (label, _yes(value) if isinstance(value, bool) else value)

    return [
        ("网站基本信息", [(label, identity.get(key, "")) for key, label in IDENTITY]),
        (
            "网站访问",
            [
                manual("unique_visitors"),
                ("网站总访问量（次）", f.get("visits_total", 0)),
                ("首页访问量（次）", f.get("visits_home", 0)),
            ],
        ),
        (
            "信息发布",
            [
                ("总数（条）", publications),
                manual("overview_count"),
                ("政务动态信息更新量（条）", f.get("news", 0)),
                ("信息公开目录信息更新量（条）", f.get("catalog", 0)),
            ],
        ),
        ("专栏专题", [manual("special_columns_kept"), manual("special_columns_new")]),
        (
            "解读回应",
            [
                ("解读信息发布总数（条）", f.get("interpretations", 0)),
                ("其中：解读材料数量（条）", f.get("interpretation_materials", 0)),
                ("其中：解读产品数量（个）", f.get("interpretation_products", 0)),
                manual("media_comments"),
                manual("hot_responses"),
            ],
        ),
        (
            "办事服务",
            [
                manual(name)
                for name in (
                    "service_catalog",
                    "registered_users",
                    "service_items",
                    "online_items",
                    "cases_total",
                    "cases_natural",
                    "cases_legal",
                )
            ],
        ),
        (
            "互动交流",
            [
                manual("unified_platform"),
                ("留言办理·收到留言数量（条）", f.get("letters_received", 0)),
                ("留言办理·办结留言数量（条）", f.get("letters_answered", 0)),
                ("留言办理·平均办理时间（天）", f.get("letters_average_days", 0)),
                ("留言办理·公开答复数量（条）", f.get("letters_public", 0)),
                ("征集调查·征集调查期数（期）", f.get("consultations", 0)),
                ("征集调查·收到意见数量（条）", f.get("consultation_comments", 0)),
                ("征集调查·公布调查结果期数（期）", f.get("consultation_results", 0)),
                ("在线访谈·访谈期数（期）", f.get("interviews", 0)),
                ("在线访谈·网民留言数量（条）", f.get("interview_questions", 0)),
                ("在线访谈·答复网民提问数量（条）", f.get("interview_answers", 0)),
                manual("smart_qa"),
            ],
        ),
        (
            "安全防护",
            [
                manual(name)
                for name in (
                    "security_checks",
                    "security_issues",
                    "security_fixed",
                    "monitoring",
                    "drills",
                    "security_officer",
                )
            ],
        ),
        (
            "移动新媒体",
            [
                manual(name)
                for name in (
                    "weibo_name",
                    "weibo_posts",
                    "weibo_followers",
                    "wechat_name",
                    "wechat_posts",
                    "wechat_subscribers",
                    "other_media",
                )
            ],
        ),
        ("创新发展", [("创新发展情况", report.innovation)]),
    ]


def web_report_workbook(report: WebsiteAnnualReport) -> bytes:
    # Imported here: the admin's URLs import this module at start-up (Wagtail's snippets
    # app loads every wagtail_hooks module), and openpyxl alone costs 0.1 s.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{report.year}年度"
    sheet.append([f"政府网站工作年度报表（{report.year}年度）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"填报单位：{report.identity.get('sponsor', '')}"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    sheet.append(["类别", "指标", "数值"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.border = box
    for section, items in report_sections(report):
        first = sheet.max_row + 1
        for label, value in items:
            sheet.append([section, label, value])
        for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=3):
            for cell in row:
                cell.border = box
                cell.alignment = wrap
        if sheet.max_row > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
    sheet.append([])
    sheet.append(
        [
            f"单位负责人：{report.head}",
            f"审核人：{report.reviewer}　填报人：{report.filler}",
            f"联系电话：{report.phone}",
        ]
    )
    submitted = (
        f"{timezone.localtime(report.submitted_at):%Y年%m月%d日}"
        if report.submitted_at
        else "未报送"
    )
    sheet.append([f"报送日期：{submitted}"])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 40
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
