"""The public side of 依申请公开: apply, read the receipt, look up the status."""

from django.shortcuts import redirect

from sites.core.ratelimits import PublicFormLimit

from .forms import InformationRequestForm, StatusLookupForm
from .services import request_lookup, request_submit

# Five accepted requests an hour per address; invalid attempts count only against floods.
SUBMIT_LIMIT = PublicFormLimit(
    group="disclosure.request.submit", accepted_rate="5/h", attempts_rate="60/h"
)
# Every lookup is a guess at a query code, so every attempt counts.
LOOKUP_LIMIT = PublicFormLimit(group="disclosure.request.lookup", attempts_rate="30/h")
RECEIPT_SESSION_KEY = "disclosure_request_receipt"


def request_apply(request, *, page):
    form = InformationRequestForm(request.POST or None)
    refusal = None
    if request.method == "POST":
        refusal = SUBMIT_LIMIT.refusal(request)
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            information_request, code = request_submit(data=form.request_data())
            SUBMIT_LIMIT.accepted(request)
            request.session[RECEIPT_SESSION_KEY] = {
                "tracking_number": information_request.tracking_number,
                "query_code": code,
                "deadline": f"{information_request.deadline():%Y年%m月%d日}",
                "deadline_provisional": information_request.deadline_provisional(),
                "email": information_request.email,
            }
            return redirect(page.url + "submitted/")
    response = page.render(
        request, context_overrides={"form": form}, template="pages/information_request_page.html"
    )
    if refusal:
        response.status_code = 429
    return response


def request_submitted(request, *, page):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if receipt is None:
        return redirect(page.url + "status/")
    return page.render(
        request,
        context_overrides={"receipt": receipt},
        template="pages/information_request_receipt.html",
    )


def request_status(request, *, page):
    form = StatusLookupForm(request.POST or None)
    found = None
    if request.method == "POST":
        if refusal := LOOKUP_LIMIT.refusal(request):
            form.add_error(None, refusal)
        elif form.is_valid():
            found = request_lookup(**form.cleaned_data)
            if found is None:
                form.add_error(None, "申请编号或查询码不正确，请核对后重新输入。")
    return page.render(
        request,
        context_overrides={"form": form, "found": found},
        template="pages/information_request_status.html",
    )
