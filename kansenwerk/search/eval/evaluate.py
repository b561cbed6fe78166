"""Search quality on the judged set (judgments.py): success@5, MRR@10, nDCG@10 with ranx.

Sets: the judged set (judgments.py) and the persona set (personas.py: whole, tuning part,
untouched held-out part). Run:
    .venv/bin/python -m kansenwerk.search.eval.evaluate [-v] [--seeds DIR] [--postgres URL]
One run evaluates, each in a child process with a fresh test database holding
`kansenwerk import` of the seeds:
- our search on SQLite and on PostgreSQL (and checks that their top 10s are identical),
- baseline 1: SQLite FTS5 with the `porter unicode61` tokenizer over the raw text, bm25,
- baseline 2: PostgreSQL `to_tsvector('dutch', …)` over the raw text, ts_rank_cd.
Both baselines get the same fields with the same weights (title 4, guiding question 2,
body 1) and the query words ORed, so the difference is the analysis and the ranking.
PostgreSQL: --postgres URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/kansenwerk;
left out with a message when it cannot be reached. Exit status 1 when the top 10s differ.
-v lists the queries whose top 5 misses every answer.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

SEEDS = Path("/work/shared/seeds")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/kansenwerk"
METRICS = ["hit_rate@5", "mrr@10", "ndcg@10"]


# -- child: one database ----------------------------------------------------------------------
def evaluate_here(*, seeds: Path) -> dict:
    """Scores of our search and of this database's baseline, plus our top 10 per query."""
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.db import connection

    from kansenwerk.search.selectors import search

    # Through the `kansenwerk import` command (the kennisbank's contract), not its modules:
    # search sits below the kennisbank and does not import it.
    try:
        call_command("import", str(seeds), stdout=StringIO())
    except CommandError as error:
        raise SystemExit(f"import failed: {error}") from error
    baseline = Baseline.for_vendor(connection.vendor)
    ours: dict[str, list[str]] = {}
    theirs: dict[str, list[str]] = {}
    sets = query_sets()
    for text in dict.fromkeys(t for queries in sets.values() for t, _ in queries):
        hits = search(text=text, with_facets=False).hits[:10]
        ours[text] = [f"{h.entry.type_key}|{h.entry.title}" for h in hits]
        theirs[text] = baseline.top10(text)
    judged = sets["judged"]
    return {
        "vendor": connection.vendor,
        "ours": scores(ours, judged),
        "baseline": scores(theirs, judged),
        "baseline_name": baseline.name,
        "sets": {
            name: {"ours": scores(ours, q), "baseline": scores(theirs, q), "count": len(q)}
            for name, q in sets.items()
        },
        "top10": ours,
        "misses": misses(ours, judged),
        "persona_misses": misses(ours, sets["persona tuning"]),
    }


Queries = list[tuple[str, dict[str, int]]]


def query_sets() -> dict[str, Queries]:
    """The judged set and the persona set (whole, its tuning part, its untouched part)."""
    from kansenwerk.search.eval.judgments import QUERIES
    from kansenwerk.search.eval.personas import PERSONA_QUERIES

    persona = [(text, answers, split) for _who, text, answers, split in PERSONA_QUERIES]
    return {
        "judged": [(text, answers) for text, _kind, answers in QUERIES],
        "persona": [(text, answers) for text, answers, _ in persona],
        "persona held-out": [(t, a) for t, a, split in persona if split == "held-out"],
        "persona tuning": [(t, a) for t, a, split in persona if split == "tuning"],
    }


class Baseline:
    """The database's own full-text search over the raw fields of the same records."""

    name = ""
    create = ""  # the table
    insert = ""  # one record: (row number, title, question, body)
    select = ""  # the ranked top 10 row numbers for one query (the words ORed)

    @staticmethod
    def for_vendor(vendor: str) -> Baseline:
        baseline = PostgresDutch() if vendor == "postgresql" else Fts5Porter()
        baseline.build(list(raw_records()))
        return baseline

    def build(self, records: list[tuple[str, str, str, str]]) -> None:
        from django.db import connection

        self.names = [name for name, *_ in records]
        with connection.cursor() as cursor:
            cursor.execute(self.create)
            cursor.executemany(
                self.insert, [(n, *fields) for n, (_, *fields) in enumerate(records)]
            )

    def top10(self, text: str) -> list[str]:
        from django.db import connection

        words = words_of(text)
        if not words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.select, [self.either(words)])
            return [self.names[row[0]] for row in cursor.fetchall()]

    def either(self, words: list[str]) -> str:
        raise NotImplementedError


class Fts5Porter(Baseline):
    name = "SQLite FTS5 porter unicode61, bm25"
    create = (
        "CREATE VIRTUAL TABLE eval_baseline USING fts5(title, question, body,"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    insert = "INSERT INTO eval_baseline(rowid, title, question, body) VALUES (%s, %s, %s, %s)"
    select = (
        "SELECT rowid FROM eval_baseline WHERE eval_baseline MATCH %s"
        " ORDER BY bm25(eval_baseline, 4.0, 2.0, 1.0), rowid LIMIT 10"
    )

    def either(self, words):
        return " OR ".join(f'"{w}"' for w in words)


class PostgresDutch(Baseline):
    name = "PostgreSQL to_tsvector('dutch'), ts_rank_cd"
    create = "CREATE TEMPORARY TABLE eval_baseline (id int, doc tsvector)"
    insert = (
        "INSERT INTO eval_baseline SELECT %s, setweight(to_tsvector('dutch', %s), 'A')"
        " || setweight(to_tsvector('dutch', %s), 'B') || setweight(to_tsvector('dutch', %s), 'C')"
    )
    select = (
        "SELECT id FROM eval_baseline, to_tsquery('dutch', %s) q WHERE doc @@ q"
        " ORDER BY ts_rank_cd('{0.1, 0.25, 0.5, 1.0}', doc, q) DESC, id LIMIT 10"
    )

    def either(self, words):
        return " | ".join(f"'{w}'" for w in words)


def raw_records():
    """("type|title", title, guiding question, body) of every searchable record."""
    from kansenwerk.search import registry

    for search_type in registry.types():
        for obj in search_type.all_objects().order_by("pk"):
            title = search_type.title_of(obj)
            yield (
                f"{search_type.key}|{title}",
                title,
                search_type.question_of(obj),
                search_type.body_of(obj),
            )


def words_of(text: str) -> list[str]:
    """The typed words, lower case, as plain tokens for the baselines' query syntax."""
    return [w.lower() for w in re.findall(r"\w+", text)]


def scores(top10: dict[str, list[str]], queries: Queries) -> dict[str, float]:
    from ranx import Qrels, Run, evaluate

    qrels, runs = {}, {}
    for n, (text, answers) in enumerate(queries):
        qrels[f"q{n}"] = dict(answers)
        names = top10.get(text, [])
        runs[f"q{n}"] = {name: float(10 - i) for i, name in enumerate(names)} or {"-": 0.0}
    with warnings.catch_warnings():
        # numba notes an integer cast inside ranx when it compiles; not ours to act on.
        warnings.filterwarnings("ignore", message="unsafe cast from uint64 to int64")
        result = evaluate(Qrels(qrels), Run(runs), METRICS)
    return {k: round(float(v), 3) for k, v in result.items()}


def misses(top10: dict[str, list[str]], queries: Queries) -> list[str]:
    return [
        f"{text!r} -> {top10[text][:3]}"
        for text, answers in queries
        if not set(top10[text][:5]) & {a for a, g in answers.items() if g > 0}
    ]


def child(seeds: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.test")
    warnings.filterwarnings("ignore")  # notes on stderr must not mix with the JSON
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        result = evaluate_here(seeds=seeds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(result))


# -- parent: both databases -------------------------------------------------------------------
def run_child(seeds: Path, database_url: str | None) -> dict | None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    proc = subprocess.run(  # noqa: S603 (this module, fixed arguments)
        [sys.executable, "-m", "kansenwerk.search.eval.evaluate", "--child", "--seeds", str(seeds)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        sys.stderr.write(proc.stderr[-3000:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        name = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(name, connect_timeout=3):
            return True
    except Exception as error:
        print(f"PostgreSQL left out ({url}): {error}")
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.seeds)
        return
    runs = [run_child(args.seeds, None)]
    if postgres_reachable(args.postgres):
        runs.append(run_child(args.seeds, args.postgres))
    results = [r for r in runs if r is not None]
    if len(results) != len(runs):
        raise SystemExit("evaluation failed")
    for name in results[0]["sets"]:
        count = results[0]["sets"][name]["count"]
        print(f"\n{name} ({count} queries)")
        print(f"{'system':<54}{'success@5':>10}{'MRR@10':>8}{'nDCG@10':>9}")
        rows = [(f"kansenwerk search, {r['vendor']}", r["sets"][name]["ours"]) for r in results]
        rows += [(f"baseline: {r['baseline_name']}", r["sets"][name]["baseline"]) for r in results]
        for label, s in rows:
            print(f"{label:<54}{s['hit_rate@5']:>10.3f}{s['mrr@10']:>8.3f}{s['ndcg@10']:>9.3f}")
    if args.verbose:
        # Only the judged set and the persona tuning part: the held-out part stays unseen.
        for r in results:
            for miss in r["misses"]:
                print(f"miss@5 ({r['vendor']}): {miss}")
            for miss in r["persona_misses"]:
                print(f"persona tuning miss@5 ({r['vendor']}): {miss}")
    if len(results) == 2:
        first, second = results[0]["top10"], results[1]["top10"]
        differ = [q for q in first if first[q] != second.get(q)]
        print(f"top 10 identical on both databases for {len(first) - len(differ)} of {len(first)}")
        for q in differ:
            print(f"  differs: {q!r}")
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()
