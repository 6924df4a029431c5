"""The spreadsheet import: all rows or none, errors per row in Chinese, updates by code."""

import io

import pytest
from django_tenants.utils import schema_context

from sites.powers import spreadsheets
from sites.powers.models import PowerChange, PowerItem, PowerStatus
from sites.powers.services import PowerImportError, powers_import
from sites.powers.spreadsheets import sheet_read, workbook_bytes

from .conftest import HEADERS, row, xlsx


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


def test_import_with_a_bad_row_imports_nothing_and_names_each_bad_row_in_chinese(in_alpha):
    sheet = xlsx(
        [
            row("XK-001"),
            row("XK-002", name="食品生产许可", category="行政许诺"),
            row("CF-001", name="对无证经营的处罚", category="行政处罚", basis=""),
            row("CF-002", name="对虚假广告的处罚", category="行政处罚"),
        ]
    )
    with pytest.raises(PowerImportError) as refused:
        powers_import(file=sheet, filename="权责清单.xlsx")
    problems = refused.value.problems
    assert problems[0].startswith("第3行：事项类别“行政许诺”不是规定的类别之一（行政许可、行政处罚")
    assert problems[1] == "第4行：“设定依据”不能为空。"
    assert len(problems) == 2
    # Good rows before and after the bad ones are not imported either.
    assert not PowerItem.objects.exists()
    assert not PowerChange.objects.exists()


def test_reimport_updates_items_by_code_and_records_what_changed(in_alpha, accounts):
    editor = accounts["alpha_editor"]
    first = powers_import(
        file=xlsx([row("XK-001"), row("CF-001", name="对无证经营的处罚", category="行政处罚")]),
        user=editor,
        filename="第一版.xlsx",
    )
    assert sorted(first.created) == ["CF-001", "XK-001"] and not first.updated
    second = powers_import(
        file=xlsx(
            [
                row("XK-001", name="食品经营许可（含仅销售预包装食品备案）"),
                row("CF-001", name="对无证经营的处罚", category="行政处罚", status="已取消"),
                row("JC-001", name="食品经营日常监督检查", category="行政检查"),
            ]
        ),
        user=editor,
        filename="第二版.xlsx",
    )
    assert second.created == ["JC-001"]
    assert sorted(second.updated) == ["CF-001", "XK-001"]
    licence = PowerItem.objects.get(code="XK-001")
    assert licence.name == "食品经营许可（含仅销售预包装食品备案）"
    change = licence.changes.first()  # newest first
    assert change.kind == PowerChange.Kind.IMPORTED and change.actor == editor
    assert "第二版.xlsx" in change.note
    assert change.fields == [
        {
            "field": "name",
            "label": "事项名称",
            "before": "食品经营许可",
            "after": "食品经营许可（含仅销售预包装食品备案）",
        }
    ]
    cancelled = PowerItem.objects.get(code="CF-001")
    assert cancelled.status == PowerStatus.CANCELLED and cancelled.cancelled_on is not None
    assert cancelled.changes.first().fields[0]["after"] == "已取消"
    # The same file again changes nothing and records nothing.
    changes_before = PowerChange.objects.count()
    third = powers_import(
        file=xlsx(
            [
                row("XK-001", name="食品经营许可（含仅销售预包装食品备案）"),
                row("CF-001", name="对无证经营的处罚", category="行政处罚", status="已取消"),
                row("JC-001", name="食品经营日常监督检查", category="行政检查"),
            ]
        )
    )
    assert (third.created, third.updated, third.unchanged) == ([], [], 3)
    assert PowerChange.objects.count() == changes_before


def test_formula_cells_are_refused_and_empty_rows_skipped(in_alpha):
    sheet = xlsx(
        [
            row("XK-001"),
            [None] * len(HEADERS),
            row("XK-002", name='=CONCATENATE("食品","生产许可")'),
        ]
    )
    with pytest.raises(PowerImportError) as refused:
        powers_import(file=sheet)
    assert refused.value.problems == [
        "第4行：“事项名称”是公式，请把公式转换为数值（选择性粘贴为数值）后再导入。"
    ]
    fixed = xlsx([row("XK-001"), [None] * len(HEADERS), ["", ""], row("XK-002")])
    assert sorted(powers_import(file=fixed).created) == ["XK-001", "XK-002"]


def test_a_code_given_twice_is_refused_at_its_second_row(in_alpha):
    with pytest.raises(PowerImportError) as refused:
        powers_import(file=xlsx([row("XK-001"), row("XK-002"), row("XK-001")]))
    assert refused.value.problems == ["第4行：事项编码“XK-001”与第2行重复。"]


def test_numeric_codes_keep_their_digits_and_bad_codes_and_statuses_are_named(in_alpha):
    result = powers_import(file=xlsx([row(330217001000)]))
    assert result.created == ["330217001000"]
    with pytest.raises(PowerImportError) as refused:
        powers_import(file=xlsx([row("许可 01"), row("XK-9", status="作废")]))
    assert refused.value.problems == [
        "第2行：事项编码“许可 01”含有不允许的字符，只能使用字母、数字、“-”“_”“.”。",
        "第3行：状态“作废”无效，只能填写“现行”或“已取消”，或者留空。",
    ]


def test_headers_must_be_the_templates(in_alpha):
    headers = [header if header != "事项类别" else "事项类型" for header in HEADERS]
    headers.remove("设定依据")
    reading = sheet_read(xlsx([["XK-001"]], headers=headers))
    assert reading.errors[0].startswith("第1行：表头“事项类型”不是模板中的列。")
    assert reading.errors[1] == "第1行：表头缺少必填列“事项类别”“设定依据”。"
    assert not reading.rows


def test_files_that_are_not_xlsx_or_too_large_or_too_long_are_refused(in_alpha, monkeypatch):
    renamed = io.BytesIO("事项编码,事项名称\nXK-001,食品经营许可\n".encode())
    assert sheet_read(renamed).errors[0].startswith("文件不是 Excel 工作簿（.xlsx）")
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 1000)
    assert sheet_read(xlsx([row("XK-001")])).errors[0].startswith("文件过大")
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2)
    with pytest.raises(PowerImportError) as refused:
        powers_import(file=xlsx([row("A-1"), row("A-2"), row("A-3")]))
    assert refused.value.problems == ["表格超过2行，请分成几个文件导入。"]
    assert not PowerItem.objects.exists()


def test_the_template_and_the_export_read_back(in_alpha):
    template = sheet_read(io.BytesIO(workbook_bytes()))
    assert template.errors == ["表格中没有事项：从第2行起每行填写一个事项。"]
    powers_import(file=xlsx([row("007"), row("CF-001", category="行政处罚", process="申请\n受理")]))
    exported = workbook_bytes(list(PowerItem.objects.values()))
    result = powers_import(file=io.BytesIO(exported))
    assert (result.created, result.updated, result.unchanged) == ([], [], 2)
    assert PowerItem.objects.get(code="CF-001").process == "申请\n受理"
