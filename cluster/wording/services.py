"""Changes to the 错敏词 dictionary. Each change (or import) is one numbered release."""

import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import EntryKind, WordingEntry, WordingRelease

# What an import file may write in its first column, besides the codes.
KIND_NAMES = {
    "禁用": EntryKind.BLOCK,
    "禁用词": EntryKind.BLOCK,
    "提示": EntryKind.WARN,
    "提示词": EntryKind.WARN,
    "易错": EntryKind.MISWRITING,
    "易错词": EntryKind.MISWRITING,
    "领导": EntryKind.LEADER,
    "领导姓名": EntryKind.LEADER,
    **{kind.value: kind for kind in EntryKind},
}
IMPORT_LIMIT = 50_000


def _release_next(*, note: str, user=None) -> WordingRelease:
    # Serialise releases: the table lock makes concurrent changes queue for a number.
    WordingRelease.objects.select_for_update().all().exists()
    number = (WordingRelease.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return WordingRelease.objects.create(number=number, note=note[:200], created_by=user)


def _entry_validate(entry: WordingEntry) -> None:
    entry.word = entry.word.strip()
    entry.suggestion = entry.suggestion.strip()
    entry.title = entry.title.strip()
    if not entry.word:
        raise ValidationError({"word": "请填写词语。"})
    if entry.kind == EntryKind.MISWRITING and not entry.suggestion:
        raise ValidationError({"suggestion": "易错词须填写正确写法。"})
    if entry.kind == EntryKind.MISWRITING and entry.suggestion == entry.word:
        raise ValidationError({"suggestion": "正确写法与易错写法相同。"})
    if entry.kind == EntryKind.LEADER and not entry.title:
        raise ValidationError({"title": "领导姓名须填写现任职务。"})
    clash = WordingEntry.objects.current().filter(word=entry.word).exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"word": f"词库中已有“{entry.word}”。"})


@transaction.atomic
def entry_add(
    *,
    kind: str,
    word: str,
    suggestion: str = "",
    title: str = "",
    rank: int = 0,
    note: str = "",
    user=None,
) -> WordingEntry:
    entry = WordingEntry(
        kind=kind, word=word, suggestion=suggestion, title=title, rank=rank or 0, note=note
    )
    _entry_validate(entry)
    entry.introduced_in = _release_next(
        note=f"新增{EntryKind(kind).label}“{entry.word}”", user=user
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: WordingEntry, user=None, **fields) -> WordingEntry:
    if entry.retired_in_id:
        raise ValidationError("该词条已停用，不能修改。")
    old = entry.word
    for name in ("kind", "word", "suggestion", "title", "rank", "note"):
        if name in fields:
            setattr(entry, name, fields[name] if fields[name] is not None else "")
    entry.rank = entry.rank or 0
    _entry_validate(entry)
    entry.full_clean()
    _release_next(note=f"修改{EntryKind(entry.kind).label}“{old}”", user=user)
    entry.save()
    return entry


@transaction.atomic
def entry_retire(*, entry: WordingEntry, user=None) -> WordingEntry:
    if entry.retired_in_id:
        raise ValidationError("该词条已停用。")
    entry.retired_in = _release_next(
        note=f"停用{EntryKind(entry.kind).label}“{entry.word}”", user=user
    )
    entry.save(update_fields=["retired_in"])
    return entry


def _rows_from_text(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in re.split(r"\t|,|，", line)])
    return rows


def _rows_from_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as error:
        raise ValidationError("无法读取该表格文件，请上传 XLSX 文件。") from error
    return [
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in sheet.iter_rows(values_only=True)
        if any(cell not in (None, "") for cell in row)
    ]


@transaction.atomic
def entries_import(*, name: str, data: bytes, user=None) -> tuple[int, int]:
    """Add the rows of a text file or spreadsheet as one release: (added, skipped).

    A row is 类别, 词语, then the correct form (易错) or the current title (领导), then
    the leader's rank; tab or comma separated in a text file, one per cell in XLSX.
    A header row and words already in the dictionary are skipped; any other bad row
    refuses the whole file with its line number.
    """
    if name.lower().endswith(".xlsx"):
        rows = _rows_from_xlsx(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="strict")
        rows = _rows_from_text(text)
    if len(rows) > IMPORT_LIMIT:
        raise ValidationError(f"一次最多导入{IMPORT_LIMIT}条。")
    existing = set(WordingEntry.objects.current().values_list("word", flat=True))
    entries, errors, skipped = [], [], 0
    for number, row in enumerate(rows, start=1):
        row = [*row, "", "", "", ""]
        kind = KIND_NAMES.get(row[0])
        if kind is None:
            if number == 1 and row[0] in ("类别", "类型"):
                continue
            errors.append(f"第{number}行：类别“{row[0]}”应为禁用、提示、易错或领导。")
            continue
        word = row[1]
        if not word or word in existing:
            skipped += 1
            continue
        rank = row[3]
        entry = WordingEntry(
            kind=kind,
            word=word,
            suggestion=row[2] if kind != EntryKind.LEADER else "",
            title=row[2] if kind == EntryKind.LEADER else "",
            rank=int(float(rank)) if re.fullmatch(r"\d+(\.0+)?", rank) else 0,
        )
        try:
            _entry_validate(entry)
        except ValidationError as error:
            errors.append(f"第{number}行：{'；'.join(error.messages)}")
            continue
        existing.add(word)
        entries.append(entry)
    if errors:
        raise ValidationError(errors[:20])
    if not entries:
        return 0, skipped
    release = _release_next(note=f"导入{len(entries)}条（{name}）", user=user)
    for entry in entries:
        entry.introduced_in = release
    WordingEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries), skipped
