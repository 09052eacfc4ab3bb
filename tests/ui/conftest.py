"""Fixtures for GUI tests: the real main window on a temporary workspace, driven with qtbot."""

from __future__ import annotations

import pytest
from ui_support import activate, settle

from safeonline_desktop import paths
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


@pytest.fixture
def demo(services):
    return create_demo_review(services)


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
