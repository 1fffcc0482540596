#!/usr/bin/env python3
"""Runs each WSGI server on each bench app on loopback and reports medians as ratios to gunicorn.

Started by bench/run.sh, which installs the peers first. Standard library only.
Per run: start the server, time until ready, the latency of the first 1,000 requests after ready, a wrk run
(fixed threads, connections, duration), 1,000 more sequential requests (steady state), CPU time and peak RSS
of the server's whole process tree (every process of its session).
"""
import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
APPS = BENCH / "apps"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
ONE_MIB = b"x" * (1 << 20)

# app name -> (python module in bench/apps, method, wrk script or None[, request path])
APP_TABLE = {
    "hello": ("hello", "GET", None),
    "flask": ("flask_app", "GET", None),
    "django": ("django_app", "GET", None),
    "stream": ("stream", "GET", None),
    "echo": ("echo", "POST", BENCH / "wrk" / "post-1mib.lua"),
    "iowait": ("iowait", "GET", None),
    # iowait with a 1 s queue timeout on kubewsgi (bench/kubewsgi/overload.yaml): bench/overload.py.
    "overload": ("iowait", "GET", None),
    # A 32 KiB stylesheet through wsgi.file_wrapper, on every server.
    "file": ("files", "GET", None),
    # The same file under /static/: kubewsgi serves it from spec.staticFiles (bench/kubewsgi/static.yaml),
    # the peers through wsgi.file_wrapper as in "file" (they have no static files of their own).
    "static": ("files", "GET", None, "/static/site.css"),
}


def app_path(app):
    entry = APP_TABLE[app]
    return entry[3] if len(entry) > 3 else "/"
# iowait measures threads (it needs --threads and more --connections than threads to say anything).
DEFAULT_APPS = ["hello", "flask", "django", "stream", "echo"]
SERVER_ORDER = ["gunicorn", "granian", "mod_wsgi", "kubewsgi", "kubewsgi-nolog"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- servers


class Server:
    """One server process (and its children) serving one app on a loopback port."""

    ready_timeout = 60.0

    def __init__(self, args, app, port):
        self.args, self.app, self.port = args, app, port
        self.module = APP_TABLE[app][0]
        self.tmp = Path(tempfile.mkdtemp(prefix=f"bench-{self.name}-"))
        self.log = open(self.tmp / "server.log", "wb")
        self.proc = None
        self.curve = {}

    def command(self):
        raise NotImplementedError

    def env(self):
        return dict(os.environ)

    def cwd(self):
        return APPS

    def start(self):
        self.proc = subprocess.Popen(
            self.command(), cwd=self.cwd(), env=self.env(), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def progress(self, t):
        """Called while waiting for ready; only kubewsgi reports progress."""

    def ready(self):
        """True once the app answers 200 on its port (the peers have no readiness endpoint)."""
        return http_status(self.port, "/") == 200

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        # Anything left in the session (a daemon that detached from its parent).
        for pid in session_pids(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()

    def log_tail(self, n=30):
        try:
            return "\n".join((self.tmp / "server.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


class Gunicorn(Server):
    name = "gunicorn"

    def command(self):
        a = self.args
        worker = "sync" if a.threads == 1 else "gthread"
        return [str(a.venv / "bin" / "gunicorn"), "--workers", str(a.workers), "--threads", str(a.threads),
                "--worker-class", worker, "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
                "--backlog", "1024", f"{self.module}:application"]


class Granian(Server):
    name = "granian"

    def command(self):
        a = self.args
        return [str(a.venv / "bin" / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
                "--port", str(self.port), "--workers", str(a.workers), "--blocking-threads", str(a.threads),
                "--http", "1", "--log-level", "warning", f"{self.module}:application"]


class ModWsgi(Server):
    """Apache httpd + mod_wsgi in daemon mode, with its own ServerRoot in a temp dir, in the foreground."""

    name = "mod_wsgi"

    def command(self):
        a = self.args
        template = (BENCH / "apache" / "httpd.conf.in").read_text()
        os.chmod(self.tmp, 0o755)  # the daemon processes run as an unprivileged user when started as root
        conf = template.format(
            server_root=self.tmp, port=self.port, apps=APPS, module=self.module, venv=a.venv,
            processes=a.workers, threads=a.threads, site_packages=site_packages(a.venv), modules="/usr/lib/apache2/modules",
            user_lines="User nobody\nGroup nogroup" if os.geteuid() == 0 else "")
        (self.tmp / "httpd.conf").write_text(conf)
        return [shutil.which("apache2") or "/usr/sbin/apache2", "-DFOREGROUND", "-f", str(self.tmp / "httpd.conf")]


def site_packages(venv):
    found = sorted(venv.glob("lib/python3*/site-packages"))
    if not found:
        raise RuntimeError(f"no site-packages under {venv}")
    return found[0]


class Kubewsgi(Server):
    name = "kubewsgi"
    ready_timeout = 600.0

    def __init__(self, args, app, port):
        super().__init__(args, app, port)
        self.admin_port = free_port()

    def start(self):
        # The launcher rebuilds when a source is newer than the jar: do it here, untimed, not inside a start.
        jar = ROOT / "runtime-image" / "target" / "kubewsgi-runtime-0.1.0-SNAPSHOT.jar"
        sources = [ROOT / "runtime-image" / "src" / "main", ROOT / "operator" / "api" / "src" / "main"]
        newest = max((f.stat().st_mtime for d in sources for f in d.rglob("*") if f.is_file()), default=0)
        newest = max(newest, *(p.stat().st_mtime for p in (ROOT / "pom.xml", ROOT / "runtime-image" / "pom.xml")))
        if not jar.exists() or newest > jar.stat().st_mtime:
            print("  (runtime sources changed: building before the timed start)", flush=True)
            subprocess.run([str(ROOT / "kubewsgi"), "check", str(BENCH / "kubewsgi" / "hello.yaml")],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
        super().start()

    def command(self):
        return [str(ROOT / "kubewsgi"), "run", str(self.resource()),
                "--port", str(self.port), "--admin-port", str(self.admin_port)]

    def resource(self):
        """The app's resource with the run's --workers and --threads, beside the original (its paths are
        relative to it), as a hidden file that git ignores."""
        source = BENCH / "kubewsgi" / f"{self.app}.yaml"
        text = source.read_text()
        for field, value in (("workers", self.args.workers), ("threads", self.args.threads)):
            text, n = re.subn(rf"(?m)^  {field}: \d+$", f"  {field}: {value}", text)
            if n != 1:
                raise RuntimeError(f"{source}: expected one '  {field}: N' line under spec")
        text += self.extra_spec()
        out = source.with_name(f".{self.app}-w{self.args.workers}-t{self.args.threads}{self.suffix()}.yaml")
        out.write_text(text)
        return out

    def extra_spec(self):
        """Lines appended under spec (the resources end with their spec)."""
        return ""

    def suffix(self):
        return ""

    def cwd(self):
        return ROOT

    def ready(self):
        return http_status(self.admin_port, "/healthz/ready") == 200

    def progress(self, t):
        """Samples /status while starting: the warm-up curve per worker (seconds, requests done, last block's
        median in us, JIT busy % over that block)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/status", timeout=2) as r:
                status = json.load(r)
        except (OSError, ValueError, http.client.HTTPException):
            return
        for worker, w in (status.get("warmup") or {}).items():
            point = (round(t, 2), w.get("done"), w.get("lastBlockMedianMicros"), w.get("jitBusyPercent"))
            curve = self.curve.setdefault(worker, [])
            if not curve or curve[-1][1:] != point[1:]:
                curve.append(point)


class KubewsgiNoLog(Kubewsgi):
    """kubewsgi with its access log off: the log's cost is the ratio of the two (gunicorn, Granian and
    mod_wsgi run here without one)."""
    name = "kubewsgi-nolog"

    def extra_spec(self):
        return "  accessLog: {enabled: false}\n"

    def suffix(self):
        return "-nolog"


SERVERS = {c.name: c for c in (Gunicorn, Granian, ModWsgi, Kubewsgi, KubewsgiNoLog)}


# ---------------------------------------------------------------- process tree


def session_pids(sid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = (Path("/proc") / entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid:  # field 6 of stat: session id
            pids.append(int(entry))
    return pids


def tree_usage(sid):
    """(cpu seconds, rss bytes) summed over the session's live processes (+ children they reaped)."""
    cpu = 0
    rss = 0
    for pid in session_pids(sid):
        try:
            stat = (Path("/proc") / str(pid) / "stat").read_text()
        except OSError:
            continue
        f = stat[stat.rindex(")") + 2:].split()
        cpu += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # utime stime cutime cstime
        rss += int(f[21]) * PAGE
    return cpu / CLK_TCK, rss


class Sampler(threading.Thread):
    """Samples the process tree every 200 ms: peak RSS and the last CPU total."""

    def __init__(self, sid):
        super().__init__(daemon=True)
        self.sid, self.peak_rss, self.cpu = sid, 0, 0.0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(0.2)

    def sample(self):
        cpu, rss = tree_usage(self.sid)
        self.cpu = max(self.cpu, cpu)
        self.peak_rss = max(self.peak_rss, rss)
        return self.cpu


# ---------------------------------------------------------------- clients


def http_status(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, http.client.HTTPException):
        return None


def sequential(port, method, count, path="/"):
    """Latencies (seconds) of `count` requests one after another on a keep-alive connection."""
    body = ONE_MIB if method == "POST" else None
    headers = {"Content-Type": "application/octet-stream"} if body else {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = []
    errors = 0
    for _ in range(count):
        t = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                errors += 1
            if r.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append(time.perf_counter() - t)
    conn.close()
    return out, errors


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def duration(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def wrk(args, port, script, path="/"):
    cmd = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
           "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60).stdout
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    res["max_s"] = duration(m.group(3)) if m else None
    for p in ("50", "99"):
        m = re.search(rf"\s{p}%\s+(\S+)", out)
        res[f"p{p}_s"] = duration(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    res["socket_errors"] = sum(map(int, m.groups())) if m else 0
    return res


# ---------------------------------------------------------------- one run


def one_run(args, server_name, app):
    method, script = APP_TABLE[app][1], APP_TABLE[app][2]
    server = SERVERS[server_name](args, app, free_port())
    t0 = time.monotonic()
    server.start()
    sampler = Sampler(server.proc.pid)
    sampler.start()
    result = {"server": server_name, "app": app}
    try:
        deadline = t0 + server.ready_timeout
        polls = 0
        while not server.ready():
            if server.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{server_name}/{app} never became ready (exit {server.proc.poll()}):\n"
                                   + server.log_tail())
            polls += 1
            if polls % 10 == 0:
                server.progress(time.monotonic() - t0)
            time.sleep(0.05)
        result["ready_s"] = time.monotonic() - t0
        server.progress(result["ready_s"])
        if server.curve:
            # worker -> [(seconds since start, requests done, median us, JIT busy %)]
            result["warmup_curve"] = server.curve
        first, first_err = sequential(server.port, method, args.first, app_path(app))
        result["first"] = summary(first)
        result["first_errors"] = first_err
        cpu_before = sampler.sample()
        jfr = start_profile(args, server, app) if args.profile and server_name == "kubewsgi" else None
        w = wrk(args, server.port, script, app_path(app))
        cpu_after = sampler.sample()
        if jfr:
            result["profile"] = finish_profile(args, *jfr)
        result["wrk"] = {k: v for k, v in w.items() if k != "raw"}
        result["wrk_raw"] = w["raw"]
        result["cpu_us_per_req"] = (cpu_after - cpu_before) / max(1, w["requests"]) * 1e6
        steady, steady_err = sequential(server.port, method, args.first, app_path(app))
        result["steady"] = summary(steady)
        result["steady_errors"] = steady_err
        result["cpu_total_s"] = sampler.sample()
        result["peak_rss_mib"] = sampler.peak_rss / (1 << 20)
        result["first_p99_over_steady_p99"] = result["first"]["p99_ms"] / max(1e-9, result["steady"]["p99_ms"])
    finally:
        sampler.stopping.set()
        server.stop()
        shutil.rmtree(server.tmp, ignore_errors=True)
    return result


def java_pid(sid):
    for pid in session_pids(sid):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            continue
        if exe.endswith("/java"):
            return pid
    return None


def start_profile(args, server, app):
    """A JFR recording of the runtime's JVM for the wrk phase (jcmd from the JDK it runs on)."""
    pid = java_pid(server.proc.pid)
    if pid is None:
        return None
    java = Path(os.readlink(f"/proc/{pid}/exe"))
    args.profile.mkdir(parents=True, exist_ok=True)
    out = args.profile.resolve() / f"kubewsgi-{app}-{time.strftime('%H%M%S')}.jfr"
    subprocess.run([str(java.parent / "jcmd"), str(pid), "JFR.start", "name=bench", "settings=profile",
                    f"filename={out}"], capture_output=True, timeout=60)
    return java.parent, pid, out


def finish_profile(args, jdk_bin, pid, out):
    """Stops the recording; writes where the sampled CPU went (by thread kind, by layer) and the hottest methods."""
    subprocess.run([str(jdk_bin / "jcmd"), str(pid), "JFR.stop", "name=bench"], capture_output=True, timeout=120)
    text = subprocess.run([str(jdk_bin / "jfr"), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64",
                           str(out)], capture_output=True, text=True, timeout=300).stdout
    threads, layers, tops = {}, {}, {}
    samples = text.split("jdk.ExecutionSample")[1:]
    for event in samples:
        m = re.search(r'sampledThread = "([^"]+)"', event)
        thread = re.sub(r"\d+", "N", m.group(1)) if m else "?"
        frames = re.findall(r"^\s+(\S+?)\(", event, re.M)
        if any(f.startswith("jdk.graal.compiler") for f in frames):
            layer = "Graal compiler (JIT compiling)"
        elif any(f.startswith("io.netty") for f in frames[:4]):
            layer = "Netty (HTTP layer)"
        elif any(f.startswith(("com.oracle.graal.python", "com.oracle.truffle")) for f in frames):
            layer = "GraalPy / Truffle (Python code, interpreted or compiled)"
        elif any(f.startswith("dev.kubewsgi") for f in frames):
            layer = "kubewsgi (dispatch, bridge)"
        else:
            layer = "other JDK"
        for table, key in ((threads, thread), (layers, layer), (tops, frames[0] if frames else "?")):
            table[key] = table.get(key, 0) + 1
    n = max(1, len(samples))

    def block(title, table, limit):
        rows = sorted(table.items(), key=lambda kv: -kv[1])[:limit]
        return [title] + [f"{v:6d} {100 * v / n:5.1f}% {k}" for k, v in rows] + [""]

    report = out.with_suffix(".top.txt")
    report.write_text("\n".join([f"{len(samples)} Java execution samples during wrk", ""]
                                + block("by layer:", layers, 10) + block("by thread:", threads, 10)
                                + block("hottest methods (top of stack):", tops, 30)))
    return {"jfr": str(out), "top": str(report), "samples": len(samples), "layers": layers}


def summary(lat):
    return {"n": len(lat), "total_s": sum(lat), "p50_ms": pct(lat, 50) * 1e3, "p99_ms": pct(lat, 99) * 1e3,
            "max_ms": max(lat) * 1e3}


# ---------------------------------------------------------------- report

FIGURES = [  # (label, getter, higher is better)
    ("req/s", lambda r: r["wrk"]["rps"], True),
    ("p50 ms", lambda r: r["wrk"]["p50_s"] * 1e3, False),
    ("p99 ms", lambda r: r["wrk"]["p99_s"] * 1e3, False),
    ("max ms", lambda r: r["wrk"]["max_s"] * 1e3, False),
    ("CPU us/req", lambda r: r["cpu_us_per_req"], False),
    ("peak RSS MiB", lambda r: r["peak_rss_mib"], False),
    ("ready s", lambda r: r["ready_s"], False),
    ("first 1k p99 ms", lambda r: r["first"]["p99_ms"], False),
    ("steady p99 ms", lambda r: r["steady"]["p99_ms"], False),
]


def medians(runs):
    out = {}
    for r in runs:
        out.setdefault(r["app"], {}).setdefault(r["server"], []).append(r)
    table = {}
    for app, by_server in out.items():
        for server, rs in by_server.items():
            table.setdefault(app, {})[server] = {
                label: statistics.median(get(r) for r in rs) for label, get, _ in FIGURES}
            table[app][server]["runs"] = len(rs)
            table[app][server]["errors"] = sum(
                r["wrk"]["non2xx"] + r["wrk"]["socket_errors"] + r["first_errors"] + r["steady_errors"] for r in rs)
    return table


def markdown(table, meta, runs):
    lines = [f"Medians of up to {meta['repeat']} runs (column runs); ratio to gunicorn in parentheses. "
             f"{meta['workers']} workers x {meta['threads']} thread(s) each; wrk -t{meta['wrk_threads']} "
             f"-c{meta['connections']} -d{meta['duration']}s; first/steady = {meta['first']} sequential "
             f"requests on one keep-alive connection right after ready / after wrk.", "",
             f"Machine: {meta['cpus']} CPUs, load average {meta['load_before']} before, "
             f"{meta['load_after']} after; {meta['date']}.", ""]
    for app in [a for a in APP_TABLE if a in table]:
        lines.append(f"### {app}")
        lines.append("")
        lines.append("| server | " + " | ".join(label for label, _, _ in FIGURES) + " | errors | runs |")
        lines.append("|---" * (len(FIGURES) + 3) + "|")
        base = table[app].get("gunicorn")
        for server in [s for s in SERVER_ORDER if s in table[app]]:
            row = table[app][server]
            cells = []
            for label, _, _ in FIGURES:
                v = row[label]
                text = f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"
                if base and base[label]:
                    text += f" ({v / base[label]:.2f}x)"
                cells.append(text)
            lines.append(f"| {server} | " + " | ".join(cells) + f" | {row['errors']} | {row['runs']} |")
        lines.append("")
    lines += warmup_curves(runs)
    return "\n".join(lines)


def warmup_curves(runs, points=12):
    """kubewsgi's warm-up curve per app (its first run, first worker), thinned to about `points` rows."""
    lines = []
    for app in APP_TABLE:
        run = next((r for r in runs if r["app"] == app and r["server"] == "kubewsgi" and r.get("warmup_curve")), None)
        if not run:
            continue
        worker, curve = sorted(run["warmup_curve"].items())[0]
        step = max(1, len(curve) // points)
        rows = curve[::step] + ([curve[-1]] if (len(curve) - 1) % step else [])
        if not lines:
            lines += ["### kubewsgi warm-up curves", "",
                      "Sampled from `/status` while starting (first run, first worker): seconds since spawn, "
                      "warm-up requests done, median latency of the last block, and the JIT's compiler threads' "
                      "CPU over that block's wall time. Ready comes when the median stops improving and the JIT "
                      "is quiet (or at the bound).", ""]
        lines += [f"{app} ({worker}), ready after {run['ready_s']:.1f} s:", "",
                  "| s | requests | block median us | JIT busy % |", "|---|---|---|---|"]
        for t, done, median, busy in (tuple(p) + (None,) * (4 - len(p)) for p in rows):
            lines.append(f"| {t} | {done:,} | {'' if median is None else f'{median:.1f}'} | "
                         f"{'' if busy is None else busy} |")
        lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--servers", default=",".join(SERVER_ORDER))
    p.add_argument("--apps", default=",".join(DEFAULT_APPS))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--duration", type=int, default=15)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--first", type=int, default=1000)
    p.add_argument("--venv", type=Path, required=True)
    p.add_argument("--out", type=Path, default=BENCH / "results")
    p.add_argument("--profile", type=Path, help="record kubewsgi's JVM with JFR during wrk, into this folder")
    a = p.parse_args()
    a.venv = a.venv.resolve()
    a.out = a.out.resolve()
    servers = [s for s in a.servers.split(",") if s]
    apps = [x for x in a.apps.split(",") if x]
    for s in servers:
        if s not in SERVERS:
            sys.exit(f"unknown server {s!r}: choose from {', '.join(SERVERS)}")
    for x in apps:
        if x not in APP_TABLE:
            sys.exit(f"unknown app {x!r}: choose from {', '.join(APP_TABLE)}")
    meta = {"repeat": a.repeat, "workers": a.workers, "threads": a.threads, "duration": a.duration,
            "connections": a.connections, "wrk_threads": a.wrk_threads, "first": a.first,
            "cpus": os.cpu_count(), "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "kernel": platform.release(),
            "servers": servers, "apps": apps}
    runs, failures = [], []
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    # Interleaved: rep 1 of everything, then rep 2...; a noisy minute then hits every server alike.
    for rep in range(a.repeat):
        for app in apps:
            for s in servers:
                print(f"[rep {rep + 1}/{a.repeat}] {s} / {app} ...", flush=True)
                try:
                    r = one_run(a, s, app)
                except Exception as e:  # a failing server is reported, the others still run
                    print(f"  FAILED: {e}", flush=True)
                    failures.append({"server": s, "app": app, "rep": rep + 1, "error": str(e)})
                    continue
                r["rep"] = rep + 1
                runs.append(r)
                write_results(a, meta, runs, failures, stamp, final=False)
                print(f"  ready {r['ready_s']:.2f}s  {r['wrk']['rps']:.0f} req/s  p99 {r['wrk']['p99_s'] * 1e3:.2f}ms"
                      f"  first-1k p99 {r['first']['p99_ms']:.2f}ms  steady p99 {r['steady']['p99_ms']:.2f}ms"
                      f"  rss {r['peak_rss_mib']:.0f}MiB", flush=True)
    md = write_results(a, meta, runs, failures, stamp, final=True)
    print()
    print(md)
    print(f"results: {a.out / f'bench-{stamp}.json'}")


def write_results(a, meta, runs, failures, stamp, final):
    """Rewritten after every run, so an interrupted benchmark still leaves its table."""
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta["complete"] = final
    table = medians(runs)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"bench-{stamp}.json").write_text(
        json.dumps({"meta": meta, "medians": table, "runs": runs, "failures": failures}, indent=1))
    md = markdown(table, meta, runs)
    if not final:
        md = "(partial: the run is still going or was interrupted)\n\n" + md
    if failures:
        md += "\nFailed runs: " + "; ".join(f"{f['server']}/{f['app']} rep {f['rep']}" for f in failures) + "\n"
    (a.out / f"bench-{stamp}.md").write_text(md)
    (a.out / "latest.md").write_text(md)
    return md


if __name__ == "__main__":
    main()
