"""The letters office inside the site's Wagtail admin: the queue with its clocks, one letter
and its actions (assign, draft, review, answer, publish, close, transfer)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.log_actions import log

from . import services
from .forms import AssignForm, DraftForm, NoteForm, PublishForm, TransferForm
from .models import Letter, LetterAttachment, LetterType
from .selectors import QUEUE_FILTERS, letter_queue

VIEW = "letters.view_letter"
CHANGE = "letters.change_letter"
REVIEW = "letters.review_letter"
TRANSFER = "letters.transfer_letter"
CONTACT = "letters.view_writer_contact"

# action -> (service, form class, permission, success message, label)
ACTIONS = {
    "assign": (services.letter_assign, AssignForm, CHANGE, "已分派承办人。", "分派"),
    "draft": (services.letter_draft, DraftForm, CHANGE, "答复稿已保存。", "拟写答复"),
    "submit": (
        services.letter_submit_for_review,
        NoteForm,
        CHANGE,
        "答复已提交审核。",
        "提交审核",
    ),
    "return": (services.letter_return, NoteForm, REVIEW, "答复已退回修改。", "退回修改"),
    "approve": (
        services.letter_approve,
        NoteForm,
        REVIEW,
        "审核通过，已答复来信人。",
        "审核通过并答复",
    ),
    "publish": (services.letter_publish, PublishForm, CHANGE, "公开设置已保存。", "公开设置"),
    "close": (services.letter_close, NoteForm, CHANGE, "信件已办结。", "办结"),
    "transfer": (
        services.letter_transfer,
        TransferForm,
        TRANSFER,
        "已转办，对方站点接收后将记入办理记录。",
        "转办",
    ),
}


@permission_required(VIEW)
def letter_index(request):
    status = request.GET.get("status", "open")
    kind = request.GET.get("type", "")[:20]
    query = request.GET.get("q", "").strip()[:50]
    letters = Paginator(
        letter_queue(status=status, letter_type=kind, query=query, user=request.user), 30
    ).get_page(request.GET.get("p"))
    today = timezone.localdate()
    for letter in letters:
        letter.days_left = letter.working_days_left(today)
        letter.overdue = letter.is_overdue(today)
    return TemplateResponse(
        request,
        "letters/admin/letter_index.html",
        {
            "letters": letters,
            "status": status,
            "current_type": kind,
            "query": query,
            "statuses": [(key, label) for key, (label, _q) in QUEUE_FILTERS.items()],
            "types": LetterType.objects.all(),
        },
    )


@permission_required(VIEW)
def letter_detail(request, pk, forms=None):
    letter = get_object_or_404(Letter.objects.select_related("letter_type", "assignee"), pk=pk)
    forms = forms or {}
    can_see_contact = request.user.has_perm(CONTACT)
    today = timezone.localdate()
    allowed = {
        name: forms.get(name) or form_class(initial=_initial(name, letter))
        for name, (_s, form_class, permission, _m, _l) in ACTIONS.items()
        if request.user.has_perm(permission)
    }
    if can_see_contact:
        log(instance=letter, action="letters.view_contact", user=request.user)
    return TemplateResponse(
        request,
        "letters/admin/letter_detail.html",
        {
            "letter": letter,
            "can_see_contact": can_see_contact,
            "days_left": letter.working_days_left(today),
            "overdue": letter.is_overdue(today),
            "events": letter.events.all(),
            "attachments": letter.attachments.all(),
            "forms": allowed,
            "labels": {name: spec[4] for name, spec in ACTIONS.items()},
        },
    )


def _initial(action: str, letter: Letter) -> dict:
    if action == "draft":
        return {"reply": letter.reply, "reply_unit": letter.reply_unit}
    if action == "publish":
        return {"published": letter.published}
    if action == "assign" and letter.assignee_id:
        return {"assignee": letter.assignee_id}
    return {}


@permission_required(VIEW)
@require_POST
def letter_action(request, pk, action):
    if action not in ACTIONS:
        raise PermissionDenied
    service, form_class, permission, success, _label = ACTIONS[action]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    letter = get_object_or_404(Letter, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return letter_detail(request, pk, forms={action: form})
    try:
        service(letter=letter, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return letter_detail(request, pk, forms={action: form})
    log(instance=letter, action=f"letters.{action}", user=request.user)
    messages.success(request, success)
    return redirect("letters_admin:detail", pk)


@permission_required(VIEW)
def attachment_download(request, pk, attachment_id):
    attachment = get_object_or_404(LetterAttachment, pk=attachment_id, letter_id=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@permission_required(VIEW)
def letter_report(request):
    """This site's letters by month and type for a year, from its stored figures."""
    from cluster.figures.models import MonthlyFigure
    from cluster.figures.selectors import LETTER_COLUMNS, figures_by_month, letter_summary
    from cluster.tenants.selectors import tenant_current

    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    tenant = tenant_current()
    by_type: dict = {}
    for row in MonthlyFigure.objects.filter(tenant=tenant, source="letters", month__year=year):
        totals = by_type.setdefault(row.dimension, {})
        totals[row.key] = totals.get(row.key, 0) + row.value
    return TemplateResponse(
        request,
        "letters/admin/letter_report.html",
        {
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "columns": LETTER_COLUMNS,
            "types": [(name, letter_summary(totals)) for name, totals in sorted(by_type.items())],
            "months": [
                (month, letter_summary(totals))
                for month, totals in figures_by_month(
                    source="letters", year=year, tenant=tenant
                ).items()
            ],
        },
    )
