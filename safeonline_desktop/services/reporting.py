"""Review packs: build the one neutral, translated, redacted report model from the services,
and hand it to the workbook and PDF writers (``safeonline_desktop.export``).

Used by the GUI's export dialog and by ``safeonline export``. What is left out when redacting:
assessment notes; evidence and findings marked sensitive; the rationale and notes of items whose
content is marked sensitive in the pack; every participant's name. Participants who did not
consent to be named are never named, redacted or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safeonline_desktop import __version__
from safeonline_desktop.domain.countries import country_name
from safeonline_desktop.errors import ValidationError
from safeonline_desktop.export import model as rm
from safeonline_desktop.export.output import CancelCheck, ProgressCallback
from safeonline_desktop.i18n import LANGUAGES, tr
from safeonline_desktop.storage import audit

from . import views as v
from .convert import get_review
from .progress import UNRATED

#: Participants whose role makes them part of the review team (the rest were consulted).
TEAM_ROLES = ("lead_assessor", "assessor", "facilitator", "note_taker")
UNRATED_COLOUR = "#d5d8dc"


@dataclass(frozen=True)
class ExportRequest:
    """What to export, as chosen in the dialog or on the command line."""

    review_id: int
    xlsx: Path | None = None
    pdf: Path | None = None
    language: str = "en"
    redact: bool = False
    paper: str = "A4"
    confidential: bool = False

    def check(self) -> None:
        if self.xlsx is None and self.pdf is None:
            raise ValidationError("Choose at least one file to export: a workbook (.xlsx) or a report (.pdf).")
        if self.language not in LANGUAGES:
            raise ValidationError(f"Unknown language {self.language!r}; use one of {', '.join(LANGUAGES)}.")
        if self.paper not in ("A4", "Letter"):
            raise ValidationError(f"Unknown paper size {self.paper!r}; use A4 or Letter.")
        if self.xlsx is not None and self.pdf is not None and Path(self.xlsx).absolute() == Path(self.pdf).absolute():
            raise ValidationError("The workbook and the report cannot be written to the same file.")


def _state_labels(lang: str) -> dict[str, str]:
    return {
        v.NOT_STARTED: tr("Not started", lang=lang),
        v.IN_PROGRESS: tr("In progress", lang=lang),
        v.RATED: tr("Rated", lang=lang),
        v.NEEDS_EVIDENCE: tr("Needs evidence", lang=lang),
    }


def build_report(services, review_id: int, *, language: str = "en", redact: bool = False) -> rm.ReportModel:
    """The report model of one review, in ``language``, redacted if asked."""
    if language not in LANGUAGES:
        raise ValidationError(f"Unknown language {language!r}; use one of {', '.join(LANGUAGES)}.")
    services.ctx.check(review_id, "review.export")
    lang = language
    catalog = services.catalog
    review = services.reviews.get(review_id)
    assessments = services.assessments.all(review_id)
    evidence_rows = services.evidence.list(review_id)
    finding_rows = services.planning.findings(review_id)
    recommendation_rows = services.planning.recommendations(review_id)
    action_rows = services.planning.actions(review_id)
    participant_rows = services.participants.list(review_id)
    progress = services.progress.progress(review_id)
    summaries = {s.domain_id: s for s in services.progress.summary(review_id)}

    status_scale = catalog.scales["status"]
    phase_scale = catalog.scales["mnr_phase"]
    confidence_scale = catalog.scales["confidence"]
    levels = tuple(
        rm.Level(lv.code, lv.label.get(lang), lv.colour, lv.description.get(lang), lv.rank) for lv in status_scale.levels
    ) + (rm.Level(rm.UNRATED, tr("Not rated", lang=lang), UNRATED_COLOUR, tr("No rating recorded yet.", lang=lang)),)

    # -- evidence and findings (sensitive ones left out when redacting) -------------------------
    kept_evidence = [e for e in evidence_rows if not (redact and e.sensitive)]
    evidence = tuple(
        rm.EvidenceEntry(
            ref=f"E{n}", title=e.title, type_label=catalog.label("evidence_type", e.evidence_type, lang),
            citation=e.citation, document_date=e.document_date, provided_by=e.provided_by,
            file_name=e.file_name or "", sensitive=e.sensitive, item_ids=e.item_ids,
        )
        for n, e in enumerate(kept_evidence, 1)
    )
    evidence_by_item: dict[str, list[rm.EvidenceRef]] = {}
    for entry in evidence:
        for item_id in entry.item_ids:
            evidence_by_item.setdefault(item_id, []).append(rm.EvidenceRef(entry.ref, entry.title))

    def item_name(item_id: str | None) -> str:
        if item_id and catalog.has_item(item_id):
            return catalog.item(item_id).name.get(lang)
        return ""

    kept_findings = [f for f in finding_rows if not (redact and f.sensitive)]
    findings = tuple(
        rm.FindingEntry(
            ref=f"F{n}", kind_code=f.kind, kind_label=catalog.label("finding_kind", f.kind, lang),
            statement=f.statement, item_id=f.item_id or "", item_name=item_name(f.item_id), sensitive=f.sensitive,
        )
        for n, f in enumerate(kept_findings, 1)
    )
    findings_by_item: dict[str, list[str]] = {}
    for entry in findings:
        if entry.item_id:
            findings_by_item.setdefault(entry.item_id, []).append(entry.ref)

    # -- frameworks, domains and items ------------------------------------------------------------
    states = _state_labels(lang)
    frameworks: list[rm.FrameworkInfo] = []
    sections: list[rm.FrameworkSection] = []
    withheld_items = 0
    notes_left_out = 0
    for pack in review.packs:
        fw = catalog.frameworks.get(pack.pack_id)
        if fw is None:
            continue
        info = rm.FrameworkInfo(fw.id, pack.version, fw.title.get(lang), fw.short_title.get(lang), fw.publisher,
                                fw.year, fw.wording_notice.get(lang))
        frameworks.append(info)
        domains = []
        for d in fw.domains:
            items = []
            for item in d.items:
                a = assessments.get(item.id) or v.AssessmentView(review_id=review_id, item_id=item.id)
                ip = progress.by_item.get(item.id)
                withheld = redact and item.sensitive and bool(a.rationale or a.notes)
                withheld_items += withheld
                notes = a.notes
                if redact and notes:
                    notes_left_out += 1
                    notes = ""
                status = a.status or rm.UNRATED
                items.append(rm.ItemEntry(
                    id=item.id, code=item.code(), number=item.number, name=item.name.get(lang),
                    short_label=item.short_label.get(lang), status_code=status,
                    status_label=status_scale.label_of(a.status, lang) or tr("Not rated", lang=lang),
                    phase_label=phase_scale.label_of(a.phase, lang),
                    confidence_label=confidence_scale.label_of(a.confidence, lang),
                    state_label=states.get(ip.state if ip else v.NOT_STARTED, ""),
                    rationale="" if withheld else a.rationale,
                    notes="" if withheld else notes,
                    withheld=withheld,
                    questions_done=len(a.questions_done), questions_total=len(item.guiding_questions),
                    evidence=tuple(evidence_by_item.get(item.id, ())),
                    findings=tuple(findings_by_item.get(item.id, ())),
                    updated_by="" if redact else a.updated_by, updated_at=a.updated_at,
                ))
            domains.append(rm.DomainSection(d.id, d.number, d.name.get(lang), d.outcome.get(lang), tuple(items)))
        sections.append(rm.FrameworkSection(info, tuple(domains), "mnr_phase" in fw.scale_ids))

    summary = []
    for d in progress.domains:
        s = summaries[d.domain_id]
        dom = catalog.domain(d.domain_id)
        counts = tuple((code, s.counts.get(code, 0)) for code in status_scale.codes()) + (
            (rm.UNRATED, s.counts.get(UNRATED, 0)),)
        summary.append(rm.DomainSummary(d.domain_id, d.framework_id, dom.number, dom.name.get(lang), s.total,
                                        s.total - s.counts.get(UNRATED, 0), counts))

    # -- recommendations and action plan ------------------------------------------------------------
    recommendations = tuple(
        rm.RecommendationEntry(
            ref=f"R{n}", text=r.text, priority_code=r.priority,
            priority_label=catalog.label("priority", r.priority, lang), lead_actor=r.lead_actor,
            supporting_actors=r.supporting_actors, timeframe_label=catalog.label("timeframe", r.timeframe, lang),
            cost_label=catalog.label("cost_band", r.cost_band, lang), item_ids=r.item_ids,
        )
        for n, r in enumerate(recommendation_rows, 1)
    )
    rec_refs = {r.id: f"R{n}" for n, r in enumerate(recommendation_rows, 1)}
    actions = tuple(
        rm.ActionEntry(
            ref=f"A{n}", recommendation_ref=rec_refs.get(a.recommendation_id, "") if a.recommendation_id else "",
            activity=a.activity, owner=a.owner, start_date=a.start_date, due_date=a.due_date, indicator=a.indicator,
            status_code=a.status, status_label=catalog.label("action_status", a.status, lang),
        )
        for n, a in enumerate(action_rows, 1)
    )

    # -- participants: named only with consent, never when redacting --------------------------------
    participants = tuple(
        rm.ParticipantEntry(
            name=p.name if (p.consent_named and not redact) else "",
            organisation=p.organisation,
            sector_label=catalog.label("sector", p.sector, lang),
            role_label=catalog.label("participant_role", p.role, lang),
            team=p.role in TEAM_ROLES,
        )
        for p in participant_rows
    )
    sectors = []
    for code in catalog.vocabulary_codes("sector"):
        people = [p for p in participant_rows if p.sector == code]
        if people:
            orgs = {p.organisation.strip().casefold() for p in people if p.organisation.strip()}
            sectors.append(rm.SectorCount(catalog.label("sector", code, lang), len(orgs), len(people)))

    redaction = rm.Redaction()
    if redact:
        redaction = rm.Redaction(
            notes=notes_left_out,
            evidence=len(evidence_rows) - len(kept_evidence),
            findings=len(finding_rows) - len(kept_findings),
            withheld_items=withheld_items,
            names=sum(1 for p in participant_rows if p.consent_named),
        )

    choices = rm.Choices(
        status=tuple(lv.label for lv in levels if lv.code != rm.UNRATED),
        action_status=tuple(catalog.label("action_status", c, lang) for c in catalog.vocabulary_codes("action_status")),
        priority=tuple(catalog.label("priority", c, lang) for c in catalog.vocabulary_codes("priority")),
        timeframe=tuple(catalog.label("timeframe", c, lang) for c in catalog.vocabulary_codes("timeframe")),
        cost_band=tuple(catalog.label("cost_band", c, lang) for c in catalog.vocabulary_codes("cost_band")),
        confidence=tuple(lv.label.get(lang) for lv in confidence_scale.levels),
    )

    from .workshop import report_entries  # workshop mode: self-assessment, validated rating, dissent

    consensus, dissents = report_entries(services, review_id, lang, redact=redact)

    return rm.ReportModel(
        language=lang,
        review_uid=review.uid,
        title=review.title,
        country_code=review.country_code,
        country=country_name(review.country_code, lang),
        period=review.period_label(),
        review_status=catalog.label("review_status", review.status, lang),
        scope=review.scope,
        generated_at=services.ctx.now(),
        app_version=__version__,
        content_versions=(
            (tr("Rating scales", lang=lang), catalog.scales_version),
            (tr("Cross-references", lang=lang), catalog.crossrefs_version),
        ),
        frameworks=tuple(frameworks),
        levels=levels,
        summary=tuple(summary),
        sections=tuple(sections),
        evidence=evidence,
        findings=findings,
        recommendations=recommendations,
        actions=actions,
        participants=participants,
        sectors=tuple(sectors),
        redacted=redact,
        redaction=redaction,
        choices=choices,
        names_withheld=sum(1 for p in participant_rows if redact or not p.consent_named),
        consensus=consensus,
        dissents=dissents,
    )


def render(model: rm.ReportModel, request: ExportRequest, *, progress: ProgressCallback | None = None,
           cancel: CancelCheck | None = None) -> list[Path]:
    """Write the files of ``request`` from an already built model (safe to run off the GUI thread)."""
    from safeonline_desktop.export import PackOptions, write_pack

    return write_pack(model, xlsx=request.xlsx, pdf=request.pdf,
                      options=PackOptions(paper=request.paper, confidential=request.confidential),
                      progress=progress, cancel=cancel)


def record_export(services, request: ExportRequest, written: list[Path]) -> None:
    """Note in the audit log that the review left the workspace as files (names only, no paths)."""
    ctx = services.ctx
    with ctx.workspace.unit_of_work() as s:
        review = get_review(s, request.review_id)
        audit.record(s, at=ctx.now(), actor=ctx.actor.name, action="review.export", entity="review",
                     review_uid=review.uid, entity_uid=review.uid,
                     after={"files": [p.name for p in written], "language": request.language,
                            "redacted": request.redact, "confidential": request.confidential})


def export_review(services, request: ExportRequest, *, progress: ProgressCallback | None = None,
                  cancel: CancelCheck | None = None) -> list[Path]:
    """Build the model and write the requested files; all or nothing. Returns the files written."""
    request.check()
    model = build_report(services, request.review_id, language=request.language, redact=request.redact)
    written = render(model, request, progress=progress, cancel=cancel)
    record_export(services, request, written)
    return written
