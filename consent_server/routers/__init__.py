"""One router per resource."""

from typing import Any

from consent_common.models import Problem

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "model": Problem,
        "content": {"application/problem+json": {}},
        "description": "Problem",
    },
}
