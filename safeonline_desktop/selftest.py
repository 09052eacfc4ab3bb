"""``safeonline-desktop --self-test --data-dir DIR``: check that this installation works.

Used after installing from a USB stick, by support staff, and by the build (``packaging/``)
on the frozen app. It needs no display: only the Qt translation check touches Qt, through a
``QCoreApplication``.

Everything is written inside ``DIR/self-test/`` (a fresh workspace database, a demonstration
review, a workbook and a PDF report, and ``self-test.txt`` with the printed report, for
Windows and macOS where the windowed app has no console). That folder is emptied at the start
of every run; a workspace already in ``DIR`` itself is only read, never changed. The report
is in English on purpose: it is read by whoever supports the installation.

Each check prints one line, ``ok`` or ``FAILED`` with the reason; the exit code is 0 when all
pass and 1 otherwise.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from safeonline_desktop import __version__, paths

WORK_FOLDER = "self-test"
#: Marks a folder the self-test made, so that it only ever deletes its own files.
MARKER = ".safeonline-self-test"
REPORT_NAME = "self-test.txt"
#: Language of the exported files: not English, so the check covers translated reports.
EXPORT_LANGUAGE = "es"
#: What Qt's own translations must say for "Cancel" (context QPlatformTheme).
QT_CANCEL = {"es": "Cancelar", "fr": "Annuler"}
#: Country names only the bundled pycountry catalogs know (ISO 3166-1, Germany).
COUNTRY_DE = {"es": "Alemania", "fr": "Allemagne"}


class CheckFailed(Exception):
    """A check found a problem; the message says which."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok    ' if self.ok else 'FAILED'}  {self.name}: {self.detail}"


class SelfTest:
    def __init__(self, data_root: Path) -> None:
        self.data_root = Path(data_root)
        self.work = self.data_root / WORK_FOLDER
        self.catalog = None
        self.services = None

    # -- the checks, in order: each returns what it found, or raises ------------------------

    def check_modules(self) -> str:
        """Every module of the app imports: catches pieces missing from a frozen build."""
        import safeonline_desktop

        names = [m.name for m in pkgutil.walk_packages(safeonline_desktop.__path__, "safeonline_desktop.")
                 if not m.name.endswith("__main__")]
        failed = []
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:  # report every module that cannot be imported, not just the first
                failed.append(f"{name} ({type(exc).__name__}: {exc})")
        if failed:
            raise CheckFailed(f"{len(failed)} of {len(names)} cannot be imported: " + "; ".join(failed))
        if len(names) < 10:
            raise CheckFailed(f"only {len(names)} modules found; the installation is incomplete")
        return f"{len(names)} modules import"

    def check_content(self) -> str:
        from safeonline_desktop.services import load_content

        self.catalog = load_content()
        frameworks = self.catalog.frameworks.values()
        items = sum(len(fw.items) for fw in frameworks)
        packs = ", ".join(f"{fw.id} {fw.version}" for fw in frameworks)
        return f"{len(self.catalog.frameworks)} packs ({packs}), {items} items, {len(self.catalog.crossrefs)} cross-references"

    def check_translations(self) -> str:
        from safeonline_desktop import i18n

        folder = paths.resources_dir() / "i18n"
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise CheckFailed(f"no translation files in {folder}")
        messages = i18n.load_translations(folder)
        if not messages:
            raise CheckFailed(f"the translation files in {folder} hold no messages")
        return f"{len(messages)} messages in {len(files)} files, each in {' and '.join(i18n.LANGUAGES[1:])}"

    def check_qt_translations(self) -> str:
        from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

        app = QCoreApplication.instance() or QCoreApplication([sys.argv[0] if sys.argv else "safeonline-desktop"])
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        found = []
        for lang, expected in QT_CANCEL.items():
            translator = QTranslator()
            if not translator.load(f"qtbase_{lang}", folder):
                raise CheckFailed(f"qtbase_{lang}.qm cannot be loaded from {folder}")
            app.installTranslator(translator)
            try:
                said = QCoreApplication.translate("QPlatformTheme", "Cancel")
            finally:
                app.removeTranslator(translator)
            if said != expected:
                raise CheckFailed(f"qtbase_{lang} translates 'Cancel' as {said!r}, expected {expected!r}")
            found.append(lang)
        return f"qtbase {' and '.join(found)} loaded from {folder}"

    def check_countries(self) -> str:
        from safeonline_desktop.domain.countries import countries, country_name

        for lang, expected in COUNTRY_DE.items():
            said = country_name("DE", lang)
            if said != expected:
                raise CheckFailed(f"country names in {lang!r} are missing (DE is {said!r}, expected {expected!r})")
        return f"{len(countries('en'))} countries, names in {' and '.join(COUNTRY_DE)}"

    def check_database(self) -> str:
        from safeonline_desktop.services import open_services
        from safeonline_desktop.storage.migrate import check_database, current_revision, head_revision

        if self.catalog is None:
            raise CheckFailed("not run: the content check failed")
        workspace = paths.DataPaths(self.work / "workspace")
        self.services = open_services(workspace.root, catalog=self.catalog, backup_on_start=False)
        head = head_revision(paths.migrations_dir())
        revision = current_revision(workspace.database)
        if revision != head:
            raise CheckFailed(f"the new database is at revision {revision!r}, not at the latest, {head!r}")
        problems = check_database(workspace)
        if problems:
            raise CheckFailed("; ".join(problems))
        return f"new workspace created and migrated to revision {head}"

    def check_exports(self) -> str:
        from safeonline_desktop.services.demo import create_demo_review
        from safeonline_desktop.services.reporting import ExportRequest, export_review

        if self.services is None:
            raise CheckFailed("not run: the database check failed")
        review = create_demo_review(self.services)
        out = self.work / "exports"
        out.mkdir(parents=True, exist_ok=True)
        request = ExportRequest(review_id=review.id, xlsx=out / "demo-review.xlsx", pdf=out / "demo-review.pdf",
                                language=EXPORT_LANGUAGE)
        written = export_review(self.services, request)
        if set(written) != {request.xlsx, request.pdf}:
            raise CheckFailed(f"the export wrote {[p.name for p in written]}, expected both files")
        sheets = _read_back_workbook(request.xlsx, review.title)
        pdf_size = _read_back_pdf(request.pdf)
        return (f"demo review written as a workbook ({sheets} sheets) and a PDF ({pdf_size // 1024} KiB) "
                f"in {EXPORT_LANGUAGE}, in {out}")

    def check_existing_workspace(self) -> str:
        """Read-only look at a workspace that already lives in DIR (never changed)."""
        from safeonline_desktop.storage.migrate import check_database, current_revision, known_revisions

        existing = paths.DataPaths(self.data_root)
        problems = check_database(existing)
        if problems:
            raise CheckFailed(f"{existing.database}: " + "; ".join(problems))
        revision = current_revision(existing.database)
        if revision is not None and revision not in known_revisions(paths.migrations_dir()):
            raise CheckFailed(f"{existing.database} was saved by a newer version (schema {revision})")
        return f"{existing.database} is readable (schema {revision}); it was not changed"

    # -- running ------------------------------------------------------------------------------

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        out = [
            ("modules", self.check_modules),
            ("content packs", self.check_content),
            ("translations", self.check_translations),
            ("Qt translations", self.check_qt_translations),
            ("country names", self.check_countries),
            ("database", self.check_database),
            ("workbook and PDF", self.check_exports),
        ]
        if paths.DataPaths(self.data_root).database.exists():
            out.append(("existing workspace", self.check_existing_workspace))
        return out

    def prepare(self) -> None:
        if self.work.exists():
            if not (self.work / MARKER).is_file():
                raise CheckFailed(f"{self.work} exists and was not made by the self-test; "
                                  "choose another --data-dir or move that folder away")
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True, mode=0o700)
        (self.work / MARKER).write_text("Made by safeonline-desktop --self-test; emptied at every run.\n",
                                        encoding="utf-8")

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None


def _read_back_workbook(path: Path, title: str) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        sheets = len(workbook.sheetnames)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                if any(isinstance(value, str) and title in value for value in row):
                    return sheets
    finally:
        workbook.close()
    raise CheckFailed(f"the workbook {path.name} does not contain the review title {title!r}")


def _read_back_pdf(path: Path) -> int:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise CheckFailed(f"{path.name} is not a complete PDF file")
    if b"/FontFile2" not in data:
        raise CheckFailed(f"{path.name} has no embedded TrueType font (the bundled fonts are missing)")
    return len(data)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{at}"


def run_self_test(data_root: Path) -> int:
    """Run every check with ``data_root`` as DIR; print the report; 0 if all passed, else 1."""
    started = time.perf_counter()
    test = SelfTest(data_root)
    lines = [
        f"SafeOnline Desktop {__version__} self-test",
        f"program: {paths.executable_dir()}{' (frozen build)' if getattr(sys, 'frozen', False) else ''}",
        f"resources: {paths.resources_dir()}",
        f"work folder: {test.work}",
    ]
    for line in lines:
        print(line, flush=True)
    results: list[CheckResult] = []
    try:
        test.prepare()
    except (CheckFailed, OSError) as exc:
        results.append(CheckResult("work folder", False, _describe(exc)))
        print(results[-1].line(), flush=True)
    else:
        try:
            for name, check in test.checks():
                try:
                    result = CheckResult(name, True, check())
                except Exception as exc:  # every failure becomes one report line, never a traceback
                    result = CheckResult(name, False, _describe(exc))
                results.append(result)
                print(result.line(), flush=True)
        finally:
            test.close()
    failed = [r for r in results if not r.ok]
    elapsed = time.perf_counter() - started
    if failed:
        summary = f"Self-test FAILED: {len(failed)} of {len(results)} checks failed ({elapsed:.1f} s)."
    else:
        summary = f"Self-test passed: {len(results)} checks ok ({elapsed:.1f} s)."
    print(summary, flush=True)
    with contextlib.suppress(OSError):
        if test.work.is_dir():
            report = "\n".join([*lines, *(r.line() for r in results), summary, ""])
            (test.work / REPORT_NAME).write_text(report, encoding="utf-8")
    return 1 if failed else 0
