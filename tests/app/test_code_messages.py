"""What a person who typed a wrong activation code is told. Staff give codes by letter or in
person, to victims and to representatives: the message must not assume a letter."""

from __future__ import annotations

from typing import Literal

import pytest

from consent_app.account_checks import check_code
from consent_app.i18n import set_language

LETTER_WORDS = ("your letter", "je brief")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("typed", ["", "ABCD-EFGH"])
def test_a_code_message_does_not_assume_the_code_came_by_letter(
    language: Literal["nl", "en"], typed: str
) -> None:
    set_language(language)
    message = check_code(typed)
    assert message is not None
    text = str(message)
    assert text and not any(word in text for word in LETTER_WORDS)
