"""The demonstration review: a fictional country's review with ratings, evidence, findings,
recommendations and an action plan, so a newcomer sees the whole product at once.

The review itself is data (``resources/demo/demo-review.yaml``), loaded through the same
services a person uses.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml

from safeonline_desktop import paths
from safeonline_desktop.errors import ContentError

from . import views as v
from .reviews import NewParticipant

DEMO_FILE = "demo/demo-review.yaml"


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_demo_data(resources: Path | None = None) -> dict[str, Any]:
    path = (resources or paths.resources_dir()) / DEMO_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(str(path), "(file)", f"cannot be read: {exc}") from exc
    if not isinstance(data, dict) or "review" not in data:
        raise ContentError(str(path), "review", "missing")
    return data


def create_demo_review(services, resources: Path | None = None) -> v.ReviewView:
    """Create the demonstration review in the open workspace and return it."""
    data = load_demo_data(resources)
    r = data["review"]
    review = services.reviews.create(
        country_code=r["country_code"],
        title=r["title"],
        frameworks=r.get("frameworks"),
        period_start=_date(r.get("period_start")),
        period_end=_date(r.get("period_end")),
        scope=r.get("scope", ""),
        language=r.get("language", "en"),
        team=[NewParticipant(**p) for p in data.get("participants", [])],
    )
    rid = review.id
    for a in data.get("assessments", []):
        services.assessments.record(
            rid,
            a["item"],
            status=a.get("status"),
            phase=a.get("phase"),
            confidence=a.get("confidence"),
            rationale=a.get("rationale", ""),
            notes=a.get("notes", ""),
            questions_done=a.get("questions_done", []),
        )
    with tempfile.TemporaryDirectory(prefix="safeonline-demo-") as tmp:
        for e in data.get("evidence", []):
            file_path = None
            if e.get("file"):
                file_path = Path(tmp) / Path(e["file"]["name"]).name
                file_path.write_text(e["file"]["text"], encoding="utf-8")
            services.evidence.add(
                rid,
                title=e["title"],
                evidence_type=e.get("evidence_type", "other"),
                citation=e.get("citation", ""),
                document_date=_date(e.get("document_date")),
                provided_by=e.get("provided_by", ""),
                sensitive=bool(e.get("sensitive", False)),
                file=file_path,
                item_ids=e.get("items", []),
            )
    for f in data.get("findings", []):
        services.planning.add_finding(rid, statement=f["statement"], kind=f.get("kind", "gap"),
                                      item_id=f.get("item"), sensitive=bool(f.get("sensitive", False)))
    rec_ids: dict[str, int] = {}
    for rec in data.get("recommendations", []):
        made = services.planning.add_recommendation(
            rid,
            text=rec["text"],
            priority=rec.get("priority", "medium"),
            lead_actor=rec.get("lead_actor", ""),
            supporting_actors=rec.get("supporting_actors", ""),
            timeframe=rec.get("timeframe", "medium"),
            cost_band=rec.get("cost_band", "medium"),
            item_ids=rec.get("items", []),
        )
        if rec.get("key"):
            rec_ids[rec["key"]] = made.id
    for act in data.get("actions", []):
        services.planning.add_action(
            rid,
            activity=act["activity"],
            recommendation_id=rec_ids.get(act.get("recommendation", "")),
            owner=act.get("owner", ""),
            start_date=_date(act.get("start_date")),
            due_date=_date(act.get("due_date")),
            indicator=act.get("indicator", ""),
            status=act.get("status", "not_started"),
        )
    if r.get("status") and r["status"] != "draft":
        review = services.reviews.update(rid, status=r["status"])
    return services.reviews.get(rid)
