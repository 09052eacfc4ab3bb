"""Profiles and review teams: optional, first profile a lead who takes over the laptop's
reviews, last lead protected, idle-lock time, and signing in on the command line."""

from __future__ import annotations

import json

import pytest
from workshop_support import FAST, PASSPHRASES

from safeonline_desktop.cli import main
from safeonline_desktop.errors import PermissionDenied, ValidationError
from safeonline_desktop.services.access import RolePolicy


def test_without_profiles_the_workspace_works_as_before(services, review):
    assert isinstance(services.ctx.policy, RolePolicy)
    assert not services.profiles.exists() and services.profiles.list() == []
    services.assessments.record(review.id, "MNR.C01", status="in_place")
    services.reviews.update(review.id, title="Still mine")
    assert [e.review.title for e in services.reviews.list()] == ["Still mine"]
    assert services.profiles.idle_lock_minutes() == 5


def test_the_first_profile_must_be_a_lead_and_takes_over_existing_reviews(fast_services, review):
    s = fast_services
    with pytest.raises(ValidationError, match="first profile must be a lead assessor"):
        s.profiles.create(name="Noah Notes", role="note_taker", passphrase=PASSPHRASES["Noah Notes"])
    lead = s.profiles.create(name="Amina Lead", role="lead_assessor", passphrase=PASSPHRASES["Amina Lead"])
    assert s.profiles.exists()
    # Now nothing works until someone signs in.
    with pytest.raises(PermissionDenied, match="Sign in"):
        s.reviews.get(review.id)
    with pytest.raises(PermissionDenied, match="Sign in"):
        s.profiles.create(name="Noah Notes", role="note_taker", passphrase=PASSPHRASES["Noah Notes"])
    s.profiles.sign_in("Amina Lead", PASSPHRASES["Amina Lead"])
    assert [m.profile_id for m in s.profiles.team(review.id)] == [lead.id]
    with pytest.raises(ValidationError, match="already exists"):
        s.profiles.create(name="amina  lead", role="observer", passphrase="another passphrase")


def test_last_active_lead_is_protected(room):
    s = room.services
    s.profiles.delete(room.other_lead)
    with pytest.raises(ValidationError, match="last active lead"):
        s.profiles.update(room.lead, role="observer")
    with pytest.raises(ValidationError, match="last active lead"):
        s.profiles.set_active(room.lead, False)
    with pytest.raises(ValidationError, match="last active lead"):
        s.profiles.delete(room.lead)
    with pytest.raises(ValidationError, match="needs an active lead assessor"):
        s.profiles.remove_from_team(room.review_id, room.lead)
    assert [m.name for m in s.profiles.team(room.review_id)] == ["Amina Lead", "Noah Notes", "Olga Observer"]


def test_deleting_every_profile_returns_to_single_user_use(room):
    s = room.services
    for pid in (room.note_taker, room.observer, room.other_lead):
        s.profiles.delete(pid)
    s.profiles.delete(room.lead)  # the last profile: allowed
    assert not s.profiles.exists() and s.profiles.current() is None
    assert {e.review.id for e in s.reviews.list()} == {room.review_id, room.other_review_id}
    s.reviews.update(room.other_review_id, title="Open again")


def test_a_review_without_an_active_lead_is_open_to_every_lead(room):
    s = room.services
    room.sign_in("Other Lead")
    assert room.review_id not in {e.review.id for e in s.reviews.list()}
    room.sign_in("Amina Lead")
    s.profiles.add_to_team(room.review_id, room.other_lead)
    room.sign_in("Other Lead")
    s.profiles.remove_from_team(room.review_id, room.lead)
    s.profiles.remove_from_team(room.review_id, room.note_taker)
    s.profiles.remove_from_team(room.review_id, room.observer)
    left = s.profiles.remove_from_team(room.review_id, room.other_lead)
    assert left == []
    room.sign_in("Amina Lead")  # unclaimed again: any lead may open (and claim) it
    assert room.review_id in {e.review.id for e in s.reviews.list()}
    room.sign_in("Noah Notes")
    assert room.review_id not in {e.review.id for e in s.reviews.list()}


def test_idle_lock_time_is_set_by_a_lead_within_limits(room):
    s = room.services
    assert s.profiles.set_idle_lock_minutes(15) == 15 and s.profiles.idle_lock_minutes() == 15
    for bad in (0, 241, 2.5, "10", True):
        with pytest.raises(ValidationError, match="whole number of minutes"):
            s.profiles.set_idle_lock_minutes(bad)
    room.sign_in("Olga Observer")
    with pytest.raises(PermissionDenied):
        s.profiles.set_idle_lock_minutes(240)
    assert s.profiles.idle_lock_minutes() == 15


def test_profile_commands_and_signing_in_on_the_command_line(tmp_path, capsys, monkeypatch):
    import safeonline_desktop.services.profiles as prof

    monkeypatch.setattr(prof, "DEFAULT_COST", FAST)
    monkeypatch.setattr(prof.ProfileService.__init__, "__defaults__", (FAST,))
    d = str(tmp_path)
    assert main(["--data-dir", d, "review", "create", "--country", "KE", "--title", "Kenya"]) == 0
    monkeypatch.setenv("SAFEONLINE_NEW_PASSPHRASE", "lead passphrase one")
    assert main(["--data-dir", d, "profile", "create", "Amina Lead", "--role", "lead_assessor"]) == 0
    capsys.readouterr()
    # Profiles exist: commands need a profile and its passphrase now.
    monkeypatch.delenv("SAFEONLINE_PROFILE", raising=False)
    assert main(["--data-dir", d, "review", "list"]) == 1
    assert "--profile" in capsys.readouterr().err
    monkeypatch.setenv("SAFEONLINE_PASSPHRASE", "wrong wrong wrong")
    assert main(["--data-dir", d, "--profile", "Amina Lead", "review", "list"]) == 1
    assert "not right" in capsys.readouterr().err
    monkeypatch.setenv("SAFEONLINE_PASSPHRASE", "lead passphrase one")
    assert main(["--data-dir", d, "review", "list", "--profile", "Amina Lead", "--json"]) == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)["reviews"]] == ["Kenya"]
    monkeypatch.setenv("SAFEONLINE_NEW_PASSPHRASE", "observer passphrase")
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "create", "Olga", "--role", "observer"]) == 0
    assert main(["--data-dir", d, "--profile", "Amina Lead", "team", "add", "1", "Olga", "--json"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in listed["profiles"]] == ["Amina Lead", "Olga"]
    assert "passphrase_hash" not in json.dumps(listed)
    # The observer can read but not rename.
    monkeypatch.setenv("SAFEONLINE_PASSPHRASE", "observer passphrase")
    assert main(["--data-dir", d, "--profile", "olga", "review", "show", "1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", d, "--profile", "olga", "review", "rename", "1", "Hijacked"]) == 1
    assert "observer role may not" in capsys.readouterr().err
    monkeypatch.setenv("SAFEONLINE_PASSPHRASE", "lead passphrase one")
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "idle-lock", "12"]) == 0
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "update", "Olga", "--deactivate"]) == 0
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "delete", "Olga", "--yes"]) == 0
    assert main(["--data-dir", d, "--profile", "Amina Lead", "profile", "delete", "Amina Lead", "--yes"]) == 0
    assert "sign-in is off" in capsys.readouterr().out
    assert main(["--data-dir", d, "review", "list"]) == 0
    assert main(["--data-dir", d, "db", "verify-audit"]) == 0


def test_db_backup_and_restore_need_a_lead_and_only_take_the_workspaces_own_backups(tmp_path, capsys, monkeypatch):
    """QA: with profiles, nobody could otherwise copy every review out or swap the database."""
    from safeonline_desktop.cli import main
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.profiles import KdfCost

    data = tmp_path / "w"
    services = open_services(data)
    services.profiles.cost = KdfCost(memory_kib=1024, iterations=1, lanes=1)
    services.profiles.create(name="Lena Lead", role="lead_assessor", passphrase="lena passphrase")
    services.profiles.sign_in("Lena Lead", "lena passphrase")
    services.profiles.create(name="Otto Observer", role="observer", passphrase="otto passphrase")
    services.close()
    foreign = tmp_path / "foreign"
    open_services(foreign).close()  # a workspace without profiles
    foreign_db = foreign / "workspace.sqlite3"

    def run(*args, passphrase=None):
        if passphrase:
            monkeypatch.setenv("SAFEONLINE_PASSPHRASE", passphrase)
        else:
            monkeypatch.delenv("SAFEONLINE_PASSPHRASE", raising=False)
        code = main(["--data-dir", str(data), *args])
        return code, capsys.readouterr()

    code, out = run("db", "backup", "-o", str(tmp_path / "copy"))
    assert code == 1 and not (tmp_path / "copy").exists()
    code, out = run("--profile", "Otto Observer", "db", "backup", "-o", str(tmp_path / "copy"), passphrase="otto passphrase")
    assert code == 1 and "observer role may not back up" in out.err
    code, out = run("--profile", "Lena Lead", "db", "backup", passphrase="lena passphrase")
    assert code == 0
    code, out = run("--profile", "Otto Observer", "db", "restore", "--yes", passphrase="otto passphrase")
    assert code == 1 and "observer role may not restore" in out.err
    code, out = run("--profile", "Lena Lead", "db", "restore", str(foreign_db), "--yes", passphrase="lena passphrase")
    assert code == 1 and "own backups" in out.err
    code, out = run("--profile", "Lena Lead", "db", "restore", "--yes", passphrase="lena passphrase")
    assert code == 0 and "Restored" in out.out


def test_an_observer_on_no_team_is_told_how_to_get_access_not_to_create(tmp_path, capsys, monkeypatch):
    from safeonline_desktop.cli import main
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.profiles import KdfCost

    services = open_services(tmp_path)
    services.profiles.cost = KdfCost(memory_kib=1024, iterations=1, lanes=1)
    services.profiles.create(name="Lena Lead", role="lead_assessor", passphrase="lena passphrase")
    services.profiles.sign_in("Lena Lead", "lena passphrase")
    services.reviews.create(country_code="KE", title="Kenya")
    services.profiles.create(name="Otto Observer", role="observer", passphrase="otto passphrase")
    services.close()
    monkeypatch.setenv("SAFEONLINE_PASSPHRASE", "otto passphrase")
    assert main(["--data-dir", str(tmp_path), "--profile", "Otto Observer", "review", "list"]) == 0
    out = capsys.readouterr().out
    assert "lead assessor can add you" in out and "review create" not in out
