"""Console: the cluster's 错敏词 dictionary (list, add, edit, retire, import, try a text)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cluster.wording.checker import check_text
from cluster.wording.forms import CheckForm, EntryForm, ImportForm
from cluster.wording.models import EntryKind, WordingEntry, WordingRelease
from cluster.wording.selectors import current_dictionary
from cluster.wording.services import entries_import, entry_add, entry_retire, entry_update

from .views import _add_errors, platform_admin_required


@platform_admin_required
def wording_index(request):
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    entries = WordingEntry.objects.select_related("introduced_in", "retired_in")
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    if query:
        entries = entries.filter(word__contains=query)
    if not request.GET.get("retired"):
        entries = entries.current()
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = entry_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"已新增“{entry.word}”，词库版本 v{entry.introduced_in.number}。"
            )
            return redirect("console:wording_index")
    check_form = CheckForm(request.GET if "text" in request.GET else None)
    hits = None
    if check_form.is_bound and check_form.is_valid():
        hits = check_text(check_form.cleaned_data["text"], current_dictionary())
    return render(
        request,
        "console/wording_index.html",
        {
            "kinds": EntryKind.choices,
            "kind": kind,
            "query": query,
            "page": Paginator(entries, 100).get_page(request.GET.get("page")),
            "form": form,
            "import_form": ImportForm(),
            "check_form": check_form,
            "hits": hits,
            "releases": WordingRelease.objects.select_related("created_by")[:10],
        },
    )


@platform_admin_required
def wording_edit(request, pk):
    entry = get_object_or_404(WordingEntry.objects.current(), pk=pk)
    initial = {
        name: getattr(entry, name)
        for name in ("kind", "word", "suggestion", "title", "rank", "note")
    }
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry_update(entry=entry, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已修改“{entry.word}”。")
            return redirect("console:wording_index")
    return render(request, "console/wording_edit.html", {"entry": entry, "form": form})


@platform_admin_required
@require_POST
def wording_retire(request, pk):
    entry = get_object_or_404(WordingEntry, pk=pk)
    try:
        entry_retire(entry=entry, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"“{entry.word}”已停用。")
    return redirect("console:wording_index")


@platform_admin_required
@require_POST
def wording_import(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的文件。")
        return redirect("console:wording_index")
    upload = form.cleaned_data["file"]
    try:
        added, skipped = entries_import(name=upload.name, data=upload.read(), user=request.user)
    except (ValidationError, UnicodeDecodeError) as error:
        reasons = error.messages if isinstance(error, ValidationError) else ["文件编码无法识别。"]
        messages.error(request, "导入失败：" + "；".join(reasons))
    else:
        messages.success(request, f"已导入{added}条，跳过{skipped}条已有或空白的词语。")
    return redirect("console:wording_index")
