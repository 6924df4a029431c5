"""A management command starts without the libraries only some of its work needs (issue 13).

Every command pays for what ``django.setup()`` imports: the app modules, their ready() hooks
and, through Wagtail's snippets app, every wagtail_hooks module and the admin views they
import. Spreadsheets, Chinese segmentation, object storage and the search engine's client
are imported by the code that uses them. Times are measured by infra/bench/provision.
"""

import os
import subprocess
import sys

from django.conf import settings

# Each costs 0.1 s or more to import.
# Wagtail's v3 API (ninja, pydantic) and DRF come in through apps' ready() unless kept out
# (cluster/serving/wagtail_apps.py).
NOT_AT_STARTUP = [
    "openpyxl",
    "jieba",
    "boto3",
    "botocore",
    "opensearchpy",
    "elasticsearch",
    "ninja",
    "pydantic",
    "rest_framework",
]


def test_django_setup_imports_no_library_that_a_command_may_not_need():
    script = (
        "import sys, django; django.setup(); "
        f"print(' '.join(name for name in {NOT_AT_STARTUP!r} if name in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cluster.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == []
