"""The app's parsed CSS, kept between starts (start-up time).

Parsing the CSS the start screen needs (Textual's own for the app, its screen and its buttons,
and ours) costs about 10 ms of CPU at every start. What each piece parses to depends only on
its text, its origin and the theme's variables (see ``textual_internals.ParseOnceStylesheet``),
so after the first frame the app writes what it parsed to the user's cache folder, and the
next start reads it instead of parsing. A piece of CSS that changed (an upgrade) simply finds
nothing under its new text and is parsed as before.

The file is a pickle, and reading a pickle runs whatever code it names. So it is read only
when it can only have been written by this user: the folder and the file must belong to this
user and be writable by nobody else, and neither may be a symbolic link (checked on the open
folder and file, so nothing can be swapped in between the check and the read). Anything else
(another owner, loose permissions, a link, a file from another Python or Textual, a damaged
file) is ignored, and the CSS is parsed as without a cache. The file holds only CSS rules:
nothing personal.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import textual

from consent_app.textual_internals import ParseOnceStylesheet

FILE_NAME = "parsed-css.pickle"
FORMAT = 1


def default_folder() -> Path:
    """The per-user cache folder, under the app's neutral name."""
    import platformdirs

    from consent_app.display_settings import NEUTRAL_APP_NAME

    return Path(platformdirs.user_cache_dir(NEUTRAL_APP_NAME, appauthor=False))


def _stamp() -> tuple[object, ...]:
    """What the rules in the file were made with: another Python or Textual ignores them.

    Textual is known by the files that define what the file holds (an upgrade rewrites
    them), not by its version number, which costs about 10 ms to look up."""
    package = Path(textual.__file__).parent
    files = [package / "__init__.py", package / "css" / "model.py", package / "css" / "styles.py"]
    stats = [(str(file), file.stat().st_mtime_ns, file.stat().st_size) for file in files]
    return (FORMAT, sys.version, *stats)


def _own_and_private(info: os.stat_result) -> bool:
    """This user's, and nobody else may write to it."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class CssCache:
    """Reads the parsed CSS of earlier starts from ``folder``, and writes what is new."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._known: set[tuple[object, ...]] = set()
        self.saved = threading.Event()
        """Set once :meth:`save` has run (whether it had anything to write or not)."""

    def load(self) -> bool:
        """Take the parsed CSS of an earlier start, if the file is there and safe to read."""
        parsed = self._read()
        if parsed is None:
            return False
        ParseOnceStylesheet.add_parsed(parsed)
        self._known = set(parsed)
        return True

    def save(self) -> bool:
        """Write everything parsed so far, if anything is new since :meth:`load`.

        Written to a new private file that then replaces the old one, so a reader finds
        either the old file or the new one, never half of one."""
        try:
            return self._write()
        except Exception:  # only a cache: the next start parses, as without one
            return False
        finally:
            self.saved.set()

    def _write(self) -> bool:
        parsed = ParseOnceStylesheet.parsed()
        if not parsed or set(parsed) <= self._known:
            return False
        data = pickle.dumps((_stamp(), parsed), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return False
        temporary = f".{FILE_NAME}.{os.getpid()}"
        try:
            if not _own_and_private(os.fstat(folder)):
                return False
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(temporary, flags, 0o600, dir_fd=folder), "wb") as file:
                file.write(data)
            os.replace(temporary, FILE_NAME, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            return False
        finally:
            os.close(folder)
        self._known = set(parsed)
        return True

    def _read(self) -> dict[tuple[object, ...], Any] | None:
        try:
            folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            if not _own_and_private(os.fstat(folder)):
                return None
            with os.fdopen(
                os.open(FILE_NAME, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder), "rb"
            ) as file:
                if not _own_and_private(os.fstat(file.fileno())):
                    return None
                stamp, parsed = pickle.load(file)  # noqa: S301 (this user's own file: see above)
            if stamp != _stamp() or not isinstance(parsed, dict):
                return None
        except Exception:  # missing, unreadable or damaged: parse as without a cache
            return None
        finally:
            os.close(folder)
        return parsed
