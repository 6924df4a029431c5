"""The 权责清单 spreadsheet: the template editors fill in, and reading it back row by row.

Reading checks the file and every row and says what is wrong in sentences an editor can
act on (“第5行：事项类别“行政许诺”不是规定的类别之一……”); it writes nothing. The
import service (``services.powers_import``) writes only a file without a single error.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from sites.core.uploads import content_matches_extension

from .models import PowerCategory, PowerItem, PowerStatus

# (field, header, required); the order of the template's columns.
COLUMNS = [
    ("code", "事项编码", True),
    ("name", "事项名称", True),
    ("category", "事项类别", True),
    ("legal_basis", "设定依据", True),
    ("subject", "实施主体", True),
    ("office", "承办机构", False),
    ("process", "办理流程", False),
    ("duties", "责任事项", False),
    ("accountability", "追责情形", False),
    ("remarks", "备注", False),
    ("status", "状态", False),
]
HEADERS = {header: name for name, header, _required in COLUMNS}
LABELS = {name: header for name, header, _required in COLUMNS}
REQUIRED = [name for name, _header, required in COLUMNS if required]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Errors listed one by one; past this the report says how many more there are.
MAX_ERRORS_LISTED = 100
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CATEGORY_BY_LABEL = {label: value for value, label in PowerCategory.choices}
STATUS_BY_LABEL = {label: value for value, label in PowerStatus.choices}


@dataclass
class SheetRow:
    number: int  # the row's number as the spreadsheet shows it
    data: dict


@dataclass
class SheetReading:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _cell_text(value) -> str:
    """A cell's value as the text the editor sees (numbers without a trailing “.0”)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _header_name(value) -> str:
    # “事项编码*” or “事项编码（必填）”, as editors mark required columns, reads as the column.
    return re.sub(r"[*＊]|（必填）|\(必填\)", "", _cell_text(value)).strip()


def _columns(header_row) -> tuple[dict[int, str], list[str]]:
    """{column index: field} from the header row, and what is wrong with it."""
    columns, errors, seen = {}, [], {}
    for index, cell in enumerate(header_row):
        header = _header_name(cell.value)
        if not header:
            continue
        if header not in HEADERS:
            errors.append(
                f"第1行：表头“{header}”不是模板中的列。请使用下载的模板，列名为："
                + "、".join(HEADERS)
                + "。"
            )
        elif header in seen:
            errors.append(f"第1行：表头“{header}”出现了两次。")
        else:
            seen[header] = index
            columns[index] = HEADERS[header]
    missing = [LABELS[name] for name in REQUIRED if name not in columns.values()]
    if missing:
        errors.append(f"第1行：表头缺少必填列“{'”“'.join(missing)}”。")
    return columns, errors


def _row_clean(
    number: int, values: dict[str, str], formulas: frozenset = frozenset()
) -> tuple[dict, list[str]]:
    """The row's values as PowerItem fields, and its errors (each a whole sentence);
    ``formulas``: columns already refused for holding a formula."""
    errors = []
    data = {}
    for name in REQUIRED:
        if not values.get(name) and name not in formulas:
            errors.append(f"第{number}行：“{LABELS[name]}”不能为空。")
    for name, _header, _required in COLUMNS:
        text = values.get(name, "")
        if name in ("category", "status"):
            continue
        max_length = PowerItem._meta.get_field(name).max_length
        if max_length and len(text) > max_length:
            errors.append(
                f"第{number}行：“{LABELS[name]}”超过{max_length}个字（现有{len(text)}个字）。"
            )
        data[name] = text
    code = values.get("code", "")
    if code and not CODE_PATTERN.match(code):
        errors.append(
            f"第{number}行：事项编码“{code}”含有不允许的字符，只能使用字母、数字、“-”“_”“.”。"
        )
    category = values.get("category", "")
    if category:
        if category in CATEGORY_BY_LABEL:
            data["category"] = CATEGORY_BY_LABEL[category]
        else:
            errors.append(
                f"第{number}行：事项类别“{category}”不是规定的类别之一"
                f"（{'、'.join(CATEGORY_BY_LABEL)}）。"
            )
    status = values.get("status", "") or PowerStatus.CURRENT.label
    if status in STATUS_BY_LABEL:
        data["status"] = STATUS_BY_LABEL[status]
    else:
        errors.append(f"第{number}行：状态“{status}”无效，只能填写“现行”或“已取消”，或者留空。")
    return data, errors


def sheet_read(file) -> SheetReading:
    """Every filled row of the first worksheet of an .xlsx file, or why it cannot be read.

    Rows whose cells are all empty are skipped; a formula is refused (its value is what
    Excel last computed, which a file saved by another program may not carry); a code
    given twice is refused at its second row.
    """
    from openpyxl import load_workbook

    reading = SheetReading()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    if size > MAX_BYTES:
        reading.errors.append(
            f"文件过大（{size / 1024 / 1024:.1f} MB），不能超过{MAX_BYTES // 1024 // 1024} MB。"
            "请分成几个文件导入。"
        )
        return reading
    if not content_matches_extension(file, "xlsx"):
        reading.errors.append(
            "文件不是 Excel 工作簿（.xlsx）。请用下载的模板填写，并以 .xlsx 格式保存；"
            "不支持旧版 .xls 文件。"
        )
        return reading
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except Exception:
        reading.errors.append("无法读取这个 Excel 文件，文件可能已损坏。请重新保存后再导入。")
        return reading
    try:
        _rows_read(workbook.worksheets[0], reading)
    finally:
        workbook.close()
    return reading


def _rows_read(sheet, reading: SheetReading) -> None:
    rows = sheet.iter_rows()
    header_row = next(rows, None)
    if header_row is None:
        reading.errors.append("表格是空的：第1行应为表头，从第2行起每行填写一个事项。")
        return
    columns, errors = _columns(header_row)
    if errors:
        reading.errors.extend(errors)
        return
    first_row_of_code: dict[str, int] = {}
    filled = 0
    for offset, row in enumerate(rows):
        number = offset + 2
        values, formulas = {}, []
        for index, cell in enumerate(row):
            name = columns.get(index)
            if name is None:
                continue
            if getattr(cell, "data_type", None) == "f":
                formulas.append(name)
                continue
            values[name] = _cell_text(cell.value)
        if not formulas and not any(values.values()):
            continue
        filled += 1
        if filled > MAX_ROWS:
            reading.errors.append(f"表格超过{MAX_ROWS}行，请分成几个文件导入。")
            return
        row_errors = [
            f"第{number}行：“{label}”是公式，请把公式转换为数值（选择性粘贴为数值）后再导入。"
            for label in (LABELS[name] for name in formulas)
        ]
        data, problems = _row_clean(number, values, frozenset(formulas))
        row_errors += problems
        code = data.get("code")
        if code and code in first_row_of_code:
            row_errors.append(
                f"第{number}行：事项编码“{code}”与第{first_row_of_code[code]}行重复。"
            )
        elif code:
            first_row_of_code[code] = number
        if row_errors:
            reading.errors.extend(row_errors)
        else:
            reading.rows.append(SheetRow(number=number, data=data))
    if not filled and not reading.errors:
        reading.errors.append("表格中没有事项：从第2行起每行填写一个事项。")


def workbook_bytes(items: list[dict] | None = None) -> bytes:
    """An .xlsx in the import's layout: the template (no items) or a list to edit and
    import again (the export). ``items`` are PowerItem field values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "权责清单"
    sheet.append([header for _name, header, _required in COLUMNS])
    widths = {"code": 18, "name": 30, "category": 12, "legal_basis": 50, "subject": 24}
    for index, (name, _header, required) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B0121B" if required else None)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 20)
    # Codes stay text (leading zeros kept); category and status offer their lists.
    code_letter = sheet.cell(row=1, column=1).column_letter
    category_letter = sheet.cell(row=1, column=3).column_letter
    status_letter = sheet.cell(row=1, column=len(COLUMNS)).column_letter
    sheet.column_dimensions[code_letter].number_format = "@"
    for letter, labels in (
        (category_letter, list(CATEGORY_BY_LABEL)),
        (status_letter, list(STATUS_BY_LABEL)),
    ):
        validation = DataValidation(type="list", formula1=f'"{",".join(labels)}"')
        validation.error = "请从列表中选择。"
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    for item in items or []:
        row = []
        for name, _header, _required in COLUMNS:
            value = item.get(name, "")
            if name == "category":
                value = PowerCategory(value).label
            elif name == "status":
                value = PowerStatus(value or PowerStatus.CURRENT).label
            row.append(value)
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet[f"{code_letter}{sheet.max_row}"].number_format = "@"
    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "是否必填", "说明"])
    notes = {
        "code": "本单位内唯一，只能使用字母、数字、“-”“_”“.”；再次导入时按编码更新已有事项。",
        "category": "从列表中选择：" + "、".join(CATEGORY_BY_LABEL) + "。",
        "legal_basis": "法律、法规、规章的名称及条款。",
        "status": "“现行”或“已取消”；留空视为现行。",
    }
    for name, header, required in COLUMNS:
        guide.append([header, "必填" if required else "选填", notes.get(name, "")])
    guide.append([])
    guide.append(["只导入第一个工作表“权责清单”；空行会被跳过；不要使用公式。"])
    guide.append(
        [f"任何一行有错误时整个文件都不会导入，请按提示修改后重新导入。最多{MAX_ROWS}行。"]
    )
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["C"].width = 80
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
