"""How an API operation is described: a :class:`Call` (method, path, body, what comes back,
whether it may be sent again), made by :func:`call`, and the shapes several operations share
(an operation on one record, a page of a list, a PATCH, a write with an
``Idempotency-Key``).

A :class:`Call` is built once per logical operation and reused for every retry: its body
bytes and its ``Idempotency-Key`` stay identical across attempts. The operations themselves
are in :mod:`api_client.endpoints` and :mod:`api_client.notice_endpoints`.

Request bodies are not validated here. The server is the authority on what it accepts and
answers 422 with field locations and codes but never the values; validating a passphrase in
the client would put it into a pydantic error message.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from api_client import models
from api_client.responses import Expect
from consent_common.ids import SubjectId

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclasses.dataclass(frozen=True)
class Call(Generic[T]):
    """One operation, ready to be sent (and, if the rules allow, sent again)."""

    method: str
    path_template: str
    path: str
    expect: Expect[T]
    body: bytes | None = dataclasses.field(default=None, repr=False)
    params: Mapping[str, str | int] = dataclasses.field(default_factory=dict)
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict, repr=False)
    authenticated: bool = True
    # True when sending it twice has the same effect as once (see ``retry``).
    repeatable: bool = False


def call(
    method: str,
    template: str,
    expect: Expect[T],
    *,
    path_params: Mapping[str, object] | None = None,
    body: BaseModel | Mapping[str, Any] | None = None,
    exclude_unset: bool = False,
    params: Mapping[str, str | int | None] | None = None,
    headers: Mapping[str, str] | None = None,
    authenticated: bool = True,
    repeatable: bool | None = None,
) -> Call[T]:
    # Path segments are escaped so an id can never climb to another path ("../me").
    path = template.format_map(
        {name: quote(str(value), safe="") for name, value in (path_params or {}).items()}
    )
    return Call(
        method=method,
        path_template=template,
        path=path,
        expect=expect,
        body=_encode(body, exclude_unset=exclude_unset) if body is not None else None,
        params={k: v for k, v in (params or {}).items() if v is not None},
        headers=dict(headers or {}),
        authenticated=authenticated,
        repeatable=method in {"GET", "DELETE"} if repeatable is None else repeatable,
    )


def get_of_record(
    template: str, expect: Expect[T], subject_id: SubjectId, **params: str | int | None
) -> Call[T]:
    """GET something that belongs to one record (``{subject_id}`` in ``template``)."""
    return call("GET", template, expect, path_params={"subject_id": subject_id}, params=params)


def on_record(
    method: str,
    template: str,
    expect: Expect[T],
    subject_id: SubjectId,
    *,
    body: BaseModel | None = None,
    **ids: object,
) -> Call[T]:
    """An operation on one record (``{subject_id}`` in ``template``); ``ids`` name what in
    the record it is about, such as ``delegation_id``."""
    path_params = {"subject_id": subject_id, **ids}
    return call(method, template, expect, path_params=path_params, body=body)


def get_page(
    template: str,
    item: type[M],
    *,
    path_params: Mapping[str, object] | None = None,
    **params: str | int | None,
) -> Call[models.Page[M]]:
    """GET one page of a list of ``item``; ``params`` are the query (cursor, limit, filters)."""
    page: type[models.Page[M]] = models.Page[item]  # type: ignore[valid-type]
    return call("GET", template, Expect(page), path_params=path_params, params=params)


def page_of_record(
    template: str, item: type[M], subject_id: SubjectId, *, cursor: str | None, limit: int
) -> Call[models.Page[M]]:
    """GET one page of a record's list (``{subject_id}`` in ``template``), from ``cursor`` on."""
    path_params = {"subject_id": subject_id}
    return get_page(template, item, path_params=path_params, cursor=cursor, limit=limit)


def patch(
    template: str, expect: Expect[T], *, path_params: Mapping[str, object], body: BaseModel
) -> Call[T]:
    """PATCH with only the fields the caller set, so the server leaves the others as they are."""
    return call("PATCH", template, expect, path_params=path_params, body=body, exclude_unset=True)


def idempotent_write(
    method: str,
    template: str,
    expect: Expect[T],
    subject_id: SubjectId,
    *,
    body: BaseModel,
    idempotency_key: str | None,
    headers: Mapping[str, str] | None = None,
) -> Call[T]:
    """A write to one record (``{subject_id}`` in ``template``) that the server recognises
    by its ``Idempotency-Key``, so it is safe to send again.

    Pass the key kept from an earlier attempt (an outbox entry) when re-sending; without one,
    a fresh key is made for this call and reused on each of its retries.
    """
    key = idempotency_key or str(uuid.uuid4())
    return call(
        method,
        template,
        expect,
        path_params={"subject_id": subject_id},
        body=body,
        headers={**(headers or {}), "Idempotency-Key": key},
        repeatable=True,
    )


def _encode(body: BaseModel | Mapping[str, Any], *, exclude_unset: bool) -> bytes:
    data = (
        body.model_dump(mode="json", exclude_unset=exclude_unset)
        if isinstance(body, BaseModel)
        else body
    )
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def unchecked(model: type[BaseModel], **values: Any) -> BaseModel:
    """The request model without validation (see the module docstring), for its field names."""
    return model.model_construct(**values)
