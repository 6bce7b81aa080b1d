"""What a person can do after a message, and by when: fixed, calm texts (both languages).

The wording per kind of finding is in ``notice_words``; this adds the ways forward: joining
the case as an injured party before the deadline, the Schadefonds Geweldsmisdrijven, removal,
and support from Slachtofferhulp Nederland. A representative is addressed as such.
"""

from __future__ import annotations

from api_client.notices import FindingKind, Notice, NoticeItem
from consent_app.i18n import N_, _, format_date

JOIN = {
    False: N_(
        "Take part in the criminal case as an injured party (in Dutch: 'voegen als "
        "benadeelde partij'). Then you can ask for compensation. You can sign up until %(date)s."
    ),
    True: N_(
        "The person you represent can take part in the criminal case as an injured party "
        "(in Dutch: 'voegen als benadeelde partij'), to ask for compensation. Signing up is "
        "possible until %(date)s."
    ),
}
FUND = {
    False: N_(
        "Ask the Schadefonds Geweldsmisdrijven for money for the harm done to you. A lawyer "
        "or Slachtofferhulp Nederland can help you apply."
    ),
    True: N_(
        "Ask the Schadefonds Geweldsmisdrijven for money for the harm done to the person you "
        "represent. A lawyer or Slachtofferhulp Nederland can help."
    ),
}
REMOVAL = {
    False: N_("Ask for images of you to be removed from the internet, if you find any."),
    True: N_("Ask for images of the person you represent to be removed from the internet."),
}
SUPPORT = {
    False: N_(
        "Talk to Slachtofferhulp Nederland, free of charge: 0900 0101. You do not have to do "
        "anything, and you can also answer later."
    ),
    True: N_(
        "Talk to Slachtofferhulp Nederland, free of charge: 0900 0101, for yourself or "
        "together with the person you represent. Nothing has to be done now."
    ),
}


def item_facts(item: NoticeItem) -> str:
    """The case, the authority and the date to act by: facts, no detail of the material."""
    text = _("Case %(case)s, %(authority)s. Recorded on %(date)s.") % {
        "case": item.case_reference,
        "authority": item.authority,
        "date": format_date(item.found_at.date()),
    }
    if item.join_deadline is not None:
        text += " " + _("Deadline to sign up: %(date)s.") % {
            "date": format_date(item.join_deadline)
        }
    return text


def ways_forward(notice: Notice, *, for_representative: bool) -> list[str]:
    """What can be done, most urgent first."""
    lines = []
    kinds = {item.kind for item in notice.items}
    deadlines = [item.join_deadline for item in notice.items if item.join_deadline is not None]
    if FindingKind.case_joinable in kinds and deadlines:
        lines.append(_(JOIN[for_representative]) % {"date": format_date(min(deadlines))})
    if kinds & {FindingKind.case_joinable, FindingKind.compensation_info}:
        lines.append(_(FUND[for_representative]))
    if kinds & {FindingKind.material_online, FindingKind.new_material_in_case}:
        lines.append(_(REMOVAL[for_representative]))
    lines.append(_(SUPPORT[for_representative]))
    return lines
