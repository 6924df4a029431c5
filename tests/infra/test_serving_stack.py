"""The serving stack's files: infra/nginx/cluster.conf passes `nginx -t` and, in front of
a real Django server, routes every site by host, compresses, serves static files and a
site's own media (checked by Django, sent by nginx), and keeps /_media/ internal."""

import gzip
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .nginx_stack import RENDER, fetch, nginx_executable, render, running_nginx


@pytest.fixture(scope="module")
def folders():
    # nginx's workers run as nobody: the folders they read must be world-readable.
    base = Path(tempfile.mkdtemp(prefix="cluster-nginx-"))
    base.chmod(0o755)
    static, media, run = base / "static", base / "media", base / "run"
    for folder in (static, media, run):
        folder.mkdir()
        folder.chmod(0o755)
    (static / "probe.css").write_text("body { color: #333; }\n" * 200)
    yield {"static": static, "media": media, "run": run}
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def nginx(folders, django_server):
    with running_nginx(
        folders["run"],
        UPSTREAM=f"127.0.0.1:{django_server.port}",
        STATIC_ROOT=folders["static"],
        MEDIA_ROOT=folders["media"],
    ) as (port, _purge_port):
        yield port


@pytest.fixture
def behind_nginx(settings, folders):
    settings.MEDIA_ROOT = folders["media"]
    settings.MEDIA_ACCEL_REDIRECT = True


def test_the_rendered_config_passes_nginx_t(tmp_path):
    result = render(tmp_path, UPSTREAM="127.0.0.1:8001", LISTEN=8080)
    assert result.returncode == 0, result.stderr
    checked = subprocess.run(  # noqa: S603
        [
            nginx_executable(),
            "-t",
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "e.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_a_placeholder_without_a_value_stops_the_render():
    import runpy

    script = runpy.run_path(str(RENDER))
    assert script["render"]("listen {{LISTEN}};", {"LISTEN": "80"}) == "listen 80;"
    with pytest.raises(SystemExit, match="No value for UPSTREAM"):
        script["render"]("server {{UPSTREAM}};", {})


def test_every_site_is_served_through_one_server_block_by_host(nginx, alpha, beta):
    alpha_page, alpha_body = fetch(nginx, "alpha.localhost", "/")
    beta_page, beta_body = fetch(nginx, "beta.localhost", "/")
    assert alpha_page.status == beta_page.status == 200
    assert "甲市人民政府" in alpha_body.decode() and "乙县人民政府" in beta_body.decode()
    unknown, _body = fetch(nginx, "nobody.localhost", "/")
    assert unknown.status == 404


def test_pages_are_compressed_for_clients_that_accept_it(nginx, alpha):
    response, body = fetch(nginx, "alpha.localhost", "/", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert "甲市人民政府" in gzip.decompress(body).decode()


def test_static_files_are_served_by_nginx(nginx):
    response, body = fetch(nginx, "alpha.localhost", "/static/probe.css")
    assert response.status == 200 and body.startswith(b"body")
    assert response.getheader("Cache-Control") == "max-age=86400, public"


def test_a_sites_media_is_sent_by_nginx_and_only_on_its_own_host(
    nginx, folders, behind_nginx, alpha, beta
):
    folder = folders["media"] / "site_alpha" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    (folders["media"] / "site_alpha").chmod(0o755)
    (folder / "seal.txt").write_text("甲市印章")
    (folder / "seal.txt").chmod(0o644)
    response, body = fetch(nginx, "alpha.localhost", "/media/site_alpha/images/seal.txt")
    assert response.status == 200 and body.decode() == "甲市印章"
    assert response.getheader("Content-Type").startswith("text/plain")
    elsewhere, _body = fetch(nginx, "beta.localhost", "/media/site_alpha/images/seal.txt")
    assert elsewhere.status == 404
    internal, _body = fetch(nginx, "alpha.localhost", "/_media/site_alpha/images/seal.txt")
    assert internal.status == 404


def test_health_endpoints_answer_through_nginx_on_any_host(nginx, db):
    response, body = fetch(nginx, "10.0.0.5", "/healthz")
    assert response.status == 200 and b'"ok"' in body
