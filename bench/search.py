"""Benchmark kansenwerk search: index build time and query latency on SQLite and PostgreSQL.

Run: .venv/bin/python bench/search.py [--size 10000] [--full] [--runs 3] [--dense]
     [--no-postgres] [--no-sqlite] [--slowest]   (BENCH_SQL=1: SQL time of the slowest queries;
     BENCH_PROFILE=1: cProfile of the timed queries, by cumulative time;
     BENCH_SEARCH_DB=name: the throw-away PostgreSQL database, default kansenwerk_bench_search)
`--full` uses 100,000 records. Two corpora, both invented for this bench (no seed text):
- realistic (default): Dutch-looking sentences over ~8,000 word forms (field words written
  here plus simple words from the system's Dutch word list) drawn from a Zipf-Mandelbrot
  distribution (s 1, q 150); titles 3-7 words (+ a place name), bodies 40-200 words, 30 %
  with a guiding question. The most common analysed term is in ~16 % of the records
  (printed per run). Queries: common, mid-range and rare words, pairs, question-like
  triples, typos, prefixes and field phrases.
- `--dense`: the first corpus, sentences from a tiny vocabulary ("kinderen" in ~70 % of the
  records): a worst case for ranking and facets, reported as such.
Records are spread over the kennisbank types, 6 regions and 20 themes. Each database runs in
a child process with a fresh database:
- build: analysing every record + inserting the index rows (FTS5 triggers / generated
  tsvector), beside the baseline of indexing the raw text without our analysis
  (FTS5 porter / to_tsvector('dutch')),
- query: p50/p95 of 200 queries through selectors.search (ranking + facets + exact total,
  as the page does), beside the baseline's plain match + rank (no facets, no re-ranking),
- page: p50/p95 of GET /zoeken/?q=... with the Django test client for the same queries
  (this includes writing the query log of search insights),
- vocab: building the spelling vocabulary from the whole index (at index time), and
  loading the stored build (once per process and version; "load s").
"p95 x" is the query p95 divided by the baseline's p95 of the same run.
Timings are wall-clock per call; the figures of each run are printed, then the median.
Figures (2026-11-26, shared 2-core machine, load 3-8): kansenwerk/search/eval/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import postgres_database

REPO = Path(__file__).resolve().parents[1]
# BENCH_SEARCH_DB: another name, so benches running side by side do not share a database.
PG_DB = os.environ.get("BENCH_SEARCH_DB", "kansenwerk_bench_search")

SUBJECTS = [
    "de leerkracht",
    "de intern begeleider",
    "de jongerenwerker",
    "het wijkteam",
    "de ouders",
    "de bibliotheek",
    "de gemeente",
    "de schoolleider",
    "de kinderopvang",
    "de mentor",
    "de vrijwilligers",
    "het samenwerkingsverband",
    "de jeugdverpleegkundige",
    "de buurtcoach",
    "het team",
    "de brugfunctionaris",
    "de ouderconsulent",
    "de peuterspeelzaal",
]
VERBS = [
    "organiseert",
    "bespreekt",
    "ondersteunt",
    "versterkt",
    "verbindt",
    "begeleidt",
    "onderzoekt",
    "plant",
    "evalueert",
    "deelt",
    "verbetert",
    "stimuleert",
    "bezoekt",
]
OBJECTS = [
    "de ouderbetrokkenheid",
    "het leesplezier",
    "de overstap naar het voortgezet onderwijs",
    "de taalontwikkeling van peuters",
    "een huiswerkklas",
    "de samenwerking met jeugdhulp",
    "het voorlezen thuis",
    "de meertalige kinderen",
    "een zomerschool",
    "de talentontwikkeling",
    "het schoolverzuim",
    "de sociale veiligheid",
    "een maatjesproject",
    "de woordenschat",
    "de brede school",
    "de verlengde schooldag",
    "het welbevinden van leerlingen",
    "de armoedeaanpak",
    "de gezinsondersteuning",
    "het mentoraat in de brugklas",
    "de rekenvaardigheid",
    "de ouderavond",
    "het kindgesprek",
    "de vroegsignalering",
]
PLACES = [
    "in de wijk",
    "op de basisschool",
    "in groep acht",
    "na schooltijd",
    "in de klas",
    "op het kindcentrum",
    "in de bibliotheek",
    "met de gemeente",
    "in de brugklas",
    "bij gezinnen thuis",
    "in het buurthuis",
    "op het mbo",
]
ADVERBS = ["samen", "wekelijks", "elke maand", "dit schooljaar", "structureel", "op maat"]
TITLE_HEADS = [
    "Aanpak",
    "Project",
    "Werkwijze",
    "Programma",
    "Netwerk",
    "Training",
    "Initiatief",
    "Handreiking",
    "Pilot",
    "Les",
]
TOPICS = [
    "ouderbetrokkenheid",
    "voorlezen",
    "overstap po-vo",
    "jeugdhulp op school",
    "taal thuis",
    "huiswerkbegeleiding",
    "talent",
    "meertaligheid",
    "armoede",
    "welbevinden",
    "vroegsignalering",
    "zomerschool",
    "mentoraat",
    "brede school",
    "wijkaanpak",
]
PLACE_NAMES = [
    "Zandmeer",
    "Veenstad",
    "Holtbroek",
    "Rijpdal",
    "Oosterwolde-Zuid",
    "Kleiburg",
    "Moerland",
    "Heidelo",
]
TYPES = [
    "themas",
    "oplossingsrichtingen",
    "interventies",
    "praktijkvoorbeelden",
    "initiatieven",
    "lezen",
    "lessen",
    "secties",
]
QUERY_TEMPLATES = [
    "{topic}",
    "{word}",
    "{word} {word2}",
    "hoe {verb} {subject} {obj}",
    "{obj} {place}",
    "{typo}",
    "{topic} {placename}",
    "jeugdzorg",
    "po vo",
    "vve peuters",
    "bijles",
    "betrokkenheid van ouders vergroten",
    "kinderen",
    "{word}*",
]


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)]
    if rng.random() < 0.5:
        parts.insert(2, rng.choice(ADVERBS))
    return " ".join(parts).capitalize() + "."


def record(rng: random.Random, n: int) -> dict:
    title = f"{rng.choice(TITLE_HEADS)} {rng.choice(TOPICS)} {rng.choice(PLACE_NAMES)}"
    return {
        "type": TYPES[n % len(TYPES)],
        "title": title,
        "question": "Hoe " + sentence(rng).lower().rstrip(".") + "?" if rng.random() < 0.3 else "",
        "body": " ".join(sentence(rng) for _ in range(rng.randint(2, 9))),
        "region": rng.randint(1, 6),
        "themes": sorted(rng.sample(range(1, 21), rng.randint(0, 2))),
    }


def queries(rng: random.Random, count: int = 200) -> list[str]:
    """The dense corpus's queries (--dense)."""
    words = sorted({w for o in OBJECTS + PLACES for w in re.findall(r"\w{5,}", o)})
    out = []
    for _ in range(count):
        word = rng.choice(words)
        typo = list(rng.choice(words))
        typo.pop(rng.randrange(1, len(typo) - 1))
        out.append(
            rng.choice(QUERY_TEMPLATES).format(
                topic=rng.choice(TOPICS),
                word=word,
                word2=rng.choice(words),
                verb=rng.choice(VERBS),
                subject=rng.choice(SUBJECTS),
                obj=rng.choice(OBJECTS),
                place=rng.choice(PLACES),
                typo="".join(typo),
                placename=rng.choice(PLACE_NAMES),
            )
        )
    return out


# -- the realistic corpus (default) --------------------------------------------------------
# Word forms of the field, written for this bench; they are spread over the ranks of a
# Zipf-Mandelbrot distribution together with word forms from the system's Dutch word list.
FIELD_WORDS = (
    "ouderbetrokkenheid leesplezier voorlezen taalontwikkeling peuters kleuters leerlingen"
    " kinderen kind ouders gezinnen leerkracht leerkrachten mentor mentoren jongerenwerker"
    " wijkteam bibliotheek gemeente kinderopvang vrijwilligers buurtcoach"
    " brugklas overstap huiswerkklas talentontwikkeling veiligheid"
    " maatjesproject woordenschat welbevinden armoede gezinsondersteuning"
    " rekenvaardigheid vroegsignalering jeugdhulp jeugdzorg"
    " basisschool middelbare onderwijs voortgezet primair buurthuis samenwerking"
    " begeleiding ondersteuning aanpak werkwijze programma training handreiking pilot les"
    " lessen thuistaal meertaligheid taalachterstand kansengelijkheid advies"
    " toetsen leesvaardigheid begrijpend lezen rekenen bijles tutoring coaching"
    " wijk buurt sport cultuur muziek natuur techniek burgerschap gezondheid voeding"
    " bewegen spelen ontmoeten praten luisteren vertrouwen netwerk partners afspraken"
    " evaluatie resultaten doelen planning budget subsidie financiering regio beleid"
    " inspectie kwaliteit team teamleden intern begeleider zorgcoordinator maatschappelijk"
    " werker verpleegkundige consultatiebureau logopedie dyslexie"
    " motivatie zelfvertrouwen weerbaarheid pesten sociale emotionele ontwikkeling gedrag"
    " aandacht concentratie huiswerk vakantie zomer winter schooljaar groep acht zeven"
)


def _dictionary_words(rng: random.Random, count: int) -> list[str]:
    """Lower-case Dutch word forms from /usr/share/dict (wdutch), else invented ones."""
    for path in ("/usr/share/dict/dutch", "/usr/share/dict/nederlands"):
        try:
            lines = Path(path).read_text(encoding="utf-8").split()
        except OSError:
            continue
        forms = sorted({w for w in lines if re.fullmatch(r"[a-z]{4,12}", w)})
        if len(forms) >= count:
            try:  # simple words only: compounds would pile their parts onto a few stems
                from kansenwerk.search.analysis import analyze
            except ImportError:
                return rng.sample(forms, count)
            picked: list[str] = []
            for word in rng.sample(forms, count * 4):
                if len(analyze(word)) == 1:
                    picked.append(word)
                    if len(picked) == count:
                        break
            return picked
    syllables = ["ka", "lo", "mer", "vin", "dor", "sel", "bra", "tus", "wen", "hof", "rik", "zan"]
    return sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)}
    )


FUNCTION_WORDS = [
    "de",
    "het",
    "een",
    "van",
    "voor",
    "met",
    "en",
    "in",
    "op",
    "bij",
    "naar",
    "die",
    "dat",
    "is",
    "wordt",
    "zijn",
    "hun",
    "ook",
    "om",
    "te",
    "aan",
]
VOCABULARY_SIZE = 8000
ZIPF_S, ZIPF_Q = 1.0, 150.0  # Zipf-Mandelbrot: p(rank) ~ 1 / (rank + q) ** s


class RealisticCorpus:
    """Records of Dutch-looking sentences with a Zipf-Mandelbrot word distribution.

    The flat head (q = 150) keeps the most common content word in roughly 10-15 % of
    the records, as in real kennisbank texts, instead of 70 % in the dense corpus.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        field = list(dict.fromkeys(FIELD_WORDS.split()))
        others = [w for w in _dictionary_words(rng, VOCABULARY_SIZE) if w not in field]
        vocab = others[: VOCABULARY_SIZE - len(field)]
        # Spread the field's words over the ranks: some common, most mid-range, some rare.
        for word in field:
            vocab.insert(min(len(vocab), int(rng.paretovariate(0.8) * 150) - 150), word)
        self.vocab = vocab
        weights = [1.0 / (rank + ZIPF_Q) ** ZIPF_S for rank in range(1, len(vocab) + 1)]
        self.cum = list(itertools.accumulate(weights))

    def words(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, rng: random.Random, length: int) -> str:
        content = self.words(rng, max(2, length // 2))
        out = []
        for word in content:
            if rng.random() < 0.8:
                out.append(rng.choice(FUNCTION_WORDS))
            out.append(word)
        return " ".join(out).capitalize() + "."

    def record(self, rng: random.Random, n: int) -> dict:
        title = " ".join(self.words(rng, rng.randint(3, 7)))
        if rng.random() < 0.4:
            title += " " + rng.choice(PLACE_NAMES)
        body_words = rng.randint(40, 200)
        sentences = []
        while body_words > 0:
            length = rng.randint(6, 16)
            sentences.append(self.sentence(rng, length))
            body_words -= length
        return {
            "type": TYPES[n % len(TYPES)],
            "title": title.capitalize(),
            "question": "Hoe " + self.sentence(rng, 8).lower().rstrip(".") + "?"
            if rng.random() < 0.3
            else "",
            "body": " ".join(sentences),
            "region": rng.randint(1, 6),
            "themes": sorted(rng.sample(range(1, 21), rng.randint(0, 2))),
        }

    def queries(self, rng: random.Random, count: int = 200) -> list[str]:
        """Common, mid-range and rare words, pairs, triples, typos, prefixes, field phrases."""
        common, mid, rare = self.vocab[:50], self.vocab[50:1500], self.vocab[1500:]

        def typo() -> str:
            word = list(rng.choice([w for w in mid if len(w) >= 6] or mid))
            word.pop(rng.randrange(1, len(word) - 1))
            return "".join(word)

        makers = [
            lambda: rng.choice(common),
            lambda: rng.choice(mid),
            lambda: rng.choice(rare),
            lambda: f"{rng.choice(common)} {rng.choice(mid)}",
            lambda: f"{rng.choice(mid)} {rng.choice(mid)}",
            lambda: f"hoe {rng.choice(common)} {rng.choice(mid)} {rng.choice(rare)}",
            typo,
            lambda: rng.choice(mid) + "*",
            lambda: rng.choice(
                [
                    "jeugdzorg",
                    "po vo",
                    "vve peuters",
                    "bijles",
                    "kinderen",
                    "voorleesexpres",
                    "betrokkenheid van ouders vergroten",
                    "jeugdhulp in de school",
                ]
            ),
        ]
        return [rng.choice(makers)() for _ in range(count)]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000,
    )


# -- worker (one database per process) --------------------------------------------------------
def worker(size: int, seed: int, dense: bool = False) -> dict:
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    call_command("migrate", verbosity=0)
    from kansenwerk.search.analysis import analyze, fold
    from kansenwerk.search.models import SearchEntry, SearchFacet
    from kansenwerk.search.selectors import search
    from kansenwerk.search.services import bulk_rebuild, facet_key_id, settle

    rng = random.Random(seed)
    if dense:
        records = [record(rng, n) for n in range(size)]
        texts = queries(random.Random(seed + 1))
    else:
        corpus = RealisticCorpus(seed)
        records = [corpus.record(rng, n) for n in range(size)]
        texts = corpus.queries(random.Random(seed + 1))
    vendor = connection.vendor
    result: dict = {"vendor": vendor, "size": size}

    # Build: analysis + index rows.
    started = time.perf_counter()
    known_keys: dict[str, int] = {}
    with bulk_rebuild():  # as `kansenwerk reindex` does (PostgreSQL: postings at the end)
        for start in range(0, size, 2000):
            batch = records[start : start + 2000]
            entries = []
            for n, r in enumerate(batch, start=start):
                title_tokens, q_tokens, body_tokens = (
                    analyze(r["title"]),
                    analyze(r["question"]),
                    analyze(r["body"]),
                )
                entries.append(
                    SearchEntry(
                        model_label="bench.record",
                        object_id=n + 1,
                        type_key=r["type"],
                        title=r["title"],
                        location=f"Bench › {r['type']}",
                        url=f"/bench/{n + 1}/",
                        text=(r["question"] + "\n" + r["body"]).strip(),
                        region_id=r["region"],
                        title_folded=fold(r["title"]),
                        title_tokens=" ".join(title_tokens),
                        question_tokens=" ".join(q_tokens),
                        body_tokens=" ".join(body_tokens),
                        length=len(title_tokens) + len(q_tokens) + len(body_tokens),
                        facet_key=facet_key_id(
                            type_key=r["type"],
                            region_id=r["region"],
                            theme_ids=r["themes"],
                            known=known_keys,
                        ),
                    )
                )
            created = SearchEntry.objects.bulk_create(entries, batch_size=1000)
            SearchFacet.objects.bulk_create(
                (SearchFacet(entry=e, facet_key=e.facet_key) for e in created),
                batch_size=2000,
            )
    settle()  # PostgreSQL: VACUUM the postings so index-only scans skip the table
    result["build_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # Baseline build: raw text, the database's own analysis.
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        rows = [(n, r["title"], r["question"], r["body"]) for n, r in enumerate(records)]
        if vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_baseline (id int, doc tsvector)")
            cursor.executemany(
                "INSERT INTO bench_baseline SELECT %s, setweight(to_tsvector('dutch', %s), 'A')"
                " || setweight(to_tsvector('dutch', %s), 'B')"
                " || setweight(to_tsvector('dutch', %s), 'C')",
                rows,
            )
            cursor.execute("CREATE INDEX bench_baseline_doc ON bench_baseline USING gin (doc)")
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE bench_baseline USING fts5(title, question, body,"
                " tokenize='porter unicode61 remove_diacritics 2')"
            )
            cursor.executemany(
                "INSERT INTO bench_baseline(rowid, title, question, body) VALUES (%s, %s, %s, %s)",
                rows,
            )
    result["baseline_build_s"] = time.perf_counter() - started

    # The share of records holding the most common analysed term (density of the corpus).
    from collections import Counter

    df: Counter = Counter()
    for entry in SearchEntry.objects.values_list(
        "title_tokens", "question_tokens", "body_tokens"
    ).iterator():
        df.update(set(" ".join(entry).split()))
    top_term, top_df = df.most_common(1)[0]
    result["top_term"] = [top_term, round(top_df / size, 3)]
    # The spelling vocabulary is built from the whole index when the index changes (as
    # `kansenwerk reindex` and the task after index writes do), and loaded once per process
    # and version by the first search that needs it: both timed on their own.
    from kansenwerk.search import vocabulary

    started = time.perf_counter()
    vocabulary.vocabulary_build()
    result["vocabulary_s"] = time.perf_counter() - started
    started = time.perf_counter()
    vocabulary.speller()
    result["vocabulary_load_s"] = time.perf_counter() - started
    for text in texts[:10]:  # warm caches (synonym table, prepared plans)
        search(text=text)
    profiler = None
    if os.environ.get("BENCH_PROFILE"):  # where the query time goes, by function
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    timings = []
    for text in texts:
        started = time.perf_counter()
        search(text=text)
        timings.append(time.perf_counter() - started)
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        sys.stderr.write(out.getvalue())
    result["query_ms"] = percentiles(timings)
    slowest = sorted(zip(timings, texts, strict=True), reverse=True)[:8]
    result["slowest"] = [[round(t * 1000, 1), q] for t, q in slowest]
    if os.environ.get("BENCH_SQL"):  # where the slowest queries spend their SQL time
        sql_times: list[tuple[float, str]] = []
        explained: list = []

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_times.append((time.perf_counter() - started, sql[:160]))
                if vendor == "postgresql" and "search_searchfacet" in sql and not explained:
                    explained.append((sql, params))

        with connection.execute_wrapper(timed):
            for _, text in [*slowest[:3], (0, texts[0]), (0, texts[1])]:
                sql_times.clear()
                started = time.perf_counter()
                search(text=text)
                total = time.perf_counter() - started
                sys.stderr.write(f"{text!r}: {total * 1000:.1f} ms\n")
                for t, s in sorted(sql_times, reverse=True)[:4]:
                    sys.stderr.write(f"   {t * 1000:7.1f} {s}\n")
        if explained:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + explained[0][0], explained[0][1])
                sys.stderr.write("\n".join(r[0] for r in cursor.fetchall()) + "\n")

    baseline = []
    with connection.cursor() as cursor:
        for text in texts:
            words = [w.lower() for w in re.findall(r"\w+", text)]
            started = time.perf_counter()
            if vendor == "postgresql":
                cursor.execute(
                    "SELECT id FROM bench_baseline, to_tsquery('dutch', %s) q WHERE doc @@ q"
                    " ORDER BY ts_rank_cd(doc, q) DESC LIMIT 20",
                    (" | ".join(f"'{w}'" for w in words),),
                )
            else:
                cursor.execute(
                    "SELECT rowid FROM bench_baseline WHERE bench_baseline MATCH %s"
                    " ORDER BY bm25(bench_baseline, 4.0, 2.0, 1.0) LIMIT 20",
                    (" OR ".join(f'"{w}"' for w in words),),
                )
            cursor.fetchall()
            baseline.append(time.perf_counter() - started)
    result["baseline_query_ms"] = percentiles(baseline)

    client = Client(HTTP_HOST="localhost")
    page = []
    for text in texts:
        started = time.perf_counter()
        response = client.get("/zoeken/", {"q": text})
        page.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    result["page_ms"] = percentiles(page)
    return result


# -- driver ------------------------------------------------------------------------------
def _run(env_extra: dict, size: int, seed: int, dense: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.local", **env_extra}
    env = {k: v for k, v in env.items() if v is not None}
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", "--size", str(size), "--seed", str(seed)]
        + (["--dense"] if dense else []),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if os.environ.get("BENCH_SQL") or os.environ.get("BENCH_PROFILE"):
        sys.stderr.write(proc.stderr[-12000:])
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("worker failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pg_db(dense: bool) -> str:
    return PG_DB + ("_dense" if dense else "")


def main() -> None:
    parser = argparse.ArgumentParser(description="kansenwerk search benchmark")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--full", action="store_true", help="100,000 records")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--slowest", action="store_true", help="print the slowest queries")
    parser.add_argument("--dense", action="store_true", help="the old dense corpus (worst case)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = 100_000 if args.full else args.size
    if args.worker:
        print(json.dumps(worker(size, args.seed, args.dense)))
        return
    corpus = "dense" if args.dense else "realistic"
    print(f"search bench: {size} {corpus} records, 200 queries, {args.runs} run(s) per database")
    print(
        f"{'database':<11}{'run':>4}{'build s':>9}{'base s':>8}{'q p50':>8}{'q p95':>8}"
        f"{'base p50':>9}{'base p95':>9}{'p95 x':>7}{'page p50':>9}{'page p95':>9}{'vocab s':>8}"
        f"{'load s':>7}"
        "   (ms)"
    )
    backends = [] if args.no_sqlite else ["sqlite"]
    if not args.no_postgres:
        backends.append("postgresql")
    for name in backends:
        results = []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as data_dir, contextlib.ExitStack() as stack:
                url = None
                if name == "postgresql":
                    url = stack.enter_context(postgres_database(_pg_db(args.dense)))
                    if url is None:
                        break
                r = _run(
                    {"KANSENWERK_DATA_DIR": data_dir, "DATABASE_URL": url},
                    size,
                    7 + run,
                    args.dense,
                )
            results.append(r)
            print(
                f"{name:<11}{run + 1:>4}{r['build_s']:>9.1f}{r['baseline_build_s']:>8.1f}"
                f"{r['query_ms'][0]:>8.1f}{r['query_ms'][1]:>8.1f}"
                f"{r['baseline_query_ms'][0]:>9.1f}{r['baseline_query_ms'][1]:>9.1f}"
                f"{r['query_ms'][1] / max(r['baseline_query_ms'][1], 0.001):>7.2f}"
                f"{r['page_ms'][0]:>9.1f}{r['page_ms'][1]:>9.1f}{r['vocabulary_s']:>8.1f}"
                f"{r['vocabulary_load_s']:>7.2f}"
                f"   top term {r['top_term'][0]!r} in {r['top_term'][1]:.0%} of records"
            )
            if args.slowest:
                print(f"{'':15}slowest queries (ms): {r['slowest']}")
        if len(results) > 1:
            med = statistics.median
            print(
                f"{name:<11}{'med':>4}{med(r['build_s'] for r in results):>9.1f}"
                f"{med(r['baseline_build_s'] for r in results):>8.1f}"
                f"{med(r['query_ms'][0] for r in results):>8.1f}"
                f"{med(r['query_ms'][1] for r in results):>8.1f}"
                f"{med(r['baseline_query_ms'][0] for r in results):>9.1f}"
                f"{med(r['baseline_query_ms'][1] for r in results):>9.1f}"
                f"{med(r['query_ms'][1] / r['baseline_query_ms'][1] for r in results):>7.2f}"
                f"{med(r['page_ms'][0] for r in results):>9.1f}"
                f"{med(r['page_ms'][1] for r in results):>9.1f}"
            )


if __name__ == "__main__":
    main()
