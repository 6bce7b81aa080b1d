"""The part of Textual's ``Button.DEFAULT_CSS`` (textual 8.2) that this app's buttons use.

Textual's button brings 7 KB of CSS for every look it has: flat buttons and the success,
warning and error variants too. Parsing it took about 4 ms of every start, before the first
screen. Every button of this app is a ``TranslatedButton`` in the default look, default or
primary (see ``TranslatedButton``), so it brings only the rules below instead: Textual's own,
word for word, less those that need a class our buttons never have (``-style-flat``,
``-success``, ``-warning``, ``-error``). ``tests/app/test_button_css.py`` parses both and
fails if they differ in anything else, so a Textual upgrade that changes the button's look
shows up there.
"""

from __future__ import annotations

BUTTON_CSS = """
Button:ansi.-style-default {
    border: tall $border-blurred;
    background: ansi_default;

    &:disabled {
        text-opacity: 1;
        text-style: bold dim;
        border: tall $border-blurred !important;
        background: ansi_default !important;
        pointer: not-allowed;
        &:hover {
            background: ansi_default;
        }
    }
    &:hover {
        background: $ansi-background;
        border: tall $border;
    }
    &.-active {
        background: $ansi-background !important;
        border: blank $background !important;
        tint: transparent;
    }
    &.-primary {
        color: $primary;
        border: tall $primary;
        background: ansi_default;
        &:hover {
            background: $ansi-background;
        }
    }
}

Button {
    width: auto;
    min-width: 16;
    height:auto;
    line-pad: 1;
    text-align: center;
    content-align: center middle;
    pointer: pointer;

    &.-style-default {
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;

        &.-textual-compact {
            border: none !important;
        }
        &:disabled {
            text-opacity: 0.6;
            pointer: not-allowed;
        }
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            border-top: tall $surface;
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            border-bottom: tall $surface-lighten-1;
            border-top: tall $surface-darken-1;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            border-top: tall $primary-lighten-3;
            border-bottom: tall $primary-darken-3;

            &:hover {
                background: $primary-darken-2;
                border-top: tall $primary;
            }
            &.-active {
                background: $primary;
                border-bottom: tall $primary-lighten-3;
                border-top: tall $primary-darken-3;
            }
        }
    }
}
"""
