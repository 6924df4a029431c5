"""infra/compose/compose.yaml: every service can start, is health-checked and is given
only variables the platform reads; `docker compose config` accepts it where docker exists."""

import os
import re
import shutil
import subprocess

import pytest
import yaml

from .deployment_files import (
    PROCESS_VARIABLES,
    ROOT,
    declared_variables,
    render_variables,
)

COMPOSE_DIR = ROOT / "infra" / "compose"
COMPOSE_FILE = COMPOSE_DIR / "compose.yaml"
NGINX_BUILD = {"context": ".", "dockerfile": "Dockerfile.nginx"}
APP_BUILD = {"context": "../..", "dockerfile": "infra/compose/Dockerfile"}
SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD")
REQUIRED = re.compile(r"\$\{(?P<name>[A-Z_]+):\?[^}]*\}")
WITH_DEFAULT = re.compile(r"\$\{(?P<name>[A-Z_]+):-[^}]*\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _one_shots(services: dict) -> set[str]:
    """Services others wait for to finish (migrations, config rendering)."""
    return {
        name
        for service in services.values()
        for name, condition in (service.get("depends_on") or {}).items()
        if condition.get("condition") == "service_completed_successfully"
    }


def _app_services(services: dict) -> dict:
    return {
        name: service for name, service in services.items() if service.get("build") == APP_BUILD
    }


def test_the_platform_services_are_all_there(compose):
    services = compose["services"]
    assert {
        "postgres",
        "opensearch",
        "redis",
        "migrate",
        "nginx-config",
        "web",
        "worker",
        "nginx",
    } <= set(services)
    assert services["web"]["command"][:3] == ["gunicorn", "--config", "infra/gunicorn.conf.py"]
    assert (ROOT / "infra" / "gunicorn.conf.py").is_file()
    assert services["worker"]["command"] == ["python", "manage.py", "run_worker"]
    assert "manage.py migrate" in " ".join(services["migrate"]["command"])


def test_every_service_has_an_image_or_the_app_build(compose):
    for name, service in compose["services"].items():
        assert service.get("image") or service.get("build"), name
        if service.get("build"):
            assert service["build"] == (NGINX_BUILD if name == "nginx" else APP_BUILD), name
    for build in (APP_BUILD, NGINX_BUILD):
        assert (COMPOSE_DIR / build["context"] / build["dockerfile"]).resolve().is_file()


def test_the_app_image_is_debian_python_311_with_the_pinned_requirements():
    dockerfile = (COMPOSE_DIR / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim(-bookworm)?$", dockerfile, re.MULTILINE)
    assert "pip install -r requirements.txt" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE), "runs as root"
    ignored = (COMPOSE_DIR / "Dockerfile.dockerignore").read_text().split()
    assert {".git", ".venv", ".data"} <= set(ignored)


def test_every_long_running_service_is_health_checked_and_restarted(compose):
    services = compose["services"]
    one_shots = _one_shots(services)
    assert one_shots == {"migrate", "nginx-config"}
    for name, service in services.items():
        if name in one_shots:
            assert service["restart"] == "no", name
            continue
        check = service.get("healthcheck") or {}
        assert check.get("test"), f"{name} has no health check"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert service.get("restart") == "unless-stopped", name
        assert service.get("deploy", {}).get("resources", {}).get("limits"), name


def test_services_wait_only_for_services_that_exist_and_can_report(compose):
    services = compose["services"]
    for name, service in services.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in services, f"{name} waits for unknown {dependency}"
            if condition["condition"] == "service_healthy":
                assert services[dependency].get("healthcheck"), f"{name} -> {dependency}"
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_app_services_are_given_only_variables_the_platform_reads(compose):
    declared = declared_variables()
    for name, service in _app_services(compose["services"]).items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict), name
        known = render_variables() if name == "nginx-config" else declared | PROCESS_VARIABLES
        unknown = set(environment) - known
        assert not unknown, f"{name}: {sorted(unknown)} are not read by the platform"


def test_secrets_have_no_defaults(compose):
    text = COMPOSE_FILE.read_text()
    defaulted = {match["name"] for match in WITH_DEFAULT.finditer(text)}
    required = {match["name"] for match in REQUIRED.finditer(text)}
    for secret in SECRETS:
        assert secret in required and secret not in defaulted, secret
    environment = compose["services"]["web"]["environment"]
    assert REQUIRED.fullmatch(environment["SECRET_KEY"])
    assert environment["DJANGO_SETTINGS_MODULE"] == "cluster.settings.production"


def test_named_volumes_are_declared(compose):
    declared = set(compose.get("volumes") or {})
    used = set()
    for service in compose["services"].values():
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume["source"]
            if not source.startswith((".", "/", "$")):
                used.add(source)
    assert used, "no named volumes at all"
    assert used <= declared, sorted(used - declared)


def test_nginx_serves_the_rendered_checked_in_config_and_the_same_files(compose):
    services = compose["services"]
    renderer = services["nginx-config"]
    assert "infra/render-config" in " ".join(renderer["command"])
    assert renderer["environment"]["UPSTREAM"] == "web:8001"
    assert services["web"]["environment"]["GUNICORN_BIND"].endswith(":8001")
    nginx_mounts = {
        volume.split(":")[1]: volume.split(":")[0] for volume in services["nginx"]["volumes"]
    }
    assert nginx_mounts["/etc/nginx/conf.d"] == "nginx-conf"
    # nginx reads the static and media folders where the app writes them.
    app = services["web"]["environment"]
    assert nginx_mounts[app["STATIC_ROOT"]] == "static"
    assert nginx_mounts[app["MEDIA_ROOT"]] == "media"
    assert renderer["environment"]["STATIC_ROOT"] == app["STATIC_ROOT"]
    assert renderer["environment"]["MEDIA_ROOT"] == app["MEDIA_ROOT"]


def test_nginx_has_the_purge_module_and_the_workers_purge_it(compose):
    dockerfile = (COMPOSE_DIR / NGINX_BUILD["dockerfile"]).read_text()
    assert re.search(r"^FROM debian:bookworm", dockerfile, re.MULTILINE)
    assert "libnginx-mod-http-cache-purge" in dockerfile
    services = compose["services"]
    renderer = services["nginx-config"]["environment"]
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert renderer["PURGE_FROM"] == subnet
    purge_url = services["worker"]["environment"]["PAGECACHE_NGINX_PURGE_URLS"]
    assert purge_url == f"http://nginx:{renderer['PURGE_LISTEN'].rpartition(':')[2]}"
    assert renderer["CACHE_DIR"].startswith("/var/cache/nginx/")


def test_nginx_is_a_trusted_proxy_on_the_compose_network(compose):
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert compose["services"]["web"]["environment"]["TRUSTED_PROXIES"] == subnet


def _docker_compose_config(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [shutil.which("docker"), "compose", "-f", str(COMPOSE_FILE), "config", "--quiet"],
        cwd=COMPOSE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _docker_compose_exists() -> bool:
    # The docker CLI may be there without its compose plugin (as on this machine).
    docker = shutil.which("docker")
    if docker is None:
        return False
    version = subprocess.run(  # noqa: S603
        [docker, "compose", "version"], capture_output=True, text=True, check=False
    )
    return version.returncode == 0


def test_docker_compose_accepts_the_file_where_docker_exists():
    if not _docker_compose_exists():
        # Not asserted without docker compose; the structural tests above always run.
        return
    base = {key: value for key, value in os.environ.items() if key not in SECRETS}
    with_secrets = {
        **base,
        "SECRET_KEY": "compose-config-only",
        "POSTGRES_PASSWORD": "compose-config-only",
        "BASE_DOMAIN": "gov.example.cn",
    }
    accepted = _docker_compose_config(with_secrets)
    assert accepted.returncode == 0, accepted.stderr
    refused = _docker_compose_config({**base, "BASE_DOMAIN": "gov.example.cn"})
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr or "POSTGRES_PASSWORD" in refused.stderr
