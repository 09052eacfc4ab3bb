"""Latency of recording an assessment through the services, beside a bare sqlite3
update-and-commit with the same pragmas (WAL, synchronous=FULL, foreign keys on).

    .venv/bin/python benchmarks/record_assessment.py [--runs 300]

Prints median and p95 in milliseconds and the ratio services / bare. The bare baseline does
the least a durable save can do: one UPDATE and one fsync'd commit.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from safeonline_desktop.services import open_services
from safeonline_desktop.storage.engine import PRAGMAS


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_services(folder: Path, runs: int) -> list[float]:
    services = open_services(folder, backup_on_start=False)
    review = services.reviews.create(country_code="KE", title="Benchmark")
    items = [i.id for i in services.catalog.framework("mnr").items]
    levels = ["planned", "partly_in_place", "in_place"]
    times = []
    for n in range(runs):
        start = time.perf_counter()
        services.assessments.record(review.id, items[n % len(items)], status=levels[n % 3],
                                    rationale=f"Rationale number {n}")
        times.append((time.perf_counter() - start) * 1000)
    services.close()
    return times


def bench_bare(folder: Path, runs: int) -> list[float]:
    path = folder / "bare.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, item TEXT UNIQUE, status TEXT, rationale TEXT)")
        conn.executemany("INSERT INTO a (item) VALUES (?)", [(f"MNR.C{n:02d}",) for n in range(1, 22)])
        times = []
        for n in range(runs):
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute("UPDATE a SET status = ?, rationale = ? WHERE item = ?",
                         ("planned", f"Rationale number {n}", f"MNR.C{n % 21 + 1:02d}"))
            conn.execute("COMMIT")
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        svc = bench_services(Path(tmp) / "svc", args.runs)
        bare = bench_bare(Path(tmp), args.runs)
    rows = [("services.assessments.record", svc), ("bare sqlite3 UPDATE+COMMIT", bare)]
    print(f"Recording an assessment, {args.runs} runs (durable: WAL + synchronous=FULL)")
    print(f"{'':32} {'median ms':>10} {'p95 ms':>10}")
    for name, values in rows:
        print(f"{name:32} {statistics.median(values):10.3f} {percentile(values, 0.95):10.3f}")
    print(f"{'ratio services / bare':32} {statistics.median(svc) / statistics.median(bare):10.1f}x"
          f" {percentile(svc, 0.95) / percentile(bare, 0.95):9.1f}x")


if __name__ == "__main__":
    main()
