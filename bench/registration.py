"""Benchmark meetup registration through the real HTTP stack, and the briefing PDF.

Run: .venv/bin/python bench/registration.py [--requests 600] [--clients 50] [--runs 3] [--full]
     [--rate-limits on|off] [--no-form] [--spread 50] [--server gthread|production]
     [--workers 4] [--threads 4]

1. Registrations per second: a fresh PostgreSQL database (BENCH_DB names it), gunicorn with
   production settings (tasks into the django_tasks_db queue, rate limits on as in
   production; every request comes from its own address through X-Forwarded-For with one
   proxy, so nobody reaches the limit but every registration pays for counting), and 50
   client threads POSTing `/api/meetups/{slug}/registrations` with http.client, then the
   public form (`/meetups/{slug}/aanmelden/`, with its CSRF cookie and token). The baseline,
   measured in the same run against the same server and clients, is a GET of the meetup's
   .ics (a read with one query and no lock), measured before and again after the POSTs of
   each run. "cost" is the mean of those two GET rates divided by the POST rate: how many
   GETs one registration costs. After each run the database is checked:
   exactly `capacity` confirmed, the rest on the waiting list in id order, no errors.
2. Briefing PDF render time for a 3-theme meetup (WeasyPrint), beside the time to render
   the same briefing's HTML (the template alone) as baseline.

`--full` uses 5,000 registrations per run. Everything here is generated; no real people.

Where a registration's time goes (issue 15, PostgreSQL 15, 2 shared cores, load 4.8-7.6):
- Round trips per request: the GET makes 1 query (plus Django's connection health check,
  as every request); an API registration makes 9: the meetup, the limiter's count, the
  meetup's themes, the netwerk organisation, then BEGIN, lock + count (one message), the
  registration, its audit entry, its e-mail task and COMMIT. Synchronous commits: 1 (was 2:
  the limiter's count now commits without waiting for the disk, `core/ratelimit.py`).
- Every registration for one meetup waits for that meetup's row lock, so the throughput is
  1 / (time the lock is held). Measured inside gunicorn during a run (600 requests, load
  about 6): waiting for the lock 206 ms on average (the queue); held 19 ms: registration +
  audit insert 8.4 ms (two round trips), e-mail task insert 3.7 ms, COMMIT 6.6 ms (an fsync
  here takes 2.5 ms, pg_test_fsync). Each round trip costs 3-4 ms of waiting to be
  scheduled again on the loaded machine, not work; about 50 registrations/s follow.
- `--runs 3`, limits on, before these changes: API cost 2.8, 7.0, 5.5 (45-53
  registrations/s; form 3.3, 11.7, 5.3). After them, same machine and day, limits on: API
  2.5, 4.5, 5.5 (42-55/s), 2.4, 6.7, 6.9 (56-73/s; form 3.0, 9.3, 11.1) and 2.1, 5.4, 6.7
  (59-71/s; form 2.5, 6.8, 8.7); limits off: API 2.8, 5.0, 5.8 (59-74/s). Sending the
  e-mail task row with the COMMIT (psycopg pipeline mode) was tried and gave no gain
  beyond this noise, so it was left out. The GET baseline moves between 92 and 433/s with the load of
  the other processes on the machine, and the ratio with it. The goal of 2 is not reached
  while the lock is held across four round trips and an fsync.
- After the merge, nothing else running (load 1.1 at the start, 3.4-4.4 after, 2026-12-05
  09:02-09:06), two `--runs 3`: registrations 103-143/s (the issue measured 46-51/s), GET
  187-510/s; API cost 2.0, 3.5, 3.1 and 1.8, 3.6, 3.7; form 2.3, 5.5, 4.6 and 1.7, 5.1, 4.3.
  On a quiet machine the GET gets faster than the lock-bound POST, so the ratio does not fall.
- Without the lock (2026-12-05 12:00, quiet machine, `--runs 3 --no-form`): the same run
  gave GET 646/s against POST 157/s, cost 1.6 (warm-up), 4.6, 4.1. With `--spread 50` (the
  same POSTs over 50 meetups, so no two wait for one row lock): GET 703-721/s against POST
  211-215/s, cost 1.4 (warm-up), 3.3, 3.4. So the shared lock explains about 4.1 -> 3.3;
  the rest is CPU. In process (Django test client, PostgreSQL, one thread): GET .ics 1.9 ms
  wall, 1.6 ms CPU, 1 statement; API POST 7.5 ms wall, 5.1-5.3 ms CPU, 10 statements, each
  ORM statement 0.4-0.5 ms of Python (building, compiling, reading the row). A cost of 2
  leaves room for about 4 statements: only hand-written SQL or a stored procedure for the
  whole registration, which would put the overbooking rule in two places (SQLite and
  PostgreSQL). Tried and dropped: committing with `synchronous_commit = off` inside the
  lock and waiting for durability after it (no change under load: the POST is CPU-bound).
- Compiling was most of that CPU: a short ORM query costs 0.3-0.4 ms of Python to build and
  compile against 0.08 ms to send and read (PostgreSQL). The registration path's short
  queries (the API's meetup without `select_related`, its themes, the netwerk organisation,
  the lock and the count) are now compiled once per process (`kansenwerk/core/prepared.py`)
  and the form validates a theme choice against the themes it already read (no query per
  field). In process: API POST 6.2-6.5 -> 3.2-3.6 ms CPU, GET .ics 2.1-2.6 ms (unchanged).
  Over HTTP this file also changed: a warm-up pass before run 1 (run 1 measured a cold GET
  and looked cheap) and its own client address for every request (so more runs never reach
  the rate limit). Same session (2026-12-05 21:44-21:52, load 0.4-5), before and after
  alternated, `--runs 3 --spread 50` with the form:
    before A: API 3.3, 3.9, 3.5; over 50 meetups 2.8, 3.3, 3.0; form 4.3, 5.6, 4.8
    after  A: API 3.2, 2.7, 2.5; over 50 meetups 2.2, 1.9, 1.9; form 4.1, 4.5, 4.3
    before B: API 3.5, 3.8, 3.6; over 50 meetups 3.0, 3.4, 3.0; form 4.4, 5.9, 4.2
    after  B: API 3.0, 3.0, 2.5; over 50 meetups 2.1, 2.0, 2.0; form 4.2, 4.1, 3.9
  (POST 137-149/s before, 177-210/s after; over 50 meetups 163-174/s before, 254-275/s
  after; GET 488-570/s throughout.) With the form's theme check: API 2.9, 2.6, 2.7; over 50
  meetups 2.1, 1.9, 1.9; form 4.0, 3.4, 3.4 (138-155/s).
- So without the queue a registration now costs about 2 GETs. Against one meetup it costs
  2.5-3.1: measured inside gunicorn, the lock is held 5.0 ms per registration (p50 4.9:
  registration, audit entry, e-mail task, commit, on 2 cores shared with 50 clients), which
  caps one meetup at about 200 registrations/s however cheap the rest is. Committing
  without waiting for the disk inside the lock (and waiting after it) was tried again after
  this change: no difference (API 2.8, 2.6, 2.8). A shorter hold needs fewer statements
  inside the lock, which means hand-written SQL for the inserts.
- Fewer round trips while the lock is held (2026-12-06): on PostgreSQL the lock, the count
  and the next registration id go as one message, and the registration, its audit entry,
  its e-mail task and the COMMIT as another, all SQL still written by the ORM
  (`kansenwerk/core/statements.py`); the themes and the netwerk organisation are read in one
  message before it. In process (one thread, quiet): lock held 2.1-2.3 -> 1.2-1.5 ms, the
  service's CPU 1.9-2.1 -> 1.5-1.8 ms; PostgreSQL's own CPU per API POST 2.1 ms (GET 0.4).
  Over HTTP, `--runs 3 --spread 50 --no-form`, before (ee9c0d2) and after alternated, GET
  measured before and after each run's POSTs (00:36-00:55, load 2-6):
    --server production  before: API 2.2, 2.3, 2.6 and 2.3, 2.4, 2.3 (173-287/s)
                         after:  API 2.1, 2.2, 2.4 and 1.9, 1.7, 1.9 (201-304/s)
    --server gthread     before: API 2.7, 3.1, 2.6 (177-188/s)
                         after:  API 1.9, 2.2, 2.1 (234-260/s)
  over 50 meetups after: 1.7-2.1. With the themes and organisation in one message as well
  (01:00, production): API 2.1, 2.5, 1.9 and 1.9, 2.1, 1.9 against 2.1, 1.9, 2.0 and 1.8,
  1.9, 1.9 without it: no difference this bench can see. So a registration now costs about
  2 GETs against one meetup too (1.7-2.5 over 15 runs), but not yet below 2 in every run.
- CPU per request by process over HTTP (gunicorn production, 8 clients, 3,000 requests,
  2026-12-06): GET gunicorn 2.3-3.6 ms, PostgreSQL 0.31-0.46 ms, client 0.26-0.38 ms; API
  POST gunicorn 3.9-5.5 ms, PostgreSQL 1.4-2.0 ms, client 0.4-0.5 ms. Merging the API's
  first reads (meetup, themes, the limiter's count: one message; the netwerk organisation
  with the lock) saved round trips but no CPU this could see. Most of PostgreSQL's work was
  parsing and planning each short statement again (a lookup by slug: 95 us as SQL, 57 us
  prepared). With the statements of `run_together` prepared once per connection (SQL
  PREPARE/EXECUTE in the same one message; protocol-level preparation needs psycopg's
  pipeline mode, which measured slower), PostgreSQL's CPU per POST fell from 4.3-4.7 to
  2.3-3.1 times a GET's, and the whole POST from 1.80-1.97 to 1.37-1.79 times a GET's CPU.
  `--runs 3 --spread 50 --no-form --server production`, before (db29714) and after
  alternated (02:59-03:09, load 1-3.4):
    before: API 1.7, 1.9, 1.8 and 2.1, 2.1, 2.0; over 50 meetups 1.6, 1.8, 1.9 and 1.6, 2.0, 1.9
    after:  API 1.8, 1.9, 1.7 and 1.8, 1.8, 1.8; over 50 meetups 1.9, 1.6, 1.5 and 1.5, 1.5, 1.6
  (GET 377-494/s in the after runs against 403-586/s before: the machine was slower then.)
  Then, after only (03:28-03:31, load 1.7-4.9), one meetup: `--server production` 1.9, 2.0,
  1.8 and 2.0, 1.8, 1.8; `--server gthread` 2.1, 2.2, 2.2. With threads the registration that
  holds the lock must also win the GIL back from its worker's other threads (the switch
  interval is 5 ms), so the lock is held longer there; the production configuration runs
  one thread per worker. No overbooking in any run.
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kansenwerk_bench_meetups")
PORT = int(os.environ.get("BENCH_PORT", "8094"))


def sh(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepare_database(env: dict) -> None:
    host = "127.0.0.1"
    sh("dropdb", "-h", host, "-U", "postgres", "--if-exists", DB_NAME)
    sh("createdb", "-h", host, "-U", "postgres", DB_NAME)
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        # The form page needs the hashed static files production serves.
        subprocess.run(
            [str(REPO / ".venv/bin/kansenwerk"), *command], check=True, env=env, cwd=REPO
        )


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def create_meetup(*, capacity: int, title: str) -> str:
    import datetime

    from django.utils import timezone

    from kansenwerk.core.models import Region
    from kansenwerk.kennisbank.models import SolutionDirection, Theme
    from kansenwerk.meetups.services.meetup import meetup_create, meetup_publish

    region, _ = Region.objects.get_or_create(name="Benchregio")
    themes = []
    for n in range(3):
        theme, created = Theme.objects.get_or_create(
            title=f"Benchthema {n + 1}",
            defaults={
                "guiding_question": "Hoe zorgen we samen dat elk kind de kans krijgt die het verdient?",
                "introduction": "Een inleiding van een paar zinnen die het thema neerzet. " * 4,
            },
        )
        if created:
            for d in range(4):
                SolutionDirection.objects.create(
                    theme=theme,
                    number=f"{n + 1}.{d + 1}",
                    position=d,
                    title=f"Oplossingsrichting {n + 1}.{d + 1}",
                    text="Wat partners samen kunnen doen, in een alinea uitgelegd. " * 5,
                    questions=["Wie doet dit al?", "Wat is er nodig?", "Wie zet de eerste stap?"],
                )
        themes.append(theme)
    meetup = meetup_create(
        user=None,
        region=region,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        capacity=capacity,
        themes=themes,
        venue_name="Benchzaal",
        description="Een gegenereerde meetup voor de benchmark.",
    )
    meetup_publish(user=None, meetup=meetup)
    return meetup.slug


# Every request of the whole benchmark comes from an address of its own, so however many
# runs there are, nobody reaches the rate limit (but every request pays for counting).
ADDRESSES = itertools.count()


def client_address(n: int) -> str:
    """A distinct documentation-range address per request (X-Forwarded-For)."""
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def form_session(page: str) -> tuple[str, str]:
    """A CSRF cookie and the token to post with it, as a browser gets them from the form."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", page)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie") or ""
    conn.close()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    csrf = re.search(r"csrftoken=([^;]+)", cookie)
    if not match or not csrf:
        raise SystemExit("geen CSRF-token op het aanmeldformulier")
    return csrf.group(1), match.group(1)


def hammer(
    *, method: str, path_of, count: int, clients: int, body_of=None, form_page: str = ""
) -> dict:
    """`count` requests from `clients` threads, each with its own keep-alive connection.

    With `form_page` the bodies are posted as that form, with its CSRF cookie and token."""
    counter = iter(range(count))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    # Each client fetches the form once (cookie and token), before the clock starts.
    sessions = [form_session(form_page) if form_page else ("", "") for _ in range(clients)]

    def client(cookie: str, token: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while True:
            with lock:
                n = next(counter, None)
                address = next(ADDRESSES)
            if n is None:
                break
            headers = {"X-Forwarded-For": client_address(address)}
            body = None
            if body_of and form_page:
                body = urllib.parse.urlencode({**body_of(n), "csrfmiddlewaretoken": token})
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Cookie"] = f"csrftoken={cookie}"
            elif body_of:
                body = json.dumps(body_of(n))
                headers["Content-Type"] = "application/json"
            t0 = time.perf_counter()
            try:
                conn.request(method, path_of(n), body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                status = -1
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=session) for session in sessions]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "rps": count / wall,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95) - 1],
        "statuses": statuses,
    }


def theme_ids(slug: str) -> list[str]:
    from kansenwerk.meetups.models import MeetupTheme

    ids = MeetupTheme.objects.filter(meetup__slug=slug).order_by("position", "id")
    return [str(pk) for pk in ids.values_list("pk", flat=True)]


def check_meetup(slug: str, *, capacity: int, count: int) -> str:
    from kansenwerk.meetups.models import Meetup, Registration

    meetup = Meetup.objects.get(slug=slug)
    statuses = list(meetup.registrations.order_by("id").values_list("status", flat=True))
    expected = [Registration.Status.CONFIRMED] * min(capacity, count) + [
        Registration.Status.WAITLISTED
    ] * max(count - capacity, 0)
    return "ok" if statuses == expected else f"FOUT: {len(statuses)} rijen, volgorde klopt niet"


def wait_for_server(proc: subprocess.Popen) -> None:
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/api/openapi.json")
            conn.getresponse().read()
            return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn stopte meteen; zie de uitvoer hierboven") from None
            time.sleep(0.2)
    raise SystemExit("gunicorn kwam niet op")


def api_body(name: str, run: int):
    """The JSON body of the n-th API registration of a run (an invented person)."""
    return lambda n: {
        "name": f"{name} {run}-{n}",
        "email": f"{name.lower()}{run}-{n}@bench.invalid",
        "organisation": "Benchschool",
        "profession": "leerkracht_po",
        "theme_choices": ["benchthema-1", "benchthema-2"],
        "consent": True,
    }


def bench_http(args, env: dict) -> None:
    if args.server == "production":
        # The production configuration (kansenwerk/gunicorn_conf.py: sync workers, access log
        # on standard output, which is thrown away here but still written).
        workers = args.workers or int(env.get("GUNICORN_WORKERS", "3"))
        cmd = [
            str(REPO / ".venv/bin/gunicorn"),
            "-c", "python:kansenwerk.gunicorn_conf",
            "kansenwerk.wsgi",
            "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(workers),
            "--backlog", "256",
            "--log-level", "warning",
        ]  # fmt: skip
        server = f"gunicorn {workers} sync workers (production configuration)"
    else:
        workers = args.workers or 4
        cmd = [
            str(REPO / ".venv/bin/gunicorn"),
            "kansenwerk.wsgi",
            "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(workers),
            "--worker-class", "gthread",
            "--threads", str(args.threads),
            "--backlog", "256",
            "--log-level", "warning",
        ]  # fmt: skip
        server = f"gunicorn {workers} workers × {args.threads} threads"
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL if args.server == "production" else None,
    )
    try:
        wait_for_server(proc)
        print(
            f"\nHTTP: {server}, PostgreSQL, {args.clients} clients, "
            f"{args.requests} requests per run, capacity {args.capacity}, "
            f"rate limits {args.rate_limits}"
        )
        print(f"{'run':>4} {'what':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}  status / check")
        costs: dict[str, list[float]] = {}
        # Warm-up, not reported: every worker loads its code, templates and connections,
        # so the first run's GET is not measured cold (that made run 1's ratio look low).
        warm = create_meetup(capacity=args.capacity, title=f"Opwarmavond {time.time_ns()}")
        for method, path, body_of in (
            ("GET", f"/meetups/{warm}/agenda.ics", None),
            ("POST", f"/api/meetups/{warm}/registrations", api_body("Opwarmer", 0)),
        ):
            hammer(
                method=method,
                path_of=lambda n, p=path: p,
                count=min(args.requests, 300),
                clients=args.clients,
                body_of=body_of,
            )
        for run in range(1, args.runs + 1):
            slug = create_meetup(capacity=args.capacity, title=f"Benchavond {run} {time.time_ns()}")
            base = hammer(
                method="GET",
                path_of=lambda n, s=slug: f"/meetups/{s}/agenda.ics",
                count=args.requests,
                clients=args.clients,
            )
            reg = hammer(
                method="POST",
                path_of=lambda n, s=slug: f"/api/meetups/{s}/registrations",
                count=args.requests,
                clients=args.clients,
                body_of=api_body("Deelnemer", run),
            )
            check = check_meetup(slug, capacity=args.capacity, count=args.requests)
            rows = [
                ("baseline GET agenda.ics", base, r_status(base)),
                ("POST registrations (API)", reg, f"{r_status(reg)}; {check}"),
            ]
            # Each POST's rate, to be set against the GET measured before and after them.
            posts: list[tuple[str, dict]] = [("API", reg)]
            if args.spread:
                # The same registrations over `spread` meetups: nobody waits for another
                # meetup's lock, so this is what a registration costs without the queue.
                slugs = [
                    create_meetup(
                        capacity=args.capacity, title=f"Spreidavond {run} {i} {time.time_ns()}"
                    )
                    for i in range(args.spread)
                ]
                spread = hammer(
                    method="POST",
                    path_of=lambda n, s=slugs: f"/api/meetups/{s[n % len(s)]}/registrations",
                    count=args.requests,
                    clients=args.clients,
                    body_of=api_body("Spreider", run),
                )
                checks = {
                    check_meetup(
                        s,
                        capacity=args.capacity,
                        count=len(range(i, args.requests, args.spread)),
                    )
                    for i, s in enumerate(slugs)
                }
                rows.append(
                    (
                        f"POST over {args.spread} meetups",
                        spread,
                        f"{r_status(spread)}; {'; '.join(sorted(checks))}",
                    )
                )
                posts.append((f"API over {args.spread} meetups", spread))
            if args.form:
                form_slug = create_meetup(
                    capacity=args.capacity, title=f"Formavond {run} {time.time_ns()}"
                )
                first, second = theme_ids(form_slug)[:2]
                form = hammer(
                    method="POST",
                    path_of=lambda n, s=form_slug: f"/meetups/{s}/aanmelden/",
                    count=args.requests,
                    clients=args.clients,
                    form_page=f"/meetups/{form_slug}/aanmelden/",
                    body_of=lambda n, r=run, t1=first, t2=second: {
                        "name": f"Formgast {r}-{n}",
                        "email": f"f{r}-{n}@bench.invalid",
                        "organisation": "Benchschool",
                        "profession": "leerkracht_po",
                        "theme_choice_1": t1,
                        "theme_choice_2": t2,
                        "needs": "",
                        "consent": "on",
                        "website": "",
                    },
                )
                form_check = check_meetup(form_slug, capacity=args.capacity, count=args.requests)
                rows.append(("POST form (302 = stored)", form, f"{r_status(form)}; {form_check}"))
                posts.append(("form", form))
            # The GET again: the machine is shared and its speed drifts within a run, so the
            # baseline is the mean of the GET rate before and after the POSTs.
            after = hammer(
                method="GET",
                path_of=lambda n, s=slug: f"/meetups/{s}/agenda.ics",
                count=args.requests,
                clients=args.clients,
            )
            rows.append(("baseline GET again", after, r_status(after)))
            baseline = (base["rps"] + after["rps"]) / 2
            for what, result in posts:
                costs.setdefault(what, []).append(baseline / result["rps"])
            for label, r, extra in rows:
                print(
                    f"{run:>4} {label:<28} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}  {extra}"
                )
            print(f"{run:>4} {'cost in GETs':<28} " + ", ".join(
                f"{what} {values[-1]:.1f}×" for what, values in costs.items() if values
            ))  # fmt: skip
        print(
            f"cost of a registration in GETs over {args.runs} runs (goal ≤ 2): "
            + "; ".join(
                f"{what} " + ", ".join(f"{v:.1f}" for v in values)
                for what, values in costs.items()
                if values
            )
            + f"; load average after: {os.getloadavg()[0]:.1f}"
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def r_status(result: dict) -> str:
    return ", ".join(f"{k}×{v}" for k, v in sorted(result["statuses"].items()))


def bench_pdf(args) -> None:
    if args.pdf_runs < 1:  # --pdf-runs 0: registrations only
        return
    from pypdf import PdfReader

    from kansenwerk.meetups.models import Meetup
    from kansenwerk.meetups.services.briefing import briefing_html, briefing_pdf

    slug = create_meetup(capacity=50, title=f"PDF-avond {time.time_ns()}")
    meetup = Meetup.objects.get(slug=slug)
    import shutil

    from kansenwerk.core.pdf import cache_dir

    html_times, pdf_times, cached_times, pages = [], [], [], 0
    briefing_pdf(meetup=meetup)  # warm-up: fonts and CSS parsing caches
    for _ in range(args.pdf_runs):
        t0 = time.perf_counter()
        briefing_html(meetup=meetup)
        html_times.append(time.perf_counter() - t0)
        shutil.rmtree(cache_dir(), ignore_errors=True)  # a render, not a cache hit
        t0 = time.perf_counter()
        pdf = briefing_pdf(meetup=meetup)
        pdf_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        briefing_pdf(meetup=meetup)  # the same content again: from the PDF cache
        cached_times.append(time.perf_counter() - t0)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"\nBriefing PDF, 3 themes × 4 directions, {args.pdf_runs} runs (after one warm-up)")
    print(
        f"  baseline HTML render: median {1000 * statistics.median(html_times):.0f} ms, "
        f"min {1000 * min(html_times):.0f} ms"
    )
    print(
        f"  PDF render (WeasyPrint, PDF/UA-1): median {1000 * statistics.median(pdf_times):.0f} ms, "
        f"min {1000 * min(pdf_times):.0f} ms, {len(pdf)} bytes, {pages} pages"
    )
    print(
        f"  PDF again, same content (cache): median {1000 * statistics.median(cached_times):.1f} ms "
        f"({statistics.median(cached_times) / statistics.median(html_times):.1f}x the HTML render)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=150)
    parser.add_argument(
        "--server",
        choices=["gthread", "production"],
        default="gthread",
        help="gthread: 4 workers × 4 threads; production: kansenwerk/gunicorn_conf.py (3 sync workers)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (4; production: 3)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="5,000 registrations per run")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--rate-limits",
        choices=["on", "off"],
        default="on",
        help="on (production): every registration is counted; off: as before issue 15",
    )
    parser.add_argument("--no-form", dest="form", action="store_false", help="API only")
    parser.add_argument(
        "--spread",
        type=int,
        default=0,
        metavar="N",
        help="also POST the same registrations over N meetups (no shared lock)",
    )
    args = parser.parse_args()
    if args.full:
        args.requests, args.capacity = 5000, 1000
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.production",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "KANSENWERK_RATE_LIMITS": args.rate_limits,
        # One proxy in front (as in production): the client is the X-Forwarded-For entry.
        "KANSENWERK_PROXY_COUNT": "1",
        "KANSENWERK_DATA_DIR": "/tmp/kansenwerk-bench-meetups",
        "LOG_LEVEL": "ERROR",
    }
    print(
        f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
        f"rate limits {args.rate_limits}"
    )
    prepare_database(env)
    django_setup(env)
    if not args.skip_http:
        bench_http(args, env)
    bench_pdf(args)


if __name__ == "__main__":
    main()
