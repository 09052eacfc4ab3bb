"""Fixtures for the review-file tests: other laptops and headquarters.

Building the demonstration review and migrating new databases takes a second each time, so
one set of workspaces and files is built per test session and copied for every test.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from exchange_helpers import PASSPHRASE, exchange

from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.demo import create_demo_review


class _Clock:
    def __init__(self) -> None:
        self.current = dt.datetime(2026, 2, 1, 8, 0, 0)

    def now(self) -> dt.datetime:
        return self.current


@dataclass(frozen=True)
class Templates:
    root: Path
    laptop: Path  #: a workspace holding the demonstration review
    hq: Path  #: a workspace holding another review (Kenya), imported from a file
    empty: Path  #: a new, empty workspace (copied rather than migrated again: faster)
    demo_file: Path
    encrypted_file: Path
    kenya_file: Path


@pytest.fixture(scope="session")
def templates(tmp_path_factory, catalog) -> Templates:
    root = tmp_path_factory.mktemp("exchange-templates")
    clock = _Clock()
    laptop = open_services(root / "laptop", catalog=catalog, actor=Actor("Field assessor"), clock=clock)
    demo = create_demo_review(laptop)
    exchange(laptop).export_review(demo.id, root / "demo.safeonline")
    exchange(laptop).export_review(demo.id, root / "demo-encrypted.safeonline", passphrase=PASSPHRASE)
    laptop.close()

    kenya_laptop = open_services(root / "kenya-laptop", catalog=catalog, actor=Actor("Kenya team"), clock=clock)
    kenya = kenya_laptop.reviews.create(country_code="KE", title="Kenya 2025", frameworks=["mnr"])
    note = root / "kenya.txt"
    note.write_text("Kenya policy", encoding="utf-8")
    kenya_laptop.evidence.add(kenya.id, title="Kenya policy", file=note, item_ids=["MNR.C01"])
    kenya_laptop.assessments.record(kenya.id, "MNR.C01", status="planned", notes="kept")
    exchange(kenya_laptop).export_review(kenya.id, root / "kenya.safeonline")
    kenya_laptop.close()

    open_services(root / "empty", catalog=catalog, clock=clock).close()
    hq = open_services(root / "hq", catalog=catalog, actor=Actor("HQ analyst"), clock=clock)
    exchange(hq).import_file(root / "kenya.safeonline")
    hq.close()
    return Templates(root, root / "laptop", root / "hq", root / "empty", root / "demo.safeonline", root / "demo-encrypted.safeonline",
                     root / "kenya.safeonline")


@pytest.fixture
def make_services(tmp_path, catalog, clock, templates):
    """Open further workspaces on the test's clock: empty, or a copy of a template."""
    opened = []

    def make(name: str, actor: str = "Tester", copy_of: Path | None = None):
        shutil.copytree(copy_of or templates.empty, tmp_path / name)
        svc = open_services(tmp_path / name, catalog=catalog, actor=Actor(actor), clock=clock,
                            backup_on_start=False)
        opened.append(svc)
        return svc

    yield make
    for svc in opened:
        svc.close()


@pytest.fixture
def hq(make_services):
    """An empty headquarters workspace."""
    return make_services("hq", "HQ analyst")


@pytest.fixture
def hq_with_content(make_services, templates):
    """Headquarters already holding another review with an attached file."""
    return make_services("hq-content", "HQ analyst", copy_of=templates.hq)


@pytest.fixture
def laptop(make_services, templates):
    """A field laptop holding the demonstration review (the one in ``source_file``)."""
    return make_services("laptop", "Field assessor", copy_of=templates.laptop)


@pytest.fixture
def source_file(templates, tmp_path) -> Path:
    """The demonstration review (with five attached files) as a plain review file."""
    return Path(shutil.copy(templates.demo_file, tmp_path / "demo.safeonline"))


@pytest.fixture
def encrypted_file(templates, tmp_path) -> Path:
    return Path(shutil.copy(templates.encrypted_file, tmp_path / "demo-encrypted.safeonline"))
