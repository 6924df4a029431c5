"""Site admin: the 政府网站工作年度报表 of each year — recount, fill in, export, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cluster.tenants.selectors import tenant_current

from . import services
from .exports import report_sections, web_report_workbook
from .forms import WebReportForm
from .models import WebsiteAnnualReport
from .selectors import web_report_due

FILL = "webreport.fill_websiteannualreport"


@permission_required(FILL)
def report_index(request):
    today = timezone.localdate()
    reports = list(WebsiteAnnualReport.objects.all())
    have = {report.year for report in reports}
    return TemplateResponse(
        request,
        "webreport/admin/report_index.html",
        {
            "reports": [(report, web_report_due(report.year)) for report in reports],
            "missing": [
                year for year in range(today.year - 1, today.year - 4, -1) if year not in have
            ],
        },
    )


@permission_required(FILL)
@require_POST
def report_generate(request):
    try:
        year = int(request.POST.get("year", ""))
        report = services.web_report_generate(year=year, tenant=tenant_current())
    except ValueError:
        messages.error(request, "请选择年度。")
        return redirect("webreport_admin:index")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("webreport_admin:index")
    messages.success(request, f"已根据本站记录统计{year}年度报表。")
    return redirect("webreport_admin:detail", report.pk)


@permission_required(FILL)
def report_detail(request, pk):
    report = get_object_or_404(WebsiteAnnualReport, pk=pk)
    form = WebReportForm(request.POST or None, instance=report)
    if request.method == "POST" and not report.submitted:
        if form.is_valid():
            try:
                services.web_report_fill(
                    report=report, data=form.cleaned_data, tenant=tenant_current()
                )
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "填报内容已保存。")
                return redirect("webreport_admin:detail", report.pk)
        else:
            messages.error(request, "请检查填写的内容。")
    return TemplateResponse(
        request,
        "webreport/admin/report_detail.html",
        {
            "report": report,
            "form": form,
            "sections": report_sections(report),
            "due": web_report_due(report.year),
        },
    )


@permission_required(FILL)
@require_POST
def report_action(request, pk, action):
    report = get_object_or_404(WebsiteAnnualReport, pk=pk)
    try:
        if action == "recount":
            services.web_report_generate(year=report.year, tenant=tenant_current())
            messages.success(request, "已重新统计。")
        elif action == "submit":
            services.web_report_submit(report=report, user=request.user, tenant=tenant_current())
            messages.success(request, f"{report.year}年度报表已报送。")
        else:
            return HttpResponse(status=404)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("webreport_admin:detail", report.pk)


@permission_required(FILL)
def report_export(request, pk):
    report = get_object_or_404(WebsiteAnnualReport, pk=pk)
    response = HttpResponse(
        web_report_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="website-report-{report.year}.xlsx"'
    return response
