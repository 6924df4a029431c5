"""The annual report's tables as a spreadsheet, laid out as the 2021 format prints them."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .selectors import annual_report_tables


def annual_report_workbook(report) -> bytes:
    tables = annual_report_tables(report)
    workbook = Workbook()
    bold = Font(bold=True)

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

    three = workbook.create_sheet("表三 依申请公开")
    three.append(["三、收到和处理政府信息公开申请情况"])
    three.append(
        ["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", *tables["columns"]]
    )
    requests = tables["requests"]
    for row in [requests["new"], requests["carried_in"]]:
        three.append([row["label"], *row["cells"]])
    three.append(["三、本年度办理结果"])
    for row in [*requests["outcomes"], requests["total"], requests["carried_out"]]:
        three.append([("    " * row["level"]) + row["label"], *row["cells"]])

    four = workbook.create_sheet("表四 复议诉讼")
    four.append(["四、政府信息公开行政复议、行政诉讼情况"])
    four.append(["", *tables["review_columns"]])
    for row in tables["reviews"]:
        four.append([row["label"], *row["cells"]])

    for sheet in workbook.worksheets:
        sheet["A1"].font = bold
        sheet.column_dimensions["A"].width = 60
        for cell in sheet[2]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
