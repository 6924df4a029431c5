"""A site's own side of syndication, in its Wagtail admin.

Subscribers see what arrived (and accept or reject it in review mode), their
subscriptions, and each copy's origin and local note; a source site sees its channels'
deliveries and can recall a page from every subscriber. Everything is filtered to the
site the request is on.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.models import Page

from cluster.tenants.selectors import tenant_current
from sites.core.models import CopyOrigin

from . import services
from .forms import EditorNoteForm, RejectForm, SiteChannelForm
from .models import Channel, CopyDelivery, Submission, Subscription
from .selectors import incoming_deliveries, status_counts

SITE_ADMIN_PERMISSION = "core.change_siteidentity"  # held by the site admin role only


def _site_admin(request) -> bool:
    return request.user.has_perm(SITE_ADMIN_PERMISSION)


def _may_publish(request, page) -> bool:
    return page.permissions_for_user(request.user).can_publish()


@permission_required("wagtailadmin.access_admin")
def overview(request):
    tenant = tenant_current()
    status = request.GET.get("status", "")
    incoming = incoming_deliveries(tenant)
    if status:
        incoming = incoming.filter(status=status)
    outgoing = CopyDelivery.objects.filter(source_schema=tenant.schema_name)
    return TemplateResponse(
        request,
        "syndication/admin/overview.html",
        {
            "incoming": Paginator(incoming, 30).get_page(request.GET.get("p")),
            "status": status,
            "statuses": CopyDelivery.Status.choices,
            "subscriptions": Subscription.objects.filter(subscriber=tenant).select_related(
                "channel", "channel__source"
            ),
            "channels": Channel.objects.filter(source=tenant),
            "outgoing_counts": status_counts(outgoing, "source_page_id"),
            "outgoing_pages": outgoing.values("source_page_id", "source_title")
            .distinct()
            .order_by("-source_page_id")[:50],
            "site_admin": _site_admin(request),
            "reject_form": RejectForm(),
            "submissions_made": Submission.objects.filter(from_site=tenant).select_related(
                "to_site"
            )[:50],
            "submissions_received": Submission.objects.filter(to_site=tenant).select_related(
                "from_site"
            )[:100],
            "submittable": _submittable_pages(),
            "upper_sites": services.site_ancestors(tenant),
            "channel_form": SiteChannelForm(),
            "open_channels": Channel.objects.filter(active=True, source__isnull=False)
            .exclude(source=tenant)
            .exclude(subscriptions__subscriber=tenant)
            .select_related("source"),
        },
    )


@require_POST
@permission_required("wagtailadmin.access_admin")
def channel_new(request):
    """A site admin offers a channel of the site's own pages to other sites."""
    if not _site_admin(request):
        raise PermissionDenied
    tenant = tenant_current()
    form = SiteChannelForm(request.POST, instance=Channel(source=tenant))
    if form.is_valid():
        form.save()
        messages.success(request, f"频道“{form.instance.name}”已建立，其他站点可以订阅。")
    else:
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"频道未保存：{errors}")
    return redirect("syndication_admin:overview")


@require_POST
@permission_required("wagtailadmin.access_admin")
def subscribe(request):
    """A site admin subscribes the site to another site's channel."""
    if not _site_admin(request):
        raise PermissionDenied
    channel = get_object_or_404(Channel, pk=request.POST.get("channel") or 0, active=True)
    try:
        services.subscription_set(
            channel=channel,
            subscriber=tenant_current(),
            target_column=request.POST.get("target_column", ""),
            mode=request.POST.get("mode", Subscription.Mode.AUTO),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"已订阅“{channel}”：近一年已发布的文件正在补发，此后发布的文件将自动转载到本站。",
        )
    return redirect("syndication_admin:overview")


def _submittable_pages():
    """This site's own recent public articles and documents (copies are not its own)."""
    from django.contrib.contenttypes.models import ContentType

    from sites.core.visibility import full_text_pages
    from sites.disclosure.models import InterpretationPage, PolicyDocumentPage
    from sites.news.models import ArticlePage

    types = ContentType.objects.get_for_models(ArticlePage, PolicyDocumentPage, InterpretationPage)
    pages = full_text_pages(Page.objects.filter(copy_origin__isnull=True))
    pages = pages.filter(content_type__in=[ct.pk for ct in types.values()])
    return pages.order_by("-first_published_at")[:50]


@require_POST
@permission_required("wagtailadmin.access_admin")
def submission_new(request):
    from cluster.tenants.models import Tenant

    tenant = tenant_current()
    page = Page.objects.filter(pk=request.POST.get("page") or 0).first()
    if page is None or not _may_publish(request, page):
        messages.error(request, "请选择本站一篇您有权发布的已发布页面。")
        return redirect("syndication_admin:overview")
    to_site = Tenant.objects.filter(pk=request.POST.get("to_site") or 0).first()
    try:
        services.submission_create(
            from_site=tenant,
            page_id=page.pk,
            to_site=to_site or tenant,
            target_column=request.POST.get("target_column", ""),
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"已向{to_site}报送《{page.title}》。")
    return redirect("syndication_admin:overview")


@require_POST
@permission_required("wagtailadmin.access_admin")
def submission_decide(request, pk):
    if not _site_admin(request):
        raise PermissionDenied
    submission = get_object_or_404(Submission, pk=pk, to_site=tenant_current())
    try:
        if request.POST.get("action") == "accept":
            services.submission_accept(
                submission=submission,
                target_column=request.POST.get("target_column", ""),
                user=request.user,
            )
            messages.success(request, f"已采用《{submission.source_title}》，将以转载形式发布。")
        else:
            services.submission_reject(
                submission=submission, reason=request.POST.get("reason", ""), user=request.user
            )
            messages.success(request, f"已记录未采用《{submission.source_title}》。")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("syndication_admin:overview")


def _incoming(request, pk) -> CopyDelivery:
    delivery = get_object_or_404(
        CopyDelivery.objects.select_related("subscriber"), pk=pk, subscriber=tenant_current()
    )
    page = Page.objects.filter(pk=delivery.copy_page_id).first()
    if page is None or not _may_publish(request, page):
        raise PermissionDenied
    return delivery


@require_POST
@permission_required("wagtailadmin.access_admin")
def accept(request, pk):
    delivery = _incoming(request, pk)
    try:
        services.copy_accept(delivery=delivery, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"《{delivery.source_title}》已发布到本站。")
    return redirect("syndication_admin:overview")


@require_POST
@permission_required("wagtailadmin.access_admin")
def reject(request, pk):
    delivery = _incoming(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "拒绝转载须填写理由。")
        return redirect("syndication_admin:overview")
    try:
        services.copy_reject(
            delivery=delivery, reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"已拒绝转载《{delivery.source_title}》。")
    return redirect("syndication_admin:overview")


@require_POST
@permission_required("wagtailadmin.access_admin")
def subscription_change(request, pk):
    if not _site_admin(request):
        raise PermissionDenied
    subscription = get_object_or_404(Subscription, pk=pk, subscriber=tenant_current())
    if request.POST.get("action") == "cancel":
        withdraw = request.POST.get("withdraw") == "1"
        services.subscription_end(subscription=subscription, withdraw_copies=withdraw)
        messages.success(request, f"已退订“{subscription.channel}”。")
    else:
        try:
            services.subscription_set(
                channel=subscription.channel,
                subscriber=subscription.subscriber,
                target_column=request.POST.get("target_column", subscription.target_column),
                mode=request.POST.get("mode", subscription.mode),
                backfill_days=None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"订阅“{subscription.channel}”已更新。")
    return redirect("syndication_admin:overview")


@require_POST
@permission_required("wagtailadmin.access_admin")
def recall(request, page_id):
    if not _site_admin(request):
        raise PermissionDenied
    tenant = tenant_current()
    withdrawn = services.page_recall(
        source_schema=tenant.schema_name, page_id=page_id, user=request.user
    )
    messages.success(request, f"已从 {len(withdrawn)} 个订阅站点撤回该页面。")
    return redirect("syndication_admin:overview")


@permission_required("wagtailadmin.access_admin")
def copy_detail(request, page_id):
    origin = CopyOrigin.objects.filter(page_id=page_id).select_related("page").first()
    if origin is None:
        raise Http404
    page = origin.page.specific
    may_change = page.permissions_for_user(request.user).can_edit()
    form = EditorNoteForm(request.POST or None, initial={"editor_note": origin.editor_note})
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            origin.editor_note = form.cleaned_data["editor_note"]
            origin.save(update_fields=["editor_note"])
            messages.success(request, "编者按已保存。")
            return redirect("syndication_admin:copy", page_id)
    delivery = CopyDelivery.objects.filter(
        source_schema=origin.source_schema,
        source_page_id=origin.source_page_id,
        subscriber=tenant_current(),
    ).first()
    return TemplateResponse(
        request,
        "syndication/admin/copy_detail.html",
        {
            "origin": origin,
            "page": page,
            "form": form,
            "delivery": delivery,
            "may_change": may_change,
        },
    )
