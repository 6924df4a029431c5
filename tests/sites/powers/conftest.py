import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import Workbook

from sites.powers.spreadsheets import COLUMNS

HEADERS = [header for _name, header, _required in COLUMNS]


def xlsx(rows, *, headers=HEADERS) -> io.BytesIO:
    """An .xlsx whose first sheet has ``headers`` and then ``rows`` (lists of cell values;
    a value starting with “=” is written as a formula, None leaves the cell empty)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "权责清单.xlsx"
    return output


def row(
    code,
    name="食品经营许可",
    category="行政许可",
    basis="《中华人民共和国食品安全法》第三十五条",
    **more,
):
    """One row of the template in its column order."""
    values = {
        "code": code,
        "name": name,
        "category": category,
        "legal_basis": basis,
        "subject": "甲市市场监督管理局",
        **more,
    }
    return [values.get(name_, "") for name_, _header, _required in COLUMNS]


def power_data(code="XK-001", **fields) -> dict:
    return {
        "code": code,
        "name": "食品经营许可",
        "category": "xk",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "subject": "市场监督管理局",
        "office": "",
        "process": "申请→受理→审查→决定",
        "duties": "",
        "accountability": "",
        "remarks": "",
        **fields,
    }


def list_page_add(title="权责清单"):
    """A 权责清单 page under the current site's 政府信息公开, published."""
    from sites.disclosure.models import DisclosureIndexPage
    from sites.powers.models import PowerListPage

    page = PowerListPage(title=title, slug="qzqd-list")
    DisclosureIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def in_beta(beta):
    with schema_context("site_beta"):
        yield beta
