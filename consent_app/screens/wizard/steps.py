"""The questions of the wizard, one widget each, in the order the wizard asks them.

What a step is lives in :mod:`.step`; the steps themselves in :mod:`.choice_steps` (choosing
whether, about what, who and how often) and :mod:`.contact_steps` (ways, safe contact, pause).
"""

from __future__ import annotations

from consent_app.screens.wizard.choice_steps import (
    InformStep,
    RecipientsStep,
    TopicsStep,
    VolumeStep,
)
from consent_app.screens.wizard.contact_steps import (
    ChannelRow,
    ChannelsStep,
    PauseStep,
    SafeContactStep,
)
from consent_app.screens.wizard.step import Answers, Step

__all__ = [
    "DETAIL_STEPS",
    "Answers",
    "ChannelRow",
    "ChannelsStep",
    "InformStep",
    "PauseStep",
    "RecipientsStep",
    "SafeContactStep",
    "Step",
    "TopicsStep",
    "VolumeStep",
]

DETAIL_STEPS: list[type[Step]] = [
    TopicsStep,
    RecipientsStep,
    ChannelsStep,
    VolumeStep,
    SafeContactStep,
    PauseStep,
]
