#!/usr/bin/env python3
"""Language-server latency: `ckslint server` side by side with yaml-language-server.

usage: bench/lsp_bench.py [--edits 50] [--yls PATH] [--no-build]   (from the repository root)

For each server and each document (a typical request, testdata/full.yaml, and a 1 MiB
request: the same with a 1 MiB `auditPolicy`, a base64 audit policy of many rules, which
ckslint decodes and lints as a second document), the script opens the document,
then sends 50 edits (`didChange` with the whole text, the cluster name changed) one at a
time and times each from writing the `didChange` to reading the `publishDiagnostics` that
follows it. yaml-language-server 2 is configured with `ckslint schema` for `*.yaml` and
the schema store off (offline), so both servers validate the same request against the
same schema; ckslint also runs every domain rule. Runs alternate between the servers
(ckslint, yamlls, ckslint, ...) within one run. Then memory: ckslint's resident set after
100 distinct requests are open and linted (VmRSS, and the peak VmHWM, from /proc).

yaml-language-server: `npm install yaml-language-server@2` somewhere and pass
`--yls .../node_modules/.bin/yaml-language-server` (default: $YLS, then
/tmp/yls/node_modules/.bin/yaml-language-server). Prints a Markdown table for
BENCHMARKS.md.
"""
import base64, json, os, queue, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "ckslint")


def arg(name, default):
    if name in sys.argv:
        return type(default)(sys.argv[sys.argv.index(name) + 1])
    return default


class Server:
    """A language server process with a reader thread; server requests get answers."""

    def __init__(self, argv, settings=None):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        self.settings = settings or {}
        self.next = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(out.read(length))
            t = time.perf_counter()
            if "method" in msg and "id" in msg:
                self._answer(msg)
                continue
            self.q.put((t, msg))

    def _answer(self, msg):
        result = None
        if msg["method"] == "workspace/configuration":
            result = [self.settings.get(i.get("section", ""), None) for i in msg["params"]["items"]]
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next += 1
        rid = self.next
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)[1]

    def wait(self, pred, timeout=120):
        end = time.time() + timeout
        while True:
            item = self.q.get(timeout=max(0.1, end - time.time()))
            if item is None:
                raise RuntimeError("server exited")
            if pred(item[1]):
                return item

    def published(self, uri):
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri

    def drain(self):
        while True:
            try:
                self.q.get_nowait()
            except queue.Empty:
                return

    def start(self, root_uri):
        caps = {"textDocument": {"publishDiagnostics": {"relatedInformation": True}, "synchronization": {"didSave": True}},
                "workspace": {"configuration": True}}
        self.request("initialize", {"processId": os.getpid(), "rootUri": root_uri, "capabilities": caps,
                                    "workspaceFolders": [{"uri": root_uri, "name": "bench"}]})
        self.notify("initialized", {})
        if self.settings:
            self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def stop(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.p.wait(timeout=10)
        except Exception:
            self.p.kill()


def cpu(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latencies(server, uri, text, edits, cpu_per_edit, timeout=120):
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    server.wait(server.published(uri), timeout)
    out = []
    c0 = cpu(server.p.pid)
    for i in range(edits):
        new = text.replace("name: prod-east-01", f"name: prod-east-{i % 90 + 10:02d}", 1)
        server.drain()
        t = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": new}]})
        got, _ = server.wait(server.published(uri))
        out.append(got - t)
    cpu_per_edit.append((cpu(server.p.pid) - c0) / edits)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return out


def ms(x):
    return f"{x * 1000:.2f} ms"


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def rss(pid):
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = int(v.split()[0]) / 1024
    return vals


def main():
    edits = arg("--edits", 50)
    yls = arg("--yls", os.environ.get("YLS", "/tmp/yls/node_modules/.bin/yaml-language-server"))
    if "--no-build" not in sys.argv:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="ckslint-lsp-bench-")
    typical = open(os.path.join(ROOT, "testdata", "full.yaml")).read()
    rule = "- level: Metadata\n  resources:\n  - group: \"\"\n    resources: [\"pods\"]\n"
    policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + rule * ((1 << 20) * 3 // 4 // len(rule))
    big = "".join(
        f"auditPolicy: {base64.b64encode(policy.encode()).decode()}\n" if l.startswith("auditPolicy:") else l
        for l in typical.splitlines(keepends=True))
    schema = os.path.join(work, "cks-request.schema.json")
    with open(schema, "w") as f:
        subprocess.run([BIN, "schema"], stdout=f, check=True)
    root = "file://" + work
    yls_settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False},
                             "schemas": {"file://" + schema: "*.yaml"}}}
    have_yls = os.path.exists(yls)
    results = {}
    # A second 1 MiB shape: the same request with a 40,000-item `internalLbCidrNames`.
    items, n = [], 0
    while len(typical) + sum(len(l) for l in items) < 1 << 20:
        items.append(f"    - internal lb cidr {n:06d}\n")
        n += 1
    listy = typical.replace("    - internal lb cidr 2\n", "    - internal lb cidr 2\n" + "".join(items), 1)
    timeouts = {}
    docs = (("typical (4.5 KB)", typical), ("1 MiB audit policy", big), (f"1 MiB list ({n:,} items)", listy))
    for name, text in docs:
        runs = {"ckslint": [], "yaml-language-server": []}
        cpus = {"ckslint": [], "yaml-language-server": []}
        for rnd in range(2):  # alternate the servers
            for label in runs:
                if label == "yaml-language-server" and not have_yls:
                    continue
                argv = [BIN, "server"] if label == "ckslint" else [yls, "--stdio"]
                if (name, label) in timeouts:
                    continue
                s = Server(argv, yls_settings if label != "ckslint" else None)
                s.start(root)
                uri = f"{root}/{label}-{rnd}.yaml"
                try:
                    runs[label] += latencies(s, uri, text, edits // 2, cpus[label], timeout=arg("--timeout", 60))
                    s.stop()
                except queue.Empty:
                    timeouts[(name, label)] = True
                    s.p.kill()
        results[name] = (runs, cpus)
    # Memory: 100 open requests.
    s = Server([BIN, "server"])
    s.start(root)
    base = rss(s.p.pid)
    for i in range(100):
        uri = f"{root}/doc-{i:03d}.yaml"
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                           "text": typical.replace("prod-east-01", f"prod-east-{i:03d}")}})
        s.wait(s.published(uri))
    mem = rss(s.p.pid)
    s.stop()

    print(f"`bench/lsp_bench.py`, {edits} edits per document and server, ckslint {subprocess.run([BIN, '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"yaml-language-server {'2 at ' + yls if have_yls else 'not found'}\n")
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs (wall times include waiting for a CPU; the CPU column does not)\n")
    print("| document | server | median didChange → publishDiagnostics | p95 | CPU per edit | ratio of medians (yamlls / ckslint) | ratio of CPU |")
    print("|---|---|---|---|---|---|---|")
    for name, (runs, cpus) in results.items():
        c, y = runs["ckslint"], runs["yaml-language-server"]
        cc = sum(cpus["ckslint"]) / len(cpus["ckslint"])
        if (name, "yaml-language-server") in timeouts:
            print(f"| {name} | ckslint server | {ms(statistics.median(c))} | {ms(p95(c))} | {ms(cc)} | yamlls: none in {arg('--timeout', 60)} s | |")
            print(f"| {name} | yaml-language-server | no diagnostics within {arg('--timeout', 60)} s of opening | | | | |")
            continue
        ratio = f"{statistics.median(y) / statistics.median(c):.1f}x" if y else "–"
        yc = sum(cpus["yaml-language-server"]) / len(cpus["yaml-language-server"]) if y else None
        cratio = f"{yc / cc:.1f}x" if y and cc > 0 else "–"
        print(f"| {name} | ckslint server | {ms(statistics.median(c))} | {ms(p95(c))} | {ms(cc)} | {ratio} | {cratio} |")
        if y:
            print(f"| {name} | yaml-language-server | {ms(statistics.median(y))} | {ms(p95(y))} | {ms(yc)} | | |")
    print(f"\nckslint server memory: {base['VmRSS']:.1f} MiB after initialize; with 100 requests open and linted "
          f"{mem['VmRSS']:.1f} MiB resident (peak {mem['VmHWM']:.1f} MiB)")


if __name__ == "__main__":
    main()
