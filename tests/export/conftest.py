"""Fixtures for the review-pack tests: the demonstration review, exported once per module."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.demo import create_demo_review
from safeonline_desktop.services.reporting import ExportRequest, export_review


class _Clock:
    def now(self) -> dt.datetime:
        return dt.datetime(2026, 3, 1, 9, 30, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, catalog):
    root = tmp_path_factory.mktemp("demo")
    services = open_services(root / "data", catalog=catalog, actor=Actor("Tester"), clock=_Clock())
    review = create_demo_review(services)
    exported: dict[tuple, tuple[Path, Path]] = {}

    def pack(lang: str = "en", redact: bool = False, paper: str = "A4", confidential: bool = False):
        key = (lang, redact, paper, confidential)
        if key not in exported:
            folder = root / "out" / "-".join(str(k) for k in key)
            folder.mkdir(parents=True)
            xlsx, pdf = folder / "pack.xlsx", folder / "pack.pdf"
            export_review(services, ExportRequest(review.id, xlsx=xlsx, pdf=pdf, language=lang, redact=redact,
                                                  paper=paper, confidential=confidential))
            exported[key] = (xlsx, pdf)
        return exported[key]

    yield SimpleNamespace(services=services, review_id=review.id, pack=pack, root=root)
    services.close()
