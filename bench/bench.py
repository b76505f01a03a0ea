#!/usr/bin/env python3
"""Reproducible benchmark: ckslint against the `cat` read floor, in the same run.

usage: bench/bench.py [--files 10000] [--runs 15] [--big] [--plan-only] [--tf-only [--checkov]] [--plan | --plan-only]   (from the repository root)
       bench/bench.py --shapes [--runs 3] [--only NAME,...]   (bench/shapes.py: one file per
       shape near 16 MiB — 500,000 unknown keys, repeated SANs, ... — against `cat`)

1. builds the release binary, 2. generates the corpus with ../shared/bench/gen_corpus.py
(deterministic), 3. times `cat DIR/*` and `ckslint check --format json DIR` interleaved
(cat, ckslint, cat, ckslint, ...) and reports medians and their ratio, 4. single-file
latency (process start to exit), 5. peak RSS via /usr/bin/time -v, 6. with --big, the
100,000-file corpus (scaling) and a 16 MiB request file; with --plan (or --big), a 16 MiB
minified Terraform plan against `cat` (see bench/plan_bench.py).
Prints a Markdown table to paste into BENCHMARKS.md.
"""
import json, os, platform, shlex, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "ckslint")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
WORK = os.path.join(tempfile.gettempdir(), "ckslint-bench")


def arg(name, default):
    if name in sys.argv:
        return type(default)(sys.argv[sys.argv.index(name) + 1])
    return default


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def corpus(n):
    d = os.path.join(WORK, f"corpus-{n}")
    if not os.path.isdir(d) or len(os.listdir(d)) < n:
        sh(f"rm -rf {d} && python3 {GEN} {d} {n} >/dev/null")
    return d


def timed(cmd):
    # A command without shell syntax runs directly: a shell would add its own start-up
    # (about a millisecond here) to every sample.
    if isinstance(cmd, list):
        direct, argv = True, cmd
    else:
        direct = not any(c in cmd for c in "*|>&;")
        argv = shlex.split(cmd) if direct else cmd
    t = time.perf_counter()
    subprocess.run(argv, shell=not direct, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def interleaved(cmds, runs, warmup=2):
    for _ in range(warmup):
        for c in cmds:
            timed(c)
    samples = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            samples[i].append(timed(c))
    return [statistics.median(s) for s in samples]


def peak_rss_kib(cmd):
    r = subprocess.run(f"/usr/bin/time -v {cmd}", shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in r.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split()[-1])
    return -1


def plan_rows(runs):
    """A 16 MiB minified Terraform plan (bench/plan_bench.py writes it): ckslint and `cat`
    interleaved in the same run, wall and CPU time, and peak RSS against the file size."""
    from plan_bench import LIMIT, cpu_interleaved, generate
    path = os.path.join(WORK, "plan-16m.json")
    resources = 9000
    size = generate(path, resources)
    while size > LIMIT:
        resources = int(resources * LIMIT / size * 0.99)
        size = generate(path, resources)
    what = f"{size/1048576:.1f} MiB plan ({resources:,} resources, 3 clusters)"
    lint = f"{BIN} check --isolated --format json {path}"
    t_cat, t_lint = interleaved([["cat", path], lint], runs)
    c_cat, c_lint = cpu_interleaved([f"cat {path} >/dev/null", lint], runs)
    rss = peak_rss_kib(lint)
    return [
        (f"{what}, --format json, wall", f"{t_lint*1000:.0f} ms", f"cat: {t_cat*1000:.1f} ms", f"{t_lint/t_cat:.1f}x cat", "< 1 s"),
        (f"{what}, CPU (user+sys)", f"{c_lint*1000:.0f} ms", f"cat: {c_cat*1000:.1f} ms", f"{c_lint/max(c_cat, 1e-3):.1f}x cat", "< 1 s"),
        ("peak RSS, that plan", f"{rss/1024:.1f} MiB", f"file: {size/1048576:.1f} MiB", f"{rss*1024/size:.1f}x the file", "a small multiple"),
    ]


def tf_rows(runs):
    """The Terraform corpus (bench/gen_tf_corpus.py: 10,000 .tf files in 5,000 modules, each
    with variables and a terraform.tfvars): ckslint on the directory against `cat` of every
    file it holds, interleaved in the same run, and peak RSS. With `--checkov`, checkov's
    Terraform scan of the same directory, timed once (it takes minutes)."""
    d = os.path.join(WORK, "tf-10000")
    if not os.path.isdir(d):
        sh(f"python3 {os.path.join(ROOT, 'bench', 'gen_tf_corpus.py')} {d} 10000 >/dev/null")
    files = sum(len(f) for _, _, f in os.walk(d))
    tf = sum(1 for _, _, fs in os.walk(d) for f in fs if f.endswith(".tf"))
    lint = f"{BIN} check --isolated --format json {d}"
    cat = f"find {d} -type f -print0 | xargs -0 cat >/dev/null"
    t_cat, t_lint = interleaved([cat, lint], runs)
    # CPU time (user + system, children included: find, xargs and cat for the floor) as
    # well: on a shared machine the wall time is mostly the wait for a core.
    from plan_bench import cpu_interleaved
    c_cat, c_lint = cpu_interleaved([cat, lint], runs)
    rss = peak_rss_kib(lint)
    rows = [
        (f"Terraform: {tf:,} .tf files ({files:,} files with tfvars), --format json, wall", f"{t_lint*1000:.0f} ms",
         f"cat: {t_cat*1000:.0f} ms", f"{t_lint/t_cat:.2f}x cat", "≤ 1.5x"),
        ("the same, CPU (user+sys)", f"{c_lint*1000:.0f} ms", f"cat: {c_cat*1000:.0f} ms", f"{c_lint/max(c_cat, 1e-3):.2f}x cat", ""),
        ("peak RSS, that corpus", f"{rss/1024:.1f} MiB", "", "", "flat"),
    ]
    if "--checkov" in sys.argv:
        t = time.perf_counter()
        subprocess.run(["checkov", "-d", d, "--framework", "terraform", "--quiet", "--compact"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t_ck = time.perf_counter() - t
        rows.append(("checkov -d DIR --framework terraform --quiet, same corpus, one run", f"{t_ck*1000:.0f} ms",
                     f"ckslint: {t_lint*1000:.0f} ms", f"{t_ck/t_lint:.0f}x ckslint", ""))
    return rows


def main():
    if "--shapes" in sys.argv:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import shapes

        return shapes.main()
    runs = arg("--runs", 15)
    n = arg("--files", 10000)
    if "--tf-only" in sys.argv:
        sh("cargo build --release --quiet", cwd=ROOT)
        os.makedirs(WORK, exist_ok=True)
        print("| measurement | ckslint | reference | ratio | target |\n|---|---|---|---|---|")
        for r in tf_rows(runs):
            print("| " + " | ".join(r) + " |")
        return
    if "--plan-only" in sys.argv:
        sh("cargo build --release --quiet", cwd=ROOT)
        os.makedirs(WORK, exist_ok=True)
        print("| measurement | ckslint | reference | ratio | target |\n|---|---|---|---|---|")
        for r in plan_rows(runs):
            print("| " + " | ".join(r) + " |")
        return
    sh("cargo build --release --quiet", cwd=ROOT)
    os.makedirs(WORK, exist_ok=True)
    rows = []
    d = corpus(n)
    lint = f"{BIN} check --isolated --format json {d}"
    cat = ["cat"] + [os.path.join(d, f) for f in sorted(os.listdir(d))]
    out = subprocess.run(lint, shell=True, capture_output=True, text=True)
    summary = json.loads(out.stdout)["summary"]
    t_cat, t_lint = interleaved([cat, lint], runs)
    rows.append((f"{n:,} files, all rules, --format json", f"{t_lint*1000:.0f} ms", f"cat: {t_cat*1000:.0f} ms", f"{t_lint/t_cat:.2f}x cat", "≤ 1.2x"))
    rss = peak_rss_kib(lint)
    rows.append((f"peak RSS, {n:,} files", f"{rss/1024:.1f} MiB", "", "", "≤ 32 MiB"))
    one = os.path.join(d, sorted(os.listdir(d))[0])
    single = f"{BIN} check --isolated --format json {one}"
    t_true, t_one = interleaved(["/bin/true", single], max(runs * 10, 100))
    rows.append(("one file, process start to exit", f"{t_one*1000:.2f} ms", f"/bin/true: {t_true*1000:.2f} ms", "", "≤ 3 ms"))
    if "--big" in sys.argv:
        d100 = corpus(100000)
        lint100 = f"{BIN} check --isolated --format json {d100}"
        # `cat` with 100k arguments exceeds ARG_MAX: use find | xargs for the floor.
        cat100 = f"find {d100} -type f -print0 | xargs -0 cat >/dev/null"
        t_cat100, t_lint100 = interleaved([cat100, lint100], max(3, runs // 3), warmup=1)
        rows.append(("100,000 files", f"{t_lint100*1000:.0f} ms", f"cat: {t_cat100*1000:.0f} ms", f"{t_lint100/t_lint:.2f}x the 10k time", "≤ 10.5x"))
        rss100 = peak_rss_kib(lint100)
        rows.append(("peak RSS, 100,000 files", f"{rss100/1024:.1f} MiB", "", f"{rss100/max(rss,1):.2f}x the 10k RSS", "flat"))
        base = {"name": "big", "zone": "US-EAST-04A", "vpcId": "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50", "version": "v1.35",
                "network": {"podCidrName": "p", "serviceCidrName": "s", "internalLbCidrNames": ["l"]}}
        # Just under the 16 MiB input limit: one of 16 MiB of feature gates (a free-form
        # map: a huge tree, no findings), one whose bulk is a single audit policy (decoded
        # and parsed as a second document).
        limit = 16 * 1024 * 1024 - 1024
        def write_big(name, fill):
            req = json.loads(json.dumps(base))
            fill(req)
            text = json.dumps(req, indent=1)
            path = os.path.join(WORK, name)
            with open(path, "w") as f:
                f.write(text)
            return path
        def gates(req):
            g = req.setdefault("kubelet", {}).setdefault("featureGates", {})
            per = len(json.dumps({"Gate0000000": True}, indent=1)) + 2
            for i in range(limit // per - 100):
                g[f"Gate{i:07d}"] = True
        def audit(req):
            # A large audit policy (base64 of a YAML policy with many rules).
            rule = "- level: Metadata\n  resources:\n  - group: \"\"\n    resources: [\"pods\"]\n"
            body = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + rule * ((limit * 3 // 4 - 200) // len(rule))
            import base64
            req["auditPolicy"] = base64.b64encode(body.encode()).decode()
        for name, fill, what in (("big-gates.cks.json", gates, "feature gates"), ("big-audit.cks.json", audit, "audit policy")):
            path = write_big(name, fill)
            size = os.path.getsize(path)
            cmd = f"{BIN} check --isolated --format json {path}"
            res = json.loads(subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout)
            codes = sorted({d["code"] for d in res["diagnostics"]})
            n = len(res["diagnostics"])
            t_big = statistics.median(timed(cmd) for _ in range(5))
            rows.append((f"one {size/1048576:.2f} MiB file ({what}; {n:,} finding{'s' if n != 1 else ''}: {', '.join(codes[:4])})", f"{t_big*1000:.0f} ms", "", "", "< 1 s"))
    if "--plan" in sys.argv or "--big" in sys.argv:
        rows.extend(plan_rows(runs))
    if "--tf" in sys.argv or "--big" in sys.argv:
        rows.extend(tf_rows(runs))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"commit: {subprocess.run('git rev-parse --short HEAD', shell=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()}")
    print(f"corpus summary: {summary}")
    print()
    print("| measurement | ckslint | reference | ratio | target |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
