"""The notice wire models, for client users: ``from api_client import notices``.

They are defined once, in :mod:`consent_common.notices`, which the server imports too.
"""

from consent_common.notices import *  # noqa: F403
