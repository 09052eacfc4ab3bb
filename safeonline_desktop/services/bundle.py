"""Composition of the Qt-free core: content, workspace database, file store and services.

The GUI (``app.py``), the command line (``cli.py``) and the tests all build the core here, so
that anything the GUI can do to data, a script can do too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from safeonline_desktop import paths
from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.domain.loader import load_catalog
from safeonline_desktop.storage.engine import Workspace
from safeonline_desktop.storage.files import FileStore
from safeonline_desktop.storage.migrate import StartupOutcome, open_workspace

from .access import RolePolicy
from .assessments import AssessmentService
from .audit_log import AuditService
from .comparison import ComparisonService
from .context import Actor, Clock, ServiceContext, SystemClock
from .evidence import EvidenceService
from .exchange import ExchangeService
from .participants import ParticipantService
from .planning import PlanningService
from .profiles import ProfileService
from .progress import ProgressService
from .reviews import ReviewService
from .workshop import WorkshopService


@functools.lru_cache(maxsize=4)
def _cached_catalog(resources: Path) -> Catalog:
    return load_catalog(resources)


def load_content(resources: Path | None = None) -> Catalog:
    """The content catalog (loaded and validated once per process)."""
    return _cached_catalog((resources or paths.resources_dir()).resolve())


@dataclass
class Services:
    ctx: ServiceContext
    data: paths.DataPaths
    startup: StartupOutcome
    reviews: ReviewService
    assessments: AssessmentService
    evidence: EvidenceService
    planning: PlanningService
    participants: ParticipantService
    progress: ProgressService
    audit: AuditService
    profiles: ProfileService
    workshop: WorkshopService
    exchange: ExchangeService
    comparison: ComparisonService

    @property
    def catalog(self) -> Catalog:
        return self.ctx.catalog

    def close(self) -> None:
        self.ctx.workspace.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_services(
    data_root: Path,
    *,
    catalog: Catalog | None = None,
    actor: Actor | None = None,
    clock: Clock | None = None,
    migrations: Path | None = None,
    backup_on_start: bool = True,
) -> Services:
    """Load content, then check, back up, migrate and open the workspace of ``data_root``.

    Content is loaded first so that a broken pack stops start-up before the database is touched.
    """
    catalog = catalog or load_content()
    data = paths.DataPaths(Path(data_root))
    workspace, outcome = open_workspace(data, migrations or paths.migrations_dir(), backup_on_start=backup_on_start)
    return build_services(workspace, catalog, data, outcome, actor=actor, clock=clock)


def build_services(
    workspace: Workspace,
    catalog: Catalog,
    data: paths.DataPaths,
    outcome: StartupOutcome,
    *,
    actor: Actor | None = None,
    clock: Clock | None = None,
) -> Services:
    ctx = ServiceContext(
        workspace=workspace,
        catalog=catalog,
        files=FileStore(data.evidence),
        clock=clock or SystemClock(),
        actor=actor or Actor(default_actor_name()),
        policy=RolePolicy(),  # allows everything until a profile exists (services/access.py)
    )
    return Services(
        ctx=ctx,
        data=data,
        startup=outcome,
        reviews=ReviewService(ctx),
        assessments=AssessmentService(ctx),
        evidence=EvidenceService(ctx),
        planning=PlanningService(ctx),
        participants=ParticipantService(ctx),
        progress=ProgressService(ctx),
        audit=AuditService(ctx),
        profiles=ProfileService(ctx),
        workshop=WorkshopService(ctx),
        exchange=ExchangeService(ctx),
        comparison=ComparisonService(ctx),
    )


def default_actor_name() -> str:
    """``SAFEONLINE_USER`` if set, else the login name (the GUI lets a person choose a name)."""
    import getpass
    import os

    chosen = os.environ.get("SAFEONLINE_USER", "").strip()
    if chosen:
        return chosen

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers, services)
        return "local user"
