"""A query parameter an operation does not declare is refused, not silently ignored."""

from __future__ import annotations

from httpx import Client

from tests.support.accounts import VICTIM_PASSPHRASE, Login, Victim


def test_an_unknown_query_parameter_is_refused_without_echo(api: Client) -> None:
    answer = api.get("/v1/health?limt=5")
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/unknown-query-parameter")
    assert "limt" not in answer.text
    assert api.get("/v1/health").status_code == 200


def test_declared_query_parameters_still_work_and_misspelt_ones_do_not(
    api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, VICTIM_PASSPHRASE)
    history = f"/v1/subjects/{victim.subject_id}/preferences/history"
    assert api.get(history + "?limit=5", headers=headers).status_code == 200
    assert api.get(history + "?limt=5", headers=headers).status_code == 422
