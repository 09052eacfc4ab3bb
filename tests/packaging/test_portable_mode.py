"""Portable mode: a marker file beside the program keeps the data beside it (a USB stick).

These tests stand in for a frozen build by setting ``sys.frozen`` and ``sys.executable``; the
built app is checked the same way from its real folder in test_frozen_bundle.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from safeonline_desktop import paths


@pytest.fixture
def frozen_at(monkeypatch):
    """Pretend to be the frozen executable at the given path."""

    def pretend(executable: Path, platform: str = "linux") -> Path:
        executable.parent.mkdir(parents=True, exist_ok=True)
        executable.write_bytes(b"")
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "executable", str(executable))
        monkeypatch.setattr(sys, "platform", platform)
        return executable

    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    return pretend


def test_marker_beside_the_program_puts_the_data_beside_it(frozen_at, tmp_path):
    exe = frozen_at(tmp_path / "stick" / "SafeOnline" / "safeonline-desktop")
    assert paths.portable_data_dir() is None
    (exe.parent / paths.PORTABLE_MARKER).write_text("")
    assert paths.portable_data_dir() == exe.parent / "SafeOnline-data"
    assert paths.resolve_data_dir() == exe.parent / "SafeOnline-data"


def test_without_the_marker_the_user_data_folder_is_used(frozen_at, tmp_path):
    frozen_at(tmp_path / "SafeOnline" / "safeonline-desktop")
    assert paths.resolve_data_dir() == paths.default_data_dir()


def test_data_dir_option_and_environment_win_over_portable_mode(frozen_at, tmp_path, monkeypatch):
    exe = frozen_at(tmp_path / "SafeOnline" / "safeonline-desktop.exe", platform="win32")
    (exe.parent / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert paths.resolve_data_dir() == (tmp_path / "from-env").resolve()
    assert paths.resolve_data_dir(tmp_path / "from-option") == (tmp_path / "from-option").resolve()


def test_a_marker_folder_of_the_same_name_does_not_count(frozen_at, tmp_path):
    exe = frozen_at(tmp_path / "SafeOnline" / "safeonline-desktop")
    (exe.parent / paths.PORTABLE_MARKER).mkdir()
    assert paths.portable_data_dir() is None


def test_macos_app_bundle_keeps_its_data_beside_the_app(frozen_at, tmp_path):
    """The marker goes beside ``SafeOnline Desktop.app`` (adding a file inside a signed bundle
    breaks its signature), and so does the data."""
    stick = tmp_path / "USB"
    exe = frozen_at(stick / "SafeOnline Desktop.app" / "Contents" / "MacOS" / "safeonline-desktop", platform="darwin")
    assert paths.executable_dir() == stick
    (stick / paths.PORTABLE_MARKER).write_text("")
    assert paths.resolve_data_dir() == stick / "SafeOnline-data"
    (stick / paths.PORTABLE_MARKER).unlink()
    (exe.parent / paths.PORTABLE_MARKER).write_text("")  # inside the bundle: not portable
    assert paths.portable_data_dir() is None


def test_program_reached_through_a_link_uses_the_real_folder(frozen_at, tmp_path, monkeypatch):
    """install.sh puts a link in ~/.local/bin; the data must not follow the link's folder."""
    exe = frozen_at(tmp_path / "lib" / "safeonline-desktop" / "safeonline-desktop")
    link = tmp_path / "bin" / "safeonline-desktop"
    link.parent.mkdir()
    link.symlink_to(exe)
    (link.parent / paths.PORTABLE_MARKER).write_text("")  # a marker beside the link does nothing
    monkeypatch.setattr(sys, "executable", str(link))
    assert paths.executable_dir() == exe.parent
    assert paths.portable_data_dir() is None
