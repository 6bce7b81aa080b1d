"""``isinstance`` against widget classes the first screen does not load.

Nothing can be an instance of a class whose module was never imported, so a check looks
the class up in ``sys.modules`` instead of importing it (and all it brings with it) before
the first screen is drawn, and a screen can skip work for widgets that cannot exist yet.
Each name below is the module that defines the class (Textual's own, for its widgets);
``tests/app/test_loaded_classes.py`` checks that it still does.
"""

from __future__ import annotations

import sys

TEXT_AREA = ("textual.widgets._text_area", "TextArea")
RADIO_SET = ("textual.widgets._radio_set", "RadioSet")
MASKED_FIELD = ("consent_app.widgets.passphrase_input", "PassphraseInput")


def is_loaded(where: tuple[str, str]) -> bool:
    """Whether the module of the class ``where`` names (module, class name) was imported."""
    return where[0] in sys.modules


def is_loaded_instance(obj: object, where: tuple[str, str]) -> bool:
    """Whether ``obj`` is an instance of the class ``where`` names (module, class name),
    without importing that module."""
    module_name, class_name = where
    module = sys.modules.get(module_name)
    return module is not None and isinstance(obj, getattr(module, class_name))
