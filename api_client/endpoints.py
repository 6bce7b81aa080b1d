"""Every API operation as a plain description: method, path, body, and what comes back.

Both clients turn these descriptions into requests in the same way, so each operation is
written once (those about findings and notices are in :mod:`api_client.notice_endpoints`;
how a description is made, and the shapes several share, in :mod:`api_client.calls`).
:mod:`api_client.operations` makes most of them client methods with the same parameters,
defaults and docstring.
"""

from __future__ import annotations

from api_client import models
from api_client.calls import (
    Call,
    call,
    get_of_record,
    get_page,
    idempotent_write,
    on_record,
    page_of_record,
    patch,
    unchecked,
)
from api_client.responses import NOTHING, Expect
from consent_common.ids import DelegationId, SubjectId

# --- accounts and sessions ---------------------------------------------------------------


def health() -> Call[models.Health]:
    return call("GET", "/v1/health", Expect(models.Health), authenticated=False)


def register(activation_code: str, username: str, passphrase: str) -> Call[models.Account]:
    body = unchecked(
        models.RegistrationRequest,
        activation_code=activation_code,
        username=username,
        passphrase=passphrase,
    )
    return call("POST", "/v1/registrations", Expect(models.Account), body=body, authenticated=False)


def login(username: str, passphrase: str, device_token: str | None = None) -> Call[models.Session]:
    body = unchecked(
        models.SessionRequest, username=username, passphrase=passphrase, device_token=device_token
    )
    return call("POST", "/v1/sessions", Expect(models.Session), body=body, authenticated=False)


def refresh(refresh_token: str) -> Call[models.Session]:
    # Never repeated after sending: presenting a used refresh token revokes the session.
    body = unchecked(models.RefreshRequest, refresh_token=refresh_token)
    return call(
        "POST", "/v1/sessions/refresh", Expect(models.Session), body=body, authenticated=False
    )


def logout() -> Call[None]:
    return call("DELETE", "/v1/sessions/current", NOTHING)


def me() -> Call[models.Me]:
    return call("GET", "/v1/me", Expect(models.Me))


def change_passphrase(current: str, new: str) -> Call[None]:
    body = unchecked(models.PassphraseChange, current_passphrase=current, new_passphrase=new)
    return call("PUT", "/v1/me/passphrase", NOTHING, body=body, repeatable=False)


def delete_account(passphrase: str, *, clear_decision: bool) -> Call[None]:
    body = unchecked(models.AccountDeletion, passphrase=passphrase, clear_decision=clear_decision)
    # Not repeated after sending: once the account is gone a repeat can only fail (401)
    # and would hide that the deletion worked.
    return call("DELETE", "/v1/me", NOTHING, body=body, repeatable=False)


# --- preferences -------------------------------------------------------------------------

_PREFERENCES = "/v1/subjects/{subject_id}/preferences"


def get_preferences(subject_id: SubjectId) -> Call[models.Preferences]:
    return get_of_record(_PREFERENCES, Expect(models.Preferences), subject_id)


def put_preferences(
    subject_id: SubjectId,
    write: models.PreferenceWrite,
    *,
    if_match: int,
    idempotency_key: str | None = None,
) -> Call[models.Preferences]:
    """Write new preferences over version ``if_match`` (``idempotency_key``: as in
    :func:`idempotent_write`)."""
    return idempotent_write(
        "PUT",
        _PREFERENCES,
        Expect(models.Preferences),
        subject_id,
        body=write,
        idempotency_key=idempotency_key,
        headers={"If-Match": f'"{int(if_match)}"'},
    )


def history(
    subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
) -> Call[models.Page[models.PreferenceVersion]]:
    return page_of_record(
        _PREFERENCES + "/history", models.PreferenceVersion, subject_id, cursor=cursor, limit=limit
    )


def receipt(subject_id: SubjectId, version: int) -> Call[models.ConsentReceipt]:
    template = "/v1/subjects/{subject_id}/receipts/{version}"
    expect = Expect(models.ConsentReceipt)
    return on_record("GET", template, expect, subject_id, version=int(version))


# --- staff: subjects and codes -----------------------------------------------------------


def create_subject(body: models.SubjectCreate) -> Call[models.Subject]:
    return call("POST", "/v1/subjects", Expect(models.Subject), body=body)


def issue_activation_code(
    subject_id: SubjectId, role: str = "victim"
) -> Call[models.ActivationCode]:
    body = unchecked(models.ActivationCodeRequest, role=role)
    template = "/v1/subjects/{subject_id}/activation-codes"
    return on_record("POST", template, Expect(models.ActivationCode), subject_id, body=body)


def get_subject(subject_id: SubjectId) -> Call[models.Subject]:
    return get_of_record("/v1/subjects/{subject_id}", Expect(models.Subject), subject_id)


def update_subject(subject_id: SubjectId, body: models.SubjectUpdate) -> Call[models.Subject]:
    path_params = {"subject_id": subject_id}
    return patch(
        "/v1/subjects/{subject_id}", Expect(models.Subject), path_params=path_params, body=body
    )


def find_subjects(
    reference: str, *, prefix: bool = False, cursor: str | None = None, limit: int = 20
) -> Call[models.Page[models.Subject]]:
    """Staff: records by reference, exactly or (``prefix=True``, 3 characters or more)
    those whose reference starts with it; each one shown is in its access log."""
    match = "prefix" if prefix else "exact"
    return get_page(
        "/v1/subjects", models.Subject, reference=reference, match=match, cursor=cursor, limit=limit
    )


def recent_subjects(*, limit: int = 20) -> Call[models.Page[models.Subject]]:
    """Staff: the records this staff member worked on most recently, newest first."""
    return get_page("/v1/subjects", models.Subject, recent="true", limit=limit)


def reconsent_list(
    *, cursor: str | None = None, limit: int = 50
) -> Call[models.Page[models.Subject]]:
    """The re-consent work-list: records whose victim came of age."""
    return get_page("/v1/staff/reconsent", models.Subject, cursor=cursor, limit=limit)


# --- representatives ---------------------------------------------------------------------

_DELEGATIONS = "/v1/subjects/{subject_id}/delegations"
_DELEGATION = "/v1/subjects/{subject_id}/delegations/{delegation_id}"


def list_delegations(subject_id: SubjectId) -> Call[list[models.Delegation]]:
    return get_of_record(
        _DELEGATIONS, Expect(list[models.Delegation], "list[Delegation]"), subject_id
    )


def create_delegation(
    subject_id: SubjectId, body: models.DelegationCreate
) -> Call[models.Delegation]:
    return on_record("POST", _DELEGATIONS, Expect(models.Delegation), subject_id, body=body)


def update_delegation(
    subject_id: SubjectId, delegation_id: DelegationId, body: models.DelegationUpdate
) -> Call[models.Delegation]:
    path_params = {"subject_id": subject_id, "delegation_id": delegation_id}
    return patch(_DELEGATION, Expect(models.Delegation), path_params=path_params, body=body)


def revoke_delegation(subject_id: SubjectId, delegation_id: DelegationId) -> Call[None]:
    return on_record("DELETE", _DELEGATION, NOTHING, subject_id, delegation_id=delegation_id)


def create_invitation(body: models.InvitationCreate) -> Call[models.Invitation]:
    return call("POST", "/v1/invitations", Expect(models.Invitation), body=body)


_INVITATIONS = "/v1/subjects/{subject_id}/invitations"
_INVITATION = "/v1/subjects/{subject_id}/invitations/{invitation_id}"


def list_invitations(subject_id: SubjectId) -> Call[list[models.PendingInvitation]]:
    """The victim's own invitation codes that can still be used (never the codes)."""
    return get_of_record(
        _INVITATIONS, Expect(list[models.PendingInvitation], "list[PendingInvitation]"), subject_id
    )


def withdraw_invitation(subject_id: SubjectId, invitation_id: SubjectId) -> Call[None]:
    """Stop an invitation code at once; the server records who did it."""
    return on_record("DELETE", _INVITATION, NOTHING, subject_id, invitation_id=invitation_id)


def accept_invitation(code: str) -> Call[models.Delegation]:
    return call(
        "POST",
        "/v1/invitations/accept",
        Expect(models.Delegation),
        body=unchecked(models.InvitationAccept, code=code),
    )


# --- notifier and audit ------------------------------------------------------------------


def notification_plan(subject_id: SubjectId) -> Call[models.NotificationPlan]:
    return get_of_record(
        "/v1/subjects/{subject_id}/notification-plan", Expect(models.NotificationPlan), subject_id
    )


def access_log(
    subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
) -> Call[models.Page[models.AccessLogEntry]]:
    return page_of_record(
        "/v1/subjects/{subject_id}/access-log",
        models.AccessLogEntry,
        subject_id,
        cursor=cursor,
        limit=limit,
    )
