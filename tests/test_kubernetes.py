"""The Kubernetes manifests (deploy/kubernetes), rendered by kubectl's Kustomize as an operator
would and checked, offline, against Kubernetes' own schemas (kubernetes-validate), then against
the portal's rules: one beat that never overlaps, two or more of the rest, probes on the
health paths, nobody running as root, no secret written down."""

import base64
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
KUBERNETES = ROOT / "deploy" / "kubernetes"
OVERLAY = Path("overlays") / "example"
# The oldest Kubernetes still supported by its makers when this was written.
KUBERNETES_VERSION = "1.32.0"
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY|DATABASE_URL|REDIS_URL|EMAIL_URL")


def render(folder):
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is missing: scripts/install-test-deps installs kubernetes-client"
    rendered = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True
    ).stdout
    return [doc for doc in yaml.safe_load_all(rendered) if doc]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example overlay as an operator renders it, with secrets.env written from its
    example (the real one is never in the repository)."""
    copy = tmp_path_factory.mktemp("kubernetes") / "kubernetes"
    shutil.copytree(KUBERNETES, copy)
    shutil.copy(copy / OVERLAY / "secrets.env.example", copy / OVERLAY / "secrets.env")
    return render(copy / OVERLAY)


def of_kind(resources, kind):
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


def pod_specs(resources):
    for resource in resources:
        if resource["kind"] in ("Deployment", "Job"):
            yield resource["metadata"]["name"], resource["spec"]["template"]["spec"]
        if resource["kind"] == "CronJob":
            job = resource["spec"]["jobTemplate"]["spec"]
            yield resource["metadata"]["name"], job["template"]["spec"]


def containers(resources):
    for name, spec in pod_specs(resources):
        for container in spec.get("initContainers", []) + spec["containers"]:
            yield name, container


def test_every_rendered_resource_is_valid_against_the_kubernetes_schemas(example):
    kinds = {r["kind"] for r in example}
    assert {
        "Deployment",
        "Job",
        "CronJob",
        "PersistentVolumeClaim",
        "Service",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
    } <= kinds
    for resource in example:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_a_misspelt_field_is_refused_by_the_validation(example):
    web = of_kind(example, "Deployment")["mentoring-web"]
    misspelt = {**web, "spec": {**web["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSION, strict=True)


def test_exactly_one_beat_runs_and_an_update_stops_it_before_starting_the_next(example):
    beat = of_kind(example, "Deployment")["mentoring-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert beat["spec"]["template"]["spec"]["containers"][0]["command"][:4] == [
        "celery",
        "-A",
        "mentoring",
        "beat",
    ]


def test_web_and_workers_run_two_or_more_and_keep_one_through_a_drain(example):
    deployments = of_kind(example, "Deployment")
    budgets = of_kind(example, "PodDisruptionBudget")
    for name in ["mentoring-web", "mentoring-worker"]:
        assert deployments[name]["spec"]["replicas"] >= 2
        assert budgets[name]["spec"]["minAvailable"] >= 1


def test_web_probes_ask_the_health_paths(example):
    web = of_kind(example, "Deployment")["mentoring-web"]["spec"]["template"]["spec"]
    container = web["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"


def test_migrations_run_as_a_job_that_the_processes_wait_for(example):
    job = of_kind(example, "Job")["mentoring-migrate"]
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][-2:] == [
        "migrate",
        "--noinput",
    ]
    for name in ["mentoring-web", "mentoring-worker", "mentoring-beat"]:
        spec = of_kind(example, "Deployment")[name]["spec"]["template"]["spec"]
        assert "migrate --check" in " ".join(spec["initContainers"][0]["command"])


def test_every_process_runs_as_a_user_that_is_not_root_on_a_read_only_disk(example):
    for name, spec in pod_specs(example):
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] != 0, name
    for name, container in containers(example):
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True, name
        assert context["allowPrivilegeEscalation"] is False, name
        assert "/tmp" in {mount["mountPath"] for mount in container["volumeMounts"]}, name


def test_every_container_asks_for_resources_and_has_limits(example):
    for name, container in containers(example):
        for part in ["requests", "limits"]:
            assert {"cpu", "memory"} <= container["resources"][part].keys(), name


def test_settings_come_from_the_config_map_and_secrets_from_the_secret(example):
    secret = next(iter(of_kind(example, "Secret")))
    settings = next(iter(of_kind(example, "ConfigMap")))
    for name, container in containers(example):
        sources = container["envFrom"]
        assert {"configMapRef": {"name": settings}} in sources, name
        assert {"secretRef": {"name": secret}} in sources, name
        assert not any(SECRET_NAMES.search(v["name"]) for v in container.get("env", [])), name


def test_no_secret_value_is_written_in_the_manifests(example):
    settings = next(iter(of_kind(example, "ConfigMap").values()))
    assert not [key for key in settings["data"] if SECRET_NAMES.search(key)]
    secret = next(iter(of_kind(example, "Secret").values()))
    values = [base64.b64decode(value).decode() for value in secret["data"].values()]
    assert values and all("replace-with-" in value for value in values)
    tracked = subprocess.run(
        ["git", "ls-files", str(KUBERNETES)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.endswith("secrets.env")]
    assert "/deploy/kubernetes/overlays/*/secrets.env" in (ROOT / ".gitignore").read_text()


def test_the_ingress_lets_through_the_largest_staff_file_the_portal_accepts(example):
    settings = next(iter(of_kind(example, "ConfigMap").values()))["data"]
    ingress = next(iter(of_kind(example, "Ingress").values()))
    body_limit = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert int(body_limit.removesuffix("m")) > int(settings["STAFF_IMPORT_MAX_MB"])


def backup_pod(resources):
    backup = of_kind(resources, "CronJob")["mentoring-backup"]
    return backup, backup["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def test_the_backup_runs_every_night_never_two_at_once_and_keeps_a_short_history(example):
    backup, _ = backup_pod(example)
    minute, hour, *every_day = backup["spec"]["schedule"].split()
    assert minute.isdigit() and every_day == ["*", "*", "*"]
    # After the nightly erasure (2:30am, London), so a dump never keeps what it just erased.
    assert backup["spec"]["timeZone"] == "Europe/London" and int(hour) == 3
    assert backup["spec"]["concurrencyPolicy"] == "Forbid"
    assert 1 <= backup["spec"]["successfulJobsHistoryLimit"] <= 5
    assert 1 <= backup["spec"]["failedJobsHistoryLimit"] <= 5


def test_the_backup_runs_scripts_backup_from_the_portals_image_as_a_user_that_is_not_root(
    example,
):
    _, pod = backup_pod(example)
    web = of_kind(example, "Deployment")["mentoring-web"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["image"] == web["containers"][0]["image"]
    assert container["command"][0] == "/app/scripts/backup"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == web["securityContext"]["runAsUser"] != 0
    # The claim's files belong to the portal's group, so that user may write there.
    assert pod["securityContext"]["fsGroup"] == web["securityContext"]["runAsGroup"]


def test_the_backup_reads_the_database_the_web_uses_and_writes_to_the_named_claim(example):
    _, pod = backup_pod(example)
    web = of_kind(example, "Deployment")["mentoring-web"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["envFrom"] == web["containers"][0]["envFrom"]
    secret = next(iter(of_kind(example, "Secret").values()))
    assert "DATABASE_URL" in secret["data"]
    folder = container["command"][1]
    mounted = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    claim = volumes[mounted[folder]]["persistentVolumeClaim"]["claimName"]
    assert claim in of_kind(example, "PersistentVolumeClaim")
    # Everything else scripts/backup reads is in the database (docs/backup-and-restore.md):
    # the web mounts nothing but /tmp.
    assert {m["mountPath"] for m in web["containers"][0]["volumeMounts"]} == {"/tmp"}


def test_the_backup_deletes_dumps_older_than_the_days_the_settings_keep_them(example):
    settings = next(iter(of_kind(example, "ConfigMap").values()))["data"]
    assert 1 <= int(settings["BACKUP_KEEP_DAYS"]) <= 60


def test_the_image_has_the_postgresql_client_the_backup_runs():
    assert "postgresql-client" in (ROOT / "scripts" / "install-run-deps").read_text()
