"""The demo's 权责清单: one department's list (demo_content/powers.toml), imported through
the same spreadsheet import editors use, so the demo also proves the import."""

import io
import tomllib
from pathlib import Path

from cluster.onboarding.seeding import DemoContext, demo_step

from .models import PowerCategory, PowerStatus

DATA = Path(__file__).resolve().parent / "demo_content" / "powers.toml"


def demo_powers(key: str) -> list[dict]:
    """The site's items as PowerItem field values (category and status as stored)."""
    categories = {label: value for value, label in PowerCategory.choices}
    statuses = {label: value for value, label in PowerStatus.choices}
    items = []
    for entry in tomllib.loads(DATA.read_text("utf-8")).get("power", []):
        if entry["site"] != key:
            continue
        item = {name: value for name, value in entry.items() if name != "site"}
        item["category"] = categories[item["category"]]
        item["status"] = statuses[item.get("status", PowerStatus.CURRENT.label)]
        items.append(item)
    return items


def list_page_ensure(tenant) -> None:
    """A demo site built before the 权责清单 existed gets the page a new site starts with."""
    from sites.disclosure.models import DisclosureIndexPage

    from .models import ClusterPowerListPage, PowerListPage
    from .seed import powers_page_seed

    section = DisclosureIndexPage.objects.first()
    if section is None or PowerListPage.objects.exists() or ClusterPowerListPage.objects.exists():
        return
    from cluster.onboarding.seeding import NewSite

    powers_page_seed(
        NewSite(
            name=tenant.name,
            hostname=tenant.primary_domain,
            port=0,
            level=tenant.level,
            pages={"disclosure": section},
        )
    )


@demo_step(order=40)
def powers_demo(context: DemoContext) -> None:
    from .services import powers_import
    from .spreadsheets import workbook_bytes

    list_page_ensure(context.tenant)
    items = demo_powers(context.key)
    if not items:
        return
    result = powers_import(file=io.BytesIO(workbook_bytes(items)), filename="演示数据.xlsx")
    context.log(f"  权责清单: {result.summary}")
