"""Every edit goes through the services at once and onto an undo stack.

:class:`Editor` runs a service call; when it succeeds the edit is on disk, ``saved`` is emitted
and a command holding what is needed to reverse it is pushed on the review's ``QUndoStack``
(one stack per review, for this session). Undoing or redoing calls the services again. A
service error (:class:`SafeOnlineError`) is reported through ``failed`` and nothing is pushed,
so an edit that was not stored never looks saved.

Rows that undo deletes and redo re-creates get a new database id; commands refer to rows
through shared :class:`Ref` objects that follow the row to its new id.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from safeonline_desktop.errors import NotFoundError, SafeOnlineError
from safeonline_desktop.services import views as v

log = logging.getLogger(__name__)

ASSESSMENT_TEXT_FIELDS = ("rationale", "notes")


class Ref:
    """The current database id of a row that undo/redo may delete and re-create."""

    __slots__ = ("kind", "id")

    def __init__(self, kind: str, id_: int) -> None:
        self.kind = kind
        self.id = id_

    def __repr__(self) -> str:
        return f"Ref({self.kind}, {self.id})"


class ServiceCommand(QUndoCommand):
    """A done edit: ``undo`` and ``redo`` call the services. The first redo (from ``push``) is
    skipped because the edit was already made before the command was pushed."""

    MERGE_ID = 1

    def __init__(self, editor: Editor, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                 merge_key: tuple | None = None) -> None:
        super().__init__(text)
        self._editor = editor
        self._do = do
        self._undo = undo
        self.merge_key = merge_key
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if not self._editor.run(self._do)[0]:
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._editor.run(self._undo)[0]:
            self.setObsolete(True)

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt naming)
        # Successive saves of the same text field while typing form one undo step.
        if not isinstance(other, ServiceCommand) or other.merge_key != self.merge_key:
            return False
        self._do = other._do
        self.setText(other.text())
        return True


class Editor(QObject):
    """Runs edits for the GUI. ``saved`` after every successful service call, ``failed(message)``
    after a refused or failed one, ``changed`` after anything that changed data."""

    saved = Signal()
    failed = Signal(str)
    changed = Signal()

    def __init__(self, services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._refs: dict[tuple[str, int], Ref] = {}
        self._undo_dir = Path(services.data.tmp) / f"undo-{os.getpid()}"

    # -- stacks ---------------------------------------------------------------------------
    def stack(self, review_id: int) -> QUndoStack:
        if review_id not in self._stacks:
            stack = QUndoStack(self.group)
            self.group.addStack(stack)
            self._stacks[review_id] = stack
        return self._stacks[review_id]

    def activate(self, review_id: int | None) -> None:
        self.group.setActiveStack(self.stack(review_id) if review_id is not None else None)

    def forget_review(self, review_id: int) -> None:
        stack = self._stacks.pop(review_id, None)
        if stack is not None:
            stack.clear()
            self.group.removeStack(stack)
            stack.deleteLater()

    def close(self) -> None:
        for review_id in list(self._stacks):
            self.forget_review(review_id)
        shutil.rmtree(self._undo_dir, ignore_errors=True)

    # -- running --------------------------------------------------------------------------
    def run(self, fn: Callable[[], Any]) -> tuple[bool, Any]:
        try:
            result = fn()
        except SafeOnlineError as exc:
            log.info("Edit refused: %s", exc)
            self.failed.emit(str(exc))
            return False, None
        self.saved.emit()
        self.changed.emit()
        return True, result

    def execute(self, review_id: int, label: str, do: Callable[[], Any], undo: Callable[[], Any],
                merge_key: tuple | None = None) -> tuple[bool, Any]:
        """Do an edit now; if it succeeded, push it so it can be undone."""
        ok, result = self.run(do)
        if ok:
            self.stack(review_id).push(ServiceCommand(self, label, do, undo, merge_key))
        return ok, result

    def call(self, fn: Callable[[], Any]) -> tuple[bool, Any]:
        """A change that is saved but cannot be undone (creating or deleting a whole review)."""
        return self.run(fn)

    # -- refs -----------------------------------------------------------------------------
    def ref(self, kind: str, id_: int) -> Ref:
        key = (kind, id_)
        if key not in self._refs:
            self._refs[key] = Ref(kind, id_)
        return self._refs[key]

    def _rekey(self, ref: Ref, new_id: int) -> None:
        self._refs.pop((ref.kind, ref.id), None)
        ref.id = new_id
        self._refs[(ref.kind, new_id)] = ref

    # -- rows the services list per review (findings, actions, participants) ---------------
    # These services have no get-by-id, so the current row is found in the review's list.
    def _listed(self, rows: Callable[[], Any], row_id: int, what: str) -> Any | None:
        """The row as it is before an update, or None (reported) if it no longer exists."""
        before = next((r for r in rows() if r.id == row_id), None)
        if before is None:
            self.failed.emit(f"{what} {row_id} does not exist.")
        return before

    def _update_listed(self, review_id: int, label: str, kind: str, row_id: int, what: str,
                       rows: Callable[[], Any], update: Callable[..., Any], changes: dict[str, Any],
                       old_value: Callable[[Any, str], Any] = getattr) -> Any:
        """Change fields of a row; undo puts back the values it had (``old_value(row, field)``)."""
        ref = self.ref(kind, row_id)
        before = self._listed(rows, row_id, what)
        if before is None:
            return None
        old = {k: old_value(before, k) for k in changes}
        return self.execute(review_id, label, lambda: update(ref.id, **changes), lambda: update(ref.id, **old))[1]

    def _add_listed(self, review_id: int, label: str, kind: str, fields: dict[str, Any],
                    create: Callable[[dict[str, Any]], Any], rows: Callable[[], Any],
                    fields_of: Callable[[Any], dict[str, Any]], delete: Callable[[int], Any]) -> Any:
        """Add a row. Undo deletes it, keeping its fields as they are by then (later edits
        included); redo creates it again and the same Ref follows it to its new id."""
        state: dict[str, Any] = {}

        def do():
            made = create(state.get("fields") or fields)
            if "ref" in state:
                self._rekey(state["ref"], made.id)
            else:
                state["ref"] = self.ref(kind, made.id)
            return made

        def undo():
            ref = state["ref"]
            current = _find(r for r in rows() if r.id == ref.id)
            state["fields"] = fields_of(current)
            delete(ref.id)

        return self.execute(review_id, label, do, undo)[1]

    def _delete_listed(self, review_id: int, label: str, ref: Ref, rows: Callable[[], Any],
                       saved_of: Callable[[Any], Any], delete: Callable[[int], Any],
                       recreate: Callable[[Any], Any]) -> bool:
        """Delete a row, keeping what ``recreate`` needs to bring it back under a new id."""
        state: dict[str, Any] = {}

        def do():
            current = _find(r for r in rows() if r.id == ref.id)
            state["saved"] = saved_of(current)
            delete(ref.id)
            return True

        def undo():
            made = recreate(state["saved"])
            self._rekey(ref, made.id)

        return self.execute(review_id, label, do, undo)[0]

    # -- assessments ----------------------------------------------------------------------
    def record_assessment(self, review_id: int, item_id: str, label: str, **fields: Any) -> bool:
        """Record fields of an item's assessment (status, phase, confidence, rationale, notes,
        questions_done). Text fields typed in one go merge into one undo step."""
        a = self.services.assessments
        try:
            before = a.get(review_id, item_id)
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
            return False
        old = {k: (list(getattr(before, k)) if k == "questions_done" else getattr(before, k)) for k in fields}
        merge = None
        if len(fields) == 1 and next(iter(fields)) in ASSESSMENT_TEXT_FIELDS:
            merge = ("assessment", review_id, item_id, next(iter(fields)))
        ok, _ = self.execute(review_id, label,
                             lambda: a.record(review_id, item_id, **fields),
                             lambda: a.record(review_id, item_id, **old), merge)
        return ok

    # -- evidence -------------------------------------------------------------------------
    def _keep_file(self, ev: v.EvidenceView) -> Path | None:
        """Copy an attached file aside so that undo can bring the evidence back with it."""
        if not ev.file_sha256:
            return None
        target = self._undo_dir / ev.file_sha256
        kept = target / (Path(ev.file_name or "evidence").name or "evidence")
        if not kept.is_file():
            self.services.evidence.export_file(ev.id, target)
        return kept

    def _restore_evidence(self, ref: Ref, snapshot: v.EvidenceView, file: Path | None) -> v.EvidenceView:
        made = self.services.evidence.add(
            snapshot.review_id, title=snapshot.title, evidence_type=snapshot.evidence_type,
            citation=snapshot.citation, document_date=snapshot.document_date, provided_by=snapshot.provided_by,
            sensitive=snapshot.sensitive, file=file, item_ids=snapshot.item_ids)
        self._rekey(ref, made.id)
        return made

    def _delete_evidence(self, ref: Ref) -> tuple[v.EvidenceView, Path | None]:
        snapshot = self.services.evidence.get(ref.id)
        kept = self._keep_file(snapshot)
        self.services.evidence.delete(ref.id)
        return snapshot, kept

    def add_evidence(self, review_id: int, label: str, **fields: Any) -> v.EvidenceView | None:
        state: dict[str, Any] = {}

        def do():
            if "ref" in state:
                return self._restore_evidence(state["ref"], *state["deleted"])
            made = self.services.evidence.add(review_id, **fields)
            state["ref"] = self.ref("evidence", made.id)
            return made

        def undo():
            state["deleted"] = self._delete_evidence(state["ref"])

        return self.execute(review_id, label, do, undo)[1]

    def update_evidence(self, evidence_id: int, label: str, **changes: Any) -> v.EvidenceView | None:
        ref = self.ref("evidence", evidence_id)
        try:
            before = self.services.evidence.get(evidence_id)
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
            return None
        old = {k: getattr(before, k) for k in changes}
        return self.execute(before.review_id, label,
                            lambda: self.services.evidence.update(ref.id, **changes),
                            lambda: self.services.evidence.update(ref.id, **old))[1]

    def attach_file(self, evidence_id: int, file: Path, label: str) -> v.EvidenceView | None:
        ref = self.ref("evidence", evidence_id)
        try:
            before = self.services.evidence.get(evidence_id)
            previous = self._keep_file(before)
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
            return None

        def undo():
            if previous is None:
                return self.services.evidence.detach_file(ref.id)
            return self.services.evidence.attach_file(ref.id, previous)

        return self.execute(before.review_id, label, lambda: self.services.evidence.attach_file(ref.id, file), undo)[1]

    def detach_file(self, evidence_id: int, label: str) -> bool:
        ref = self.ref("evidence", evidence_id)
        try:
            before = self.services.evidence.get(evidence_id)
            previous = self._keep_file(before)
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
            return False
        if previous is None:
            return True

        return self.execute(before.review_id, label, lambda: self.services.evidence.detach_file(ref.id),
                            lambda: self.services.evidence.attach_file(ref.id, previous))[0]

    def link_evidence(self, review_id: int, evidence_id: int, item_id: str, label: str) -> bool:
        ref = self.ref("evidence", evidence_id)
        return self.execute(review_id, label, lambda: self.services.evidence.link(ref.id, item_id),
                            lambda: self.services.evidence.unlink(ref.id, item_id))[0]

    def unlink_evidence(self, review_id: int, evidence_id: int, item_id: str, label: str) -> bool:
        ref = self.ref("evidence", evidence_id)
        return self.execute(review_id, label, lambda: self.services.evidence.unlink(ref.id, item_id),
                            lambda: self.services.evidence.link(ref.id, item_id))[0]

    def delete_evidence(self, review_id: int, evidence_id: int, label: str) -> bool:
        ref = self.ref("evidence", evidence_id)
        state: dict[str, Any] = {}

        def do():
            state["deleted"] = self._delete_evidence(ref)
            return True

        return self.execute(review_id, label, do, lambda: self._restore_evidence(ref, *state["deleted"]))[0]

    # -- findings -------------------------------------------------------------------------
    def _finding_fields(self, f: v.FindingView) -> dict[str, Any]:
        return {"statement": f.statement, "kind": f.kind, "item_id": f.item_id, "sensitive": f.sensitive}

    def add_finding(self, review_id: int, label: str, **fields: Any) -> v.FindingView | None:
        planning = self.services.planning
        return self._add_listed(review_id, label, "finding", fields,
                                lambda values: planning.add_finding(review_id, **values),
                                lambda: planning.findings(review_id), self._finding_fields,
                                planning.delete_finding)

    def update_finding(self, review_id: int, finding_id: int, label: str, **changes: Any) -> v.FindingView | None:
        planning = self.services.planning
        return self._update_listed(review_id, label, "finding", finding_id, "Finding",
                                   lambda: planning.findings(review_id), planning.update_finding, changes)

    def delete_finding(self, review_id: int, finding_id: int, label: str) -> bool:
        planning = self.services.planning
        return self._delete_listed(review_id, label, self.ref("finding", finding_id),
                                   lambda: planning.findings(review_id), self._finding_fields,
                                   planning.delete_finding,
                                   lambda fields: planning.add_finding(review_id, **fields))

    # -- recommendations ------------------------------------------------------------------
    def _recommendation_state(self, review_id: int, ref: Ref) -> dict[str, Any]:
        planning = self.services.planning
        rec = _find(r for r in planning.recommendations(review_id) if r.id == ref.id)
        actions = [self.ref("action", a.id) for a in planning.actions(review_id) if a.recommendation_id == ref.id]
        return {"fields": {"text": rec.text, "priority": rec.priority, "lead_actor": rec.lead_actor,
                           "supporting_actors": rec.supporting_actors, "timeframe": rec.timeframe,
                           "cost_band": rec.cost_band, "item_ids": list(rec.item_ids)},
                "actions": actions}

    def _restore_recommendation(self, review_id: int, ref: Ref, state: dict[str, Any]) -> v.RecommendationView:
        planning = self.services.planning
        made = planning.add_recommendation(review_id, **state["fields"])
        self._rekey(ref, made.id)
        for action in state["actions"]:
            planning.update_action(action.id, recommendation_id=made.id)
        return made

    def add_recommendation(self, review_id: int, label: str, **fields: Any) -> v.RecommendationView | None:
        planning = self.services.planning
        state: dict[str, Any] = {}

        def do():
            if "ref" in state:
                return self._restore_recommendation(review_id, state["ref"], state["saved"])
            made = planning.add_recommendation(review_id, **fields)
            state["ref"] = self.ref("recommendation", made.id)
            return made

        def undo():
            state["saved"] = self._recommendation_state(review_id, state["ref"])
            planning.delete_recommendation(state["ref"].id)

        return self.execute(review_id, label, do, undo)[1]

    def update_recommendation(self, review_id: int, recommendation_id: int, label: str,
                              **changes: Any) -> v.RecommendationView | None:
        planning = self.services.planning
        return self._update_listed(
            review_id, label, "recommendation", recommendation_id, "Recommendation",
            lambda: planning.recommendations(review_id), planning.update_recommendation, changes,
            lambda rec, k: list(rec.item_ids) if k == "item_ids" else getattr(rec, k))

    def delete_recommendation(self, review_id: int, recommendation_id: int, label: str) -> bool:
        ref = self.ref("recommendation", recommendation_id)
        planning = self.services.planning
        state: dict[str, Any] = {}

        def do():
            state["saved"] = self._recommendation_state(review_id, ref)
            planning.delete_recommendation(ref.id)
            return True

        return self.execute(review_id, label, do,
                            lambda: self._restore_recommendation(review_id, ref, state["saved"]))[0]

    # -- action plan ----------------------------------------------------------------------
    def _action_fields(self, a: v.ActionItemView) -> dict[str, Any]:
        return {"activity": a.activity, "owner": a.owner, "start_date": a.start_date, "due_date": a.due_date,
                "indicator": a.indicator, "status": a.status}

    def _action_rec_ref(self, a: v.ActionItemView) -> Ref | None:
        return self.ref("recommendation", a.recommendation_id) if a.recommendation_id is not None else None

    def add_action(self, review_id: int, label: str, **fields: Any) -> v.ActionItemView | None:
        planning = self.services.planning
        rec_id = fields.pop("recommendation_id", None)
        rec_ref = self.ref("recommendation", rec_id) if rec_id is not None else None
        return self._add_listed(
            review_id, label, "action", fields,
            lambda values: planning.add_action(review_id, recommendation_id=rec_ref.id if rec_ref else None,
                                               **values),
            lambda: planning.actions(review_id), self._action_fields, planning.delete_action)

    def update_action(self, review_id: int, action_id: int, label: str, **changes: Any) -> v.ActionItemView | None:
        ref = self.ref("action", action_id)
        planning = self.services.planning
        before = self._listed(lambda: planning.actions(review_id), action_id, "Action")
        if before is None:
            return None
        old = {k: getattr(before, k) for k in changes}
        old_rec = self._action_rec_ref(before) if "recommendation_id" in changes else None
        new_rec = (self.ref("recommendation", changes["recommendation_id"])
                   if changes.get("recommendation_id") is not None else None)

        def resolve(values: dict[str, Any], rec: Ref | None) -> dict[str, Any]:
            out = dict(values)
            if "recommendation_id" in out:
                out["recommendation_id"] = rec.id if rec else None
            return out

        return self.execute(review_id, label,
                            lambda: planning.update_action(ref.id, **resolve(changes, new_rec)),
                            lambda: planning.update_action(ref.id, **resolve(old, old_rec)))[1]

    def delete_action(self, review_id: int, action_id: int, label: str) -> bool:
        planning = self.services.planning

        def recreate(saved: tuple[dict[str, Any], Ref | None]) -> v.ActionItemView:
            fields, rec = saved
            return planning.add_action(review_id, recommendation_id=rec.id if rec else None, **fields)

        return self._delete_listed(review_id, label, self.ref("action", action_id),
                                   lambda: planning.actions(review_id),
                                   lambda a: (self._action_fields(a), self._action_rec_ref(a)),
                                   planning.delete_action, recreate)

    # -- the review itself ----------------------------------------------------------------
    def update_review(self, review_id: int, label: str, **changes: Any) -> v.ReviewView | None:
        try:
            before = self.services.reviews.get(review_id)
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
            return None
        old = {k: getattr(before, k) for k in changes}
        return self.execute(review_id, label, lambda: self.services.reviews.update(review_id, **changes),
                            lambda: self.services.reviews.update(review_id, **old))[1]

    def add_participant(self, review_id: int, label: str, **fields: Any) -> v.ParticipantView | None:
        people = self.services.participants
        return self._add_listed(review_id, label, "participant", fields,
                                lambda values: people.add(review_id, **values),
                                lambda: people.list(review_id), _participant_fields, people.remove)

    def update_participant(self, review_id: int, participant_id: int, label: str,
                           **changes: Any) -> v.ParticipantView | None:
        people = self.services.participants
        return self._update_listed(review_id, label, "participant", participant_id, "Participant",
                                   lambda: people.list(review_id), people.update, changes)

    def remove_participant(self, review_id: int, participant_id: int, label: str) -> bool:
        people = self.services.participants
        return self._delete_listed(review_id, label, self.ref("participant", participant_id),
                                   lambda: people.list(review_id), _participant_fields, people.remove,
                                   lambda fields: people.add(review_id, **fields))


def _find(rows):
    """The first row, or a clear error if it no longer exists (changed elsewhere meanwhile)."""
    for row in rows:
        return row
    raise NotFoundError("This record no longer exists; it may have been deleted.")


def _participant_fields(p: v.ParticipantView) -> dict[str, Any]:
    return {"name": p.name, "organisation": p.organisation, "sector": p.sector, "role": p.role,
            "consent_named": p.consent_named}
