"""The monitors' limits, each overridable in ``settings.MONITORS`` (a dict of these keys)."""

from django.conf import settings

DEFAULTS = {
    # Availability: how often each key page is requested, how slow counts as failed, the
    # period the share of failures is taken over and the line it must stay under.
    "PROBE_SECONDS": 15 * 60,
    "PROBE_TIMEOUT": 15.0,
    # The pages probed; None: the home page, the columns its listing blocks show and the
    # 政府信息公开 section, read from each site (up to four).
    "PROBE_PATHS": None,
    # "127.0.0.1:8080": send probes there with the site's Host header (local deployments).
    "PROBE_CONNECT_TO": "",
    "AVAILABILITY_DAYS": 7,
    "AVAILABILITY_MAX_FAILED_SHARE": 0.05,
    # How often every rule is evaluated for every site.
    "RUN_SECONDS": 6 * 3600,
    "HISTORY_DAYS": 400,
    # Notices go to the site admins at these numbers of days before a breach, and at it.
    "LEAD_DAYS": [7, 3, 1],
    # External links: limits of the checker, and how long a result is reused.
    "LINK_TIMEOUT": 10.0,
    "LINK_WORKERS": 8,
    "LINK_HOST_DELAY": 1.0,
    "LINK_CACHE_DAYS": 7,
    "LINK_MAX_PER_RUN": 500,
    "CHECK_EXTERNAL_LINKS": True,
}


def monitors_setting(name: str):
    return getattr(settings, "MONITORS", {}).get(name, DEFAULTS[name])
