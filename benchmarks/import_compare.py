"""Headquarters' intake: import many review files into a fresh workspace, then build the
comparison. Shows how the cost per file grows as the workspace fills up.

    .venv/bin/python benchmarks/import_compare.py [--files 200] [--encrypted]

1. Generates ``--files`` review files of varied countries, periods and ratings (one review on a
   scratch laptop, exported once, then varied: new identities, country, period and ratings;
   each file also carries the review's change history and one attached file).
2. Imports them one by one into a fresh workspace with the services (every check, preview and
   one durable transaction per file) and prints the mean cost per file in each stretch
   (files 1-25, 26-50, 51-100, 101-200), beside a bare baseline: unzip, ``json.loads`` and one
   ``executemany`` of the assessment rows into SQLite with the same pragmas, committed.
3. Builds the comparison (all frameworks) and the Excel workbook, beside a bare baseline: one
   SELECT of every assessment.

Flat per-file figures mean the import does not slow down as the workspace grows.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import json
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from safeonline_desktop.domain.countries import countries
from safeonline_desktop.exchange import container
from safeonline_desktop.exchange.writer import write_document
from safeonline_desktop.services import load_content, open_services
from safeonline_desktop.services.comparison import ComparisonService
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.demo import create_demo_review
from safeonline_desktop.services.exchange import ExchangeService
from safeonline_desktop.storage.engine import PRAGMAS

PASSPHRASE = "benchmark passphrase"
CHECKPOINTS = (25, 50, 100, 200, 400, 800)


def generate(folder: Path, count: int, encrypted: bool) -> list[Path]:
    """``count`` review files, varied from one exported demonstration review."""
    catalog = load_content()
    scratch = open_services(folder / "scratch", catalog=catalog, actor=Actor("Generator"), backup_on_start=False)
    try:
        demo = create_demo_review(scratch)
        exchange = ExchangeService(scratch.ctx, scrypt_n=container.SCRYPT_MIN_N)
        template = folder / "template.safeonline"
        exchange.export_review(demo.id, template)
        with zipfile.ZipFile(template) as zf:
            doc = json.loads(zf.read("review.json"))
        ident = exchange.identity()
        codes = [c.code for c in countries("en") if c.code != "ZZ"]
        rng = random.Random(2026)
        levels = [lvl.code for lvl in catalog.scales["status"].levels] + [None]
        out = []
        for n in range(count):
            d = copy.deepcopy(doc)
            d.pop("sync_base", None)
            code = codes[n % 40]  # 40 countries, several periods each
            year = 2018 + n // 40
            d["review"].update(uid=str(uuid.uuid4()), country_code=code, title=f"{code} national review {year}",
                               period_start=f"{year}-01-01", period_end=f"{year}-12-31")
            for name in ("participants", "sessions", "evidence", "findings", "recommendations", "actions",
                         "item_notes", "rating_proposals", "dissents"):
                mapping = {}
                for row in d.get(name, ()):
                    mapping[row["uid"]] = row["uid"] = str(uuid.uuid4())
                if name == "recommendations":
                    for act in d.get("actions", ()):
                        if act.get("recommendation_uid"):
                            act["recommendation_uid"] = mapping[act["recommendation_uid"]]
                if name == "participants":
                    for row in d.get("evidence", ()):
                        if row.get("participant_uid"):
                            row["participant_uid"] = mapping[row["participant_uid"]]
            for a in d["assessments"]:
                a["status"] = rng.choice(levels)
            target = folder / "files" / f"{n:04d}-{code}-{year}.safeonline"
            write_document(d, target, files=scratch.ctx.files, app_version="bench", source_id=ident.id,
                           source_label=f"laptop-{code}", now=dt.datetime(2026, 6, 1, 12, 0),
                           passphrase=PASSPHRASE if encrypted else None, scrypt_n=container.SCRYPT_MIN_N)
            out.append(target)
        return out
    finally:
        scratch.close()


def bench_import(folder: Path, files: list[Path], encrypted: bool) -> tuple[list[float], ComparisonService, object]:
    services = open_services(folder / "hq", actor=Actor("HQ"), backup_on_start=False)
    exchange = ExchangeService(services.ctx)
    times = []
    for path in files:
        start = time.perf_counter()
        outcome = exchange.import_file(path, passphrase=PASSPHRASE if encrypted else None)
        times.append((time.perf_counter() - start) * 1000)
        assert outcome.written and outcome.preview.action == "new", path
    return times, ComparisonService(services.ctx), services


def bench_bare(folder: Path, files: list[Path], encrypted: bool) -> tuple[list[float], Path]:
    path = folder / "bare.sqlite3"
    times = []
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, country TEXT)")
        conn.execute("CREATE TABLE a (review INTEGER, item TEXT, status TEXT, rationale TEXT, notes TEXT)")
        for file in files:
            start = time.perf_counter()
            data = file.read_bytes()
            if encrypted:
                data = container.decrypt(data, PASSPHRASE)
                import io

                source = io.BytesIO(data)
            else:
                source = file
            with zipfile.ZipFile(source) as zf:
                doc = json.loads(zf.read("review.json"))
            conn.execute("BEGIN")
            rid = conn.execute("INSERT INTO r (uid, country) VALUES (?, ?)",
                               (doc["review"]["uid"], doc["review"]["country_code"])).lastrowid
            conn.executemany("INSERT INTO a VALUES (?, ?, ?, ?, ?)",
                             [(rid, x["item_id"], x["status"], x["rationale"], x["notes"]) for x in doc["assessments"]])
            conn.execute("COMMIT")
            times.append((time.perf_counter() - start) * 1000)
    return times, path


def stretches(count: int) -> list[tuple[int, int]]:
    points = [p for p in CHECKPOINTS if p < count] + [count]
    out, start = [], 0
    for p in points:
        out.append((start, p))
        start = p
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--encrypted", action="store_true", help="encrypt the files (scrypt n=2**15 each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = generate(folder, args.files, args.encrypted)
        size = statistics.mean(f.stat().st_size for f in files)
        print(f"Generated {len(files)} review files ({size / 1024:.0f} KB each on average"
              f"{', encrypted' if args.encrypted else ''}) in {time.perf_counter() - t0:.1f} s")
        svc_times, comparison, services = bench_import(folder, files, args.encrypted)
        bare_times, bare_db = bench_bare(folder, files, args.encrypted)

        print("\nImport, cost per file as the workspace fills up (ms, mean over each stretch)")
        print(f"{'files':>12} {'services':>10} {'bare':>8} {'ratio':>7} {'services total s':>17}")
        for start, end in stretches(len(files)):
            s = statistics.mean(svc_times[start:end])
            b = statistics.mean(bare_times[start:end])
            print(f"{f'{start + 1}-{end}':>12} {s:10.1f} {b:8.2f} {s / b:6.0f}x {sum(svc_times[:end]) / 1000:17.1f}")
        first, last = stretches(len(files))[0], stretches(len(files))[-1]
        growth = statistics.mean(svc_times[last[0]:last[1]]) / statistics.mean(svc_times[first[0]:first[1]])
        print(f"growth of the cost per file, last stretch / first stretch: {growth:.2f}x")

        runs = []
        for _ in range(5):
            start = time.perf_counter()
            matrix = comparison.matrix(lang="en")
            runs.append((time.perf_counter() - start) * 1000)
        bare_runs = []
        with contextlib.closing(sqlite3.connect(bare_db)) as conn:
            for _ in range(5):
                start = time.perf_counter()
                conn.execute("SELECT r.country, a.item, a.status FROM a JOIN r ON r.id = a.review").fetchall()
                bare_runs.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        comparison.export_xlsx(folder / "comparison.xlsx", lang="en")
        xlsx_ms = (time.perf_counter() - start) * 1000
        print(f"\nComparison of {len(matrix.rows)} reviews x {len(matrix.columns)} items (median of 5)")
        print(f"{'build the matrix (services)':32} {statistics.median(runs):8.1f} ms")
        print(f"{'bare SELECT of every rating':32} {statistics.median(bare_runs):8.1f} ms"
              f"   ratio {statistics.median(runs) / statistics.median(bare_runs):.0f}x")
        print(f"{'Excel workbook (with changes)':32} {xlsx_ms:8.1f} ms")
        services.close()


if __name__ == "__main__":
    main()
