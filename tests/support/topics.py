"""Topics said out loud: every topic starts unticked, on the wire too (docs/api.md), so a
test or benchmark whose "yes" means "tell me about everything" chooses every topic."""

from __future__ import annotations

from api_client.models import Topics

ALL_TOPICS = Topics(new_findings=True, proceedings=True, compensation=True, removal=True)
"""Every topic ticked, for typed writes (``PreferenceWrite(..., topics=ALL_TOPICS)``)."""

ALL_TOPICS_JSON: dict[str, bool] = ALL_TOPICS.model_dump()
"""The same as JSON, for request bodies built as dicts."""
