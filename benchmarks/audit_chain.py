"""What workshop mode costs: the hash-chained audit trail, the role policy and the passphrase hash.

    .venv/bin/python benchmarks/audit_chain.py [--writes 500] [--runs 5]

Figures (median of ``--runs`` runs, wall clock):

- chained write: one unit of work adding one audit entry through ``storage.audit.record``
  (INSERT, read of the chain's head, SHA-256 of the canonical JSON, UPDATE, head UPDATE);
- bare write: one unit of work adding the same entry with a plain ``session.add`` (no chain);
- verify: walking the chain of ``--writes`` entries from the file (read-only);
- service call, no profiles / with a signed-in lead: ``AssessmentService.record`` of one note
  with the policy allowing everything vs reading the profile and team at each check;
- passphrase: one Argon2id hash at the app's cost (64 MiB, t=3, p=4), which a sign-in pays once.

The ratios say what the chain and the policy add to an edit a person makes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.context import Actor
    from safeonline_desktop.services.profiles import hash_passphrase
    from safeonline_desktop.storage import audit
    from safeonline_desktop.storage import models as m

    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    svc = open_services(tmp / "data", actor=Actor("bench"), backup_on_start=False)
    review = svc.reviews.create(country_code="KE", title="Benchmark", frameworks=["mnr"])
    ws = svc.ctx.workspace
    n = args.writes

    def chained():
        for i in range(n):
            with ws.unit_of_work() as s:
                audit.record(s, at=svc.ctx.now(), actor="bench", action="bench.write", entity="bench",
                             review_uid=review.uid, item_id="MNR.C01", before={"n": i}, after={"n": i + 1})

    def bare():
        for i in range(n):
            with ws.unit_of_work() as s:
                s.add(m.AuditEntry(at=svc.ctx.now(), actor="bench", action="bench.bare", entity="bench",
                                   review_uid=None, item_id="MNR.C01", before={"n": i}, after={"n": i + 1},
                                   prev_hash="", hash=""))

    t_chain = timed(chained, args.runs) / n
    t_bare = timed(bare, args.runs) / n
    # verify a clean chain of known size in a fresh workspace
    svc2 = open_services(tmp / "data2", actor=Actor("bench"), backup_on_start=False)
    r2 = svc2.reviews.create(country_code="KE", title="Benchmark 2", frameworks=["mnr"])
    for i in range(n):
        with svc2.ctx.workspace.unit_of_work() as s:
            audit.record(s, at=svc2.ctx.now(), actor="bench", action="bench.write", entity="bench",
                         review_uid=r2.uid, before={"n": i}, after={"n": i + 1})
    t_verify = timed(lambda: audit.verify_database(svc2.data.database), args.runs)
    assert audit.verify_database(svc2.data.database).ok

    def notes(services, rid):
        def run():
            for i in range(50):
                services.assessments.record(rid, "MNR.C02", notes=f"note {i}")
        return run

    t_open = timed(notes(svc2, r2.id), args.runs) / 50
    svc2.profiles.create(name="Lead", role="lead_assessor", passphrase="benchmark passphrase")
    svc2.profiles.sign_in("Lead", "benchmark passphrase")
    t_policy = timed(notes(svc2, r2.id), args.runs) / 50
    t_hash = timed(lambda: hash_passphrase("benchmark passphrase"), max(3, args.runs))
    svc.close()
    svc2.close()

    ms = 1000
    print(f"chained write           {t_chain * ms:8.3f} ms/entry")
    print(f"bare write              {t_bare * ms:8.3f} ms/entry   chain/bare = {t_chain / t_bare:5.2f}")
    print(f"verify {n:>5} entries     {t_verify * ms:8.1f} ms        ({t_verify / n * 1e6:.1f} µs/entry)")
    print(f"record note, no profiles {t_open * ms:7.3f} ms")
    print(f"record note, signed in  {t_policy * ms:8.3f} ms        policy/open = {t_policy / t_open:5.2f}")
    print(f"Argon2id hash (sign-in) {t_hash * ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
