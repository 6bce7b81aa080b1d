"""The server's log lines, with tracebacks that keep where an error happened and drop what
its message says.

An exception's message can carry data: a value that failed to parse, a key that was not
found, a row a driver quotes. uvicorn logs every error that escapes the app ("Exception in
ASGI application") with its traceback, and Python's traceback ends each exception with its
message. Here a traceback keeps the frames (file, line, function, the source line) and the
exception's type, which is what an operator needs to find the bug, and never the message.
"""

from __future__ import annotations

import logging
import logging.config
import traceback
from types import TracebackType
from typing import Any

MESSAGE_HIDDEN = "(message hidden: it may hold personal data)"
LINE_FORMAT = "%(levelname)s %(name)s: %(message)s"

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and what led to it, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__
    return chain[::-1]


def traceback_without_messages(error: BaseException) -> str:
    parts: list[str] = []
    for number, each in enumerate(_chain(error)):
        if number:
            parts.append("\nWhich led to:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(each.__traceback__)))
        kind = type(each)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {MESSAGE_HIDDEN}\n")
    return "".join(parts).rstrip("\n")


class HiddenMessagesFormatter(logging.Formatter):
    """A formatter whose tracebacks carry no exception message."""

    def formatException(self, ei: _ExcInfo) -> str:
        error = ei[1]
        if error is None:
            return ""
        return traceback_without_messages(error)


def log_config(level: str = "INFO", *, only_uvicorn: bool = False) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` (and uvicorn ``log_config``) that writes to standard
    error through :class:`HiddenMessagesFormatter`.

    ``only_uvicorn`` leaves the root logger alone, for a server running inside another
    program (the demo's app).
    """
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "hidden",
        "stream": "ext://sys.stderr",
    }
    logger = {"handlers": ["stderr"], "level": level}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"hidden": {"()": HiddenMessagesFormatter, "fmt": LINE_FORMAT}},
        "handlers": {"stderr": handler},
        "loggers": {"uvicorn": {**logger, "propagate": False}} if only_uvicorn else {},
        **({} if only_uvicorn else {"root": logger}),
    }


def configure_logging() -> None:
    logging.config.dictConfig(log_config())
