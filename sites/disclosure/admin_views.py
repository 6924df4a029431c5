"""The disclosure office's queue of 依申请公开 requests, inside the site's Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.log_actions import log

from . import services
from .forms import AnswerForm, ExtendForm, NoteForm, OfflineRequestForm
from .models import InformationRequest
from .models.requests import RequestStatus
from .selectors import (
    documents_awaiting_interpretation,
    documents_expired_but_current,
    documents_published_late,
    request_queue,
)

IDENTITY_PERMISSION = "disclosure.view_applicant_identity"


@permission_required("disclosure.view_informationrequest")
def request_index(request):
    status = request.GET.get("status", "open")
    query = request.GET.get("q", "").strip()[:50]
    requests = Paginator(request_queue(status=status, query=query), 30).get_page(
        request.GET.get("p")
    )
    today = timezone.localdate()
    for item in requests:
        item.days_left = item.working_days_left(today)
        item.overdue = item.is_overdue(today)
        item.provisional = item.is_open and item.deadline_provisional(today)
    return TemplateResponse(
        request,
        "disclosure/admin/request_index.html",
        {
            "requests": requests,
            "any_provisional": any(item.provisional for item in requests),
            "status": status,
            "query": query,
            "statuses": [("open", "办理中（全部未答复）"), *RequestStatus.choices, ("", "全部")],
        },
    )


# (action, service, form class, success message)
ACTIONS = {
    "supplement": (services.request_ask_supplement, NoteForm, "已告知补正，答复期限暂停计算。"),
    "supplement_received": (
        services.request_supplement_received,
        NoteForm,
        "已登记补正，答复期限自今日起重新计算。",
    ),
    "third_party": (
        services.request_third_party_start,
        NoteForm,
        "已登记征求第三方意见，期间不计入答复期限。",
    ),
    "third_party_end": (
        services.request_third_party_end,
        NoteForm,
        "征求意见已结束，答复期限恢复计算。",
    ),
    "extend": (services.request_extend, ExtendForm, "已延长答复期限。"),
    "answer": (services.request_answer, AnswerForm, "已登记答复。"),
    "close": (services.request_close, NoteForm, "申请已办结。"),
}


@permission_required("disclosure.view_informationrequest")
def request_detail(request, pk, forms=None):
    information_request = get_object_or_404(InformationRequest, pk=pk)
    can_see_identity = request.user.has_perm(IDENTITY_PERMISSION)
    today = timezone.localdate()
    forms = forms or {}
    context = {
        "item": information_request,
        "identity": information_request.identity_number
        if can_see_identity
        else information_request.identity_masked,
        "can_see_identity": can_see_identity,
        "can_change": request.user.has_perm("disclosure.change_informationrequest"),
        "deadline": information_request.deadline(today),
        "deadline_provisional": information_request.deadline_provisional(today),
        "days_left": information_request.working_days_left(today),
        "overdue": information_request.is_overdue(today),
        "events": information_request.events.select_related("actor"),
        "forms": {
            name: forms.get(name) or form_class() for name, (_s, form_class, _m) in ACTIONS.items()
        },
    }
    if can_see_identity:
        log(instance=information_request, action="disclosure.view_identity", user=request.user)
    return TemplateResponse(request, "disclosure/admin/request_detail.html", context)


@permission_required("disclosure.change_informationrequest")
@require_POST
def request_action(request, pk, action):
    if action not in ACTIONS:
        raise PermissionDenied
    information_request = get_object_or_404(InformationRequest, pk=pk)
    service, form_class, success = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return request_detail(request, pk, forms={action: form})
    try:
        service(request=information_request, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return request_detail(request, pk, forms={action: form})
    log(instance=information_request, action=f"disclosure.request.{action}", user=request.user)
    messages.success(request, success)
    return redirect("disclosure_requests:detail", pk)


@permission_required("disclosure.add_informationrequest")
def request_new(request):
    form = OfflineRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.request_data()
        data["received_at"] = form.cleaned_data["received_at"]
        try:
            information_request, code = services.request_submit(
                data=data, received_via=form.cleaned_data["received_via"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return TemplateResponse(request, "disclosure/admin/request_new.html", {"form": form})
        log(instance=information_request, action="wagtail.create", user=request.user)
        messages.success(
            request,
            f"已登记申请 {information_request.tracking_number}，查询码 {code}（仅显示一次，请告知申请人）。",
        )
        return redirect("disclosure_requests:detail", information_request.pk)
    return TemplateResponse(request, "disclosure/admin/request_new.html", {"form": form})


@permission_required("wagtailadmin.access_admin")
def timeliness_report(request):
    today = timezone.localdate()
    late = documents_published_late(since=today.replace(year=today.year - 1, month=1, day=1))
    return TemplateResponse(
        request,
        "disclosure/admin/timeliness_report.html",
        {
            "late": late,
            "late_provisional": any(doc.working_days_provisional for doc in late),
            "expired": documents_expired_but_current(today=today),
            "awaiting": documents_awaiting_interpretation(),
        },
    )
