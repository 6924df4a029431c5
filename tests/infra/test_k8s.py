"""infra/k8s: every manifest parses with a known kind and apiVersion; web and worker
containers have probes and resource limits; the autoscalers, the Service and the Ingress
point at what exists; only variables the platform reads are set."""

import shutil
import subprocess

import pytest
import yaml

from .deployment_files import PROCESS_VARIABLES, ROOT, declared_variables, render_variables

K8S = ROOT / "infra" / "k8s"
API_VERSIONS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Service": "v1",
    "Deployment": "apps/v1",
    "Job": "batch/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
    "Ingress": "networking.k8s.io/v1",
}
HEALTH_PATHS = {"/healthz", "/readyz"}


@pytest.fixture(scope="module")
def kustomization():
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


@pytest.fixture(scope="module")
def manifests(kustomization):
    documents = []
    for name in kustomization["resources"]:
        for document in yaml.safe_load_all((K8S / name).read_text()):
            if document:
                documents.append(document)
    return documents


def _of_kind(manifests, kind):
    return {
        document["metadata"]["name"]: document for document in manifests if document["kind"] == kind
    }


def _pod_specs(manifests):
    for document in manifests:
        if document["kind"] in ("Deployment", "Job"):
            yield document["metadata"]["name"], document["spec"]["template"]["spec"]


def test_every_manifest_file_is_listed_and_parses_with_a_known_kind(kustomization, manifests):
    assert kustomization["kind"] == "Kustomization"
    listed = set(kustomization["resources"])
    on_disk = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    for document in manifests:
        kind = document["kind"]
        assert kind in API_VERSIONS, kind
        assert document["apiVersion"] == API_VERSIONS[kind], kind
        assert document["metadata"]["name"]
    kinds = {document["kind"] for document in manifests}
    assert {"Deployment", "Job", "HorizontalPodAutoscaler", "Service", "Ingress"} <= kinds


def test_web_and_worker_deployments_run_the_platform(manifests):
    deployments = _of_kind(manifests, "Deployment")
    assert set(deployments) == {"web", "worker"}
    web = {c["name"]: c for c in deployments["web"]["spec"]["template"]["spec"]["containers"]}
    assert web["web"]["command"] == ["gunicorn", "--config", "infra/gunicorn.conf.py"]
    worker = deployments["worker"]["spec"]["template"]["spec"]["containers"][0]
    assert worker["command"] == ["python", "manage.py", "run_worker"]
    job = _of_kind(manifests, "Job")["cluster-migrate"]
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == [
        "python",
        "manage.py",
        "migrate",
    ]
    assert job["spec"]["template"]["spec"]["restartPolicy"] in ("Never", "OnFailure")


def test_every_deployment_container_has_probes_and_limits(manifests):
    for name, deployment in _of_kind(manifests, "Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        for container in spec["containers"]:
            where = f"{name}/{container['name']}"
            # A named port is looked up among the probed container's own ports.
            ports = {port["name"] for port in container.get("ports", [])} | {
                port["containerPort"] for port in container.get("ports", [])
            }
            for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
                probe = container.get(probe_name)
                if probe is None and probe_name == "startupProbe":
                    continue
                assert probe, f"{where} has no {probe_name}"
                for kind in ("httpGet", "tcpSocket"):
                    if kind in probe:
                        assert probe[kind]["port"] in ports, f"{where} {probe_name}"
                if "httpGet" in probe:
                    assert probe["httpGet"]["path"] in HEALTH_PATHS, where
            for container_ in [container, *spec.get("initContainers", [])]:
                resources = container_.get("resources", {})
                for bound in ("requests", "limits"):
                    assert {"cpu", "memory"} <= set(resources.get(bound, {})), (
                        f"{name}/{container_['name']} {bound}"
                    )


def test_the_web_pod_is_ready_only_with_its_database(manifests):
    web = _of_kind(manifests, "Deployment")["web"]["spec"]["template"]["spec"]
    container = next(c for c in web["containers"] if c["name"] == "web")
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    # Liveness touches nothing else: a database outage never restarts web pods.
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_autoscalers_target_existing_deployments(manifests):
    deployments = _of_kind(manifests, "Deployment")
    autoscalers = _of_kind(manifests, "HorizontalPodAutoscaler")
    assert "web" in {hpa["spec"]["scaleTargetRef"]["name"] for hpa in autoscalers.values()}
    for hpa in autoscalers.values():
        target = hpa["spec"]["scaleTargetRef"]
        assert target["kind"] == "Deployment" and target["apiVersion"] == "apps/v1"
        assert target["name"] in deployments
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert hpa["spec"]["metrics"]


def test_the_service_and_ingress_reach_the_web_pods_on_every_site_host(manifests):
    web = _of_kind(manifests, "Deployment")["web"]
    labels = web["spec"]["template"]["metadata"]["labels"]
    service = _of_kind(manifests, "Service")["web"]
    assert service["spec"]["selector"].items() <= labels.items()
    container_ports = {
        port["name"]
        for container in web["spec"]["template"]["spec"]["containers"]
        for port in container.get("ports", [])
    }
    service_ports = {port["name"] for port in service["spec"]["ports"]}
    for port in service["spec"]["ports"]:
        assert port["targetPort"] in container_ports
    ingress = _of_kind(manifests, "Ingress")["web"]
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    assert any(host.startswith("*.") for host in hosts), "no wildcard host"
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] in _of_kind(manifests, "Service")
            assert backend["port"]["name"] in service_ports
    assert set(ingress["spec"]["tls"][0]["hosts"]) == hosts


def test_the_nginx_sidecar_runs_the_rendered_checked_in_config(manifests):
    spec = _of_kind(manifests, "Deployment")["web"]["spec"]["template"]["spec"]
    render = next(c for c in spec["initContainers"] if c["name"] == "nginx-config")
    assert "infra/render-config" in " ".join(render["command"])
    values = {item["name"]: item["value"] for item in render["env"]}
    gunicorn = next(c for c in spec["containers"] if c["name"] == "web")
    bind = next(item["value"] for item in gunicorn["env"] if item["name"] == "GUNICORN_BIND")
    assert values["UPSTREAM"].rpartition(":")[2] == bind.rpartition(":")[2]
    assert values["UPSTREAM"].startswith("127.0.0.1:"), "the sidecar shares the pod's network"
    nginx = next(c for c in spec["containers"] if c["name"] == "nginx")
    assert any(port["containerPort"] == int(values["LISTEN"]) for port in nginx["ports"])
    mounts = {mount["mountPath"]: mount["name"] for mount in nginx["volumeMounts"]}
    assert mounts["/etc/nginx/conf.d"] == next(mount["name"] for mount in render["volumeMounts"])
    assert values["STATIC_ROOT"] in mounts


def test_the_worker_purges_the_page_cache_of_every_web_pod(manifests):
    spec = _of_kind(manifests, "Deployment")["web"]["spec"]["template"]["spec"]
    render = next(c for c in spec["initContainers"] if c["name"] == "nginx-config")
    values = {item["name"]: item["value"] for item in render["env"]}
    nginx = next(c for c in spec["containers"] if c["name"] == "nginx")
    purge_port = next(port for port in nginx["ports"] if port["name"] == "purge")
    assert purge_port["containerPort"] == int(values["PURGE_LISTEN"].rpartition(":")[2])
    assert {mount["mountPath"] for mount in nginx["volumeMounts"]} >= {values["CACHE_DIR"]}
    service = _of_kind(manifests, "Service")["web-purge"]["spec"]
    # Headless and with pods not ready: the name resolves to every pod's own nginx.
    assert service["clusterIP"] == "None" and service["publishNotReadyAddresses"] is True
    assert service["ports"][0]["targetPort"] == "purge"
    config = _of_kind(manifests, "ConfigMap")["cluster-config"]["data"]
    assert config["PAGECACHE_NGINX_PURGE_URLS"].startswith(
        f"http://web-purge.govcluster.svc:{service['ports'][0]['port']}"
    )


def test_containers_are_given_only_variables_the_platform_reads(manifests):
    declared = declared_variables()
    config = _of_kind(manifests, "ConfigMap")
    for name, spec in _pod_specs(manifests):
        for container in [*spec["containers"], *spec.get("initContainers", [])]:
            if not container["image"].startswith("govcluster"):
                continue
            where = f"{name}/{container['name']}"
            names = {item["name"] for item in container.get("env", [])}
            for source in container.get("envFrom", []):
                config_map = source["configMapRef"]["name"]
                assert config_map in config, where
                names |= set(config[config_map]["data"])
            known = (
                render_variables()
                if container["name"] == "nginx-config"
                else declared | PROCESS_VARIABLES
            )
            assert names <= known, f"{where}: {sorted(names - known)}"
            assert container["name"] == "nginx-config" or "SECRET_KEY" in names, where


def test_secrets_come_from_the_secret_never_from_the_config_map(manifests):
    for config_map in _of_kind(manifests, "ConfigMap").values():
        assert not {"SECRET_KEY", "DATABASE_URL", "MEDIA_S3_SECRET_ACCESS_KEY"} & set(
            config_map["data"]
        )
    for _name, spec in _pod_specs(manifests):
        for container in spec["containers"]:
            for item in container.get("env", []):
                if item["name"] in ("SECRET_KEY", "DATABASE_URL"):
                    assert item["valueFrom"]["secretKeyRef"]["name"] == "cluster-secrets"


def test_kubectl_kustomize_renders_every_resource_where_kubectl_exists(manifests):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        # Not asserted without kubectl; the structural tests above always run.
        return
    result = subprocess.run(  # noqa: S603
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    rendered = [document for document in yaml.safe_load_all(result.stdout) if document]
    assert len(rendered) == len(manifests)
    for document in rendered:
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == "govcluster", document["kind"]
    images = {
        container["image"]
        for document in rendered
        if document["kind"] in ("Deployment", "Job")
        for container in document["spec"]["template"]["spec"]["containers"]
    }
    assert "registry.example.cn/govcluster:latest" in images
