"""Soak and fault test: gunicorn with production settings on PostgreSQL under a mixed load.

Run: .venv/bin/python bench/soak.py [--minutes 5] [--users 20] [--no-faults]

What it does (loopback only, bounded in time and requests, stops by itself):
1. Makes its own PostgreSQL cluster (`kwsoak`, port 5439, Debian's pg_createcluster) so that
   restarting it disturbs no other database on the machine; a fresh database with the demo
   content and one published meetup with room for everyone.
2. Starts gunicorn (production settings, database cache and task queue as in production)
   and runs locust headless: browsing the kennisbank, searching, the netwerk API, the meetup
   pages and registrations (`POST /api/meetups/{slug}/registrations`), every request logged
   with its time.
3. Faults, under load: PostgreSQL is stopped for ~10 s and started again (at 40 % of the
   run), and one gunicorn worker is killed with SIGKILL (at 70 %).
4. Reports per endpoint p50/p95 and error rate; errors inside and outside the outage window
   (outage = from the stop until the database answered again, plus 2 s for connections to be
   replaced); worker memory (RSS) at start and end; and checks the database: every 201 a
   registration, no registration without its confirmation e-mail task, none with two.

Goal: 0 errors outside the outage, memory growth < 10 %. Needs root (pg_createcluster) and
`locust` (requirements/bench.txt; `make bench-smoke` installs it). Everything it sends is generated; no real people.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLUSTER, PG_PORT = "kwsoak", 5439
DB_NAME = "kansenwerk_soak"
PORT = int(os.environ.get("BENCH_PORT", "8097"))
PG_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
GRACE = 2.0  # seconds after the database answers again in which errors still count as outage

LOCUSTFILE = textwrap.dedent(
    """
    import json, os, random, time, uuid
    from locust import HttpUser, between, events, task

    LOG = open(os.environ["SOAK_LOG"], "a", buffering=1)
    SLUG = os.environ["SOAK_MEETUP"]
    QUERIES = ["ouders", "taal", "overstap", "voorlezen", "huiswerkbegeleiding", "bibliotheek"]

    @events.request.add_listener
    def log(request_type, name, response_time, response_length, response=None,
            exception=None, **kwargs):
        status = getattr(response, "status_code", 0) if response is not None else 0
        body = ""
        if name == "registreren" and status == 201:
            try:
                body = response.json().get("id", "")
            except Exception:
                body = ""
        LOG.write(json.dumps({"t": time.time(), "name": name, "ms": response_time,
                              "status": status, "ok": exception is None, "id": body}) + "\\n")

    class Visitor(HttpUser):
        wait_time = between(0.2, 1.0)

        @task(4)
        def kennisbank(self):
            self.client.get("/kennisbank/", name="kennisbank")
            self.client.get("/kennisbank/themas/", name="kennisbank-lijst")

        @task(4)
        def search(self):
            self.client.get("/zoeken/", params={"q": random.choice(QUERIES)}, name="zoeken")

        @task(3)
        def netwerk_api(self):
            self.client.get("/api/services", name="api-services")
            self.client.get("/api/organizations", name="api-organizations")

        @task(2)
        def meetup(self):
            self.client.get(f"/meetups/{SLUG}/", name="meetup")
            self.client.get(f"/meetups/{SLUG}/briefing/", name="briefing")

        @task(2)
        def register(self):
            key = uuid.uuid4().hex[:12]
            self.client.post(
                f"/api/meetups/{SLUG}/registrations",
                json={"name": f"Soak {key}", "email": f"soak-{key}@example.org",
                      "organisation": "Benchschool", "profession": "leerkracht_po",
                      "theme_choices": [], "consent": True},
                name="registreren",
            )
    """
)


def sh(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=check, capture_output=True, text=True, env=env)


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]


def ensure_cluster() -> str:
    version = pg_version()
    if not Path(f"/etc/postgresql/{version}/{CLUSTER}").exists():
        sh("pg_createcluster", version, CLUSTER, "--port", str(PG_PORT), "--", "--auth=trust")
    sh("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start", check=False)
    wait_for_postgres()
    return version


def wait_for_postgres(timeout: float = 60) -> float:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if (
            sh("pg_isready", "-h", "127.0.0.1", "-p", str(PG_PORT), "-q", check=False).returncode
            == 0
        ):
            return time.time()
        time.sleep(0.2)
    raise SystemExit("PostgreSQL (kwsoak) kwam niet op")


def prepare(env: dict) -> None:
    host = ["-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres"]
    sh("dropdb", *host, "--if-exists", DB_NAME)
    sh("createdb", *host, DB_NAME)
    kansenwerk = str(REPO / ".venv/bin/kansenwerk")
    for command in (
        ["migrate", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
        ["loaddemo", "--no-users"],
    ):
        subprocess.run([kansenwerk, *command], check=True, env=env, cwd=REPO, capture_output=True)


def create_meetup(env: dict) -> str:
    code = textwrap.dedent(
        """
        import datetime, django
        django.setup()
        from django.utils import timezone
        from kansenwerk.core.models import Region
        from kansenwerk.meetups.services.meetup import meetup_create, meetup_publish
        meetup = meetup_create(
            user=None, region=Region.objects.order_by("pk").first(), title="Soakavond",
            starts_at=timezone.now() + datetime.timedelta(days=30), capacity=100000,
            themes=[], venue_name="Benchzaal", description="Gegenereerd voor de soaktest.",
        )
        meetup_publish(user=None, meetup=meetup)
        print(meetup.slug)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def wait_for_http(proc: subprocess.Popen) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/openapi.json", timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn stopte meteen") from None
            time.sleep(0.2)
    raise SystemExit("gunicorn kwam niet op")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0.0


def check_database(env: dict, created_ids: set[int]) -> dict:
    code = textwrap.dedent(
        """
        import json, sys, django
        django.setup()
        from collections import Counter
        from django_tasks_db.models import DBTaskResult
        from kansenwerk.meetups.models import Registration
        ids = set(json.loads(sys.stdin.read()))
        rows = Registration.objects.filter(name__startswith="Soak ")
        have = set(rows.values_list("pk", flat=True))
        tasks = Counter()
        for result in DBTaskResult.objects.filter(task_path__endswith="send_registration_email"):
            kwargs = (result.args_kwargs or {}).get("kwargs", {})
            tasks[kwargs.get("registration_id")] += 1
        print(json.dumps({
            "registrations": len(have),
            "answered_201_missing": len(ids - have),
            "without_status": rows.filter(status="").count(),
            "without_email_task": len([pk for pk in have if tasks[pk] == 0]),
            "doubled_email_task": len([pk for pk in have if tasks[pk] > 1]),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        input=json.dumps(sorted(created_ids)),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()
    seconds = int(args.minutes * 60)
    data_dir = Path(tempfile.mkdtemp(prefix="kansenwerk-soak-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.production",
        "DATABASE_URL": PG_URL,
        "SECRET_KEY": "soak-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "KANSENWERK_RATE_LIMITS": "off",
        "KANSENWERK_DATA_DIR": str(data_dir),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(REPO),
    }
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    version = ensure_cluster()
    prepare(env)
    slug = create_meetup(env)
    log_path = data_dir / "requests.jsonl"
    locustfile = data_dir / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)

    gunicorn = subprocess.Popen(
        [
            str(REPO / ".venv/bin/gunicorn"),
            "kansenwerk.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=REPO,
    )
    events: dict[str, float] = {}
    try:
        wait_for_http(gunicorn)
        locust = subprocess.Popen(
            [
                str(REPO / ".venv/bin/locust"),
                "-f",
                str(locustfile),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 5)),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env={**env, "SOAK_LOG": str(log_path), "SOAK_MEETUP": slug},
            cwd=data_dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.time()
        time.sleep(min(20, seconds * 0.1))  # warmed up: imports done, caches filled
        memory_start = rss_mb(workers_of(gunicorn.pid))

        def faults() -> None:
            time.sleep(max(0.0, started + seconds * 0.4 - time.time()))
            events["db_stop"] = time.time()
            sh("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "stop", "-m", "fast")
            time.sleep(10)
            sh("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start")
            events["db_back"] = wait_for_postgres()
            time.sleep(max(0.0, started + seconds * 0.7 - time.time()))
            victims = workers_of(gunicorn.pid)
            if victims:
                events["worker_killed"] = time.time()
                os.kill(victims[0], signal.SIGKILL)

        fault_thread = None
        if not args.no_faults:
            fault_thread = threading.Thread(target=faults, daemon=True)
            fault_thread.start()
        locust.wait(timeout=seconds + 120)
        if fault_thread is not None:
            # A short run ends before the faults do: wait, so the database is back for the
            # checks below and the report has both ends of the outage.
            fault_thread.join(timeout=120)
        memory_end = rss_mb(workers_of(gunicorn.pid))
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    rows = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    outage = (events.get("db_stop", 0), events.get("db_back", 0) + GRACE)

    def in_outage(row: dict) -> bool:
        return outage[0] <= row["t"] <= outage[1]

    def failed(row: dict) -> bool:
        return not row["ok"] or row["status"] >= 500 or row["status"] == 0

    print(
        f"\n{len(rows)} requests in {seconds} s, {args.users} users, gunicorn {args.workers} "
        f"workers × 4 threads, production settings, PostgreSQL {version} ({CLUSTER})"
    )
    print(
        f"{'endpoint':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'outside':>8}"
    )
    for name in sorted({r["name"] for r in rows}):
        mine = [r for r in rows if r["name"] == name]
        ok_times = [r["ms"] for r in mine if not failed(r)]
        errors = [r for r in mine if failed(r)]
        outside = [r for r in errors if not in_outage(r)]
        print(
            f"{name:<18} {len(mine):>8} {percentile(ok_times, 0.5):>8.0f} "
            f"{percentile(ok_times, 0.95):>8.0f} {len(errors) / len(mine):>6.1%} {len(outside):>8}"
        )
    errors_outside = [r for r in rows if failed(r) and not in_outage(r)]
    errors_inside = [r for r in rows if failed(r) and in_outage(r)]
    if events:
        print(
            f"\nfaults: database down {events['db_back'] - events['db_stop']:.1f} s "
            f"(errors inside the window: {len(errors_inside)}); "
            f"worker killed at {events.get('worker_killed', 0) - started:.0f} s"
        )
    print(f"errors outside the outage: {len(errors_outside)} (goal 0)")
    if errors_outside:
        statuses = statistics.multimode([r["status"] for r in errors_outside])
        print(f"  most common status outside: {statuses}")
    growth = (memory_end - memory_start) / memory_start if memory_start else 0.0
    print(
        f"worker memory (RSS, all workers): {memory_start:.0f} MB after warm-up, "
        f"{memory_end:.0f} MB at the end ({growth:+.1%}; goal < 10 %)"
    )
    created = {
        int(r["id"]) for r in rows if r["name"] == "registreren" and r["status"] == 201 and r["id"]
    }
    print("database check:", json.dumps(check_database(env, created)))


if __name__ == "__main__":
    main()
