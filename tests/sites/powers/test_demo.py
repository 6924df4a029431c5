"""The demo's 权责清单 loads through the spreadsheet import and is what the portal lists."""

from pathlib import Path

from django_tenants.utils import schema_context

from cluster.onboarding.seeding import DemoContext, steps
from sites.powers.demo import demo_powers, powers_demo
from sites.powers.models import PowerCategory, PowerChange, PowerItem, PowerStatus


def test_the_demo_department_gets_a_list_across_several_categories_through_the_import(alpha):
    assert "sites.powers.demo.powers_demo" in [step.name for step in steps("demo")]
    items = demo_powers("site_scjg")
    assert 15 <= len(items) <= 25
    assert demo_powers("site_portal") == []
    logged = []
    context = DemoContext(tenant=alpha, key="site_scjg", corpus_dir=Path(), log=logged.append)
    with schema_context("site_alpha"):
        powers_demo(context)
        assert PowerItem.objects.count() == len(items)
        current = PowerItem.objects.filter(status=PowerStatus.CURRENT)
        categories = set(current.values_list("category", flat=True))
        assert len(categories) >= 6 and categories <= set(PowerCategory.values)
        assert PowerItem.objects.filter(status=PowerStatus.CANCELLED).count() == 1
        assert set(PowerChange.objects.values_list("kind", flat=True)) == {"imported"}
        # Run again (a second make demo): nothing changes, nothing is recorded.
        powers_demo(context)
        assert PowerChange.objects.count() == len(items)
    assert logged[-1].endswith(f"新增0项，更新0项，{len(items)}项没有变化。")
