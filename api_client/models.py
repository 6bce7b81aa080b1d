"""The wire models, for client users: ``from api_client import models``.

They are defined once, in :mod:`consent_common.models`, which the server imports too.
"""

from consent_common.models import *  # noqa: F403
