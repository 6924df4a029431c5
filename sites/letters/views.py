"""The public side of 政民互动 letters: read the published ones, write, follow, rate."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect

from sites.core.ratelimits import PublicFormLimit

from . import services
from .forms import LetterForm, LookupForm, RatingForm
from .models import LetterEvent
from .selectors import letter_types_open, letters_public

# Five accepted letters an hour per address; invalid attempts count only against floods.
SUBMIT_LIMIT = PublicFormLimit(group="letters.submit", accepted_rate="5/h", attempts_rate="60/h")
# Every lookup is a guess at a query code, so every attempt counts.
LOOKUP_LIMIT = PublicFormLimit(group="letters.lookup", attempts_rate="30/h")
RECEIPT_SESSION_KEY = "letters_receipt"


def letter_index(request, *, page):
    kind = request.GET.get("type", "")[:20]
    letters = Paginator(letters_public(letter_type=kind), 15).get_page(request.GET.get("page"))
    return page.render(
        request,
        context_overrides={
            "letters": letters,
            "letter_types": list(letter_types_open()),
            "current_type": kind,
        },
        template="pages/letter_box_page.html",
    )


def letter_detail(request, *, page, letter_id):
    letter = letters_public().filter(pk=letter_id).first()
    if letter is None:
        raise Http404("没有这封公开信件。")
    return page.render(
        request, context_overrides={"letter": letter}, template="pages/letter_detail.html"
    )


def letter_write(request, *, page):
    types = letter_types_open()
    initial_type = types.filter(slug=request.GET.get("type", "")[:20]).first()
    form = LetterForm(
        request.POST or None,
        request.FILES or None,
        letter_types=types,
        initial={"letter_type": initial_type or types.first()},
    )
    refusal = None
    if request.method == "POST":
        refusal = SUBMIT_LIMIT.refusal(request)
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            try:
                letter, code = services.letter_submit(
                    letter_type=form.cleaned_data["letter_type"],
                    data=form.letter_data(),
                    files=form.cleaned_data["attachments"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                SUBMIT_LIMIT.accepted(request)
                request.session[RECEIPT_SESSION_KEY] = {
                    "tracking_number": letter.tracking_number,
                    "query_code": code,
                    "letter_type": letter.letter_type.name,
                    "due_on": f"{letter.due_on:%Y年%m月%d日}",
                    "reply_working_days": letter.reply_working_days,
                    "email": letter.email,
                }
                return redirect(page.url + "submitted/")
    response = page.render(
        request,
        context_overrides={"form": form, "has_files": bool(request.FILES)},
        template="pages/letter_write.html",
    )
    if refusal:
        response.status_code = 429
    return response


def letter_submitted(request, *, page):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if receipt is None:
        return redirect(page.url + "lookup/")
    return page.render(
        request, context_overrides={"receipt": receipt}, template="pages/letter_receipt.html"
    )


def letter_lookup(request, *, page):
    rating_form = None
    found = None
    if request.method == "POST" and "rating" in request.POST:
        rating_form = RatingForm(request.POST)
        form = LookupForm(request.POST)
    else:
        form = LookupForm(request.POST or None)
    if request.method == "POST":
        if refusal := LOOKUP_LIMIT.refusal(request):
            form.add_error(None, refusal)
        elif form.is_valid():
            found = services.letter_lookup(**form.cleaned_data)
            if found is None:
                form.add_error(None, "信件编号或查询码不正确，请核对后重新输入。")
    if found is not None and rating_form is not None and rating_form.is_valid():
        try:
            found = services.letter_rate(
                letter=found,
                rating=rating_form.cleaned_data["rating"],
                comment=rating_form.cleaned_data["comment"],
            )
            rating_form = None
        except ValidationError as error:
            rating_form.add_error(None, error.messages)
    if found is not None and found.can_be_rated and rating_form is None:
        rating_form = RatingForm(initial=form.cleaned_data)
    return page.render(
        request,
        context_overrides={
            "form": form,
            "found": found,
            "events": [e for e in found.events.all() if e.is_public] if found else [],
            "rating_form": rating_form if found and found.can_be_rated else None,
            "transferred": found and found.transferred_to_name,
            "event_kinds": LetterEvent.Kind,
        },
        template="pages/letter_lookup.html",
    )
