"""Shared fixtures. Qt must run offscreen: set before any Qt import."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = tempfile.mkdtemp(prefix="xdg-runtime-")
    os.chmod(_runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = _runtime
# Tests must never read or write the user's real workspace: the platform default data folder
# (platformdirs follows XDG_DATA_HOME on Linux) points into a throwaway folder.
os.environ.pop("SAFEONLINE_DATA_DIR", None)
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="xdg-data-")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="xdg-config-")

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from safeonline_desktop import i18n  # noqa: E402
from safeonline_desktop.services import load_content, open_services  # noqa: E402
from safeonline_desktop.services.context import Actor  # noqa: E402


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.current = start or dt.datetime(2026, 3, 1, 9, 0, 0)

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += dt.timedelta(**delta)


@pytest.fixture(scope="session")
def catalog():
    return load_content()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def services(data_dir, catalog, clock):
    svc = open_services(data_dir, catalog=catalog, actor=Actor("Tester"), clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def review(services):
    return services.reviews.create(country_code="KE", title="Kenya national review", frameworks=["mnr", "bbc2019"])


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Offline, always: any attempt to open an internet connection fails the test."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _english_interface():
    i18n.set_language("en")
    yield
    i18n.set_language("en")
