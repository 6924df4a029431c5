"""The worker's side: ticks fan out one task per active site, probes reach the site."""

from django_tenants.utils import schema_context

from cluster.monitors.models import MonitorState, Probe
from cluster.monitors.tasks import monitors_probe_tick, monitors_run_tick, monitors_site_probe
from cluster.tenants.models import Tenant

from .test_http import TEST_LIMIT, local_server, refused_port


def test_run_tick_evaluates_every_active_site_and_skips_suspended_ones(alpha, beta, settings):
    settings.MONITORS = {"CHECK_EXTERNAL_LINKS": False}
    Tenant.objects.filter(pk=beta.pk).update(status=Tenant.Status.SUSPENDED)
    assert monitors_run_tick.call() >= 1
    assert MonitorState.objects.filter(tenant=alpha).exists()
    assert not MonitorState.objects.filter(tenant=beta).exists()


def test_probe_task_requests_the_sites_key_pages_and_records_each(alpha, settings):
    with local_server({"/": (200, "首页"), "/xxgk/": (200, "公开")}) as (base, seen):
        settings.MONITORS = {
            "PROBE_PATHS": ["/", "/xxgk/", "/gone/"],
            "PROBE_TIMEOUT": TEST_LIMIT,
            "PROBE_CONNECT_TO": base.removeprefix("http://"),
        }
        with schema_context("site_alpha"):
            assert monitors_site_probe.call() == 3
    assert sorted(seen["paths"]) == ["/", "/gone/", "/xxgk/"]
    outcomes = dict(Probe.objects.filter(tenant=alpha).values_list("url", "ok"))
    assert {
        url.split("localhost", 1)[1].lstrip(":0123456789"): ok for url, ok in outcomes.items()
    } == {
        "/": True,
        "/xxgk/": True,
        "/gone/": False,
    }


def test_probe_tick_records_a_refusing_site_as_failed(alpha, settings):
    settings.MONITORS = {
        "PROBE_PATHS": ["/"],
        "PROBE_TIMEOUT": TEST_LIMIT,
        "PROBE_CONNECT_TO": f"127.0.0.1:{refused_port()}",
    }
    monitors_probe_tick.call()
    probe = Probe.objects.get(tenant=alpha)
    assert not probe.ok
    assert probe.error == "连接被拒绝"


def test_probes_default_to_the_home_page_its_listed_columns_and_the_disclosure_section(alpha):
    from cluster.monitors.snapshot import key_paths

    with schema_context("site_alpha"):
        paths = key_paths()
    assert paths[0] == "/"
    assert "/news/" in paths
    assert len(paths) == 4
