"""The platform console: the city's web office onboards, suspends and archives sites here."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cluster.accounts.services import account_create, role_grant, role_revoke
from cluster.onboarding.services import (
    domain_add,
    domain_make_primary,
    domain_remove,
    site_create,
    site_set_status,
)
from cluster.tenants.models import Domain, SiteRole, Tenant
from cluster.tenants.selectors import page_counts, site_list
from cluster.vocabularies.models import Term, Vocabulary, VocabularyRelease
from cluster.vocabularies.services import term_add, term_rename, term_retire
from cluster.workcalendar.models import HolidayArrangement
from cluster.workcalendar.selectors import arrangement_list
from cluster.workcalendar.services import arrangement_save

from .audit import audit_export_request
from .forms import (
    AccountCreateForm,
    ArrangementForm,
    AuditExportForm,
    ConsoleLoginForm,
    DomainForm,
    RoleGrantForm,
    SiteCreateForm,
    StatusForm,
    TermAddForm,
    TermRenameForm,
)
from .models import AuditExport

platform_admin_required = user_passes_test(
    lambda user: user.is_active and user.is_superuser, login_url="console:login"
)


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class ConsoleLoginView(LoginView):
    template_name = "console/login.html"
    authentication_form = ConsoleLoginForm
    redirect_authenticated_user = True
    # Without ?next= Django would send a platform admin to LOGIN_REDIRECT_URL
    # (/accounts/profile/), which no site has.
    next_page = "console:site_index"


@platform_admin_required
def site_index(request):
    sites = list(site_list())
    counts = page_counts(sites)
    for site in sites:
        site.page_count = counts.get(site.pk, 0)
    return render(request, "console/site_index.html", {"sites": sites})


@platform_admin_required
def site_new(request):
    form = SiteCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tenant = site_create(
                name=data["name"],
                short_name=data["short_name"],
                level=data["level"],
                parent=data["parent"],
                credit_code=data["credit_code"],
                site_code=data["site_code"],
                domain=data["domain"],
                aliases=form.alias_list(),
                theme=data["theme"],
                identity=form.identity(),
                admin=data["admin"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"网站“{tenant.name}”已开通。")
            return redirect("console:site_detail", tenant.pk)
    return render(request, "console/site_new.html", {"form": form})


@platform_admin_required
def site_detail(request, pk):
    tenant = get_object_or_404(Tenant.objects.exclude(schema_name="public"), pk=pk)
    roles = SiteRole.objects.filter(tenant=tenant).select_related("user").order_by("role")
    return render(
        request,
        "console/site_detail.html",
        {
            "tenant": tenant,
            "roles": roles,
            "status_choices": Tenant.Status.choices,
            "domain_form": DomainForm(),
            "role_form": RoleGrantForm(),
            "page_count": page_counts([tenant]).get(tenant.pk, 0),
        },
    )


@platform_admin_required
@require_POST
def site_status(request, pk):
    tenant = get_object_or_404(Tenant.objects.exclude(schema_name="public"), pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        site_set_status(
            tenant=tenant,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, f"网站状态已改为“{tenant.get_status_display()}”。")
    else:
        messages.error(request, "状态无效，未作修改。")
    return redirect("console:site_detail", pk)


@platform_admin_required
@require_POST
def site_domain_add(request, pk):
    tenant = get_object_or_404(Tenant.objects.exclude(schema_name="public"), pk=pk)
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            domain_add(
                tenant=tenant,
                domain=form.cleaned_data["domain"],
                primary=form.cleaned_data["primary"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "域名已添加。")
    else:
        messages.error(request, "请填写域名。")
    return redirect("console:site_detail", pk)


@platform_admin_required
@require_POST
def site_domain_action(request, pk, domain_pk, action):
    domain = get_object_or_404(Domain, pk=domain_pk, tenant_id=pk)
    if action not in ("primary", "remove"):
        raise Http404
    try:
        if action == "primary":
            domain_make_primary(domain=domain)
            messages.success(request, f"{domain.domain} 已设为主域名。")
        else:
            domain_remove(domain=domain)
            messages.success(request, f"{domain.domain} 已删除。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("console:site_detail", pk)


@platform_admin_required
@require_POST
def site_role_grant(request, pk):
    tenant = get_object_or_404(Tenant.objects.exclude(schema_name="public"), pk=pk)
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        role_grant(
            user=form.cleaned_data["user"],
            tenant=tenant,
            role=form.cleaned_data["role"],
            granted_by=request.user,
        )
        messages.success(request, "角色已授予。")
    else:
        messages.error(request, "请选择账号和角色。")
    return redirect("console:site_detail", pk)


@platform_admin_required
@require_POST
def site_role_revoke(request, pk, role_pk):
    site_role = get_object_or_404(SiteRole, pk=role_pk, tenant_id=pk)
    role_revoke(user=site_role.user, tenant=site_role.tenant, role=site_role.role, by=request.user)
    messages.success(request, "角色已撤销。")
    return redirect("console:site_detail", pk)


@platform_admin_required
def account_index(request):
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_create(
                username=data["username"],
                password=data["password"],
                name=data["name"],
                email=data["email"],
                is_platform_admin=data["is_platform_admin"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"账号 {data['username']} 已创建。")
            return redirect("console:account_index")
    accounts = get_user_model().objects.prefetch_related("site_roles__tenant").order_by("username")
    return render(request, "console/account_index.html", {"accounts": accounts, "form": form})


@platform_admin_required
def vocabulary_index(request, vocabulary=Vocabulary.TOPIC):
    if vocabulary not in Vocabulary.values:
        raise Http404
    form = TermAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = term_add(vocabulary=vocabulary, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"已新增“{term.name}”，词表版本 v{term.introduced_in.number}。"
            )
            return redirect("console:vocabulary_index", vocabulary)
    terms = Term.objects.filter(vocabulary=vocabulary).select_related(
        "parent", "introduced_in", "retired_in"
    )
    return render(
        request,
        "console/vocabulary_index.html",
        {
            "vocabularies": Vocabulary.choices,
            "vocabulary": Vocabulary(vocabulary),
            "terms": terms,
            "form": form,
            "releases": VocabularyRelease.objects.select_related("created_by")[:10],
        },
    )


@platform_admin_required
@require_POST
def vocabulary_term_action(request, pk, action):
    term = get_object_or_404(Term, pk=pk)
    try:
        if action == "retire":
            term_retire(term=term, user=request.user)
            messages.success(request, f"“{term.name}”已停用，已使用该词条的文件保持原分类。")
        elif action == "rename":
            form = TermRenameForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写新名称。")
            term_rename(term=term, name=form.cleaned_data["name"], user=request.user)
            messages.success(request, f"已更名为“{term.name}”。")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("console:vocabulary_index", term.vocabulary)


@platform_admin_required
def calendar_index(request):
    return render(request, "console/calendar_index.html", {"arrangements": arrangement_list()})


@platform_admin_required
def calendar_edit(request, year=None):
    arrangement = None
    if year is not None:
        arrangement = get_object_or_404(HolidayArrangement, year=year)
    form = ArrangementForm(
        request.POST or None,
        arrangement=arrangement,
        initial=ArrangementForm.initial_for(arrangement) if arrangement else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = arrangement_save(
                year=data["year"],
                notice_number=data["notice_number"],
                notice_date=data["notice_date"],
                holidays=data["holidays"],
                workdays=data["workdays"],
                user=request.user,
                arrangement=arrangement,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{saved.year}年节假日安排已保存。各网站未答复申请的答复期限将在后台重新计算，"
                "有变化的会记入该申请的办理记录。",
            )
            return redirect("console:calendar_index")
    return render(request, "console/calendar_edit.html", {"form": form, "arrangement": arrangement})


@platform_admin_required
def delivery_index(request):
    from cluster.tasks.selectors import deliveries_needing_attention, delivery_counts

    return render(
        request,
        "console/delivery_index.html",
        {"deliveries": deliveries_needing_attention()[:200], "counts": delivery_counts()},
    )


@platform_admin_required
@require_POST
def delivery_retry(request, pk):
    from cluster.tasks.models import Delivery
    from cluster.tasks.pipeline import delivery_retry as retry

    delivery = get_object_or_404(Delivery, pk=pk)
    retry(delivery=delivery)
    messages.success(request, f"已重新排队：{delivery.consumer} · {delivery.kind}。")
    return redirect("console:delivery_index")


@platform_admin_required
def search_report(request):
    from search.selectors import query_report

    sites = list(Tenant.objects.exclude(schema_name="public").order_by("id"))
    chosen = request.GET.get("site", "")
    tenant_id = int(chosen) if chosen.isdigit() else None
    return render(
        request,
        "console/search_report.html",
        {
            "sites": sites,
            "chosen": tenant_id,
            "report": query_report(tenant_id=tenant_id),
        },
    )


@platform_admin_required
def search_tuning(request):
    from search.models import BestBet, Synonym
    from search.quality import best_bet_create, synonym_save

    from .forms import BestBetForm, SynonymForm

    synonym_form = SynonymForm(request.POST if "synonym" in request.POST else None, prefix="s")
    bet_form = BestBetForm(request.POST if "best_bet" in request.POST else None, prefix="b")
    if request.method == "POST":
        form, save = (
            (synonym_form, lambda d: synonym_save(term=d["term"], official=d["official"]))
            if "synonym" in request.POST
            else (
                bet_form,
                lambda d: best_bet_create(
                    query=d["query"],
                    title=d["title"],
                    url=d["url"],
                    description=d["description"],
                    tenant=d["site"],
                ),
            )
        )
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "已保存。")
                return redirect("console:search_tuning")
    sites = dict(Tenant.objects.values_list("pk", "name"))
    bets = list(BestBet.objects.all())
    for bet in bets:
        bet.site_name = sites.get(bet.tenant_id, "全部站点")
    return render(
        request,
        "console/search_tuning.html",
        {
            "synonyms": Synonym.objects.all(),
            "best_bets": bets,
            "synonym_form": synonym_form,
            "bet_form": bet_form,
        },
    )


@platform_admin_required
@require_POST
def search_tuning_delete(request, kind, pk):
    from search.models import BestBet, Synonym

    model = {"synonym": Synonym, "best_bet": BestBet}.get(kind)
    if model is None:
        raise Http404
    get_object_or_404(model, pk=pk).delete()
    messages.success(request, "已删除。")
    return redirect("console:search_tuning")


@platform_admin_required
def audit_index(request):
    form = AuditExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit_export_request(
                user=request.user,
                sites=data["sites"],
                date_from=data["date_from"],
                date_to=data["date_to"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The export is being prepared; refresh this page to download it.")
            )
            return redirect("console:audit_index")
    exports = AuditExport.objects.select_related("requested_by").prefetch_related("sites")[:50]
    return render(request, "console/audit_index.html", {"form": form, "exports": exports})


@platform_admin_required
def audit_download(request, pk):
    export = get_object_or_404(AuditExport, pk=pk, status=AuditExport.Status.DONE)
    if not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=_("audit-log-%(from)s-%(to)s.csv")
        % {"from": export.date_from.isoformat(), "to": export.date_to.isoformat()},
        content_type="text/csv; charset=utf-8",
    )
