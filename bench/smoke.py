"""Run every bench once at its smallest size, so a bench that breaks fails `make test`.

The figures printed here mean nothing (tiny sizes, a busy machine); what counts is that each
script still runs to the end. Usage: `python bench/smoke.py [name ...]`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# name → arguments for the smallest run that still goes through every code path.
SMOKE: dict[str, list[str]] = {
    "hsds_evidence": ["--orgs", "20", "--interventions", "5", "--runs", "1"],
    "import": ["--docs", "2", "--runs", "1", "--format-seeds", "002"],
    "insight": ["--runs", "2", "--meetups", "4", "--participants", "60", "--agreements", "80"],
    "koppelen_programme": ["--sizes", "20", "--runs", "1"],
    "matching": ["--smoke"],
    "national": ["--themes", "10", "--runs", "1"],
    "netwerk": ["--orgs", "20", "--runs", "1", "--requests", "3"],
    "repair": ["--runs", "1", "--no-postgres"],
    "registration": [
        "--requests",
        "30",
        "--clients",
        "5",
        "--capacity",
        "20",
        "--runs",
        "1",
        "--spread",
        "3",
        "--server",
        "production",
    ],
    "search": ["--size", "300", "--runs", "1"],
    "soak": ["--minutes", "0.3", "--users", "3", "--workers", "2", "--no-faults"],
    "tables": ["--quick", "--sizes", "40", "--no-mdgp"],
}
TIMEOUT = 300  # seconds per bench


def main(names: list[str]) -> int:
    failed: list[str] = []
    for name in names or sorted(SMOKE):
        command = [sys.executable, str(BENCH / f"{name}.py"), *SMOKE[name]]
        started = time.monotonic()
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
            ok, output = result.returncode == 0, result.stdout + result.stderr
        except subprocess.TimeoutExpired as expired:
            ok, output = False, f"timed out after {TIMEOUT} s\n{expired.stdout or ''}"
        seconds = time.monotonic() - started
        print(f"{'ok  ' if ok else 'FAIL'} bench/{name}.py ({seconds:.0f} s)", flush=True)
        if not ok:
            failed.append(name)
            print("   " + "\n   ".join(str(output).strip().splitlines()[-25:]), flush=True)
    if failed:
        print(f"{len(failed)} bench(es) broken: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
