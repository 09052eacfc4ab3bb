"""Make the golden database of the current schema: ``python tests/data/db/make_golden.py``.

Run it once per released schema, at the commit that released it, and commit the result as
``workspace-<revision>.sqlite3``. Later schemas must upgrade it with every row intact
(tests/storage/test_migrations.py). Never regenerate an old golden file with newer code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.storage.migrate import current_revision


class _Clock:
    def __init__(self) -> None:
        self.t = dt.datetime(2025, 11, 3, 10, 0, 0)

    def now(self) -> dt.datetime:
        self.t += dt.timedelta(minutes=1)
        return self.t


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    services = open_services(tmp, actor=Actor("Golden maker"), clock=_Clock())
    r = services.reviews.create(country_code="GH", title="Golden review: Ghana 2025", frameworks=["mnr", "bbc2019"],
                                period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                scope="Golden fixture for migration tests.")
    services.participants.add(r.id, name="Ama Mensah", organisation="Ministry of Gender", sector="government",
                              role="lead_assessor", consent_named=True)
    services.assessments.record(r.id, "MNR.C01", status="partly_in_place", phase="phase_2", confidence="medium",
                                rationale="A national council exists but meets irregularly.", questions_done=["q1", "q2"])
    services.assessments.record(r.id, "MNR.C03", status="in_place", confidence="high",
                                rationale="Comprehensive law since 2020.", notes="Mixed scripts: مرحبا, 你好, ทดสอบ, 🙂")
    services.assessments.record(r.id, "BBC.A01", status="planned")
    src = tmp / "law-summary.txt"
    src.write_text("Summary of the (fictional) Child Online Protection Act.", encoding="utf-8")
    services.evidence.add(r.id, title="Child Online Protection Act", evidence_type="law", citation="Act 12 of 2020",
                          document_date=dt.date(2020, 5, 1), file=src, item_ids=["MNR.C03", "BBC.A01"])
    services.planning.add_finding(r.id, statement="The council lacks a budget line.", kind="gap", item_id="MNR.C01")
    rec = services.planning.add_recommendation(r.id, text="Give the council a budget line.", priority="high",
                                               lead_actor="Ministry of Gender", timeframe="short", cost_band="low",
                                               item_ids=["MNR.C01"])
    services.planning.add_action(r.id, activity="Draft the budget request", recommendation_id=rec.id,
                                 owner="Ministry of Gender", due_date=dt.date(2026, 3, 31))
    archived = services.reviews.create(country_code="SN", title="Golden archived review")
    services.reviews.archive(archived.id)
    services.close()
    revision = current_revision(tmp / "workspace.sqlite3")
    target = Path(__file__).parent / f"workspace-{revision}.sqlite3"
    import sqlite3

    with sqlite3.connect(tmp / "workspace.sqlite3") as src_db, sqlite3.connect(target) as dst_db:
        src_db.backup(dst_db)
        dst_db.execute("PRAGMA journal_mode=DELETE")
    shutil.rmtree(tmp)
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
