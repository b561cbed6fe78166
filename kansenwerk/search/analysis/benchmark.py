"""Measure indexing throughput of `analyze` (tokens/second) on a generated Dutch corpus.

Run: .venv/bin/python -m kansenwerk.search.analysis.benchmark [--records N] [--words W]
The corpus is composed from a vocabulary of field words plus random OpenTaal words,
so the memoisation sees a realistic mix of repeated and rare words.
"""

from __future__ import annotations

import argparse
import random
import time

from kansenwerk.search.analysis import analyze, analyze_query
from kansenwerk.search.analysis.compounds import lexicon

FIELD_WORDS = [
    "kinderen",
    "ouders",
    "ouderbetrokkenheid",
    "school",
    "basisschool",
    "leerlingen",
    "leerkracht",
    "taal",
    "taalontwikkeling",
    "voorlezen",
    "bibliotheek",
    "jeugdhulp",
    "wijkteam",
    "gemeente",
    "armoede",
    "gezinnen",
    "huiswerkbegeleiding",
    "peuters",
    "kinderopvang",
    "voor-",
    "en",
    "vroegschoolse",
    "educatie",
    "nieuwkomers",
    "intern",
    "begeleider",
    "schoolmaatschappelijk",
    "werk",
    "samenwerking",
    "kansengelijkheid",
    "de",
    "het",
    "een",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "door",
    "niet",
    "ook",
    "wij",
    "zij",
    "groep",
    "7",
    "8",
    "2,5",
    "uur",
    "week",
    "jongeren",
    "mentor",
]


def build_corpus(*, records: int, words_per_record: int, seed: int = 7) -> list[str]:
    """Return `records` texts mixing field words (60%) and random lexicon words."""
    rng = random.Random(seed)
    general = rng.sample(sorted(lexicon()), 20_000)
    corpus = []
    for _ in range(records):
        words = [
            rng.choice(FIELD_WORDS) if rng.random() < 0.6 else rng.choice(general)
            for _ in range(words_per_record)
        ]
        corpus.append(" ".join(words).capitalize() + ".")
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=60, help="words per record")
    args = parser.parse_args()
    started = time.perf_counter()
    lexicon()
    print(f"word list loaded in {time.perf_counter() - started:.2f} s")
    corpus = build_corpus(records=args.records, words_per_record=args.words)
    words = args.records * args.words
    started = time.perf_counter()
    tokens = sum(len(analyze(text)) for text in corpus)
    elapsed = time.perf_counter() - started
    print(
        f"{args.records} records, {words} words -> {tokens} tokens in {elapsed:.2f} s: "
        f"{words / elapsed:,.0f} words/s, {args.records / elapsed:,.0f} records/s"
    )
    started = time.perf_counter()
    for text in corpus[:1000]:
        analyze_query(" ".join(text.split()[:4]))
    per_query = (time.perf_counter() - started) / min(1000, len(corpus)) * 1000
    print(f"analyze_query: {per_query:.3f} ms per 4-word query")


if __name__ == "__main__":
    main()
