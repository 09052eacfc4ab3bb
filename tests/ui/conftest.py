"""Fixtures for GUI tests: the real main window on a temporary workspace, driven with qtbot."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from ui_support import activate, settle

from safeonline_desktop import paths
from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.demo import create_demo_review
from safeonline_desktop.ui.application import app_settings
from safeonline_desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _application(qapp):
    """Every GUI test runs with the QApplication (pixmaps and fonts need it)."""
    return qapp


@pytest.fixture
def settings(data_dir):
    return app_settings(paths.DataPaths(data_dir))


@pytest.fixture
def make_window(qtbot, settings):
    """Build a main window on given services (several may be built in one test)."""

    def make(services, **kwargs) -> MainWindow:
        window = MainWindow(services, settings, **kwargs)
        qtbot.addWidget(window)
        window.resize(1280, 820)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        return window

    return make


@pytest.fixture
def window(make_window, services) -> MainWindow:
    return make_window(services)


class _Clock:
    def __init__(self) -> None:
        self.current = dt.datetime(2026, 3, 1, 9, 0, 0)

    def now(self) -> dt.datetime:
        return self.current


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, catalog):
    """A workspace holding the demonstration review, made once per session (creating it takes
    a hundred durable transactions); tests that use ``demo`` start from a copy of it."""
    root = tmp_path_factory.mktemp("demo-template") / "data"
    services = open_services(root, catalog=catalog, actor=Actor("Tester"), clock=_Clock())
    try:
        uid = create_demo_review(services).uid
    finally:
        services.close()
    return root, uid


@pytest.fixture
def data_dir(tmp_path, request):
    path = tmp_path / "data"
    if "demo" in request.fixturenames:
        template, _uid = request.getfixturevalue("demo_template")
        shutil.copytree(template, path, ignore=shutil.ignore_patterns("backups", "logs", "tmp"))
    return path


@pytest.fixture
def demo(services, demo_template):
    """The demonstration review (in a copy of a workspace made once per session)."""
    review = services.reviews.find_by_uid(demo_template[1])
    assert review is not None
    return review


@pytest.fixture
def demo_window(window, demo, qtbot) -> MainWindow:
    window.home.refresh()
    assert window.open_review(demo.id)
    settle(qtbot)
    return window


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot raise windows (the presentation view asks it to).
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True))
