"""An action's dates stay in order when they are edited, not only when it is added."""

from __future__ import annotations

import datetime as dt

import pytest

from safeonline_desktop.errors import ValidationError


def test_editing_an_action_cannot_make_it_due_before_it_starts(services, review):
    action = services.planning.add_action(review.id, activity="Train prosecutors", start_date=dt.date(2026, 3, 1),
                                          due_date=dt.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="due before it starts"):
        services.planning.update_action(action.id, start_date=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="due before it starts"):
        services.planning.update_action(action.id, due_date=dt.date(2026, 2, 1))
    kept = services.planning.actions(review.id)[0]
    assert (kept.start_date, kept.due_date) == (dt.date(2026, 3, 1), dt.date(2026, 6, 30))
    moved = services.planning.update_action(action.id, start_date=dt.date(2026, 4, 1), due_date=dt.date(2026, 9, 30))
    assert (moved.start_date, moved.due_date) == (dt.date(2026, 4, 1), dt.date(2026, 9, 30))
