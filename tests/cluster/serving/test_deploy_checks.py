"""Production settings pass Django's deployment checks and send the security headers."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_under_production_settings():
    # Not the test run's own switches (the browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
        "SECRET_KEY": "kR7x-deploy-check-only-" + "q2Zp9vLm" * 6,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",
        "PUBLIC_SCHEME": "https",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_public_pages_and_the_admin_send_the_security_headers(alpha, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client(HTTP_HOST="alpha.localhost")
    for path in ("/", "/admin/login/"):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
        assert "max-age=31536000" in response["Strict-Transport-Security"]
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
        assert "frame-ancestors 'self'" in policy


def test_the_admin_is_reached_only_over_https_in_production(alpha, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="alpha.localhost").get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://alpha.localhost/admin/login/"
