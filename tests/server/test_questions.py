"""Question texts are versioned: stored on the server in both languages, named by every
preference version, and a material change marks earlier answers for a gentle re-ask."""

from __future__ import annotations

import datetime as dt
import inspect
import uuid
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi import FastAPI
from httpx import Client

from consent_app.questions import QUESTIONS_VERSION
from consent_app.screens.wizard import steps
from consent_server.app import context_of
from consent_server.tables import QuestionSetRow

from .helpers import PRIVATE_BODY, put_preferences

LOCALES = Path(__file__).resolve().parents[2] / "locales"


def _wizard_questions() -> dict[str, str]:
    return {
        step.KEY: str(step.QUESTION)
        for step in vars(steps).values()
        if inspect.isclass(step) and issubclass(step, steps.Step) and step is not steps.Step
    }


def _publish(app: FastAPI, version: str, sequence: int, *, material: bool) -> None:
    with context_of(app).sessions() as db:
        first = db.get(QuestionSetRow, "1")
        assert first is not None
        db.add(
            QuestionSetRow(
                version=version,
                sequence=sequence,
                material=material,
                published_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
                texts=first.texts,
            )
        )
        db.commit()


def _questions_changed(api: Client, headers: dict[str, str]) -> bool:
    changed: bool = api.get("/v1/me", headers=headers).json()["subjects"][0]["questions_changed"]
    return changed


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_newest_version_is_the_apps_wizard_in_both_languages(
    api: Client, headers: dict[str, str]
) -> None:
    assert QUESTIONS_VERSION == "2"
    response = api.get(f"/v1/questions/{QUESTIONS_VERSION}", headers=headers)
    assert response.status_code == 200
    assert response.json()["material"] is True
    texts = response.json()["texts"]
    english = _wizard_questions()
    order: list[type[steps.Step]] = [steps.InformStep, *steps.DETAIL_STEPS]
    assert list(texts["en"]) == [step.KEY for step in order]
    assert texts["en"] == english
    with (LOCALES / "nl" / "LC_MESSAGES" / "consent_app.po").open("rb") as catalog_file:
        dutch = read_po(catalog_file)
    translated = {key: dutch.get(text) for key, text in english.items()}
    assert texts["nl"] == {key: message.string for key, message in translated.items() if message}
    assert len(texts["nl"]) == len(english)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_first_version_stays_as_published_without_the_volume_question(
    api: Client, headers: dict[str, str]
) -> None:
    texts = api.get("/v1/questions/1", headers=headers).json()["texts"]
    second = api.get("/v1/questions/2", headers=headers).json()["texts"]
    for language in ("en", "nl"):
        assert "volume" not in texts[language]
        assert {k: v for k, v in second[language].items() if k != "volume"} == texts[language]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_unknown_versions_are_not_found_and_the_texts_need_a_login(
    api: Client, headers: dict[str, str]
) -> None:
    assert api.get("/v1/questions/9", headers=headers).status_code == 404
    assert api.get("/v1/questions/1").status_code == 401


def test_a_write_naming_unknown_questions_is_refused(
    api: Client, headers: dict[str, str], subject: uuid.UUID
) -> None:
    body = {**PRIVATE_BODY, "questions_version": "never-published"}
    refused = put_preferences(api, headers, subject, body, 0)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"loc": ["body", "questions_version"], "code": "unknown-questions-version"}
    ]
    assert put_preferences(api, headers, subject, PRIVATE_BODY, 0).status_code == 200


def test_a_material_change_marks_earlier_answers_for_a_re_ask(
    api: Client, server_app: FastAPI, headers: dict[str, str], subject: uuid.UUID
) -> None:
    assert not _questions_changed(api, headers)  # nothing answered yet
    put_preferences(api, headers, subject, PRIVATE_BODY, 0)
    _publish(server_app, "2.1", 3, material=False)  # a typo fixed: nothing to ask again
    assert not _questions_changed(api, headers)
    _publish(server_app, "3", 4, material=True)
    assert _questions_changed(api, headers)
    receipt = api.get(f"/v1/subjects/{subject}/receipts/1", headers=headers).json()
    assert receipt["notice_version"] == "2"  # the texts this answer was given to
    answered = put_preferences(api, headers, subject, {**PRIVATE_BODY, "questions_version": "3"}, 1)
    assert answered.status_code == 200
    assert not _questions_changed(api, headers)


def test_answers_to_the_first_questions_are_asked_again_about_volume(
    api: Client, headers: dict[str, str], subject: uuid.UUID
) -> None:
    put_preferences(api, headers, subject, {**PRIVATE_BODY, "questions_version": "1"}, 0)
    assert _questions_changed(api, headers)  # version 2 added "how often"
    answered = put_preferences(api, headers, subject, {**PRIVATE_BODY, "questions_version": "2"}, 1)
    assert answered.status_code == 200
    assert not _questions_changed(api, headers)
