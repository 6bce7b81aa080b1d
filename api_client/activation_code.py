"""Activation and invitation codes, for client users.

Defined once, in :mod:`consent_common.activation_code`, which the server imports too.
"""

from consent_common.activation_code import *  # noqa: F403
