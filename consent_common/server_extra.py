"""Whether the reference backend's libraries are installed (the ``server`` extra).

A home install of the app (``pip install consent-app``) leaves them out. ``consent-app
--demo`` and ``consent-server`` need them, and say how to get them instead of failing on an
import.
"""

from __future__ import annotations

import importlib.util

# Import names of the libraries the backend loads (psycopg only for PostgreSQL).
_SERVER_MODULES = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "argon2", "limits")


def server_installed() -> bool:
    """True when every library the embedded backend needs can be imported."""
    return all(importlib.util.find_spec(name) is not None for name in _SERVER_MODULES)
