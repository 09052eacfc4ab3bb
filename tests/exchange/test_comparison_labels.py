"""Two reviews of one country and period (a follow-up made with `review duplicate`) are told
apart everywhere the comparison shows them: `safeonline compare`, the workbook's heat map and
its changes sheet (which says so when it has no change to show)."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from safeonline_desktop import cli
from safeonline_desktop.services.comparison import TITLE_WIDTH, ComparisonService, RowHead, row_labels, shorten

PERIOD = "2026-01-15 – 2026-06-30"
DEMO_TITLE = "Demonstration review: Republic of Aravia (fictional)"


def _head(review_id: int, title: str, code: str = "ZZ", start: dt.date | None = dt.date(2026, 1, 15)) -> RowHead:
    return RowHead(review_id, f"uid-{review_id}", code, {"ZZ": "Fictional country", "KE": "Kenya"}[code], title,
                   start, dt.date(2026, 6, 30) if start else None, "", False)


def test_labels_show_country_period_and_a_shortened_title():
    heads = [_head(1, DEMO_TITLE), _head(2, "Aravia 2027 follow-up"), _head(3, "Kenya 2025", "KE", None)]
    assert row_labels(heads) == [f"Fictional country · {PERIOD} · Demonstration review: Republic…",
                                 f"Fictional country · {PERIOD} · Aravia 2027 follow-up",
                                 "Kenya · Kenya 2025"]
    assert row_labels(heads, country="code")[1] == f"ZZ · {PERIOD} · Aravia 2027 follow-up"
    assert row_labels(heads, country=None)[1] == f"{PERIOD} · Aravia 2027 follow-up"
    assert len(shorten(DEMO_TITLE, TITLE_WIDTH)) <= TITLE_WIDTH
    assert shorten("Aravia", 4) == "Ara…" and shorten("Aravia", None) == "Aravia"


def test_labels_that_would_look_alike_show_more():
    long_a = "Aravia national capacity review, first follow-up"
    long_b = "Aravia national capacity review, second follow-up"
    assert shorten(long_a, TITLE_WIDTH) == shorten(long_b, TITLE_WIDTH)
    labels = row_labels([_head(1, long_a), _head(2, long_b), _head(3, "Short")])
    assert labels[:2] == [f"Fictional country · {PERIOD} · {long_a}", f"Fictional country · {PERIOD} · {long_b}"]
    assert labels[2] == f"Fictional country · {PERIOD} · Short"
    # The same title twice: the review's number tells them apart.
    same = row_labels([_head(4, DEMO_TITLE), _head(7, DEMO_TITLE), _head(9, DEMO_TITLE, start=None)])
    assert same[0].endswith("Republic… #4") and same[1].endswith("Republic… #7")
    assert same[2] == "Fictional country · Demonstration review: Republic…"
    assert len(set(same)) == 3


@pytest.fixture
def workspace(templates, tmp_path):
    """The demonstration review and its follow-up (a duplicate, as the CLI makes it)."""
    folder = tmp_path / "laptop"
    shutil.copytree(templates.laptop, folder)
    assert cli.main(["review", "duplicate", "1", "--title", "Aravia 2027 follow-up", "--data-dir", str(folder)]) == 0
    return folder


def _run(capsys, *argv) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    return code, capsys.readouterr().out


def test_cli_rows_are_told_apart(workspace, capsys):
    capsys.readouterr()
    code, out = _run(capsys, "compare", "--framework", "mnr", "--data-dir", workspace)
    assert code == 0
    header, *lines = out.splitlines()
    room = len(header) - len(header.lstrip(" "))  # the statuses start right of the longest label
    rows = [line for line in lines if line.startswith("ZZ ")]
    assert sorted(line[:room].rstrip() for line in rows) == [f"ZZ · {PERIOD} · Aravia 2027 follow-up",
                                                            f"ZZ · {PERIOD} · Demonstration review: Republic…"]
    assert all(line[room - 1] == " " and line[room:].split()[0] == "2" for line in rows)  # C01: partly in place


def test_workbook_heat_map_and_changes_tell_the_two_apart(workspace, tmp_path, capsys):
    target = tmp_path / "comparison.xlsx"
    code, _ = _run(capsys, "compare", "--xlsx", target, "--data-dir", workspace)
    assert code == 0
    wb = openpyxl.load_workbook(target)
    heat = wb.worksheets[0]
    rows = [tuple(heat.cell(row=r, column=c).value for c in (1, 2, 3)) for r in (7, 8)]
    assert sorted(rows) == [("Fictional country", PERIOD, "Aravia 2027 follow-up"),
                            ("Fictional country", PERIOD, DEMO_TITLE)]
    changes = wb.worksheets[2]
    assert changes["A1"].value == (f"Fictional country: {PERIOD} · {DEMO_TITLE} → {PERIOD} · Aravia 2027 follow-up")


@pytest.mark.parametrize("lang, expected", [
    ("en", "No change over time to show: that needs two reviews of the same country, and no country in this "
           "comparison has two."),
    ("es", "No hay evolución que mostrar: para ello se necesitan dos evaluaciones del mismo país, y ningún país de "
           "esta comparación tiene dos."),
    ("fr", "Aucune évolution à afficher : il faut pour cela deux évaluations du même pays, et aucun pays de cette "
           "comparaison n'en compte deux."),
])
def test_workbook_says_why_its_changes_sheet_is_empty(laptop, tmp_path, lang, expected):
    target = tmp_path / f"comparison-{lang}.xlsx"
    ComparisonService(laptop.ctx).export_xlsx(target, lang=lang)
    changes = openpyxl.load_workbook(target).worksheets[2]
    assert changes["A1"].value == expected
    assert changes.max_row == 1 and changes.max_column == 1


def test_identical_reviews_are_numbered_in_the_workbook(workspace, tmp_path, capsys):
    """A second duplicate with the very same title: only the review's number tells them apart."""
    assert cli.main(["review", "duplicate", "2", "--title", "Aravia 2027 follow-up", "--data-dir",
                     str(workspace)]) == 0
    target = tmp_path / "comparison.xlsx"
    code, out = _run(capsys, "compare", "--xlsx", target, "--data-dir", workspace)
    assert code == 0
    assert "Aravia 2027 follow-up #2" in out and "Aravia 2027 follow-up #3" in out
    wb = openpyxl.load_workbook(target)
    titles = sorted(wb.worksheets[0].cell(row=r, column=3).value for r in (7, 8, 9))
    assert titles == ["Aravia 2027 follow-up #2", "Aravia 2027 follow-up #3", DEMO_TITLE]
    assert wb.worksheets[2]["A1"].value == (f"Fictional country: {PERIOD} · Aravia 2027 follow-up #2 → "
                                            f"{PERIOD} · Aravia 2027 follow-up #3")
