"""The presentation view for a projector: the current item, one guiding question and the levels
in large type. Notes, sensitive evidence and sensitive findings are never shown here.

Keys: F5 or Esc leaves; Page Down / Page Up (what presentation clickers send), Ctrl+Down /
Ctrl+Up or Alt+Right / Alt+Left change item; Right / Left change question; Space ticks the
question as discussed; 0-4, N and X rate the item; Ctrl++ / Ctrl+- change the type size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v

from .level_cards import LevelCardGroup
from .widgets import WrapLabel, lang, scaled_font

BASE_SCALE = 1.5


class PresentationWindow(QWidget):
    def __init__(self, main_window, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.main = main_window
        self.workspace = main_window.workspace
        self.catalog = main_window.services.catalog
        self.services = main_window.services
        self.question_index = 0
        self._item_id: str | None = None
        self._scale = BASE_SCALE
        self.setObjectName("presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 20)
        layout.setSpacing(14)
        top = QHBoxLayout()
        self.review_label = QLabel(self)
        self.position_label = QLabel(self)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.review_label, 1)
        top.addWidget(self.position_label)
        layout.addLayout(top)
        self.title = WrapLabel("", self, selectable=False)
        self.short_label = WrapLabel("", self, selectable=False)
        layout.addWidget(self.title)
        layout.addWidget(self.short_label)
        question_row = QHBoxLayout()
        self.question_head = QLabel(self)
        self.question_done = QLabel(self)
        question_row.addWidget(self.question_head)
        question_row.addWidget(self.question_done)
        question_row.addStretch(1)
        layout.addLayout(question_row)
        self.question = WrapLabel("", self, selectable=False)
        layout.addWidget(self.question)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.levels = LevelCardGroup(scroll, spacing=10, columns=2)
        self.levels.level_chosen.connect(self._rate)
        scroll.setWidget(self.levels)
        layout.addWidget(scroll, 1)
        self.evidence = WrapLabel("", self, selectable=False)
        layout.addWidget(self.evidence)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.workspace.item_changed.connect(lambda _r, _i: self.refresh())
        self.main.data_changed.connect(self.refresh)
        self.apply_scale()
        self.retranslate()

    # -- look -----------------------------------------------------------------------------
    def apply_scale(self) -> None:
        app_font = QGuiApplication.font()
        self.setFont(scaled_font(app_font, self._scale))
        self.title.setFont(scaled_font(app_font, self._scale * 1.7, bold=True))
        self.short_label.setFont(scaled_font(app_font, self._scale * 1.1))
        self.question.setFont(scaled_font(app_font, self._scale * 1.25))
        self.question_head.setFont(scaled_font(app_font, self._scale, bold=True))
        for w in (self.review_label, self.position_label, self.help, self.evidence):
            w.setFont(scaled_font(app_font, self._scale * 0.7))
        self.question_done.setFont(scaled_font(app_font, self._scale * 0.85, bold=True))
        self.levels.setFont(scaled_font(app_font, self._scale * 0.95))
        for card in self.levels.cards.values():
            card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Presentation - SafeOnline Desktop"))
        self.setAccessibleName(tr("Presentation view"))
        self.help.setText(tr("Esc or F5: leave  |  Page Down / Page Up: next or previous item  |  "
                             "Right / Left: next or previous question  |  Space: mark the question as discussed  |  "
                             "0-4, N, X: rate"))
        self.refresh()

    # -- content --------------------------------------------------------------------------
    def refresh(self) -> None:
        review = self.workspace.review
        item_id = self.workspace.current_item_id()
        if review is None or item_id is None:
            return
        if item_id != self._item_id:
            self._item_id = item_id
            self.question_index = 0
        lg = lang()
        item = self.catalog.item(item_id)
        ids = self.workspace.nav_model.item_ids()
        self.review_label.setText(review.title)
        self.position_label.setText(tr("Item {n} of {total}", n=ids.index(item_id) + 1 if item_id in ids else 0,
                                       total=len(ids)))
        self.title.setText(f"{item.code()}  {item.name.get(lg)}")
        self.short_label.setText(item.short_label.get(lg))
        a = self.services.assessments.get(review.id, item_id)
        questions = item.guiding_questions
        if questions:
            self.question_index = max(0, min(self.question_index, len(questions) - 1))
            q = questions[self.question_index]
            self.question_head.setText(tr("Question {n} of {total}", n=self.question_index + 1, total=len(questions)))
            self.question.setText(q.text.get(lg))
            self.question_done.setText(("\u2713 " + tr("Discussed")) if q.id in a.questions_done else "")
        else:
            self.question_head.setText("")
            self.question.setText("")
            self.question_done.setText("")
        shown = [e.title for e in self.services.evidence.list(review.id, item_id) if not e.sensitive]
        self.evidence.setText(tr("Evidence: {titles}", titles="; ".join(shown)) if shown else "")
        self.levels.set_scale(self.catalog.scales["status"], item, lg)
        for card in self.levels.cards.values():
            card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.levels.set_current(a.status)

    def visible_text(self) -> str:
        """Everything this view shows as text (used to check that nothing sensitive is on screen)."""
        parts = [w.text() for w in self.findChildren(QLabel) if w.isVisibleTo(self)]
        return "\n".join(parts)

    # -- actions --------------------------------------------------------------------------
    def _rate(self, code: str | None) -> None:
        self.workspace.item_page.rate(code)
        self.refresh()

    def step_question(self, delta: int) -> None:
        self.question_index += delta
        self.refresh()

    def toggle_question(self) -> None:
        item_id = self.workspace.current_item_id()
        review = self.workspace.review
        if item_id is None or review is None:
            return
        questions = self.catalog.item(item_id).guiding_questions
        if not questions:
            return
        q = questions[max(0, min(self.question_index, len(questions) - 1))]
        done = q.id in self.services.assessments.get(review.id, item_id).questions_done
        self.workspace.item_page.set_question_done(q.id, not done)
        self.refresh()

    def show_on_best_screen(self) -> None:
        """Full screen on a second screen (the projector) if there is one, else on this one."""
        screens = QGuiApplication.screens()
        main_screen = self.main.screen()
        target = next((s for s in screens if s is not main_screen), main_screen)
        if target is not None:
            self.setGeometry(target.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        key = event.key()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.main.set_presenting(False)
        elif key == Qt.Key.Key_PageDown or (ctrl and key == Qt.Key.Key_Down) or (alt and key == Qt.Key.Key_Right):
            self.workspace.step(1)
        elif key == Qt.Key.Key_PageUp or (ctrl and key == Qt.Key.Key_Up) or (alt and key == Qt.Key.Key_Left):
            self.workspace.step(-1)
        elif key == Qt.Key.Key_Right:
            self.step_question(1)
        elif key == Qt.Key.Key_Left:
            self.step_question(-1)
        elif key == Qt.Key.Key_Space:
            self.toggle_question()
        elif event.matches(QKeySequence.StandardKey.ZoomIn) or (ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)):
            self._scale = min(4.0, self._scale * 1.15)
            self.apply_scale()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (ctrl and key == Qt.Key.Key_Minus):
            self._scale = max(1.0, self._scale / 1.15)
            self.apply_scale()
        elif not mods or mods == Qt.KeyboardModifier.KeypadModifier:
            code = self.main.status_code_for_key(event.text())
            if code is not None:
                self._rate(code)
            else:
                super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.main.presenting():
            self.main.set_presenting(False)
        super().closeEvent(event)


def sensitive_texts(services, review: v.ReviewView, item_id: str) -> list[str]:
    """Texts that must never appear in the presentation view for this item."""
    out = [e.title for e in services.evidence.list(review.id, item_id) if e.sensitive]
    out += [f.statement for f in services.planning.findings(review.id, item_id) if f.sensitive]
    notes = services.assessments.get(review.id, item_id).notes
    if notes:
        out.append(notes)
    return out
