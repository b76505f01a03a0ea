#!/usr/bin/env python3
"""Bounded cost on every legal shape (issue 18): one file each, generated near 16 MiB.

usage: bench/shapes.py [--runs 3] [--only NAME[,NAME]] [--unseen] [--no-build] [--timeout 120]
       (CKSLINT_BIN=path measures another build, e.g. the one before a change)
       (from the repository root; also `python3 bench/bench.py --shapes`)

For every shape: `cat FILE` and `ckslint check --isolated --format F FILE` (F = json,
human) timed interleaved in the same run (medians), peak RSS from /usr/bin/time -v, and
the number of findings. Budget: about 1 s on 2 cores and 256 MiB peak, in both formats.
A run over the timeout is reported as such (and its RSS not measured).
Prints a Markdown table to paste into BENCHMARKS.md.
"""
import json, os, platform, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("CKSLINT_BIN") or os.path.join(ROOT, "target", "release", "ckslint")
WORK = os.path.join(tempfile.gettempdir(), "ckslint-shapes")
LIMIT = 16 * 1024 * 1024

BASE = {
    "name": "big",
    "zone": "US-EAST-04A",
    "vpcId": "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50",
    "version": "v1.35",
    "network": {"podCidrName": "pods", "serviceCidrName": "services", "internalLbCidrNames": ["lb"]},
}


def arg(name, default):
    if name in sys.argv:
        return type(default)(sys.argv[sys.argv.index(name) + 1])
    return default


def req(**extra):
    r = json.loads(json.dumps(BASE))
    r.update(extra)
    return r


def dump(obj):
    # One item a line, as a generator or a formatter would write it.
    return json.dumps(obj, indent=1)


def unknown_keys_json(n):
    r = req()
    for i in range(n):
        r[f"unknownKey{i:06d}"] = i
    return dump(r)


def unknown_keys_yaml(n):
    head = "name: big\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n"
    head += "network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n"
    return head + "".join(f"unknownKey{i:06d}: {i}\n" for i in range(n))


def sans_distinct(n):
    return dump(req(additionalServerSans=[f"api{i:06d}.example.com" for i in range(n)]))


def sans_identical(n):
    return dump(req(additionalServerSans=["api.example.com"] * n))


def kubelet_unknown(n):
    return dump(req(kubelet={f"unknownOption{i:06d}": i for i in range(n)}))


def kubelet_unknown_yaml(n):
    head = unknown_keys_yaml(0)
    return head + "kubelet:\n" + "".join(f"  unknownOption{i:06d}: {i}\n" for i in range(n))


def network_unknown(n):
    r = req()
    for i in range(n):
        r["network"][f"unknownNet{i:06d}"] = i
    return dump(r)


def lb_distinct(n):
    r = req()
    r["network"]["internalLbCidrNames"] = [f"lb{i:06d}" for i in range(n)]
    return dump(r)


def lb_identical(n):
    r = req()
    r["network"]["internalLbCidrNames"] = ["lb"] * n
    return json.dumps(r)


def yaml_stream(n):
    doc = (
        "name: c{i}\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n"
        "network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n"
        "kubelet:\n  maxPods: 110\n"
    )
    return "".join("---\n" + doc.format(i=i) for i in range(n))


# name, file name, generator, count, what
SHAPES = [
    ("keys-json", "keys.cks.json", unknown_keys_json, 500_000, "500,000 unknown top-level keys (JSON)"),
    ("keys-yaml", "keys.cks.yaml", unknown_keys_yaml, 500_000, "500,000 unknown top-level keys (YAML)"),
    ("sans-distinct", "sans.cks.json", sans_distinct, 500_000, "500,000 distinct additionalServerSans"),
    ("sans-identical", "sans-same.cks.json", sans_identical, 600_000, "600,000 identical additionalServerSans"),
    ("kubelet", "kubelet.cks.json", kubelet_unknown, 400_000, "400,000 unknown kubelet options"),
    ("kubelet-yaml", "kubelet.cks.yaml", kubelet_unknown_yaml, 400_000, "400,000 unknown kubelet options (YAML)"),
    ("network-keys", "network-keys.cks.json", network_unknown, 500_000, "500,000 unknown keys in `network`"),
    ("lb-distinct", "lb.cks.json", lb_distinct, 800_000, "800,000 distinct internalLbCidrNames"),
    ("lb-identical", "lb-same.cks.json", lb_identical, 1_500_000, "1,500,000 identical internalLbCidrNames"),
    ("stream", "stream.cks.yaml", yaml_stream, 60_000, "60,000 documents in one YAML stream"),
]


def oneline_stream(n):
    return "".join(f"---\nname: c{i}\n" for i in range(n))


def flow_stream(n):
    return "".join(
        f"---\nname: c{i}\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n"
        "network: {podCidrName: p, serviceCidrName: s}\n"
        for i in range(n)
    )


def empty_stream(n):
    return "name: big\n" + "---\n" * n


def sans_numbers(n):
    return json.dumps(req(additionalServerSans=[1] * n))


def enum_strings(n):
    return json.dumps(req(oidc={"issuerUrl": "https://issuer.example.com", "clientId": "x", "signingAlgorithms": ["x"] * n}))


def flow_items(n):
    return unknown_keys_yaml(0) + "additionalServerSans: [" + ", ".join(["a"] * n) + "]\n"


def audit_levels(n):
    import base64
    policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + "- level: metadata\n" * n
    return json.dumps(req(auditPolicy=base64.b64encode(policy.encode()).decode()))


# With --unseen: shapes of the same kinds found by probing (not in the list).
UNSEEN = [
    ("oneline-stream", "oneline.cks.yaml", oneline_stream, 800_000, "*unseen:* 800,000 one-line documents"),
    ("flow-stream", "flow-stream.cks.yaml", flow_stream, 110_000, "*unseen:* 110,000 documents with a flow mapping"),
    ("empty-stream", "empty-stream.cks.yaml", empty_stream, 3_000_000, "*unseen:* 3,000,000 empty documents"),
    ("sans-numbers", "sans-numbers.cks.json", sans_numbers, 4_000_000, "*unseen:* 4,000,000 numbers in additionalServerSans"),
    ("enum-strings", "enum.cks.json", enum_strings, 3_000_000, "*unseen:* 3,000,000 strings outside signingAlgorithms' enum"),
    ("flow-items", "flow-items.cks.yaml", flow_items, 3_000_000, "*unseen:* 3,000,000 one-letter SANs in a YAML flow list"),
    ("audit-levels", "audit-levels.cks.json", audit_levels, 500_000, "*unseen:* audit policy with 500,000 bad levels"),
]


def generate(name, gen, n):
    path = os.path.join(WORK, name)
    if not os.path.exists(path):
        text = gen(n)
        if len(text.encode()) > LIMIT:
            raise SystemExit(f"{name}: {len(text.encode())} bytes, over the 16 MiB limit")
        with open(path, "w") as f:
            f.write(text)
    return path


def timed(argv, timeout):
    t = time.perf_counter()
    try:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t


def peak_rss_kib(argv, timeout):
    try:
        r = subprocess.run(["/usr/bin/time", "-v"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    for line in r.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split()[-1])
    return None


def main():
    runs = arg("--runs", 3)
    timeout = arg("--timeout", 120.0)
    only = set(arg("--only", "").split(",")) - {""}
    if "--no-build" not in sys.argv:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    os.makedirs(WORK, exist_ok=True)
    rows = []
    worst_t, worst_rss = 0.0, 0
    shapes = SHAPES + (UNSEEN if "--unseen" in sys.argv else [])
    for key, name, gen, n, what in shapes:
        if only and key not in only:
            continue
        path = generate(name, gen, n)
        size = os.path.getsize(path)
        try:
            out = subprocess.run([BIN, "check", "--isolated", "--format", "json", path], capture_output=True, text=True, timeout=timeout)
            report = json.loads(out.stdout)
            counts = {}
            for d in report["diagnostics"]:
                counts[d["code"]] = counts.get(d["code"], 0) + 1
            s = report["summary"]
            found = f"{s['errors'] + s['warnings'] + s['infos']:,} ({len(report['diagnostics']):,} listed: " + ", ".join(
                f"{v:,} {k}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:2]) + ")"
        except subprocess.TimeoutExpired:
            found = "?"
        except (ValueError, KeyError):
            found = "?"
        cells = []
        for fmt in ("json", "human"):
            lint = [BIN, "check", "--isolated", "--format", fmt, "--color", "never", path]
            cat = ["cat", path]
            ts_cat, ts_lint = [], []
            for _ in range(runs):
                ts_cat.append(timed(cat, timeout))
                t = timed(lint, timeout)
                ts_lint.append(t)
                if t is None:
                    break
            t_cat = statistics.median(ts_cat)
            if None in ts_lint:
                cells.append((f"> {timeout:.0f} s (killed)", f"{t_cat*1000:.0f} ms", "—"))
                worst_t = float("inf")
                continue
            t_lint = statistics.median(ts_lint)
            rss = peak_rss_kib(lint, timeout)
            worst_t, worst_rss = max(worst_t, t_lint), max(worst_rss, rss or 0)
            cells.append((f"{t_lint*1000:,.0f} ms", f"{t_cat*1000:.0f} ms", f"{rss/1024:,.0f} MiB" if rss else "?"))
        rows.append((what, f"{size/1048576:.1f} MiB", found) + tuple(x for c in cells for x in (c[0], c[2])) + (cells[0][1],))
        print("| " + " | ".join(rows[-1]) + " |", file=sys.stderr, flush=True)
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; commit {rev}; medians of {runs}")
    print()
    print("| shape | size | findings | json: time | json: peak RSS | human: time | human: peak RSS | `cat` |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    ok = worst_t <= 1.0 and worst_rss <= 256 * 1024
    print(f"worst: {worst_t*1000:,.0f} ms, {worst_rss/1024:,.0f} MiB — budget (1 s, 256 MiB) {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
