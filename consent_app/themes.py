"""Two calm themes. Meaning is never carried by colour alone: every state also has a word
or a symbol, so both themes (and NO_COLOR) read the same."""

from __future__ import annotations

from textual.theme import Theme

from consent_app.display_settings import ThemeName

DEFAULT = Theme(
    name="notes-default",
    primary="#5f87af",
    secondary="#87afaf",
    accent="#d7af5f",
    warning="#d7af5f",
    error="#d78787",
    success="#87af87",
    foreground="#e4e4e4",
    background="#1c1c1c",
    surface="#262626",
    panel="#303030",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="notes-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff8080",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border": "#ffffff",
        "border-blurred": "#ffffff",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "footer-background": "#000000",
    },
)

THEMES: dict[ThemeName, Theme] = {"default": DEFAULT, "high-contrast": HIGH_CONTRAST}
