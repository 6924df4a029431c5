"""The 权责清单 in the site's Wagtail admin: list, add, edit, cancel, import, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required

from . import services
from .forms import CancelForm, ImportForm, PowerItemForm, RestoreForm
from .models import PowerCategory, PowerItem, PowerStatus
from .selectors import power_history, powers_for_admin
from .spreadsheets import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can(request, action: str) -> bool:
    return request.user.has_perm(f"powers.{action}_poweritem")


@permission_required("powers.view_poweritem")
def power_index(request):
    category = request.GET.get("category", "")
    category = category if category in PowerCategory.values else ""
    status_param = request.GET.get("status", PowerStatus.CURRENT)
    status = status_param if status_param in PowerStatus.values else ""
    query = request.GET.get("q", "").strip()[:50]
    items = Paginator(powers_for_admin(category=category, status=status, query=query), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "powers/admin/power_index.html",
        {
            "items": items,
            "category": category,
            "status": status_param,
            "query": query,
            "categories": PowerCategory.choices,
            "statuses": [*PowerStatus.choices, ("all", "全部")],
            "can_add": _can(request, "add"),
            "can_import": _can(request, "add") and _can(request, "change"),
        },
    )


@permission_required("powers.add_poweritem")
def power_new(request):
    form = PowerItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.power_create(data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已新增事项“{item.name}”。")
            return redirect("powers_admin:edit", item.pk)
    return TemplateResponse(
        request, "powers/admin/power_form.html", {"form": form, "title": "新增权责事项"}
    )


@permission_required("powers.view_poweritem")
def power_edit(request, pk, cancel_form=None, restore_form=None):
    item = get_object_or_404(PowerItem, pk=pk)
    can_change = _can(request, "change")
    # The form writes what it cleans onto its instance: a copy of its own, so the service
    # compares the submitted values with the item as stored.
    form = PowerItemForm(request.POST or None, instance=PowerItem.objects.get(pk=item.pk))
    if request.method == "POST" and cancel_form is None and restore_form is None:
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                changes = services.power_update(
                    item=item, data=form.cleaned_data, user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changes:
                    labels = "、".join(change["label"] for change in changes)
                    messages.success(request, f"已保存对{labels}的修改。")
                else:
                    messages.info(request, "没有修改任何内容。")
                return redirect("powers_admin:edit", item.pk)
    return TemplateResponse(
        request,
        "powers/admin/power_form.html",
        {
            "form": form,
            "item": item,
            "title": f"{item.code} {item.name}",
            "can_change": can_change,
            "cancel_form": cancel_form or CancelForm(),
            "restore_form": restore_form or RestoreForm(),
            "history": power_history(item),
        },
    )


@permission_required("powers.change_poweritem")
@require_POST
def power_cancel(request, pk):
    item = get_object_or_404(PowerItem, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.power_cancel(item=item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已取消事项“{item.name}”，公开清单中不再显示。")
            return redirect("powers_admin:edit", item.pk)
    return power_edit(request, pk, cancel_form=form)


@permission_required("powers.change_poweritem")
@require_POST
def power_restore(request, pk):
    item = get_object_or_404(PowerItem, pk=pk)
    form = RestoreForm(request.POST)
    if form.is_valid():
        try:
            services.power_restore(item=item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已恢复事项“{item.name}”。")
            return redirect("powers_admin:edit", item.pk)
    return power_edit(request, pk, restore_form=form)


@permission_required("powers.add_poweritem")
@permission_required("powers.change_poweritem")
def power_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, problem_count = [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.powers_import(file=upload, user=request.user, filename=upload.name)
        except services.PowerImportError as error:
            problems, problem_count = error.listed, len(error.problems)
            messages.error(request, "表格中有错误，没有导入任何事项。请按下列提示修改后重新导入。")
        else:
            messages.success(request, result.summary)
            return redirect("powers_admin:index")
    return TemplateResponse(
        request,
        "powers/admin/power_import.html",
        {"form": form, "problems": problems, "problem_count": problem_count},
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@permission_required("powers.view_poweritem")
def power_template(request):
    from urllib.parse import quote

    return _xlsx(workbook_bytes(), quote("权责清单导入模板.xlsx"))


@permission_required("powers.view_poweritem")
def power_export(request):
    """The whole list (cancelled items too) in the import's layout: edit it, import it."""
    from urllib.parse import quote

    rows = list(PowerItem.objects.order_by("category", "code").values())
    name = f"权责清单{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(workbook_bytes(rows), quote(name))
