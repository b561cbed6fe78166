"""Compare PyStemmer's Dutch stemmers on word pairs that should and should not conflate.

Run: .venv/bin/python -m kansenwerk.search.analysis.compare_stemmers [--details]
Prints, per algorithm, how many "same" pairs share a stem (recall) and how many
"different" pairs are kept apart (precision): the bare algorithm, and with our rules
(data/stem_overrides.txt and the vowel-plural rule of stemming.py).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import Stemmer

# Pairs a searcher expects to find each other: plurals, diminutives, verb forms,
# adjective inflection, derivations that keep the meaning.
SHOULD_CONFLATE: tuple[tuple[str, str], ...] = (
    ("kind", "kinderen"),
    ("ouder", "ouders"),
    ("school", "scholen"),
    ("leerling", "leerlingen"),
    ("leraar", "leraren"),
    ("docent", "docenten"),
    ("gezin", "gezinnen"),
    ("gemeente", "gemeenten"),
    ("gemeente", "gemeentes"),
    ("wijk", "wijken"),
    ("buurt", "buurten"),
    ("kans", "kansen"),
    ("taal", "talen"),
    ("les", "lessen"),
    ("stage", "stages"),
    ("jongere", "jongeren"),
    ("peuter", "peuters"),
    ("kleuter", "kleuters"),
    ("vrijwilliger", "vrijwilligers"),
    ("mentor", "mentoren"),
    ("bibliotheek", "bibliotheken"),
    ("basisschool", "basisscholen"),
    ("achterstand", "achterstanden"),
    ("ontwikkeling", "ontwikkelingen"),
    ("ontwikkelen", "ontwikkeling"),
    ("begeleider", "begeleiders"),
    ("begeleiden", "begeleiding"),
    ("lezen", "leest"),
    ("voorlezen", "voorleest"),
    ("werken", "werkt"),
    ("samenwerken", "samenwerking"),
    ("ondersteunen", "ondersteuning"),
    ("betrokken", "betrokkenheid"),
    ("maatschappelijk", "maatschappelijke"),
    ("sociaal", "sociale"),
    ("gelijk", "gelijke"),
    ("kwetsbaar", "kwetsbare"),
    ("vroegschools", "vroegschoolse"),
    ("arm", "armen"),
    ("nieuwkomer", "nieuwkomers"),
    ("activiteit", "activiteiten"),
    ("organisatie", "organisaties"),
    ("professional", "professionals"),
    ("huisbezoek", "huisbezoeken"),
    ("woord", "woorden"),
    ("boek", "boeken"),
    ("boekje", "boekjes"),
    ("leerkracht", "leerkrachten"),
    ("gesprek", "gesprekken"),
    ("stad", "steden"),
    ("cultuur", "culturen"),
    ("opvoeding", "opvoeden"),
    ("educatie", "educatief"),
    ("geletterd", "geletterdheid"),
    ("motivatie", "gemotiveerd"),
    ("zorg", "zorgen"),
    ("middelbaar", "middelbare"),
    ("jeugdwerker", "jeugdwerkers"),
    ("coach", "coaches"),
    ("regio", "regios"),
)

# Pairs with different meanings that a stemmer must keep apart.
MUST_NOT_CONFLATE: tuple[tuple[str, str], ...] = (
    ("gezin", "zin"),
    ("gemeente", "meent"),
    ("gelijkheid", "lijk"),
    ("begeleiding", "beleid"),
    ("kans", "kan"),
    ("geletterdheid", "letter"),
    ("vrijwilliger", "vrijwillig"),
    ("educatie", "educeren"),
    ("lezen", "les"),
    ("taal", "tal"),
    ("ouder", "oud"),
    ("werker", "werk"),
    ("leraar", "leren"),
    ("organisatie", "organisator"),
    ("beleid", "leiden"),
    ("bestuur", "besturen"),
    ("opvang", "vangen"),
    ("gebied", "bieden"),
    ("gedrag", "dragen"),
    ("geloof", "lof"),
    ("armoede", "arm"),
    ("school", "schol"),
    ("wet", "weten"),
    ("kinderen", "kinderachtig"),
    ("middel", "middelbare"),
    ("onderwijs", "onderwijzer"),
    ("mentor", "mentoring"),
    ("zorg", "zorgvuldig"),
    ("stage", "stag"),
    ("beter", "bet"),
)


@dataclass(frozen=True)
class StemmerScore:
    """How one stemmer does on the two pair sets."""

    algorithm: str
    with_overrides: bool
    conflated: int  # SHOULD_CONFLATE pairs that share a stem
    kept_apart: int  # MUST_NOT_CONFLATE pairs that do not
    misses: tuple[tuple[str, str], ...]
    false_merges: tuple[tuple[str, str], ...]

    @property
    def recall(self) -> float:
        return self.conflated / len(SHOULD_CONFLATE)

    @property
    def precision(self) -> float:
        return self.kept_apart / len(MUST_NOT_CONFLATE)

    @property
    def accuracy(self) -> float:
        total = len(SHOULD_CONFLATE) + len(MUST_NOT_CONFLATE)
        return (self.conflated + self.kept_apart) / total


def score_stemmer(*, algorithm: str, with_overrides: bool) -> StemmerScore:
    """Score one PyStemmer algorithm on the pair sets, optionally with our override list."""
    from kansenwerk.search.analysis.stemming import _strip_vowel_plural, load_overrides

    stemmer = Stemmer.Stemmer(algorithm)
    overrides = load_overrides() if with_overrides else {}

    def stem(word: str) -> str:
        if with_overrides:  # our full rules: override list, then the vowel-plural rule
            return overrides.get(word) or stemmer.stemWord(_strip_vowel_plural(word))
        return stemmer.stemWord(word)

    misses = tuple(pair for pair in SHOULD_CONFLATE if stem(pair[0]) != stem(pair[1]))
    merges = tuple(pair for pair in MUST_NOT_CONFLATE if stem(pair[0]) == stem(pair[1]))
    return StemmerScore(
        algorithm=algorithm,
        with_overrides=with_overrides,
        conflated=len(SHOULD_CONFLATE) - len(misses),
        kept_apart=len(MUST_NOT_CONFLATE) - len(merges),
        misses=misses,
        false_merges=merges,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list missed and merged pairs")
    args = parser.parse_args()
    print(
        f"{len(SHOULD_CONFLATE)} pairs that should conflate, {len(MUST_NOT_CONFLATE)} that must not"
    )
    print(f"{'algorithm':<14}{'our rules':<11}{'recall':>8}{'precision':>11}{'accuracy':>10}")
    for with_overrides in (False, True):
        for algorithm in ("dutch", "dutch_porter"):
            score = score_stemmer(algorithm=algorithm, with_overrides=with_overrides)
            print(
                f"{algorithm:<14}{'yes' if with_overrides else 'no':<11}"
                f"{score.recall:>8.3f}{score.precision:>11.3f}{score.accuracy:>10.3f}"
            )
            if args.details:
                print("   missed:", ", ".join("/".join(p) for p in score.misses) or "-")
                print("   merged:", ", ".join("/".join(p) for p in score.false_merges) or "-")


if __name__ == "__main__":
    main()
