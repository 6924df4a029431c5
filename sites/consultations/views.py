"""The public side of 意见征集 and 在线访谈: send a comment or a question, read the live Q&A."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from sites.core.ratelimits import PublicFormLimit

from .forms import CommentForm, QuestionForm
from .services import comment_submit, question_submit

# Ten accepted comments an hour per address; invalid attempts count only against floods.
COMMENT_LIMIT = PublicFormLimit(
    group="consultations.comment.submit", accepted_rate="10/h", attempts_rate="60/h"
)
QUESTION_LIMIT = PublicFormLimit(
    group="consultations.question.submit", accepted_rate="20/h", attempts_rate="60/h"
)


def _submit(request, *, page, form, limit, service, template, success_url, **service_args):
    """POST: refuse a flood, validate, hand to the service; the form keeps what was typed."""
    refusal = limit.refusal(request)
    if refusal:
        form.add_error(None, refusal)
        response = page.render(request, context_overrides={"form": form}, template=template)
        response.status_code = 429
        return response
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "website"}
        try:
            service(**service_args, **data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            limit.accepted(request)
            return redirect(success_url)
    return page.render(request, context_overrides={"form": form}, template=template)


def consultation_comment(request, *, page):
    template = "pages/consultation_page.html"
    if request.method == "POST":
        return _submit(
            request,
            page=page,
            form=CommentForm(request.POST),
            limit=COMMENT_LIMIT,
            service=comment_submit,
            template=template,
            success_url=page.url + "submitted/",
            consultation=page,
        )
    form = CommentForm() if page.is_open() else None
    return page.render(request, context_overrides={"form": form}, template=template)


def consultation_submitted(request, *, page):
    return page.render(request, template="pages/consultation_submitted.html")


def interview_question(request, *, page):
    template = "pages/interview_page.html"
    if request.method == "POST":
        return _submit(
            request,
            page=page,
            form=QuestionForm(request.POST),
            limit=QUESTION_LIMIT,
            service=question_submit,
            template=template,
            success_url=page.url + "?submitted=1#ask",
            interview=page,
        )
    form = QuestionForm() if page.takes_questions() else None
    return page.render(
        request,
        context_overrides={"form": form, "submitted": "submitted" in request.GET},
        template=template,
    )


def interview_live(request, *, page):
    """The live Q&A alone, polled by interview_live.js while the interview is on."""
    response = TemplateResponse(
        request,
        "components/interview_timeline.html",
        {"page": page, "timeline": page.timeline(), "state": page.state()},
    )
    response["Cache-Control"] = "no-store"
    return response
