"""The preference questions, one per screen (SPEC §4.3). Phase 1 only has the entry point."""

from consent_app.screens.wizard.placeholder import WizardScreen

__all__ = ["WizardScreen"]
