"""Search quality on the judged set (judgments.py): success@5, MRR@10, nDCG@10 with ranx.

Run (fresh test database; SQLite by default, PostgreSQL with DATABASE_URL):
    DJANGO_SETTINGS_MODULE=kansenwerk.settings.test .venv/bin/python -m kansenwerk.search.eval.evaluate -v
Options: --seeds DIR (default /work/shared/seeds), --top10 FILE (write the top 10 per query
as JSON), --compare FILE (report queries whose top 10 differs from FILE, e.g. the other
database's run), -v (list the queries that miss the top 5).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

SEEDS = Path("/work/shared/seeds")


def run(*, seeds: Path, verbose: bool) -> tuple[dict[str, float], dict[str, list[str]]]:
    from ranx import Qrels, Run, evaluate

    from kansenwerk.kennisbank.importing.store import import_documents
    from kansenwerk.search.eval.judgments import QUERIES
    from kansenwerk.search.selectors import search

    report = import_documents(paths=[seeds])
    if not report.ok:
        raise SystemExit(f"import failed: {report.errors} errors")
    qrels, runs, top10 = {}, {}, {}
    for n, (text, _kind, answers) in enumerate(QUERIES):
        key = f"q{n}"
        qrels[key] = dict(answers)
        hits = search(text=text, with_facets=False).hits[:10]
        names = [f"{h.entry.type_key}|{h.entry.title}" for h in hits]
        top10[text] = names
        runs[key] = {name: float(10 - i) for i, name in enumerate(names)} or {"-": 0.0}
        if verbose and not set(names[:5]) & {a for a, g in answers.items() if g > 0}:
            print(f"miss@5: {text!r} -> {names[:3]}")
    scores = evaluate(Qrels(qrels), Run(runs), ["hit_rate@5", "mrr@10", "ndcg@10"])
    return {k: round(float(v), 3) for k, v in scores.items()}, top10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--top10", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        scores, top10 = run(seeds=args.seeds, verbose=args.verbose)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"{connection.vendor}: success@5 {scores['hit_rate@5']:.3f}"
        f"  MRR@10 {scores['mrr@10']:.3f}  nDCG@10 {scores['ndcg@10']:.3f}"
    )
    if args.top10:
        args.top10.write_text(json.dumps(top10, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare:
        other = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = [q for q in top10 if other.get(q) != top10[q]]
        print(f"top 10 differs from {args.compare.name} for {len(differ)} of {len(top10)} queries")
        for q in differ:
            print(f"  {q!r}")
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()
