"""The annual report's tables as a spreadsheet, laid out as the 2021 format prints them."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .statutory import REVIEW_RESULTS, SUIT_ROUTES

CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _header(sheet, row: int, column: int, value, *, rows: int = 1, columns: int = 1):
    """One header cell, merged over `rows` × `columns` as in the printed format."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(bold=True)
    cell.alignment = CENTRED
    if rows > 1 or columns > 1:
        sheet.merge_cells(
            start_row=row,
            start_column=column,
            end_row=row + rows - 1,
            end_column=column + columns - 1,
        )


def annual_report_workbook(tables: dict) -> bytes:
    """`tables` as published (or, for a draft, as computed today); see AnnualReportPage."""
    workbook = Workbook()

    two = workbook.active
    two.title = "表二 主动公开"
    two.append(["二、主动公开政府信息情况"])
    two.append(["第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数"])
    for row in tables["regulations"]:
        two.append([row["label"], row["issued"], row["repealed"], row["current"]])
    two.append(["第二十条第（五）项", "本年处理决定数量"])
    two.append(["行政许可", tables["licensing_count"]])
    two.append(["第二十条第（六）项", "本年处理决定数量"])
    two.append(["行政处罚", tables["penalty_count"]])
    two.append(["行政强制", tables["enforcement_count"]])
    two.append(["第二十条第（八）项", "本年收费金额（单位：万元）"])
    two.append(["行政事业性收费", float(tables["fees_amount"])])
    for cell in two[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)

    # 表三: 申请人情况 over 自然人 | 法人或其他组织 (five kinds) | 总计.
    three = workbook.create_sheet("表三 依申请公开")
    three.append(["三、收到和处理政府信息公开申请情况"])
    columns = tables["columns"]
    _header(
        three, 2, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rows=3
    )
    _header(three, 2, 2, "申请人情况", columns=len(columns))
    _header(three, 3, 2, columns[0], rows=2)
    _header(three, 3, 3, "法人或其他组织", columns=len(columns) - 2)
    for offset, label in enumerate(columns[1:-1]):
        _header(three, 4, 3 + offset, label)
    _header(three, 3, len(columns) + 1, columns[-1], rows=2)
    requests = tables["requests"]
    for row in [requests["new"], requests["carried_in"]]:
        three.append([row["label"], *row["cells"]])
    three.append(["三、本年度办理结果"])
    for row in [*requests["outcomes"], requests["total"], requests["carried_out"]]:
        three.append([("    " * row["level"]) + row["label"], *row["cells"]])

    # 表四: one row of fifteen counts under 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉).
    four = workbook.create_sheet("表四 复议诉讼")
    four.append(["四、政府信息公开行政复议、行政诉讼情况"])
    results = [label for _result, label in REVIEW_RESULTS]
    width = len(results)
    _header(four, 2, 1, "行政复议", columns=width)
    _header(four, 2, width + 1, "行政诉讼", columns=2 * width)
    for offset, label in enumerate(results):
        _header(four, 3, 1 + offset, label, rows=2)
    for group, (_code, route) in enumerate(SUIT_ROUTES, start=1):
        start = width * group + 1
        _header(four, 3, start, route, columns=width)
        for offset, label in enumerate(results):
            _header(four, 4, start + offset, label)
    four.append([cell for row in tables["reviews"] for cell in row["cells"]])
    for index in range(1, 3 * width + 1):
        four.column_dimensions[get_column_letter(index)].width = 10

    for sheet in (two, three):
        sheet.column_dimensions["A"].width = 60
    for sheet in workbook.worksheets:
        sheet["A1"].font = Font(bold=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
