"""Writes of the 权责清单: items created, edited, cancelled, restored and imported, each
change kept as a row, and the pages that show them told (after commit) that they changed."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cluster.tasks import pipeline

from .models import POWERS_TAG, PowerChange, PowerItem, PowerStatus
from .spreadsheets import MAX_ERRORS_LISTED, sheet_read

logger = logging.getLogger(__name__)
Kind = PowerChange.Kind

# The site's items changed: the cluster's read model takes them again (consumers.py).
POWERS_CHANGED = "powers.changed"


def powers_changed() -> None:
    """After commit: purge the site's pages that show items, and refresh its entries in the
    cluster's list (in the worker, never in this request)."""
    schema = connection.schema_name
    if schema in ("public", settings.TENANT_BASE_SCHEMA):
        return
    pipeline.emit(
        pipeline.Event(kind=pipeline.DATA_CHANGED, schema=schema, data={"tags": [POWERS_TAG]})
    )
    pipeline.emit(pipeline.Event(kind=POWERS_CHANGED, schema=schema))


def _display(item: PowerItem, name: str) -> str:
    if name == "category":
        return item.get_category_display()
    if name == "status":
        return item.get_status_display()
    return getattr(item, name)


def _apply(item: PowerItem, data: dict, names) -> list[dict]:
    """Set ``data`` on ``item``; the changes as history keeps them."""
    changes = []
    for name in names:
        if name not in data or getattr(item, name) == data[name]:
            continue
        before = _display(item, name)
        setattr(item, name, data[name])
        changes.append(
            {
                "field": name,
                "label": str(PowerItem._meta.get_field(name).verbose_name),
                "before": before,
                "after": _display(item, name),
            }
        )
    return changes


def _record(item, kind, user, *, fields=(), note="", at=None) -> PowerChange:
    return PowerChange.objects.create(
        item=item, kind=kind, actor=user, fields=list(fields), note=note, at=at or timezone.now()
    )


@transaction.atomic
def power_create(*, data: dict, user=None) -> PowerItem:
    item = PowerItem(**{name: value for name, value in data.items() if name != "status"})
    item.full_clean()
    item.save()
    _record(item, Kind.CREATED, user, note="新增事项。")
    powers_changed()
    return item


@transaction.atomic
def power_update(*, item: PowerItem, data: dict, user=None) -> list[dict]:
    """Change the item's editable fields; returns the changes (none: nothing written)."""
    changes = _apply(item, data, PowerItem.EDITABLE)
    if not changes:
        return []
    item.updated_at = timezone.now()
    item.full_clean()
    item.save()
    _record(item, Kind.EDITED, user, fields=changes)
    powers_changed()
    return changes


@transaction.atomic
def power_cancel(*, item: PowerItem, user=None, reason: str, on=None) -> PowerItem:
    """Cancel an item (取消): it leaves the public lists and keeps its history."""
    if item.status == PowerStatus.CANCELLED:
        raise ValidationError("该事项已经取消。")
    if not reason.strip():
        raise ValidationError("请写明取消的原因或依据。")
    changes = _apply(item, {"status": PowerStatus.CANCELLED}, ["status"])
    item.cancelled_on = on or timezone.localdate()
    item.updated_at = timezone.now()
    item.save()
    _record(item, Kind.CANCELLED, user, fields=changes, note=reason.strip())
    powers_changed()
    return item


@transaction.atomic
def power_restore(*, item: PowerItem, user=None, reason: str = "") -> PowerItem:
    if item.status == PowerStatus.CURRENT:
        raise ValidationError("该事项是现行事项，不需要恢复。")
    changes = _apply(item, {"status": PowerStatus.CURRENT}, ["status"])
    item.cancelled_on = None
    item.updated_at = timezone.now()
    item.save()
    _record(item, Kind.RESTORED, user, fields=changes, note=reason.strip())
    powers_changed()
    return item


class PowerImportError(ValidationError):
    """A spreadsheet refused as a whole; ``problems`` are the rows' errors, in order."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        listed = self.problems[:MAX_ERRORS_LISTED]
        if len(self.problems) > len(listed):
            listed.append(f"另有{len(self.problems) - len(listed)}处错误未列出。")
        self.listed = listed
        super().__init__(listed, code="import_refused")


def _row_problems(number: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [f"第{number}行：{message}" for message in error.messages]
    problems = []
    for name, messages in error.message_dict.items():
        label = PowerItem._meta.get_field(name).verbose_name if name != "__all__" else ""
        prefix = f"“{label}”" if label else ""
        problems += [f"第{number}行：{prefix}{message}" for message in messages]
    return problems


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # codes
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        return (
            f"导入完成：新增{len(self.created)}项，更新{len(self.updated)}项，"
            f"{self.unchanged}项没有变化。"
        )


@transaction.atomic
def powers_import(*, file, user=None, filename: str = "") -> ImportResult:
    """Import a filled template: all rows or none.

    Every row is checked first; one bad row refuses the whole file (``PowerImportError``
    lists every error), so the list is never half the old and half the new and the editor
    fixes the file and imports it again. A row whose code exists updates that item (its
    history records the import and what changed); a new code creates one; items missing
    from the file stay as they are, so a file may hold one category or one office only
    (an item is cancelled by 状态“已取消”, never by leaving it out).
    """
    reading = sheet_read(file)
    if reading.errors:
        raise PowerImportError(reading.errors)
    existing = PowerItem.objects.select_for_update().in_bulk(
        [row.data["code"] for row in reading.rows], field_name="code"
    )
    note = f"导入文件“{filename}”。" if filename else "导入表格。"
    result = ImportResult()
    problems = []
    now = timezone.now()
    for row in reading.rows:
        data = row.data
        item = existing.get(data["code"])
        try:
            if item is None:
                item = PowerItem(**data, created_at=now, updated_at=now)
                if item.status == PowerStatus.CANCELLED:
                    item.cancelled_on = timezone.localdate()
                item.full_clean()
                item.save()
                _record(item, Kind.IMPORTED, user, note=f"{note}新增事项。", at=now)
                result.created.append(item.code)
                continue
            changes = _apply(item, data, [*PowerItem.EDITABLE, "status"])
            if not changes:
                result.unchanged += 1
                continue
            if "status" in data:
                item.cancelled_on = (
                    (item.cancelled_on or timezone.localdate())
                    if item.status == PowerStatus.CANCELLED
                    else None
                )
            item.updated_at = now
            item.full_clean()
            item.save()
            _record(item, Kind.IMPORTED, user, fields=changes, note=note, at=now)
            result.updated.append(item.code)
        except ValidationError as error:
            problems += _row_problems(row.number, error)
    if problems:
        # Rows the sheet's own checks passed but the model refused: raising undoes the
        # rows written before them, so nothing is kept.
        raise PowerImportError(problems)
    if result.created or result.updated:
        powers_changed()
    return result
