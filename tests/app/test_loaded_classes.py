"""``loaded_classes`` tells widgets apart without importing their classes; a Textual that
moved one of them to another module would make every such widget look like a plain one."""

from __future__ import annotations

import importlib

import pytest
from textual.widgets import Button, Input, RadioSet, TextArea

from consent_app.loaded_classes import (
    MASKED_FIELD,
    RADIO_SET,
    TEXT_AREA,
    is_loaded,
    is_loaded_instance,
)


@pytest.mark.parametrize(
    ("where", "instance", "other"),
    [(TEXT_AREA, TextArea, Input), (RADIO_SET, RadioSet, Button)],
)
def test_a_class_is_recognised_once_textual_has_loaded_it(
    where: tuple[str, str], instance: type[object], other: type[object]
) -> None:
    assert is_loaded_instance(instance(), where)
    assert not is_loaded_instance(other(), where)
    assert not is_loaded_instance(None, where)


@pytest.mark.parametrize("where", [TEXT_AREA, RADIO_SET, MASKED_FIELD])
def test_each_class_is_where_it_is_looked_for(where: tuple[str, str]) -> None:
    module, name = where
    assert getattr(importlib.import_module(module), name).__name__ == name
    assert is_loaded(where)


def test_nothing_is_an_instance_of_a_class_whose_module_was_never_loaded() -> None:
    nowhere = ("consent_app.no_such_module", "Nothing")
    assert not is_loaded(nowhere)
    assert not is_loaded_instance(object(), nowhere)
