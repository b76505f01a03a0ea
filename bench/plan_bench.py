#!/usr/bin/env python3
"""Terraform plan benchmark (issue 15): a 16 MiB minified `terraform show -json` plan —
thousands of resources, a few coreweave_cks_cluster changes — linted against `cat`
reading the same file, interleaved in the same run; peak RSS against the file size.

usage: bench/plan_bench.py [--runs 15] [--resources 9000]   (from the repository root;
builds nothing: run `cargo build --release` first)
"""
import base64, json, os, resource, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import BIN, arg, interleaved, peak_rss_kib  # noqa: E402

LIMIT = 16 * 1024 * 1024
AUDIT = base64.b64encode(b"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n").decode()


def cluster(name, zone="US-EAST-04A", version="v1.35"):
    return {"name": name, "zone": zone, "vpc_id": "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50", "version": version,
            "public": False, "pod_cidr_name": "pods", "service_cidr_name": "services",
            "internal_lb_cidr_names": ["lb"], "audit_policy": AUDIT, "kubelet": '{"maxPods":256}', "oidc": None,
            "authn_webhook": None, "authz_webhook": None, "tailscale": None, "additional_server_sans": None,
            "shared_storage_cluster_id": None}


def generate(path, resources):
    changes, planned = [], []
    for i in range(resources):
        addr = f'module.app{i % 40}.terraform_data.item["k{i}"]'
        after = {"input": {"name": f"item-{i}", "tags": {f"t{j}": "x" * 40 for j in range(12)}, "list": list(range(30))},
                 "output": None, "triggers_replace": None}
        changes.append({"address": addr, "module_address": f"module.app{i % 40}", "mode": "managed",
                        "type": "terraform_data", "name": "item", "index": f"k{i}",
                        "provider_name": "terraform.io/builtin/terraform",
                        "change": {"actions": ["create"], "before": None, "after": after,
                                   "after_unknown": {"id": True, "output": True}, "before_sensitive": False,
                                   "after_sensitive": {}}})
        planned.append({"address": addr, "mode": "managed", "type": "terraform_data", "name": "item",
                        "index": f"k{i}", "values": after, "sensitive_values": {}})
        if i % (resources // 3) == 0:
            n = i // (resources // 3)
            c = cluster(f"Prod-{n}" if n == 1 else f"prod-{n}")
            changes.append({"address": f'module.cks.coreweave_cks_cluster.this["c{n}"]', "module_address": "module.cks",
                            "mode": "managed", "type": "coreweave_cks_cluster", "name": "this", "index": f"c{n}",
                            "provider_name": "registry.terraform.io/coreweave/coreweave",
                            "change": {"actions": ["delete", "create"] if n == 2 else ["create"],
                                       "before": cluster(f"prod-{n}", zone="US-WEST-09B") if n == 2 else None,
                                       "after": c, "after_unknown": {"id": True, "status": True},
                                       "before_sensitive": {}, "after_sensitive": {},
                                       "replace_paths": [["zone"]] if n == 2 else None}})
    doc = {"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {"root_module": {"resources": planned}},
           "resource_changes": changes, "configuration": {"root_module": {}}}
    text = json.dumps(doc, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text)
    return len(text)


def cpu(cmd):
    """CPU seconds (user + system) one run of `cmd` takes: on a shared, loaded machine
    wall time mostly measures the wait for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cpu_interleaved(cmds, runs):
    samples = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            samples[i].append(cpu(c))
    return [statistics.median(x) for x in samples]


def main():
    runs = arg("--runs", 15)
    resources = arg("--resources", 9000)
    path = os.path.join(tempfile.gettempdir(), "ckslint-bench", "plan-16m.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    size = generate(path, resources)
    while size > LIMIT:
        resources = int(resources * LIMIT / size * 0.99)
        size = generate(path, resources)
    print(f"plan: {size:,} bytes, {resources:,} resources + 3 clusters ({path})")
    rows = []
    for fmt in ["json", "human"]:
        lint = f"{BIN} check --isolated --format {fmt} {path}"
        t_cat, t_lint = interleaved([f"cat {path}", lint], runs)
        rows.append((f"16 MiB plan, --format {fmt}, wall", f"{t_lint*1000:.0f} ms", f"cat: {t_cat*1000:.1f} ms", f"{t_lint/t_cat:.1f}x cat"))
        c_cat, c_lint = cpu_interleaved([f"cat {path} >/dev/null", lint], runs)
        rows.append((f"16 MiB plan, --format {fmt}, CPU (user+sys)", f"{c_lint*1000:.0f} ms", f"cat: {c_cat*1000:.1f} ms", f"{c_lint/max(c_cat, 1e-3):.1f}x cat"))
    rss = peak_rss_kib(f"{BIN} check --isolated --format json {path}")
    rows.append(("peak RSS", f"{rss/1024:.1f} MiB", f"file: {size/1048576:.1f} MiB", f"{rss*1024/size:.1f}x the file"))
    print("| case | ckslint | floor | ratio |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
