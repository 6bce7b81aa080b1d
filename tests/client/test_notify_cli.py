"""``consent-notify`` and the sync client against a real ``consent-server serve`` process."""

from __future__ import annotations

import io
import uuid

import pytest

from api_client import ConsentClient, models
from api_client.notices import ResponseKind
from consent_app import notify_cli
from consent_server import admin
from consent_server.settings import ServerSettings
from consent_server.tables import SubjectRow
from tests.support.topics import ALL_TOPICS

PASSPHRASE = "the notifier's long passphrase"
VICTIM_PASSPHRASE = "a calm and private passphrase"


def _seed(database_url: str) -> tuple[str, str, uuid.UUID]:
    """A notifier, and a victim record with its own account; returns the two names and id."""
    settings = ServerSettings(database_url=database_url)
    tag = uuid.uuid4().hex[:8]
    notifier, victim = f"notifier-{tag}", f"victim-{tag}"
    with admin.connect(settings) as db:
        admin.create_notifier(db, settings, notifier, PASSPHRASE)
        account = admin.create_account(db, settings, victim, VICTIM_PASSPHRASE, models.Role.victim)
        subject = admin.create_subject(db, settings, f"CASE-{tag}")
        row = db.get(SubjectRow, subject.id)
        assert row is not None
        row.account_id = account.id
        db.commit()
        return notifier, victim, subject.id


def _notify(
    server: str, username: str, *argv: str, passphrase: str = PASSPHRASE
) -> tuple[int, str]:
    out = io.StringIO()
    code = notify_cli.main(
        ["--server", server, "--username", username, "--language", "en", *argv],
        stdin=io.StringIO(passphrase + "\n"),
        stdout=out,
    )
    return code, out.getvalue()


def test_a_finding_from_the_command_line_reaches_the_inbox_and_the_answer_comes_back(
    live_server: str, live_server_database_url: str
) -> None:
    notifier, victim, subject_id = _seed(live_server_database_url)
    with ConsentClient(live_server) as client:
        client.login(victim, VICTIM_PASSPHRASE)
        write = models.PreferenceWrite(
            inform=models.Inform.yes,
            topics=ALL_TOPICS,
            channels=[models.Channel(kind=models.ChannelKind.app)],
        )
        client.put_preferences(subject_id, write, if_match=0)

        code, out = _notify(
            live_server,
            notifier,
            "finding",
            f"--subject={subject_id}",
            "--kind=case_joinable",
            "--case=ZAAK-2026-0042",
            "--authority=Politie Midden-Nederland",
            "--deadline=2099-09-01",
        )
        assert code == 0, out
        assert "victim in_app app" in out

        (notice,) = client.my_notices().items
        assert notice.items[0].case_reference == "ZAAK-2026-0042"
        client.respond_to_notice(notice.id, ResponseKind.want_to_join_case)

    code, out = _notify(live_server, notifier, "responses", f"--subject={subject_id}")
    assert code == 0 and "want_to_join_case self" in out
    code, out = _notify(live_server, notifier, "due")
    assert code == 0
    code, out = _notify(live_server, notifier, "run-digests")
    assert code == 0 and "Digests:" in out


def test_refusals_and_mistakes_are_calm_messages(
    live_server: str, live_server_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notifier, victim, subject_id = _seed(live_server_database_url)
    assert _notify(live_server, notifier, "due", passphrase="not the passphrase")[0] == 1
    assert "Logging in did not work" in capsys.readouterr().err
    assert _notify(live_server, victim, "due", passphrase=VICTIM_PASSPHRASE)[0] == 1
    assert "may not do this" in capsys.readouterr().err
    missing = _notify(live_server, notifier, "outcome", str(uuid.uuid4()), "delivered")
    assert missing[0] == 1 and "Not found" in capsys.readouterr().err
    no_deadline = _notify(
        live_server,
        notifier,
        "finding",
        f"--subject={subject_id}",
        "--kind=case_joinable",
        "--case=Z-1",
        "--authority=Politie",
    )
    assert no_deadline[0] == 2 and "--deadline" in capsys.readouterr().err
    assert _notify(live_server, notifier, "outcome", "not-an-id", "delivered")[0] == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_passphrase_cannot_be_given_as_an_argument() -> None:
    with pytest.raises(SystemExit):
        notify_cli.main(["--username", "x", "--passphrase", "secret", "due"])


def test_a_date_or_time_that_does_not_fit_is_a_usage_message(
    live_server: str, live_server_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notifier, _victim, subject_id = _seed(live_server_database_url)
    delivery = str(uuid.uuid4())
    finding = ["finding", f"--subject={subject_id}", "--kind=case_joinable", "--case=Z-1"]
    cases = [
        ([*finding, "--authority=Politie", "--deadline=1 september"], "YYYY-MM-DD"),
        (["outcome", delivery, "delivered", "--at=yesterday"], "with its offset"),
        (["outcome", delivery, "delivered", "--at=2026-03-03T10:15"], "with its offset"),
        (["outcome", "not-an-id", "delivered", "--at=2026-03-03T10:15+01:00"], "not a valid id"),
    ]
    for argv, message in cases:
        assert _notify(live_server, notifier, *argv)[0] == 2, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, argv
