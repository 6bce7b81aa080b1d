"""From a finding to an informed victim, against the real server on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from httpx import Client, Response

from api_client.models import Page, Role
from api_client.notices import DueDelivery, Finding, Notice, NoticeResponse
from consent_app import demo
from consent_server.cli import main as cli_main
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.server.helpers import PRIVATE_BODY, put_preferences
from tests.server.world import add_delegation, new_account
from tests.support.accounts import Person, Seeded, mint_bearer

JOINABLE = {
    "kind": "case_joinable",
    "case_reference": "ZAAK-2026-0042",
    "authority": "Politie Midden-Nederland",
    "join_deadline": "2026-09-01",
}
ONLINE = {"kind": "material_online", "case_reference": "ZAAK-7", "authority": "Politie"}
APP_ONLY = {"inform": "yes", "recipients": "me", "channels": [{"kind": "app"}]}


class Desk:
    """One victim record, its victim, a notifier, and the calls between them."""

    def __init__(self, api: Client, seeded: Seeded, victim: Person) -> None:
        assert victim.subject_id is not None
        self.api, self.seeded, self.subject_id = api, seeded, victim.subject_id
        self.victim_id = victim.account_id
        _, self.notifier_id = new_account(seeded.app, Role.notifier, "notifier")
        self.version = 0

    # A fresh login each time: tests move the clock past the lifetime of a token.
    @property
    def victim(self) -> dict[str, str]:
        return mint_bearer(self.seeded.app, self.victim_id)

    @property
    def notifier(self) -> dict[str, str]:
        return mint_bearer(self.seeded.app, self.notifier_id)

    def choose(self, **choices: Any) -> None:
        body = {**PRIVATE_BODY, **choices}
        response = put_preferences(self.api, self.victim, self.subject_id, body, self.version)
        assert response.status_code == 200, response.text
        self.version += 1

    def post_finding(
        self, body: dict[str, Any], headers: dict[str, str] | None = None, key: str | None = None
    ) -> Response:
        return self.api.post(
            f"/v1/subjects/{self.subject_id}/findings",
            json=body,
            headers={**(headers or self.notifier), "Idempotency-Key": key or uuid.uuid4().hex},
        )

    def finding(self, body: dict[str, Any]) -> Finding:
        response = self.post_finding(body)
        assert response.status_code == 201, response.text
        return Finding.model_validate(response.json())

    def inbox(self, headers: dict[str, str] | None = None, **params: Any) -> Page[Notice]:
        response = self.api.get("/v1/me/notices", headers=headers or self.victim, params=params)
        assert response.status_code == 200, response.text
        return Page[Notice].model_validate(response.json())

    def due(self) -> list[DueDelivery]:
        response = self.api.get("/v1/deliveries", headers=self.notifier, params={"due": "now"})
        assert response.status_code == 200, response.text
        return [DueDelivery.model_validate(item) for item in response.json()]

    def run_digests(self) -> dict[str, int]:
        response = self.api.post("/v1/digests/run", headers=self.notifier)
        assert response.status_code == 200, response.text
        result: dict[str, int] = response.json()
        return result

    def access_actions(self) -> list[str]:
        response = self.api.get(
            f"/v1/subjects/{self.subject_id}/access-log",
            headers=self.victim,
            params={"limit": 100},
        )
        assert response.status_code == 200
        return [entry["action"] for entry in response.json()["items"]]


@pytest.fixture
def desk(api: Client, seeded: Seeded, victim: Person) -> Desk:
    return Desk(api, seeded, victim)


def test_joinable_case_reaches_the_inbox_and_the_answer_reaches_the_notifier(desk: Desk) -> None:
    desk.choose(**APP_ONLY)
    finding = desk.finding(JOINABLE)
    assert [(d.recipient, d.state.value, d.channel) for d in finding.deliveries] == [
        ("victim", "in_app", "app")
    ]
    assert finding.decision == "wants_to_be_informed" and finding.plan_version == 1

    notices = desk.inbox()
    assert len(notices.items) == 1
    notice = notices.items[0]
    assert notice.id == finding.deliveries[0].id and notice.read_at is None
    item = notice.items[0]
    assert (item.kind.value, item.case_reference, str(item.join_deadline)) == (
        "case_joinable",
        "ZAAK-2026-0042",
        "2026-09-01",
    )
    assert item.title_key == "notice.case_joinable.title"
    assert "want_to_join_case" in [action.value for action in item.actions]

    answer = desk.api.post(
        f"/v1/notices/{notice.id}/responses",
        json={"kind": "want_to_join_case"},
        headers=desk.victim,
    )
    assert answer.status_code == 201, answer.text
    assert desk.inbox().items[0].read_at is not None

    seen = desk.api.get(f"/v1/subjects/{desk.subject_id}/notice-responses", headers=desk.notifier)
    assert seen.status_code == 200, seen.text
    responses = Page[NoticeResponse].model_validate(seen.json()).items
    assert [(r.kind.value, r.relation, r.finding_ids) for r in responses] == [
        ("want_to_join_case", "self", [finding.id])
    ]
    actions = desk.access_actions()
    for expected in (
        "finding.recorded.case_joinable",
        "notice.in_app.you.app",
        "notice.read",
        "notice.response.want_to_join_case",
        "notice-responses.read",
    ):
        assert expected in actions


def test_same_idempotency_key_gives_the_same_finding(desk: Desk) -> None:
    desk.choose(**APP_ONLY)
    first = desk.post_finding(JOINABLE, key="finding-1")
    again = desk.post_finding(JOINABLE, key="finding-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = desk.post_finding(ONLINE, key="finding-1")
    assert other.status_code == 422
    assert len(desk.inbox().items) == 1


def test_declined_is_withheld_with_nothing_queued_and_no_contact_data(desk: Desk) -> None:
    desk.choose(inform="no")
    finding = desk.finding(ONLINE)
    assert [(d.state.value, d.reason and d.reason.value) for d in finding.deliveries] == [
        ("withheld", "declined")
    ]
    assert all(d.channel is None and d.due_at is None for d in finding.deliveries)
    assert desk.due() == []
    assert desk.inbox().items == []
    assert "hidden.person" not in desk.post_finding(ONLINE).text


def test_a_no_given_after_queueing_stops_the_delivery(desk: Desk, clock: MovableClock) -> None:
    desk.choose()  # email first, Monday and Wednesday 09:00-12:00
    finding = desk.finding(ONLINE)
    assert finding.deliveries[0].state.value == "queued"
    desk.choose(inform="no")
    clock.advance(days=7)
    assert desk.due() == []
    assert "notice.withheld.declined" in desk.access_actions()


def test_undecided_goes_to_the_staff_first_contact_list_never_to_the_victim(
    desk: Desk, seeded: Seeded
) -> None:
    desk.choose(inform="undecided")
    finding = desk.finding(JOINABLE)
    assert [(d.state.value, d.reason and d.reason.value) for d in finding.deliveries] == [
        ("withheld", "undecided")
    ]
    assert desk.inbox().items == [] and desk.due() == []
    staff = mint_bearer(seeded.app, seeded.staff_id)
    listed = desk.api.get("/v1/first-contacts", headers=staff).json()["items"]
    assert [(item["subject_id"], item["findings"]) for item in listed] == [
        (str(desk.subject_id), 1)
    ]
    done = desk.api.post(f"/v1/first-contacts/{desk.subject_id}/done", headers=staff)
    assert done.status_code == 204
    assert desk.api.get("/v1/first-contacts", headers=staff).json()["items"] == []


def test_safe_window_across_the_change_to_summer_time(desk: Desk, clock: MovableClock) -> None:
    """Monday 09:00 Dutch time is 08:00 UTC in winter and 07:00 UTC after 29 March 2026."""
    clock.current = dt.datetime(2026, 3, 27, 12, 0, tzinfo=dt.UTC)  # Friday, winter time
    desk.choose(safe_contact={**PRIVATE_BODY["safe_contact"], "days": ["mon"]})
    finding = desk.finding(ONLINE)
    (delivery,) = finding.deliveries
    assert (delivery.state.value, delivery.channel) == ("queued", "email")
    assert delivery.due_at == dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)

    clock.current = dt.datetime(2026, 3, 30, 6, 59, tzinfo=dt.UTC)
    assert desk.due() == []
    clock.current = dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)
    (due,) = desk.due()
    assert due.channel.address == "hidden.person@example.org"
    assert due.constraints.no_voicemail and due.constraints.household_must_not_know
    assert due.constraints.discreet_sender == "Bibliotheek Noord"
    assert due.constraints.window_ends_at == dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)
    assert due.items[0].kind.value == "material_online"

    clock.current = dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)  # 12:00: closed again
    assert desk.due() == []
    clock.current = dt.datetime(2026, 4, 6, 7, 30, tzinfo=dt.UTC)  # the next Monday
    (due,) = desk.due()
    recorded = desk.api.post(
        f"/v1/deliveries/{due.delivery.id}/outcome",
        json={"outcome": "delivered"},
        headers=desk.notifier,
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["outcome"] == "delivered"
    assert desk.due() == []
    twice = desk.api.post(
        f"/v1/deliveries/{due.delivery.id}/outcome",
        json={"outcome": "refused"},
        headers=desk.notifier,
    )
    assert twice.status_code == 409
    assert "notice.outcome.delivered.email" in desk.access_actions()


def test_safe_window_back_to_winter_time(desk: Desk, clock: MovableClock) -> None:
    clock.current = dt.datetime(2026, 10, 24, 12, 0, tzinfo=dt.UTC)  # Saturday, summer time
    desk.choose(safe_contact={"days": ["sun", "mon"], "hours": "na 18:00"})
    (delivery,) = desk.finding(ONLINE).deliveries
    # Sunday 25 October: winter time from 03:00, so 18:00 there is 17:00 UTC.
    assert delivery.due_at == dt.datetime(2026, 10, 25, 17, 0, tzinfo=dt.UTC)


def test_monthly_digest_of_500_findings_is_one_delivery(
    desk: Desk, clock: MovableClock, api: Client
) -> None:
    desk.choose(**APP_ONLY, frequency="monthly")
    for number in range(500):
        finding = desk.finding({**ONLINE, "case_reference": f"ZAAK-{number}"})
        assert [(d.state.value, d.reason and d.reason.value) for d in finding.deliveries] == [
            ("withheld", "digest")
        ]
        clock.advance(minutes=60)  # 500 hours: all within June 2026
    assert desk.inbox().items == []
    assert desk.run_digests()["digests"] == 0  # June has not ended yet
    clock.current = dt.datetime(2026, 6, 30, 22, 0, tzinfo=dt.UTC)  # 1 July, 00:00 in NL
    released = desk.run_digests()
    assert (released["digests"], released["deliveries"]) == (1, 1)
    assert desk.run_digests()["digests"] == 0
    (notice,) = desk.inbox().items
    assert notice.kind == "digest" and len(notice.items) == 500


def test_a_deadline_too_close_for_the_digest_goes_at_once(desk: Desk) -> None:
    desk.choose(**APP_ONLY, frequency="quarterly")
    finding = desk.finding({**JOINABLE, "join_deadline": "2026-07-15"})
    assert finding.deliveries[0].state.value == "in_app"


def test_only_actionable_lets_through_what_asks_for_something(desk: Desk) -> None:
    desk.choose(**APP_ONLY, frequency="only_actionable")
    assert desk.finding(ONLINE).deliveries[0].reason.value == "not_actionable"  # type: ignore[union-attr]
    assert desk.finding(JOINABLE).deliveries[0].state.value == "in_app"


def test_topic_off_is_withheld_and_stop_this_topic_turns_it_off(desk: Desk) -> None:
    desk.choose(**APP_ONLY)
    desk.finding(ONLINE)
    (notice,) = desk.inbox().items
    stop = desk.api.post(
        f"/v1/notices/{notice.id}/responses", json={"kind": "stop_this_topic"}, headers=desk.victim
    )
    assert stop.status_code == 201, stop.text
    again = desk.finding(ONLINE)
    assert again.deliveries[0].reason.value == "topic_off"  # type: ignore[union-attr]
    assert again.plan_version == 2
    history = desk.api.get(
        f"/v1/subjects/{desk.subject_id}/preferences/history", headers=desk.victim
    )
    newest = history.json()["items"][0]
    # Answered nothing anew: it names the questions the answers were given to.
    assert newest["questions_version"] == PRIVATE_BODY["questions_version"]


def test_paused_until_a_date_is_delivered_after_it(desk: Desk, clock: MovableClock) -> None:
    desk.choose(**APP_ONLY, paused_until="2026-06-10")
    finding = desk.finding(JOINABLE)
    assert finding.deliveries[0].reason.value == "paused"  # type: ignore[union-attr]
    assert desk.run_digests()["released_after_pause"] == 0 and desk.inbox().items == []
    clock.current = dt.datetime(2026, 6, 9, 22, 0, tzinfo=dt.UTC)  # 10 June, 00:00 in NL
    assert desk.run_digests()["released_after_pause"] == 1
    (notice,) = desk.inbox().items
    assert notice.items[0].finding_id == finding.id


def test_representatives_get_notices_only_with_a_standing_receive_notices_mandate(
    desk: Desk, seeded: Seeded, clock: MovableClock
) -> None:
    desk.choose(**{**APP_ONLY, "recipients": "both"})
    app = seeded.app
    reps: dict[str, uuid.UUID] = {}
    for name, permissions, standing in (
        ("with", ["receive_notices"], {}),
        ("without", ["view"], {}),
        ("conflicted", ["view", "receive_notices"], {"conflict_of_interest": True}),
        ("expired", ["view", "receive_notices"], {"valid_until": dt.date(2026, 5, 31)}),
        ("ends-soon", ["receive_notices"], {"valid_until": dt.date(2026, 6, 2)}),
    ):
        _, account_id = new_account(app, Role.representative, name)
        add_delegation(app, desk.subject_id, account_id, permissions, **standing)
        reps[name] = account_id

    def rep(name: str) -> dict[str, str]:
        return mint_bearer(app, reps[name])

    finding = desk.finding(JOINABLE)
    assert sorted(d.recipient for d in finding.deliveries) == [
        "representative",
        "representative",
        "victim",
    ]
    assert len(desk.inbox(rep("with")).items) == 1
    assert desk.inbox(rep("with")).items[0].relation == "delegate"
    for name in ("without", "conflicted", "expired"):
        assert desk.inbox(rep(name)).items == [], name
    notice = desk.inbox(rep("ends-soon")).items[0]
    clock.advance(days=3)  # the mandate has ended: its notices are gone with it
    assert desk.inbox(rep("ends-soon")).items == []
    answer = desk.api.post(
        f"/v1/notices/{notice.id}/responses", json={"kind": "read"}, headers=rep("ends-soon")
    )
    assert answer.status_code == 404


def test_who_may_do_what(desk: Desk, seeded: Seeded) -> None:
    desk.choose(**APP_ONLY)
    assert desk.post_finding(JOINABLE, headers=desk.victim).status_code == 403
    staff = mint_bearer(seeded.app, seeded.staff_id)
    assert desk.post_finding(JOINABLE, headers=staff).status_code == 403
    assert desk.api.get("/v1/deliveries?due=now", headers=desk.victim).status_code == 403
    assert desk.api.post("/v1/digests/run", headers=desk.victim).status_code == 403
    finding = desk.finding(JOINABLE)
    notice_id = finding.deliveries[0].id
    # A notifier has no inbox and may not answer for the victim.
    assert desk.inbox(desk.notifier).items == []
    answer = {"kind": "read"}
    assert (
        desk.api.post(
            f"/v1/notices/{notice_id}/responses", json=answer, headers=desk.notifier
        ).status_code
        == 404
    )
    # Another victim can neither read, answer, nor record anything on this record.
    other_subject = seeded.new_subject()
    _, other_id = new_account(seeded.app, Role.victim, "other")
    other = mint_bearer(seeded.app, other_id)
    assert desk.inbox(other).items == []
    assert desk.inbox(other, subject_id=str(desk.subject_id)).items == []
    assert (
        desk.api.post(f"/v1/notices/{notice_id}/responses", json=answer, headers=other).status_code
        == 404
    )
    assert (
        desk.api.get(
            f"/v1/subjects/{desk.subject_id}/notice-responses", headers=desk.victim
        ).status_code
        == 403
    )
    assert (
        desk.api.get(f"/v1/subjects/{desk.subject_id}/notice-responses", headers=other).status_code
        == 404
    )
    unknown = desk.api.post(
        f"/v1/subjects/{uuid.uuid4()}/findings",
        json=JOINABLE,
        headers={**desk.notifier, "Idempotency-Key": "x-1"},
    )
    assert unknown.status_code == 404
    assert other_subject != desk.subject_id


@pytest.mark.parametrize(
    "body",
    [
        {**JOINABLE, "join_deadline": None},
        {**ONLINE, "join_deadline": "2026-09-01"},
        {**ONLINE, "description": "any free text"},
        {**ONLINE, "kind": "something_else"},
        {**ONLINE, "authority": "<script>"},
    ],
)
def test_bad_findings_are_refused_without_echo(desk: Desk, body: dict[str, Any]) -> None:
    response = desk.post_finding(body)
    assert response.status_code == 422
    assert "any free text" not in response.text and "<script>" not in response.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_consent_server_run_digests_releases_what_is_due(
    desk: Desk,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scheduled step from the command line (real time: long after June 2026)."""
    desk.choose(**APP_ONLY, frequency="monthly")
    desk.finding(ONLINE)
    desk.finding(JOINABLE)
    monkeypatch.setenv("CONSENT_DATABASE_URL", database_url)
    assert cli_main(["run-digests"]) == 0
    assert "digests: 1," in capsys.readouterr().out
    (notice,) = desk.inbox().items
    assert sorted(item.kind.value for item in notice.items) == ["case_joinable", "material_online"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_demo_seed_leaves_one_notice_in_the_inbox(
    api: Client, server_app: object, server_settings: ServerSettings
) -> None:
    info = demo.seed(server_settings)
    assert info.inbox_login is not None and info.notifier_login is not None
    username, passphrase = info.inbox_login
    login = api.post("/v1/sessions", json={"username": username, "passphrase": passphrase})
    assert login.status_code == 201, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    notices = Page[Notice].model_validate(api.get("/v1/me/notices", headers=headers).json())
    assert [item.items[0].kind.value for item in notices.items] == ["case_joinable"]
    assert "victim with a message" in info.describe("http://127.0.0.1:1")


def test_yearly_reassurance_once_a_year_and_not_after_real_news(
    desk: Desk, clock: MovableClock
) -> None:
    desk.choose(**APP_ONLY, reassurance="yearly")
    assert desk.run_digests()["reassurances"] == 0  # not right after choosing it
    clock.advance(days=200)
    desk.finding(JOINABLE)  # real news restarts the year
    clock.advance(days=200)
    assert desk.run_digests()["reassurances"] == 0
    clock.advance(days=166)
    assert desk.run_digests()["reassurances"] == 1
    assert desk.run_digests()["reassurances"] == 0
    newest = desk.inbox().items[0]
    assert (newest.kind, newest.items) == ("reassurance", [])
    assert "reassurance.sent" in desk.access_actions()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_edge_values_are_refused_not_a_server_error(desk: Desk) -> None:
    desk.choose(**APP_ONLY, frequency="monthly")
    far = desk.post_finding({**JOINABLE, "join_deadline": "0001-01-01"})
    assert far.status_code == 422
    for cursor in ("MDAwMS0wMS0wMVQwMDowMCswMTowMHwx", "bm90LWEtY3Vyc29y", "x"):
        assert (
            desk.api.get(
                "/v1/me/notices", headers=desk.victim, params={"cursor": cursor}
            ).status_code
            == 422
        )
    desk.choose(**APP_ONLY)
    (delivery,) = desk.finding(ONLINE).deliveries
    for at in ("0001-01-01T00:00:00+01:00", "2999-01-01T00:00:00+00:00", "2026-06-01T09:00:00"):
        answer = desk.api.post(
            f"/v1/deliveries/{delivery.id}/outcome",
            json={"outcome": "delivered", "at": at},
            headers=desk.notifier,
        )
        assert answer.status_code in (409, 422), (at, answer.status_code)


def test_every_read_answer_is_in_the_access_log(desk: Desk) -> None:
    """Each answer is stored for the notifier and staff, so each one is in the victim's log,
    also "I have read this" on a notice already read; the first reading time stays."""
    desk.choose(**APP_ONLY)
    desk.finding(ONLINE)
    (notice,) = desk.inbox().items
    url = f"/v1/notices/{notice.id}/responses"
    for _ in range(2):
        answer = desk.api.post(url, json={"kind": "read"}, headers=desk.victim)
        assert answer.status_code == 201, answer.text
    first_read = desk.inbox().items[0].read_at
    assert desk.access_actions().count("notice.read") == 2
    answer = desk.api.post(url, json={"kind": "read"}, headers=desk.victim)
    assert answer.status_code == 201, answer.text
    assert desk.inbox().items[0].read_at == first_read


def test_the_inbox_and_the_answers_come_page_by_page_newest_first(
    desk: Desk, clock: MovableClock
) -> None:
    """Each notice and each answer once, newest first, also across notices made at the same
    moment (the id breaks the tie) and across the page boundaries."""
    desk.choose(**APP_ONLY)
    made: list[tuple[dt.datetime, uuid.UUID]] = []
    for number, step in enumerate([0, 0, 1, 0]):  # two moments with two findings each
        clock.advance(minutes=step)
        finding = desk.finding({**ONLINE, "case_reference": f"ZAAK-{number}"})
        made.append((finding.created_at, finding.deliveries[0].id))
    newest_first = [delivery_id for _, delivery_id in sorted(made, reverse=True)]

    def every_page(url: str, headers: dict[str, str]) -> list[uuid.UUID]:
        seen: list[uuid.UUID] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
            response = desk.api.get(url, headers=headers, params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            assert len(page["items"]) == 1
            seen.append(uuid.UUID(page["items"][0].get("notice_id", page["items"][0]["id"])))
            cursor = page.get("next_cursor")
            if cursor is None:
                return seen

    assert every_page("/v1/me/notices", desk.victim) == newest_first
    for notice_id in reversed(newest_first):  # answered oldest first, so at other moments
        clock.advance(minutes=1)
        answer = desk.api.post(
            f"/v1/notices/{notice_id}/responses", json={"kind": "read"}, headers=desk.victim
        )
        assert answer.status_code == 201, answer.text
    answers = f"/v1/subjects/{desk.subject_id}/notice-responses"
    assert every_page(answers, desk.notifier) == newest_first
