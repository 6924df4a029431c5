"""Categories fixed by the 2021 annual-report format (国办公开办函〔2021〕30号).

The same codes are recorded on each 依申请公开 request and summed in table 三 of the
annual report, so the report is computed from the records with no mapping step.
"""

from django.db import models


class ApplicantType(models.TextChoices):
    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


# Table 三's columns: 自然人 and the five kinds of 法人或其他组织, then 总计.
APPLICANT_COLUMNS = [choice.value for choice in ApplicantType]

# (group code, group label, [(outcome code, label), ...]) in the table's row order.
OUTCOME_GROUPS = [
    ("disclose", "（一）予以公开", [("disclose", "予以公开")]),
    (
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [("partial", "部分公开")],
    ),
    (
        "deny",
        "（三）不予公开",
        [
            ("deny-1", "1.属于国家秘密"),
            ("deny-2", "2.其他法律行政法规禁止公开"),
            ("deny-3", "3.危及“三安全一稳定”"),
            ("deny-4", "4.保护第三方合法权益"),
            ("deny-5", "5.属于三类内部事务信息"),
            ("deny-6", "6.属于四类过程性信息"),
            ("deny-7", "7.属于行政执法案卷"),
            ("deny-8", "8.属于行政查询事项"),
        ],
    ),
    (
        "unable",
        "（四）无法提供",
        [
            ("unable-1", "1.本机关不掌握相关政府信息"),
            ("unable-2", "2.没有现成信息需要另行制作"),
            ("unable-3", "3.补正后申请内容仍不明确"),
        ],
    ),
    (
        "reject",
        "（五）不予处理",
        [
            ("reject-1", "1.信访举报投诉类申请"),
            ("reject-2", "2.重复申请"),
            ("reject-3", "3.要求提供公开出版物"),
            ("reject-4", "4.无正当理由大量反复申请"),
            ("reject-5", "5.要求行政机关确认或重新出具已获取信息"),
        ],
    ),
    (
        "other",
        "（六）其他处理",
        [
            ("other-1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other-2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other-3", "3.其他"),
        ],
    ),
]

# Grouped choices for forms: the group is the table row, the option its numbered reason.
OUTCOME_CHOICES = [(group_label, outcomes) for _group, group_label, outcomes in OUTCOME_GROUPS]
OUTCOME_LABELS = {
    code: label if code == group else f"{group_label[3:].split('（')[0]}：{label}"
    for group, group_label, outcomes in OUTCOME_GROUPS
    for code, label in outcomes
}

# Table 四: 行政复议, and 行政诉讼 directly or after 复议; each with these result columns.
REVIEW_RESULTS = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]
# 行政诉讼 is split by route; the printed table heads them under one 行政诉讼 group.
SUIT_ROUTES = [
    ("suit_direct", "未经复议直接起诉"),
    ("suit_after_review", "复议后起诉"),
]
REVIEW_KINDS = [
    ("review", "行政复议"),
    *[(code, f"行政诉讼·{label}") for code, label in SUIT_ROUTES],
]
