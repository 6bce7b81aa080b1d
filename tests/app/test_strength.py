from __future__ import annotations

import pytest

from consent_app.strength import Strength, acceptable, describe, estimate


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("", Strength.empty),
        ("abc1234", Strength.too_short),
        ("aaaaaaaaaaaa", Strength.weak),
        ("sunflower", Strength.weak),
        ("Sunflower-42", Strength.fair),
        ("correct horse battery staple", Strength.strong),
    ],
)
def test_strength_is_estimated_mostly_from_length(passphrase: str, expected: Strength) -> None:
    assert estimate(passphrase) is expected


def test_shorter_than_eight_is_refused_and_described_in_words() -> None:
    assert not acceptable("seven77")
    assert acceptable("eight888")
    assert "at least 8" in str(describe(Strength.too_short))


def test_every_level_has_words_not_only_a_bar() -> None:
    for level in (Strength.too_short, Strength.weak, Strength.fair, Strength.strong):
        text = str(describe(level))
        assert any(ch.isalpha() for ch in text)
