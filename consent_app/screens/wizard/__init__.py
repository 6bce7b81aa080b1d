"""The preference questions, one at a time, then a review and a receipt."""

from consent_app.screens.wizard.screen import HeldAnswers, WizardScreen, WizardStart

__all__ = ["HeldAnswers", "WizardScreen", "WizardStart"]
