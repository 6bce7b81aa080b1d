"""The last step: every answer in plain words, before anything is sent."""

from __future__ import annotations

from api_client.models import Inform, PreferenceChoices
from consent_app import summary
from consent_app.i18n import N_, _
from consent_app.viewpoint import Worded, words

REVIEW_HEADING = Worded(N_("Check your answers"), N_("Check the answers"), N_("Check the answers"))
REVIEW_QUESTION = Worded(
    N_("Is this what you want?"),
    N_("Is this what the person you act for wants?"),
    N_("Is this what the person you are helping wants?"),
)
LOADING = Worded(
    N_("Loading your choices…"), N_("Loading the choices…"), N_("Loading the choices…")
)

SKIPPED_NAMES = {
    "topics": N_("what you want to be told about"),
    "recipients": N_("who should be told"),
    "channels": N_("how you want to be told"),
    "volume": N_("how often you want to be told"),
    "safe_contact": N_("safe contact"),
    "pause": N_("a pause"),
}


def review_text(choices: PreferenceChoices, skipped: set[str]) -> str:
    lines = [summary.as_text(summary.detail_lines(choices))]
    if choices.inform is Inform.no:
        lines.append(
            words(
                N_("Nobody will contact you about new images. You can change this at any time."),
                N_(
                    "Nobody will contact the person you act for about new images. This can be "
                    "changed at any time."
                ),
                N_(
                    "Nobody will contact the person you are helping about new images. This can "
                    "be changed at any time."
                ),
            )
        )
    elif choices.inform is Inform.undecided:
        lines.append(
            words(
                N_(
                    "Nobody will contact you about new images until you decide. "
                    "You can come back to this question at any time."
                ),
                N_(
                    "Nobody will contact the person you act for about new images until it is "
                    "decided. You can come back to this question at any time."
                ),
                N_(
                    "Nobody will contact the person you are helping about new images until it "
                    "is decided. You can come back to this question at any time."
                ),
            )
        )
    elif skipped:
        names = ", ".join(_(SKIPPED_NAMES[key]) for key in SKIPPED_NAMES if key in skipped)
        lines.append(
            _("You left these questions for later: %(names)s. What was recorded stays.")
            % {"names": names}
        )
    return "\n\n".join(lines)
