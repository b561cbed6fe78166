"""Benchmark the kennisbank importer: documents per second, beside parsing alone (no database).

Run: .venv/bin/python bench/import.py [--docs 20] [--runs 2] [--full] [--no-postgres]
       [--format-seeds 000,001,002,003,004] [--no-formats]
`--full` imports a generated collection of 1,000 documents. The collection is written from
templates with invented words (no real text) into a temp dir: briefings, interventiebundels and
inspiratiekaarten of varying size, as .md and .txt. Each backend runs in a child process with
its own fresh database (a temp SQLite file; PostgreSQL on 127.0.0.1 when reachable, in the
database named by $KANSENWERK_BENCH_IMPORT_DB, default kansenwerk_bench_import, dropped after).

Formats (no database): every seed is rendered in the rendering corpus's layouts (Word with styles
and by hand, WeasyPrint one and two columns, LibreOffice's PDF when installed) into a temp dir.
Printed: documents/s read and parsed per format (text is the baseline), and the share of the
renderings that give the text version's structure and fingerprint, with the layout PDF reader
(pdfminer.six) beside the baseline pypdf text reader, in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import postgres_database, run_child

REPO = Path(__file__).resolve().parents[1]
SEEDS = next(
    (
        folder / "shared" / "seeds"
        for folder in REPO.parents
        if (folder / "shared" / "seeds").is_dir()
    ),
    REPO.parent / "shared" / "seeds",
)
PG_DB = os.environ.get("KANSENWERK_BENCH_IMPORT_DB", "kansenwerk_bench_import")

SYLLABLES = ["ka", "lo", "mer", "vin", "dor", "sel", "bra", "tus", "wen", "hof", "rik", "zan"]
WORDS = [
    "leesplezier",
    "buurtkamer",
    "ouderavond",
    "schooltuin",
    "taalspel",
    "rekenhoek",
    "mentoruur",
    "zomerschool",
    "wijkteam",
    "voorleesmoment",
    "brugklasdag",
    "huiswerkplek",
    "sportmiddag",
    "muziekles",
    "bibliotheekbus",
]
ROLES = ["Leerkracht", "Schoolleider", "Opbouwwerker", "Bibliothecaris", "Jongerenwerker"]


def invented(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def sentence(rng: random.Random, n: int = 10) -> str:
    words = [rng.choice(WORDS + [invented(rng).lower() for _ in range(3)]) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def briefing(rng: random.Random, i: int) -> str:
    place = f"{invented(rng)}-{invented(rng, 2)}"
    out = [f"# BRIEFING – MEETUP {place.upper()}", "", f"Welkom in {place}. {sentence(rng)}", ""]
    for t in range(1, rng.randint(2, 4) + 1):
        out += [f"THEMA {t}", "", f"{rng.choice(WORDS).capitalize()} en {invented(rng)}", ""]
        out += [f"Hoe zorgen we samen voor meer {rng.choice(WORDS)} in {place}?", ""]
        out += [sentence(rng, 14), "", "Meer lezen/luisteren/zien?", ""]
        for _ in range(rng.randint(1, 4)):
            medium = rng.choice(["artikel", "podcast", "boek", "rapport"])
            out.append(f"- {sentence(rng, 5)[:-1]} - {invented(rng)} ({medium})")
        out += ["", "OPLOSSINGSRICHTINGEN", ""]
        for d in range(1, rng.randint(2, 5) + 1):
            out += [f"{t}.{d} {rng.choice(WORDS).capitalize()} voor {invented(rng)}", ""]
            out += [f"{sentence(rng, 12)} Wie helpt mee met {rng.choice(WORDS)}?", ""]
        if rng.random() < 0.6:
            out += ["Mooie (lokale of landelijke) initiatieven:", ""]
            for _ in range(rng.randint(1, 3)):
                out.append(f"- {invented(rng)} {rng.choice(WORDS)} ({sentence(rng, 4)[:-1]})")
            out.append("")
    return "\n".join(out) + "\n"


def bundel(rng: random.Random, i: int) -> str:
    out = [f"# Kansen in {invented(rng)} {i}", "", sentence(rng, 12), "", "## Thema's", ""]
    themes = [f"{rng.choice(WORDS).capitalize()} {invented(rng)}" for _ in range(2)]
    out += [f"- {t}" for t in themes] + [""]
    for _ in range(rng.randint(2, 5)):
        out += [f"# {rng.choice(WORDS).capitalize()} {invented(rng)}", ""]
        out += [f"‘{sentence(rng, 8)}’", ""]
        for _ in range(rng.randint(1, 2)):
            out += [f"**{invented(rng, 2)} {invented(rng)}**", rng.choice(ROLES), ""]
        town = invented(rng)
        out += ["## Context", "", f"In de gemeente {town} {sentence(rng, 10).lower()}", ""]
        out += ["## Aanpak", "", sentence(rng, 14), "", "## Opbrengsten", "", sentence(rng), ""]
    out += ["# Wat hebben we geleerd?", ""]
    for n in range(1, rng.randint(2, 5) + 1):
        out += [f"## {n}. {rng.choice(WORDS).capitalize()} {invented(rng)}", "", sentence(rng), ""]
    return "\n".join(out)


def kaart(rng: random.Random, i: int) -> str:
    out = [f"# Samen sterk voor elk kind in {invented(rng)} {i}", ""]
    out += [f"Auteurs: {invented(rng, 2)} {invented(rng)}, {invented(rng, 2)} {invented(rng)}", ""]
    out += [sentence(rng, 12), "", "Volgens de werkgroep zijn dit de oorzaken:", ""]
    out += [f"{n}. {sentence(rng, 4)[:-1]}" for n in range(1, 4)] + [""]
    for _ in range(rng.randint(2, 3)):
        title = f"{rng.choice(WORDS).capitalize()} {invented(rng)}"
        out += ["Theoretische onderbouwing", "", title, "", f"Doel: {sentence(rng)}", ""]
        out += [sentence(rng, 14), "", f"Effecten {title.lower()}:", "", sentence(rng), ""]
        out += ["Praktijkvoorbeelden", ""]
        for _ in range(rng.randint(1, 4)):
            out.append(f"- {invented(rng)}: {sentence(rng, 6)}")
        out.append("")
    out += ["Bronnen:", ""]
    out += [f"- {invented(rng)}, A. (2021). {sentence(rng, 4)}" for _ in range(3)]
    return "\n".join(out) + "\n"


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    makers = [briefing, briefing, bundel, kaart]
    for i in range(count):
        maker = makers[i % len(makers)]
        suffix = ".md" if i % 3 else ".txt"
        (folder / f"{i:04d}-{maker.__name__}{suffix}").write_text(maker(rng, i), encoding="utf-8")


# -- child process: one backend ---------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from kansenwerk.kennisbank.importing import parse_file
    from kansenwerk.kennisbank.importing.store import expand_paths, import_documents

    call_command("migrate", verbosity=0)
    # Warm-up (first database use, analyzer tables, template and regex caches): not timed.
    import_documents(paths=sorted(Path(args.seeds).glob("*"))[:1])
    call_command("flush", interactive=False, verbosity=0)
    results: dict[str, list[float] | int | dict] = {}
    for label, folder in (("seeds", Path(args.seeds)), ("generated", Path(args.generated))):
        files = expand_paths([folder])
        parse_times, import_times, reimport_times = [], [], []
        kinds: dict[str, int] = {}
        for _ in range(args.runs):
            start = time.perf_counter()
            for path in files:
                parse_file(path)
            parse_times.append(time.perf_counter() - start)
            call_command("flush", interactive=False, verbosity=0)
            start = time.perf_counter()
            report = import_documents(paths=[folder])
            import_times.append(time.perf_counter() - start)
            assert report.ok, [d.errors for d in report.documents if d.errors][:3]
            kinds = {}
            for d in report.documents:
                kinds[d.kind] = kinds.get(d.kind, 0) + 1
            start = time.perf_counter()
            again = import_documents(paths=[folder])
            reimport_times.append(time.perf_counter() - start)
            assert again.created == 0 and again.updated == 0
        # The same import with the search app's per-save indexing switched off, to show
        # what the importer itself costs and what the synchronous index adds.
        from kansenwerk.search import registry

        saved_types, saved_through = dict(registry._TYPES), dict(registry._THROUGH)
        for model in saved_types:
            registry.unregister(model)
        bare_times = []
        for _ in range(args.runs):
            call_command("flush", interactive=False, verbosity=0)
            start = time.perf_counter()
            import_documents(paths=[folder])
            bare_times.append(time.perf_counter() - start)
        registry._TYPES.update(saved_types)
        registry._THROUGH.update(saved_through)
        results[label] = {
            "files": len(files),
            "kinds": kinds,
            "records": report.created,
            "parse": parse_times,
            "import": import_times,
            "reimport": reimport_times,
            "bare": bare_times,
        }
    print(json.dumps(results))


def run_backend(name: str, env: dict[str, str], args, seeds: Path, generated: Path) -> dict:
    cmd = [__file__, "--child", "--runs", str(args.runs)]
    cmd += ["--seeds", str(seeds), "--generated", str(generated)]
    return run_child(name, cmd, env)


def report(name: str, results: dict) -> None:
    for label, r in results.items():
        n = r["files"]
        parse = statistics.median(r["parse"])
        imp = statistics.median(r["import"])
        again = statistics.median(r["reimport"])
        bare = statistics.median(r["bare"])
        print(
            f"{name:10} {label:9} {n:5d} docs {r['records']:6d} records | "
            f"parse only {n / parse:7.1f} docs/s | import {n / imp:6.1f} docs/s "
            f"({r['records'] / imp:7.0f} records/s) | without search indexing {n / bare:6.1f}"
            f" docs/s | re-import (unchanged) {n / again:6.1f} docs/s"
            f" | runs: import {', '.join(f'{t:.2f}s' for t in r['import'])}"
        )
        print(f"{'':10} {label:9} kinds: {r['kinds']}")


def formats(args: argparse.Namespace) -> None:
    """Reading speed per format and the share of the corpus that reads as the text version."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.test")
    django.setup()
    from kansenwerk.kennisbank.importing import parse_file, readers
    from kansenwerk.kennisbank.importing.tests.helpers import structure
    from kansenwerk.kennisbank.importing.tests.render import LAYOUTS, blocks_from_path, soffice

    prefixes = [p.strip() for p in args.format_seeds.split(",") if p.strip()]
    seeds = {p: next(SEEDS.glob(f"{p}_*.txt")) for p in prefixes}
    layouts = [layout for layout in LAYOUTS if not layout.needs_soffice or soffice()]
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[str, list[tuple[str, Path]]] = {"text": [], "word": [], "pdf": []}
        for prefix, path in seeds.items():
            files["text"].append((prefix, path))
            blocks = blocks_from_path(path)
            for layout in layouts:
                target = Path(tmp) / f"{prefix}-{layout.name}{layout.suffix}"
                kind = "word" if layout.suffix == ".docx" else "pdf"
                files[kind].append((prefix, layout.write(blocks, target)))
        plain = {prefix: structure(parse_file(path)) for prefix, path in seeds.items()}
        keys = {prefix: parse_file(path).content_key for prefix, path in seeds.items()}
        print(f"formats: {len(seeds)} seeds, layouts: {', '.join(x.name for x in layouts)}")
        for reader, layout_on in (("baseline pypdf text", False), ("pdfminer layout", True)):
            readers.PDF_LAYOUT = layout_on
            for kind, entries in files.items():
                if reader.startswith("baseline") and kind != "pdf":
                    continue
                times, same = [], 0
                for _ in range(args.runs):
                    start = time.perf_counter()
                    parsed = [(prefix, parse_file(path)) for prefix, path in entries]
                    times.append(time.perf_counter() - start)
                same = sum(
                    structure(doc) == plain[prefix] and doc.content_key == keys[prefix]
                    for prefix, doc in parsed
                )
                median = statistics.median(times)
                print(
                    f"  {kind:5} {reader if kind == 'pdf' else '':20} {len(entries):3d} docs | "
                    f"{len(entries) / median:6.1f} docs/s | same structure as text "
                    f"{same}/{len(entries)} ({100 * same / len(entries):5.1f} %) | runs: "
                    + ", ".join(f"{t:.2f}s" for t in times)
                )
        readers.PDF_LAYOUT = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20, help="generated documents (default 20)")
    parser.add_argument("--full", action="store_true", help="1,000 generated documents")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--format-seeds", default="000,001,002,003,004")
    parser.add_argument("--no-formats", action="store_true")
    parser.add_argument("--formats-only", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", default=str(SEEDS), help=argparse.SUPPRESS)
    parser.add_argument("--generated", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if not args.no_formats and SEEDS.is_dir():
        formats(args)
    if args.formats_only:
        return
    count = 1000 if args.full else args.docs
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        generated = tmp_path / "generated"
        generated.mkdir()
        generate(generated, count)
        base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test"}
        base_env["KANSENWERK_DATA_DIR"] = str(tmp_path / "data")
        print(f"kennisbank import: {args.runs} runs each, median shown; {count} generated docs")
        sqlite_env = {**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
        report("sqlite", run_backend("sqlite", sqlite_env, args, SEEDS, generated))
        if args.no_postgres:
            return
        with postgres_database(PG_DB) as url:
            if url:
                pg_env = {**base_env, "DATABASE_URL": url}
                report("postgresql", run_backend("postgresql", pg_env, args, SEEDS, generated))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
