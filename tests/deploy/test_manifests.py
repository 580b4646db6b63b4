"""Offline checks of ``deploy/``: the Dockerfile, its ignore file and the Kubernetes manifests.

No cluster and no Docker engine: the files are read as data and checked against what the code
needs (probe paths, the migrations folder, one database URL per service) and against the
restricted pod security profile. Each check is a function returning a list of problems, so a
failure names what is wrong, and each is run once on a deliberately broken input to prove it
can fail. The overlays are also rendered with ``kubectl kustomize`` (required on PATH; it
works offline) and the rendered objects checked the same way.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
BASE = K8S / "base"
OVERLAYS = {"dev": K8S / "overlays" / "dev", "production": K8S / "overlays" / "production"}
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = DEPLOY / "Dockerfile.dockerignore"

SERVICES = ("projects", "governance", "reporting", "gateway")
DATABASE_SERVICES = ("projects", "governance", "reporting")
APP_PORT = 8000
APP_UID = 10001
IMAGE_PLACEHOLDER = "pmo-service"

Manifest = dict[str, Any]


# --------------------------------------------------------------------------- loading


def yaml_files() -> list[Path]:
    return sorted(p for p in K8S.rglob("*") if p.suffix in {".yaml", ".yml"})


def load_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def is_manifest(doc: Any) -> bool:
    return isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc


def is_kustomization(doc: Any) -> bool:
    return is_manifest(doc) and doc["kind"] == "Kustomization"


def source_manifests() -> list[Manifest]:
    """Every Kubernetes object written in deploy/k8s (kustomizations and patches excluded)."""
    return [
        doc
        for path in yaml_files()
        for doc in load_documents(path)
        if is_manifest(doc) and not is_kustomization(doc)
    ]


def base_manifests() -> list[Manifest]:
    return [
        doc
        for path in sorted(BASE.glob("*.yaml"))
        for doc in load_documents(path)
        if is_manifest(doc) and not is_kustomization(doc)
    ]


def of_kind(manifests: Iterable[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def by_name(manifests: Iterable[Manifest], kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in of_kind(manifests, kind)}


def kustomizations() -> dict[Path, Manifest]:
    return {
        path.parent: doc
        for path in yaml_files()
        if path.name == "kustomization.yaml"
        for doc in load_documents(path)
    }


def generated_configmaps(kustomization: Manifest) -> set[str]:
    return {g["name"] for g in kustomization.get("configMapGenerator", [])}


def generator_literals(kustomization: Manifest, name: str) -> dict[str, str]:
    for generator in kustomization.get("configMapGenerator", []):
        if generator["name"] == name:
            return dict(item.split("=", 1) for item in generator.get("literals", []))
    return {}


# --------------------------------------------------------------------------- selectors


def selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """Kubernetes label-selector semantics (matchLabels and matchExpressions); an empty
    selector selects everything."""
    selector = selector or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pod_labels(workload: Manifest) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"].get("labels") or {}


def pod_spec(workload: Manifest) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


# --------------------------------------------------------------------------- pod checks


def container_security_problems(container: dict[str, Any], pod: dict[str, Any]) -> list[str]:
    """The restricted Pod Security profile, plus a read-only root filesystem."""
    name = container.get("name", "?")
    ctx = container.get("securityContext") or {}
    pod_ctx = pod.get("securityContext") or {}
    problems = []
    if ctx.get("allowPrivilegeEscalation") is not False:
        problems.append(f"{name}: allowPrivilegeEscalation must be false")
    if ctx.get("readOnlyRootFilesystem") is not True:
        problems.append(f"{name}: readOnlyRootFilesystem must be true")
    if ctx.get("privileged"):
        problems.append(f"{name}: privileged")
    if (ctx.get("runAsNonRoot", pod_ctx.get("runAsNonRoot"))) is not True:
        problems.append(f"{name}: runAsNonRoot must be true")
    uid = ctx.get("runAsUser", pod_ctx.get("runAsUser"))
    if uid is not None and uid != APP_UID:
        problems.append(f"{name}: runAsUser {uid} is not the image's uid {APP_UID}")
    if "ALL" not in ((ctx.get("capabilities") or {}).get("drop") or []):
        problems.append(f"{name}: capabilities must drop ALL")
    if (ctx.get("capabilities") or {}).get("add"):
        problems.append(f"{name}: capabilities added")
    seccomp = (ctx.get("seccompProfile") or pod_ctx.get("seccompProfile") or {}).get("type")
    if seccomp not in {"RuntimeDefault", "Localhost"}:
        problems.append(f"{name}: seccompProfile must be RuntimeDefault")
    return problems


def container_resource_problems(container: dict[str, Any]) -> list[str]:
    name = container.get("name", "?")
    resources = container.get("resources") or {}
    return [
        f"{name}: resources.{section}.{resource} missing"
        for section in ("requests", "limits")
        for resource in ("cpu", "memory")
        if not (resources.get(section) or {}).get(resource)
    ]


def tmp_problems(container: dict[str, Any], pod: dict[str, Any]) -> list[str]:
    """With a read-only root, /tmp must be a writable emptyDir."""
    empty_dirs = {v["name"] for v in pod.get("volumes") or [] if "emptyDir" in v}
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts") or []}
    if mounts.get("/tmp") not in empty_dirs:
        return [f"{container.get('name', '?')}: /tmp is not an emptyDir mount"]
    return []


def pod_problems(pod: dict[str, Any]) -> list[str]:
    problems = []
    if pod.get("automountServiceAccountToken") is not False:
        problems.append("automountServiceAccountToken must be false")
    if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
        problems.append("host namespaces are used")
    if not pod.get("containers"):
        problems.append("no containers")
    for container in pod.get("containers") or []:
        if not container.get("image"):
            problems.append(f"{container.get('name', '?')}: image not set")
        problems += container_security_problems(container, pod)
        problems += container_resource_problems(container)
        problems += tmp_problems(container, pod)
    return problems


def probe_problems(container: dict[str, Any], probe: str, path: str) -> list[str]:
    name = container.get("name", "?")
    spec = container.get(probe)
    if not spec:
        return [f"{name}: no {probe}"]
    http = spec.get("httpGet") or {}
    problems = []
    if http.get("path") != path:
        problems.append(f"{name}: {probe} must GET {path}, not {http.get('path')}")
    ports = {p.get("name") for p in container.get("ports") or []} | {
        p.get("containerPort") for p in container.get("ports") or []
    }
    if http.get("port") not in ports:
        problems.append(f"{name}: {probe} port {http.get('port')!r} is not a container port")
    return problems


def command_line(container: dict[str, Any]) -> list[str]:
    return [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]


def deployment_problems(deployment: Manifest) -> list[str]:
    """Everything one service Deployment must get right on its own."""
    problems = []
    spec = deployment.get("spec") or {}
    pod = (spec.get("template") or {}).get("spec") or {}
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    annotations = ((spec.get("template") or {}).get("metadata") or {}).get("annotations") or {}

    if "replicas" in spec:
        problems.append("replicas is set: the HorizontalPodAutoscaler owns the count")
    if not selects(spec.get("selector"), labels) or not spec.get("selector"):
        problems.append("selector does not match the pod template labels")
    problems += pod_problems(pod)
    if pod.get("enableServiceLinks") is not False:
        problems.append("enableServiceLinks must be false (injected *_PORT variables)")
    if annotations.get("prometheus.io/scrape") != "true":
        problems.append("no prometheus.io/scrape annotation")
    if annotations.get("prometheus.io/path") != "/metrics":
        problems.append("prometheus.io/path must be /metrics")
    if annotations.get("prometheus.io/port") != str(APP_PORT):
        problems.append(f"prometheus.io/port must be {APP_PORT}")
    constraints = pod.get("topologySpreadConstraints") or []
    if not constraints:
        problems.append("no topologySpreadConstraints")
    for constraint in constraints:
        if not selects(constraint.get("labelSelector"), labels) or not constraint.get(
            "labelSelector"
        ):
            problems.append("a topologySpreadConstraint does not select the pods")

    for container in pod.get("containers") or []:
        name = container.get("name", "?")
        problems += probe_problems(container, "livenessProbe", "/healthz")
        problems += probe_problems(container, "readinessProbe", "/readyz")
        if not container.get("startupProbe"):
            problems.append(f"{name}: no startupProbe")
        line = command_line(container)
        if any("alembic" in part or "migrate" in part for part in line):
            problems.append(f"{name}: runs migrations at start ({shlex.join(line)})")
        if len(line) < 2 or line[0] != "serve" or line[1] not in SERVICES:
            problems.append(f"{name}: args must be `serve <service>`, got {line}")
        if "--port" not in line or line[line.index("--port") + 1 :][:1] != [str(APP_PORT)]:
            problems.append(f"{name}: must listen on --port {APP_PORT}")
        ports = [p.get("containerPort") for p in container.get("ports") or []]
        if APP_PORT not in ports:
            problems.append(f"{name}: containerPort {APP_PORT} not declared")
    return problems


def service_of(deployment: Manifest) -> str:
    """projects / governance / reporting / gateway, from `serve <service>`."""
    return command_line(pod_spec(deployment)["containers"][0])[1]


def companion_problems(deployment: Manifest, manifests: list[Manifest]) -> list[str]:
    """The Service, HPA and PDB that go with a Deployment, and whether they really match it."""
    name = deployment["metadata"]["name"]
    labels = pod_labels(deployment)
    other_pods = [pod_labels(d) for d in of_kind(manifests, "Deployment") if d is not deployment]
    container = pod_spec(deployment)["containers"][0]
    port_names = {p.get("name") for p in container.get("ports") or []}
    port_numbers = {p.get("containerPort") for p in container.get("ports") or []}
    problems = []

    services = [
        s
        for s in of_kind(manifests, "Service")
        if s["spec"].get("selector") and selects({"matchLabels": s["spec"]["selector"]}, labels)
    ]
    if len(services) != 1:
        problems.append(f"{name}: {len(services)} Services select its pods, want 1")
    for service in services:
        if any(selects({"matchLabels": service["spec"]["selector"]}, o) for o in other_pods):
            problems.append(f"{name}: Service {service['metadata']['name']} selects other pods")
        for port in service["spec"].get("ports") or []:
            if port.get("targetPort") not in port_names | port_numbers:
                problems.append(f"{name}: Service targetPort {port.get('targetPort')} unknown")

    hpas = [
        h
        for h in of_kind(manifests, "HorizontalPodAutoscaler")
        if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
        and h["spec"]["scaleTargetRef"].get("name") == name
    ]
    if len(hpas) != 1:
        problems.append(f"{name}: {len(hpas)} HorizontalPodAutoscalers target it, want 1")
    for hpa in hpas:
        metrics = hpa["spec"].get("metrics") or []
        if not any((m.get("resource") or {}).get("name") == "cpu" for m in metrics):
            problems.append(f"{name}: HPA does not scale on CPU")
        if not 1 <= hpa["spec"].get("minReplicas", 1) <= hpa["spec"]["maxReplicas"]:
            problems.append(f"{name}: HPA bounds are inverted")

    pdbs = [
        p
        for p in of_kind(manifests, "PodDisruptionBudget")
        if selects(p["spec"].get("selector"), labels)
    ]
    if len(pdbs) != 1:
        problems.append(f"{name}: {len(pdbs)} PodDisruptionBudgets select its pods, want 1")
    for pdb in pdbs:
        if any(selects(pdb["spec"].get("selector"), o) for o in other_pods):
            problems.append(f"{name}: PDB {pdb['metadata']['name']} selects other pods")
        if "minAvailable" not in pdb["spec"] and "maxUnavailable" not in pdb["spec"]:
            problems.append(f"{name}: PDB sets neither minAvailable nor maxUnavailable")
        for hpa in hpas:
            floor = hpa["spec"].get("minReplicas", 1)
            if pdb["spec"].get("minAvailable", 0) >= floor:
                problems.append(f"{name}: PDB minAvailable >= HPA minReplicas blocks every drain")
    return problems


def database_env_problems(deployment: Manifest) -> list[str]:
    """Each service gets its own database URL from a Secret, and nobody else's."""
    service = service_of(deployment)
    env = {e["name"]: e for c in pod_spec(deployment)["containers"] for e in c.get("env") or []}
    urls = {n for n in env if n.endswith("_DATABASE_URL")}
    expected = {f"{service.upper()}_DATABASE_URL"} if service in DATABASE_SERVICES else set()
    problems = []
    if urls != expected:
        problems.append(f"{service}: database URLs {sorted(urls)}, want {sorted(expected)}")
    for var in urls:
        if "secretKeyRef" not in (env[var].get("valueFrom") or {}):
            problems.append(f"{service}: {var} is not read from a Secret")
    return problems


def job_problems(job: Manifest) -> list[str]:
    """The migration Job: `pmo migrate` with every database URL, nothing else of the release."""
    problems = []
    pod = pod_spec(job)
    problems += pod_problems(pod)
    if pod.get("restartPolicy") not in {"Never", "OnFailure"}:
        problems.append("restartPolicy must be Never or OnFailure")
    containers = pod.get("containers") or []
    if not any(command_line(c)[:1] == ["migrate"] for c in containers):
        problems.append("the Job does not run `pmo migrate`")
    env = {e["name"]: e for c in containers for e in c.get("env") or []}
    for service in DATABASE_SERVICES:
        var = f"{service.upper()}_DATABASE_URL"
        if "secretKeyRef" not in ((env.get(var) or {}).get("valueFrom") or {}):
            problems.append(f"{var} not set from a Secret")
    # Runs before the release's other objects exist (PreSync): it may depend on none of them.
    if any(c.get("envFrom") for c in containers):
        problems.append("the Job reads a ConfigMap/Secret of the release via envFrom")
    if pod.get("serviceAccountName"):
        problems.append("the Job needs a ServiceAccount of the release")
    annotations = job["metadata"].get("annotations") or {}
    if annotations.get("argocd.argoproj.io/hook") != "PreSync":
        problems.append("the Job is not a PreSync hook")
    return problems


# --------------------------------------------------------------------------- network policy


def _peer_allows(peer: dict[str, Any], source_labels: dict[str, str]) -> bool:
    """A same-namespace pod as the peer (ipBlock and namespaceSelector-only peers don't count)."""
    if "ipBlock" in peer or "namespaceSelector" in peer:
        return False
    return selects(peer.get("podSelector"), source_labels)


def _ports_allow(ports: list[dict[str, Any]] | None, port: int | str) -> bool:
    return not ports or any(p.get("port") in {port, "http"} for p in ports)


def ingress_allowed(policies: list[Manifest], target: dict[str, str], source: dict[str, str]):
    """Whether a same-namespace pod labelled ``source`` may open a connection to one labelled
    ``target`` on the app port, under Kubernetes' additive NetworkPolicy semantics."""
    governing = [
        p
        for p in policies
        if selects(p["spec"].get("podSelector"), target)
        and "Ingress" in (p["spec"].get("policyTypes") or ["Ingress"])
    ]
    if not governing:
        return True
    return any(
        _ports_allow(rule.get("ports"), APP_PORT)
        and any(_peer_allows(peer, source) for peer in rule.get("from") or [])
        for policy in governing
        for rule in policy["spec"].get("ingress") or []
    )


def egress_allowed(policies: list[Manifest], source: dict[str, str], target: dict[str, str]):
    governing = [
        p
        for p in policies
        if selects(p["spec"].get("podSelector"), source)
        and "Egress" in (p["spec"].get("policyTypes") or [])
    ]
    if not governing:
        return True
    return any(
        _ports_allow(rule.get("ports"), APP_PORT)
        and any(_peer_allows(peer, target) for peer in rule.get("to") or [])
        for policy in governing
        for rule in policy["spec"].get("egress") or []
    )


def egress_ports(policies: list[Manifest], source: dict[str, str]) -> set[tuple[int, str]]:
    """(port, protocol) pairs the pod may reach anywhere outside the namespace's pods."""
    return {
        (port["port"], port.get("protocol", "TCP"))
        for policy in policies
        if selects(policy["spec"].get("podSelector"), source)
        and "Egress" in (policy["spec"].get("policyTypes") or [])
        for rule in policy["spec"].get("egress") or []
        for port in rule.get("ports") or []
        if isinstance(port.get("port"), int)
    }


def network_problems(manifests: list[Manifest]) -> list[str]:
    policies = of_kind(manifests, "NetworkPolicy")
    problems = []
    deny_all = [
        p
        for p in policies
        if p["spec"].get("podSelector") in ({}, None)
        and {"Ingress", "Egress"} <= set(p["spec"].get("policyTypes") or [])
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
    ]
    if not deny_all:
        problems.append("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress)")

    pods = {service_of(d): pod_labels(d) for d in of_kind(manifests, "Deployment")}
    jobs = [pod_labels(j) for j in of_kind(manifests, "Job")]
    upstream_calls = {
        ("reporting", "projects"),
        ("reporting", "governance"),
        ("governance", "projects"),
        # The projects service delivers project events to reporting's inbound webhook.
        ("projects", "reporting"),
    }
    allowed_calls = {("gateway", s) for s in DATABASE_SERVICES} | upstream_calls
    for caller, caller_labels in pods.items():
        for callee, callee_labels in pods.items():
            if caller == callee:
                continue
            want = (caller, callee) in allowed_calls
            for direction, got in (
                ("ingress", ingress_allowed(policies, callee_labels, caller_labels)),
                ("egress", egress_allowed(policies, caller_labels, callee_labels)),
            ):
                if got != want:
                    verb = "allows" if got else "blocks"
                    problems.append(f"{direction} {verb} {caller} -> {callee}")

    gateway_ingress = [
        peer
        for p in policies
        if "gateway" in pods and selects(p["spec"].get("podSelector"), pods["gateway"])
        for rule in p["spec"].get("ingress") or []
        for peer in rule.get("from") or []
        if "namespaceSelector" in peer
    ]
    if not gateway_ingress:
        problems.append("the gateway is not reachable from the ingress controller's namespace")

    for name, labels in [*pods.items(), *(("migrate job", j) for j in jobs)]:
        ports = egress_ports(policies, labels)
        if (53, "UDP") not in ports:
            problems.append(f"{name}: no DNS egress")
        needs_db = name in DATABASE_SERVICES or name == "migrate job"
        if needs_db != ((5432, "TCP") in ports):
            problems.append(f"{name}: PostgreSQL egress {'missing' if needs_db else 'open'}")
    return problems


# --------------------------------------------------------------------------- kustomize


def kustomization_problems(directory: Path, kustomization: Manifest) -> list[str]:
    problems = []
    for entry in kustomization.get("resources") or []:
        target = directory / entry
        if not target.exists():
            problems.append(f"{directory.name}: resource {entry} does not exist")
        elif target.is_dir() and not (target / "kustomization.yaml").exists():
            problems.append(f"{directory.name}: {entry} has no kustomization.yaml")
    for patch in kustomization.get("patches") or []:
        if "path" in patch and not (directory / patch["path"]).is_file():
            problems.append(f"{directory.name}: patch {patch['path']} does not exist")
        if "patch" in patch:
            try:
                yaml.safe_load(patch["patch"])
            except yaml.YAMLError as exc:
                problems.append(f"{directory.name}: inline patch is not YAML: {exc}")
        if "path" not in patch and "patch" not in patch:
            problems.append(f"{directory.name}: a patch has neither path nor patch")
    for generator in kustomization.get("configMapGenerator") or []:
        for file in [*(generator.get("files") or []), *(generator.get("envs") or [])]:
            if not (directory / file.split("=")[-1]).is_file():
                problems.append(f"{directory.name}: generator file {file} does not exist")
    return problems


def referenced_files() -> set[Path]:
    """Files some kustomization lists as a resource or a patch."""
    files = set()
    for directory, kustomization in kustomizations().items():
        files |= {(directory / r).resolve() for r in kustomization.get("resources") or []}
        files |= {
            (directory / p["path"]).resolve()
            for p in kustomization.get("patches") or []
            if "path" in p
        }
    return files


def render(overlay: Path) -> list[Manifest]:
    # kubectl ships with the machine image this project runs on (its kustomize works offline).
    assert shutil.which("kubectl"), "kubectl is needed to render the kustomize overlays"
    result = subprocess.run(
        ["kubectl", "kustomize", str(overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [d for d in yaml.safe_load_all(result.stdout) if d]


# --------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending = f"{pending} {line}".strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        keyword, _, rest = pending.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        pending = ""
    return instructions


def dockerfile_stages(text: str) -> list[list[tuple[str, str]]]:
    """Instructions per stage; FROM images resolved against the global ARG defaults."""
    args: dict[str, str] = {}
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in dockerfile_instructions(text):
        if keyword == "FROM":
            image = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m[1] or m[2], ""), rest)
            stages.append([(keyword, image)])
        elif stages:
            stages[-1].append((keyword, rest))
        elif keyword == "ARG" and "=" in rest:
            key, value = rest.split("=", 1)
            args[key] = value
    return stages


def dockerfile_problems(text: str) -> list[str]:
    problems = []
    stages = dockerfile_stages(text)
    if len(stages) < 2:
        return ["not a multi-stage build"]
    builder, final = stages[:-1], stages[-1]
    runs = [rest for stage in stages for keyword, rest in stage if keyword == "RUN"]
    if any(re.search(r"\b(curl|wget)\b", run) for run in runs):
        problems.append("downloads with curl/wget: install uv from PyPI with pip")
    if not any(re.search(r"\bpip install\b.*\buv\b", run) for run in runs):
        problems.append("uv is not installed with pip")
    syncs = [run for run in runs if "uv sync" in run]
    if not syncs:
        problems.append("no `uv sync`")
    for run in syncs:
        if "--locked" not in run:
            problems.append(f"`uv sync` without --locked: {run}")
        if "--no-dev" not in run:
            problems.append(f"`uv sync` without --no-dev: {run}")
        if "--no-editable" in run:
            problems.append("--no-editable: the code must run from /app to find migrations/")
    if any(k == "RUN" and "uv sync" in r for k, r in final):
        problems.append("the runtime stage installs dependencies")

    if not final[0][1].split(" AS ")[0].split(" as ")[0].strip().startswith("python:3.11-slim"):
        problems.append(f"runtime image is {final[0][1]}, want python:3.11-slim")
    users = [rest for keyword, rest in final if keyword == "USER"]
    if not users:
        problems.append("no USER in the runtime stage")
    else:
        user = users[-1].split(":")[0]
        if not user.isdigit() or int(user) == 0:
            problems.append(f"USER {users[-1]}: want a numeric non-root uid")
        elif int(user) != APP_UID:
            problems.append(f"USER {user} differs from the manifests' runAsUser {APP_UID}")
        after_user = final[[k for k, _ in final].index("USER") :]
        if any(k == "RUN" for k, _ in after_user):
            problems.append("RUN after USER")
    copies = [rest for keyword, rest in final if keyword == "COPY"]
    for needed in ("/app/.venv", "migrations", "shared", "services", "pmo", "pyproject.toml"):
        if not any(needed in copy_ for copy_ in copies):
            problems.append(f"the runtime stage does not copy {needed}")
    final_kv = dict(final)
    # Exec form only: the shell form would run pmo under /bin/sh, which eats SIGTERM.
    if exec_form(final_kv.get("ENTRYPOINT")) != ["pmo"]:
        problems.append('ENTRYPOINT must be ["pmo"] (exec form)')
    if (exec_form(final_kv.get("CMD")) or [])[:2] != ["serve", "gateway"]:
        problems.append('CMD must be ["serve", "gateway"] (exec form)')
    if str(APP_PORT) not in final_kv.get("EXPOSE", "").split():
        problems.append(f"EXPOSE {APP_PORT} missing")
    if not builder:
        problems.append("no builder stage")
    return problems


def exec_form(arguments: str | None) -> list[str] | None:
    try:
        value = json.loads(arguments or "")
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, list) else None


def context_sources(text: str) -> list[str]:
    """Paths the Dockerfile copies from the build context (not from another stage)."""
    sources = []
    for keyword, rest in dockerfile_instructions(text):
        if keyword in {"COPY", "ADD"} and "--from=" not in rest:
            parts = [p for p in rest.split() if not p.startswith("--")]
            sources += parts[:-1]
    return sources


# --------------------------------------------------------------------------- .dockerignore


def _ignore_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def ignored(patterns: list[str], path: str) -> bool:
    """BuildKit's rule: the last pattern matching the path or one of its parents wins."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        pattern = pattern.strip("/")
        regex = _ignore_regex(pattern)
        if any(regex.match(prefix) for prefix in prefixes):
            result = not negate
    return result


def ignore_patterns(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


MUST_IGNORE = (
    ".venv/bin/python",
    ".state/pgdata/PG_VERSION",
    ".state/dev-jwt-secret",
    ".git/HEAD",
    "tests/conftest.py",
    "services/projects/__pycache__/main.cpython-311.pyc",
    ".env",
)
MUST_KEEP = (
    "pyproject.toml",
    "uv.lock",
    "README.md",
    "migrations/alembic.ini",
    "migrations/projects/versions/0001_initial.py",
    "shared/settings.py",
    "services/projects/main.py",
    "pmo/cli.py",
)


def dockerignore_problems(text: str) -> list[str]:
    patterns = ignore_patterns(text)
    return [f"{p} reaches the build context" for p in MUST_IGNORE if not ignored(patterns, p)] + [
        f"{p} is left out of the build context" for p in MUST_KEEP if ignored(patterns, p)
    ]


# =========================================================================== tests


def test_every_yaml_parses_and_is_a_manifest_a_kustomization_or_a_patch() -> None:
    files = yaml_files()
    assert files, "no YAML under deploy/k8s"
    for path in files:
        docs = load_documents(path)
        assert docs, f"{path} is empty"
        for doc in docs:
            patch = isinstance(doc, list) and all("op" in op and "path" in op for op in doc)
            assert is_manifest(doc) or patch, f"{path}: neither a manifest nor a JSON patch"


def test_kustomizations_reference_existing_files() -> None:
    found = kustomizations()
    assert set(found) == {BASE, *OVERLAYS.values()}
    for directory, kustomization in found.items():
        assert kustomization_problems(directory, kustomization) == []


def test_every_file_is_used_by_a_kustomization() -> None:
    used = referenced_files()
    orphans = [
        p.relative_to(K8S)
        for p in yaml_files()
        if p.name != "kustomization.yaml" and p.resolve() not in used
    ]
    assert orphans == []


def test_kustomization_checker_catches_missing_files(tmp_path: Path) -> None:
    broken = {
        "resources": ["gone.yaml", "../nowhere"],
        "patches": [{"path": "patches/gone.yaml"}, {"target": {"kind": "Deployment"}}],
        "configMapGenerator": [{"name": "x", "envs": ["missing.env"]}],
    }
    problems = kustomization_problems(tmp_path, broken)
    assert len(problems) == 5, problems


def test_base_has_four_services_with_all_companions() -> None:
    manifests = base_manifests()
    deployments = of_kind(manifests, "Deployment")
    assert sorted(service_of(d) for d in deployments) == sorted(SERVICES)
    assert len(of_kind(manifests, "ServiceAccount")) == 1
    assert of_kind(manifests, "ServiceAccount")[0].get("automountServiceAccountToken") is False


@pytest.mark.parametrize("service", SERVICES)
def test_deployment(service: str) -> None:
    manifests = base_manifests()
    deployment = by_name(manifests, "Deployment")[f"pmo-{service}"]
    assert deployment_problems(deployment) == []
    assert companion_problems(deployment, manifests) == []
    assert database_env_problems(deployment) == []
    account = pod_spec(deployment).get("serviceAccountName")
    assert account in by_name(manifests, "ServiceAccount")


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_reads_the_generated_configmap(service: str) -> None:
    deployment = by_name(base_manifests(), "Deployment")[f"pmo-{service}"]
    refs = {
        source["configMapRef"]["name"]
        for c in pod_spec(deployment)["containers"]
        for source in c.get("envFrom") or []
        if "configMapRef" in source
    }
    assert refs and refs <= generated_configmaps(kustomizations()[BASE])


def test_configmap_points_services_at_each_other_in_cluster() -> None:
    settings = generator_literals(kustomizations()[BASE], "pmo-config")
    services = by_name(base_manifests(), "Service")
    for var, target in {
        "REPORTING_PROJECTS_URL": "projects",
        "REPORTING_GOVERNANCE_URL": "governance",
        "GATEWAY_PROJECTS_URL": "projects",
        "GATEWAY_GOVERNANCE_URL": "governance",
        "GATEWAY_REPORTING_URL": "reporting",
    }.items():
        port = services[f"pmo-{target}"]["spec"]["ports"][0]["port"]
        assert settings.get(var) == f"http://pmo-{target}:{port}", var
    # Reporting's webhook callback: its Service, the same URL for every replica.
    reporting_port = services["pmo-reporting"]["spec"]["ports"][0]["port"]
    assert settings.get("REPORTING_PUBLIC_URL") == f"http://pmo-reporting:{reporting_port}"
    assert settings.get("PMO_LOG_JSON") == "true"
    assert settings.get("PMO_STATE_DIR", "").startswith("/tmp/")
    assert not any("DATABASE_URL" in key or "SECRET" in key for key in settings)


def test_deployment_checker_catches_a_broken_deployment() -> None:
    broken = copy.deepcopy(by_name(base_manifests(), "Deployment")["pmo-projects"])
    broken["spec"]["replicas"] = 3
    pod = broken["spec"]["template"]["spec"]
    pod["automountServiceAccountToken"] = True
    pod.pop("topologySpreadConstraints")
    container = pod["containers"][0]
    container["image"] = ""
    container["args"] = ["sh", "-c", "alembic upgrade head && pmo serve projects"]
    container.pop("readinessProbe")
    container["livenessProbe"]["httpGet"]["path"] = "/"
    container["startupProbe"]["httpGet"]["port"] = 9999
    del container["resources"]["limits"]
    container["securityContext"]["readOnlyRootFilesystem"] = False
    container["securityContext"]["allowPrivilegeEscalation"] = True
    container["securityContext"]["capabilities"] = {"drop": ["NET_RAW"]}
    del container["securityContext"]["seccompProfile"]
    del pod["securityContext"]["seccompProfile"]
    container["volumeMounts"] = []
    broken["spec"]["template"]["metadata"]["annotations"] = {}

    problems = "\n".join(deployment_problems(broken))
    for expected in (
        "replicas is set",
        "automountServiceAccountToken",
        "topologySpreadConstraints",
        "image not set",
        "runs migrations at start",
        "no readinessProbe",
        "livenessProbe must GET /healthz",
        "resources.limits.cpu",
        "readOnlyRootFilesystem",
        "allowPrivilegeEscalation",
        "capabilities must drop ALL",
        "seccompProfile",
        "/tmp is not an emptyDir",
        "prometheus.io/scrape",
        "args must be `serve <service>`",
    ):
        assert expected in problems, expected


def test_companion_checker_catches_mismatched_selectors() -> None:
    manifests = copy.deepcopy(base_manifests())
    by_name(manifests, "Service")["pmo-projects"]["spec"]["selector"] = {
        "app.kubernetes.io/name": "projects"
    }
    by_name(manifests, "PodDisruptionBudget")["pmo-projects"]["spec"]["selector"] = {
        "matchLabels": {"app.kubernetes.io/part-of": "pmo"}
    }
    by_name(manifests, "HorizontalPodAutoscaler")["pmo-projects"]["spec"]["scaleTargetRef"][
        "name"
    ] = "projects"
    problems = "\n".join(
        companion_problems(by_name(manifests, "Deployment")["pmo-projects"], manifests)
    )
    assert "0 Services select its pods" in problems
    assert "0 HorizontalPodAutoscalers" in problems
    assert "PDB pmo-projects selects other pods" in problems


def test_reporting_replicas_share_their_events_secret_from_a_secret() -> None:
    deployment = by_name(base_manifests(), "Deployment")["pmo-reporting"]
    [container] = pod_spec(deployment)["containers"]
    env = {e["name"]: e for e in container.get("env") or []}
    ref = (env["REPORTING_EVENTS_SECRET"].get("valueFrom") or {}).get("secretKeyRef") or {}
    assert ref.get("name") == "pmo-reporting-events" and not ref.get("optional")


def test_database_urls_are_secrets_one_per_service() -> None:
    broken = copy.deepcopy(by_name(base_manifests(), "Deployment")["pmo-gateway"])
    broken["spec"]["template"]["spec"]["containers"][0]["env"] = [
        {"name": "PROJECTS_DATABASE_URL", "value": "postgresql://pmo:pw@db/pmo_projects"}
    ]
    problems = database_env_problems(broken)
    assert len(problems) == 2, problems


def test_migration_job() -> None:
    jobs = of_kind(base_manifests(), "Job")
    assert len(jobs) == 1
    assert job_problems(jobs[0]) == []


def test_job_checker_catches_a_job_that_does_not_migrate() -> None:
    broken = copy.deepcopy(of_kind(base_manifests(), "Job")[0])
    pod = broken["spec"]["template"]["spec"]
    pod["restartPolicy"] = "Always"
    pod["serviceAccountName"] = "pmo"
    pod["containers"][0]["args"] = ["serve", "projects"]
    pod["containers"][0]["env"] = pod["containers"][0]["env"][:-1]
    pod["containers"][0]["envFrom"] = [{"configMapRef": {"name": "pmo-config"}}]
    del broken["metadata"]["annotations"]
    assert len(job_problems(broken)) == 6, job_problems(broken)


def test_network_policies() -> None:
    assert network_problems(base_manifests()) == []


def test_network_checker_catches_open_and_closed_paths() -> None:
    manifests = copy.deepcopy(base_manifests())
    policies = by_name(manifests, "NetworkPolicy")
    policies["pmo-default-deny"]["spec"]["policyTypes"] = ["Egress"]
    # governance may now call reporting; the gateway may no longer call projects.
    reporting_from = policies["pmo-reporting-ingress"]["spec"]["ingress"][0]["from"]
    reporting_from.append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "pmo-governance"}}}
    )
    projects_from = policies["pmo-projects-ingress"]["spec"]["ingress"][0]["from"]
    projects_from.pop(0)
    policies["pmo-postgres-egress"]["spec"]["podSelector"] = {}
    problems = "\n".join(network_problems(list(manifests)))
    assert "no default-deny" in problems
    assert "ingress allows governance -> reporting" in problems
    assert "ingress blocks gateway -> projects" in problems
    assert "gateway: PostgreSQL egress open" in problems


def test_selector_semantics() -> None:
    labels = {"app.kubernetes.io/name": "pmo-projects", "tier": "api"}
    assert selects({}, labels)
    assert selects({"matchLabels": {"tier": "api"}}, labels)
    assert not selects({"matchLabels": {"tier": "web"}}, labels)
    expr = {"key": "app.kubernetes.io/name", "operator": "In", "values": ["pmo-projects"]}
    assert selects({"matchExpressions": [expr]}, labels)
    assert not selects({"matchExpressions": [{**expr, "operator": "NotIn"}]}, labels)
    assert not selects({"matchExpressions": [{"key": "x", "operator": "Exists"}]}, labels)


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_overlay_sets_image_namespace_and_environment(overlay: str) -> None:
    directory = OVERLAYS[overlay]
    kustomization = kustomizations()[directory]
    images = {i["name"]: i for i in kustomization.get("images") or []}
    assert IMAGE_PLACEHOLDER in images
    assert images[IMAGE_PLACEHOLDER].get("newTag") or images[IMAGE_PLACEHOLDER].get("digest")
    assert kustomization.get("namespace")
    namespaces = [
        doc
        for r in kustomization["resources"]
        if (directory / r).is_file()
        for doc in load_documents(directory / r)
        if doc.get("kind") == "Namespace"
    ]
    assert [n["metadata"]["name"] for n in namespaces] == [kustomization["namespace"]]
    assert namespaces[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == (
        "restricted"
    )
    generator = next(g for g in kustomization["configMapGenerator"] if g["name"] == "pmo-config")
    assert generator.get("behavior") == "merge"
    environment = generator_literals(kustomization, "pmo-config").get("PMO_ENVIRONMENT")
    assert environment == {"dev": "development", "production": "production"}[overlay]
    hpa_patches = [
        p for p in kustomization["patches"] if p["target"]["kind"] == "HorizontalPodAutoscaler"
    ]
    assert hpa_patches, "the overlay does not set the HPA bounds"


def test_production_overlay_configures_oidc() -> None:
    settings = generator_literals(kustomizations()[OVERLAYS["production"]], "pmo-config")
    assert settings.get("PMO_AUTH_JWKS_URL", "").startswith("https://")
    assert settings.get("PMO_AUTH_OIDC_ISSUER", "").startswith("https://")
    assert "PMO_AUTH_JWT_SECRET" not in settings


def test_all_manifests_are_namespace_neutral() -> None:
    """The overlays choose the namespace; a hard-coded one would escape it."""
    for manifest in source_manifests():
        if manifest["kind"] != "Namespace":
            assert "namespace" not in manifest["metadata"], manifest["metadata"]["name"]


def test_uid_and_port_agree_between_image_and_manifests() -> None:
    final = dockerfile_stages(DOCKERFILE.read_text())[-1]
    user = [rest for keyword, rest in final if keyword == "USER"][-1]
    assert user.split(":")[0] == str(APP_UID)
    for workload in [*of_kind(base_manifests(), "Deployment"), *of_kind(base_manifests(), "Job")]:
        pod = pod_spec(workload)
        assert pod["securityContext"]["runAsUser"] == APP_UID
        assert all(c["image"] == IMAGE_PLACEHOLDER for c in pod["containers"])


# --------------------------------------------------------------------------- rendered


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_rendered_overlay(overlay: str) -> None:
    """`kubectl kustomize` (offline): the patches apply and the result still passes."""
    manifests = render(OVERLAYS[overlay])
    namespace = kustomizations()[OVERLAYS[overlay]]["namespace"]
    configmaps = {m["metadata"]["name"] for m in of_kind(manifests, "ConfigMap")}
    problems = []
    for manifest in manifests:
        if manifest["kind"] != "Namespace" and manifest["metadata"].get("namespace") != namespace:
            problems.append(f"{manifest['kind']} {manifest['metadata']['name']} not in {namespace}")
    for deployment in of_kind(manifests, "Deployment"):
        problems += deployment_problems(deployment)
        problems += companion_problems(deployment, manifests)
        problems += database_env_problems(deployment)
    for workload in [*of_kind(manifests, "Deployment"), *of_kind(manifests, "Job")]:
        for container in pod_spec(workload)["containers"]:
            image = container["image"]
            if image == IMAGE_PLACEHOLDER or not re.search(r"(:[\w.-]+|@sha256:\w+)$", image):
                problems.append(f"{workload['metadata']['name']}: image {image} has no tag")
            for source in container.get("envFrom") or []:
                ref = (source.get("configMapRef") or {}).get("name")
                if ref is not None and ref not in configmaps:
                    problems.append(f"{workload['metadata']['name']}: no ConfigMap {ref}")
    problems += [p for job in of_kind(manifests, "Job") for p in job_problems(job)]
    problems += network_problems(manifests)
    assert problems == []

    settings = of_kind(manifests, "ConfigMap")[0]["data"]
    assert (
        settings["PMO_ENVIRONMENT"] == {"dev": "development", "production": "production"}[overlay]
    )
    floors = [h["spec"]["minReplicas"] for h in of_kind(manifests, "HorizontalPodAutoscaler")]
    assert min(floors) >= (2 if overlay == "production" else 1)


# --------------------------------------------------------------------------- image


def test_dockerfile() -> None:
    assert dockerfile_problems(DOCKERFILE.read_text()) == []


def test_dockerfile_checker_catches_a_bad_image() -> None:
    bad = """
FROM python:3.12 AS builder
RUN curl -LsSf https://astral.sh/uv/install.sh | sh
RUN uv sync --no-editable
FROM python:3.12
COPY --from=builder /app/.venv /app/.venv
COPY shared services pmo pyproject.toml /app/
USER root
RUN touch /app/x
ENTRYPOINT pmo
CMD ["serve", "gateway"]
"""
    problems = "\n".join(dockerfile_problems(bad))
    for expected in (
        "curl/wget",
        "not installed with pip",
        "without --locked",
        "without --no-dev",
        "--no-editable",
        "runtime image",
        "numeric non-root uid",
        "RUN after USER",
        "does not copy migrations",
        "ENTRYPOINT",
        "EXPOSE",
    ):
        assert expected in problems, expected
    assert dockerfile_problems("FROM python:3.11-slim\n") == ["not a multi-stage build"]


def test_dockerignore_keeps_local_state_out_and_the_sources_in() -> None:
    assert dockerignore_problems(DOCKERIGNORE.read_text()) == []


def test_everything_the_dockerfile_copies_reaches_the_context() -> None:
    patterns = ignore_patterns(DOCKERIGNORE.read_text())
    sources = context_sources(DOCKERFILE.read_text())
    assert {"migrations", "shared", "services", "pmo", "uv.lock", "pyproject.toml"} <= {
        s.strip("./") for s in sources
    }
    for source in sources:
        path = source.strip("./")
        assert (ROOT / path).exists(), path
        assert not ignored(patterns, path), path


def test_dockerignore_checker_catches_a_leaky_ignore_file() -> None:
    problems = dockerignore_problems("**/__pycache__\n.git\nmigrations\n")
    assert ".venv/bin/python reaches the build context" in problems
    assert ".state/dev-jwt-secret reaches the build context" in problems
    assert "tests/conftest.py reaches the build context" in problems
    assert "migrations/alembic.ini is left out of the build context" in problems
    assert ".git/HEAD reaches the build context" not in problems
