"""The web app under load (issue 4): p50 / p95 / max latency and throughput of ``/api/search``
and of the person page ``/persons/{id}``, with concurrent clients on loopback.

The registry is built the way an organisation builds one, through the CLI: ``athar synth`` →
``athar import`` of each source → ``athar link`` (or reused with ``--keep DIR``, where a finished
build leaves ``built.json``). Then a user and an API token are made, the search index is built
(``athar search --rebuild``, as an operator would before opening the doors), ``athar serve
--workers N`` (uvicorn, ``--workers`` processes) is started in a subprocess on a free loopback
port, warmed up (over fresh connections, so that every worker loads its index), and ``--clients``
threads each send ``--requests`` requests, one after the other over a keep-alive connection
(``--client stdlib``, the default: the standard library's client, whose CPU per request, reported
as ``client_cpu_ms``, is a quarter of httpx's, on the cores the server is measured on), with
queries written the way families write them (``bench/search.py``'s ``make_queries``: from the
truth file, Arabic, Latin, Arabizi, partial names, a birth year in a third of them). Person ids
for the person page are those the warm-up searches returned. A 404 there means the person page
is not part of this build: it is reported as "not measured".

    .venv/bin/python bench/web.py --persons 20000 --keep /tmp/web-20k
    .venv/bin/python bench/web.py --persons 472000 --sources /tmp/srch-1m/sources --keep /tmp/web-1m
    .venv/bin/python bench/web.py --keep /tmp/web-1m --workers 2

The server writes to the registry (sessions, audit events, and migrations when the code is newer):
to leave a shared registry as it is, copy its folder (``built.json`` and ``data/``) and ``--keep``
the copy.

Figures are printed and appended with the command to ``bench/RESULTS.md`` (section "Web").
"""

from __future__ import annotations

import argparse
import csv
import http.client
import importlib.util
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ATHAR = str(Path(sys.executable).with_name("athar"))
SOURCES = ("family_report", "prison_register", "release_list", "ngo_list", "death_record")
USER = "bench"
PASSWORD = "bench password, loopback only"


def _bench_search() -> Any:
    """``bench/search.py`` as a module (its query writer is the one to reuse)."""
    spec = importlib.util.spec_from_file_location("bench_search", BENCH / "search.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    start = time.perf_counter()
    print(f"$ {' '.join(shlex.quote(a) for a in args)}", flush=True)
    done = subprocess.run(args, env=env, input=stdin, text=True, capture_output=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {args}")
    print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
    return done.stdout


def build(
    home: Path, persons: int, seed: int, sources: Path | None, env: dict[str, str]
) -> dict[str, Any]:
    """Synthesize (unless ``sources`` are given), import and link. Each finished step is noted
    in ``steps.json`` (with its seconds), so an interrupted build resumes; the whole build in
    ``built.json``."""
    marker = home / "built.json"
    if marker.is_file():
        built: dict[str, Any] = json.loads(marker.read_text())
        print(f"reusing the registry in {home} ({built['records']:,} records)", flush=True)
        return built
    steps_file = home / "steps.json"
    steps: dict[str, float] = json.loads(steps_file.read_text()) if steps_file.is_file() else {}

    def step(name: str, args: list[str]) -> None:
        if name in steps:
            print(f"{name}: done before ({steps[name]:.0f} s)", flush=True)
            return
        t = time.perf_counter()
        _run(args, env)
        steps[name] = round(time.perf_counter() - t, 1)
        steps_file.write_text(json.dumps(steps, indent=1))

    folder = sources or home / "sources"
    if not (folder / "truth.csv").is_file():
        step("synth", [ATHAR, "synth", str(folder), "--persons", str(persons), "--seed", str(seed)])
    for name in SOURCES:
        step(f"import {name}", [ATHAR, "import", str(folder / f"{name}.csv"), "--by", "bench"])
    if "link" not in steps:
        _wait_for_memory(LINK_MEMORY_GB * records_estimate(folder) / 1e6)
    step("link", [ATHAR, "link"])
    with (folder / "truth.csv").open(encoding="utf-8") as fh:
        records = sum(1 for _ in csv.DictReader(fh))
    seconds = {"synth": steps.get("synth", 0.0), "link": steps["link"]}
    seconds["import"] = round(sum(v for k, v in steps.items() if k.startswith("import ")), 1)
    built = {
        "persons": persons,
        "seed": seed,
        "sources": str(folder),
        "records": records,
        "status": _run([ATHAR, "status"], env).strip(),
        "seconds": {k: v for k, v in seconds.items() if v},
        "steps": steps,
    }
    marker.write_text(json.dumps(built, indent=1, ensure_ascii=False))
    return built


#: Peak memory of ``athar link`` per million records, as measured (bench/RESULTS.md: 2.4–2.8 GB
#: at 212,520 records): the build waits until the machine has that much available.
LINK_MEMORY_GB = 11.0


def records_estimate(folder: Path) -> int:
    with (folder / "truth.csv").open("rb") as fh:
        return sum(1 for _ in fh) - 1


def _available_gb() -> float:
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 2**20
    return float("inf")


def _wait_for_memory(gb: float) -> None:
    """Shared machine: do not start a large link while others hold the memory it needs."""
    while (free := _available_gb()) < gb:
        print(f"waiting for {gb:.1f} GB of memory to link ({free:.1f} GB available)", flush=True)
        time.sleep(30)


def token(env: dict[str, str]) -> str:
    users = subprocess.run([ATHAR, "user", "list"], env=env, capture_output=True, text=True)
    if USER not in users.stdout:
        _run([ATHAR, "user", "add", USER, "--role", "analyst", "--password-stdin"], env, PASSWORD)
    out = _run([ATHAR, "user", "token", USER], env)
    return next(w for w in out.split() if w.startswith("athar_"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(env: dict[str, str], log: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    fh = log.open("wb")
    proc = subprocess.Popen(
        [ATHAR, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=fh,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"athar serve exited ({proc.returncode}); see {log}")
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("athar serve did not start in 120 s")


def server_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) spent so far by process ``pid`` and each of its live
    descendants (the uvicorn workers): what the server's requests cost, whatever else runs on
    the machine, and how evenly its processes shared them."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    spent: dict[int, float] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        spent[current] = cpu.get(current, 0.0)
        todo.extend(children.get(current, []))
    return spent


def _cpu_since(before: dict[int, float], now: dict[int, float], run: dict[str, Any]) -> None:
    """Server CPU per request, and the seconds each busy process spent (most first)."""
    spent = [now[p] - before.get(p, 0.0) for p in now]
    run["server_cpu_ms"] = round(1000 * sum(spent) / max(1, run["requests"]), 1)
    run["process_cpu_s"] = sorted((round(x, 1) for x in spent if x >= 0.1), reverse=True)


def load(
    base: str,
    secret: str,
    paths: list[str],
    clients: int,
    requests: int,
    lean: bool = True,
) -> dict[str, Any]:
    """``clients`` threads, each sending ``requests`` GETs one after the other over one
    keep-alive connection (paths taken in turn, each thread from its own offset). Latency per
    request, throughput overall, and the clients' own CPU per request (``lean``: the standard
    library's HTTP client, else httpx)."""
    times: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(k: int) -> None:
        mine: list[float] = []
        seen: dict[int, int] = {}
        with _getter(base, {"Authorization": f"Bearer {secret}"}, lean) as get:
            for i in range(requests):
                path = paths[(k * requests + i) % len(paths)]
                t = time.perf_counter()
                code = get(path)
                mine.append(time.perf_counter() - t)
                seen[code] = seen.get(code, 0) + 1
        with lock:
            times.extend(mine)
            for code, n in seen.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start, own = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    client_cpu = time.process_time() - own  # the clients share the server's cores
    times.sort()
    return {
        "requests": len(times),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p50_ms": round(1000 * times[len(times) // 2], 1),
        "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1),
        "max_ms": round(1000 * times[-1], 1),
        "mean_ms": round(1000 * statistics.fmean(times), 1),
        "throughput_rps": round(len(times) / wall, 1),
        "client_cpu_ms": round(1000 * client_cpu / max(1, len(times)), 1),
    }


@contextmanager
def _getter(base: str, headers: dict[str, str], lean: bool) -> Iterator[Callable[[str], int]]:
    """One client's GET over a keep-alive connection: the path in, the status out, the body
    read. ``lean``: the standard library's client, a quarter of httpx's CPU per request, which
    otherwise comes out of the two cores the server is measured on; it reconnects by itself
    after a "Connection: close"."""
    if not lean:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as session:
            yield lambda path: session.get(path).status_code
        return
    url = httpx.URL(base)
    conn = http.client.HTTPConnection(url.host, url.port, timeout=60)

    def get(path: str) -> int:
        conn.request("GET", path, headers=headers)
        reply = conn.getresponse()
        reply.read()
        return reply.status

    try:
        yield get
    finally:
        conn.close()


def search_paths(queries: list[tuple[str, str, int]]) -> list[str]:
    return [str(httpx.URL("/api/search", params={"q": q, "limit": 10})) for q, *_ in queries]


def append_results(command: str, built: dict[str, Any], figures: dict[str, Any]) -> None:
    path = BENCH / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    if "\n## Web (issue 4)\n" not in text:
        text = text.rstrip("\n") + "\n\n" + WEB_HEADER
    s, p = figures["search"], figures.get("person")

    def codes(found: dict[str, int]) -> str:
        return ", ".join(f"{n:,} × {code}" for code, n in found.items())

    def by_process(run: dict[str, Any]) -> str:
        return " / ".join(str(x) for x in run.get("process_cpu_s", []))

    person_row = (
        f"| person page `/persons/{{id}}` | {p['requests']:,} | {p['p50_ms']} | "
        f"**{p['p95_ms']}** | {p['max_ms']} | {p['throughput_rps']} | "
        f"{p.get('server_cpu_ms', '')} | {by_process(p)} | {codes(p['statuses'])} |"
        if isinstance(p, dict)
        else f"| person page `/persons/{{id}}` | — | not measured ({p}) | | | | | | |"
    )
    secs = built.get("seconds", {})
    built_text = ", ".join(f"{k} {v:,.0f} s" for k, v in secs.items()) or "reused"
    text += (
        f"\n#### {built['records']:,} records ({built['persons']:,} persons), "
        f"{figures['clients']} clients × {figures['requests_per_client']} requests, "
        f"{figures['workers']} worker process{'es' if figures['workers'] > 1 else ''} — "
        f"{date.today().isoformat()}\n\n"
        f"```\n{command}\n```\n\n"
        f"Registry built with the CLI ({built_text}); index loaded by the server in "
        f"{figures['first_search_s']} s at the first search; machine load average (1 / 5 / 15 "
        f"min) {figures['loadavg']} at start, {figures['loadavg_after']} at the end.\n\n"
        "| route | requests | p50 ms | p95 ms | max ms | req/s | server CPU ms/request | "
        "CPU s by process | statuses |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        f"| `/api/search` | {s['requests']:,} | {s['p50_ms']} | **{s['p95_ms']}** | "
        f"{s['max_ms']} | {s['throughput_rps']} | {s.get('server_cpu_ms', '')} | "
        f"{by_process(s)} | {codes(s['statuses'])} |\n"
        f"{person_row}\n"
    )
    path.write_text(text, encoding="utf-8")
    print(f"appended to {path}", flush=True)


WEB_HEADER = """## Web (issue 4)

`bench/web.py`: the registry is built through the CLI (`athar synth`, `athar import` of each
source, `athar link`), the search index built with `athar search --rebuild`, then `athar serve
--workers N` (N uvicorn processes) runs on loopback and concurrent clients (threads, the standard
library's http.client since session 18 — httpx before, at four times its CPU — keep-alive, bearer
token) send requests one after the other: `/api/search?q=…&limit=10` with queries
written as families write them (`bench/search.py`'s writer: Arabic, Latin, Arabizi, partial
names, a birth year in a third), and `/persons/{id}` for persons those searches returned. Every
search is audited (one event written per request). Targets on this machine (2 shared cores):
p95 ≤ 150 ms for search, ≤ 250 ms for the person page. Other engineers' jobs ran at the same time.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--persons", type=int, default=20_000, help="synthetic persons (~2.1 each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sources", type=Path, help="reuse sources made with --persons and --seed")
    ap.add_argument("--keep", type=Path, help="registry folder, reused when already built")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=200, help="per client and route")
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument(
        "--workers", type=int, default=1, help="server processes (athar serve --workers)"
    )
    ap.add_argument(
        "--client",
        choices=("stdlib", "httpx"),
        default="stdlib",
        help="the load clients' HTTP library (stdlib: http.client, the lightest here)",
    )
    ap.add_argument("--build-only", action="store_true", help="build the registry and stop")
    ap.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = ap.parse_args()

    import tempfile

    tmp = None
    if args.keep is None:
        tmp = tempfile.TemporaryDirectory()
        home = Path(tmp.name)
    else:
        home = args.keep
    home.mkdir(parents=True, exist_ok=True)
    data = home / "data"
    data.mkdir(exist_ok=True)
    env = {**os.environ, "ATHAR_DATA_DIR": str(data)}
    env.pop("ATHAR_DATABASE_URL", None)
    env.pop("ATHAR_SEARCH_INDEX", None)
    loadavg = " / ".join(f"{x:.1f}" for x in os.getloadavg())

    built = build(home, args.persons, args.seed, args.sources, env)
    if args.build_only:
        return
    secret = token(env)
    _run([ATHAR, "search", "warm up", "--limit", "1"], env)  # builds and saves the index

    bench_search = _bench_search()
    with Path(built["sources"], "truth.csv").open(encoding="utf-8") as fh:
        observed = {r["person_id"] for r in csv.DictReader(fh)}
    queries = bench_search.make_queries(built["persons"], built["seed"], observed, args.queries)
    Random(7).shuffle(queries)
    paths = search_paths(queries)

    proc, base = serve(env, home / "serve.log", args.workers)
    try:
        figures = measure(
            base,
            secret,
            paths,
            args.clients,
            args.requests,
            print,
            lambda: server_cpu(proc.pid),
            lean=args.client == "stdlib",
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    figures["loadavg"] = loadavg
    figures["loadavg_after"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    figures["workers"] = args.workers
    figures["client"] = args.client
    print(json.dumps(figures, indent=1), flush=True)
    if not args.no_record:
        command = ".venv/bin/python bench/web.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        append_results(command, built, figures)
    if tmp is not None:
        tmp.cleanup()


def measure(
    base: str,
    secret: str,
    paths: list[str],
    clients: int,
    requests: int,
    say: Callable[..., None],
    cpu: Callable[[], dict[int, float]] = dict,
    lean: bool = True,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {secret}"}
    fresh = httpx.Limits(max_keepalive_connections=0)  # each request its own connection
    with httpx.Client(base_url=base, headers=headers, timeout=600, limits=fresh) as http:
        t = time.perf_counter()
        first = http.get(paths[0])
        while first.status_code == 503:  # the index is still being loaded or built
            time.sleep(1)
            first = http.get(paths[0])
        first.raise_for_status()
        first_s = round(time.perf_counter() - t, 2)
        say(f"first search answered in {first_s} s", flush=True)
        persons: list[str] = []
        for path in paths[:200]:  # warm-up, and the persons the person page will show
            for r in http.get(path).json()["results"]:
                if r["person_id"] and r["person_id"] not in persons:
                    persons.append(r["person_id"])
        probe = http.get(f"/persons/{persons[0]}") if persons else None
    say(f"searching: {clients} clients × {requests} requests", flush=True)
    figures: dict[str, Any] = {
        "clients": clients,
        "requests_per_client": requests,
        "first_search_s": first_s,
    }
    before = cpu()
    figures["search"] = load(base, secret, paths, clients, requests, lean)
    _cpu_since(before, cpu(), figures["search"])
    say(json.dumps(figures["search"]), flush=True)
    if probe is None or probe.status_code != 200:
        code = probe.status_code if probe is not None else "no person found"
        figures["person"] = f"GET /persons/{{id}} answered {code}"
    else:
        person_paths = [f"/persons/{p}" for p in persons]
        say(f"person page: {clients} clients × {requests} requests", flush=True)
        before = cpu()
        figures["person"] = load(base, secret, person_paths, clients, requests, lean)
        _cpu_since(before, cpu(), figures["person"])
        say(json.dumps(figures["person"]), flush=True)
    return figures


if __name__ == "__main__":
    main()
