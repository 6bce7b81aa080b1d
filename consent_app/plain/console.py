"""Reading and writing lines: questions with numbered answers, the words every prompt
understands ("?", "later", "back", "leave"), passphrases without echo.

Only ``print`` and ``readline`` on the standard streams, and :func:`getpass.getpass` for
passphrases on a terminal: no ``readline`` module (it may write escape sequences), no
colours, no cursor movement.
"""

from __future__ import annotations

import getpass
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO, TypeVar

from consent_app.i18n import Msg

T = TypeVar("T")

Text = str | Msg


class Leave(Exception):
    """The person typed "leave", pressed Ctrl+C or Ctrl+D: stop at once."""


class Back(Exception):
    """The person typed "back"."""


class Later(Exception):
    """The person typed "later" (decide later)."""


class Failed(Exception):
    """A request failed; the line saying so in words was written."""


class LoggedOut(Exception):
    """The session ended (log out, account deleted, or the server logged us out)."""


# The command words work in both languages, whichever is shown.
HELP_WORDS = {"?", "help", "hulp"}
LEAVE_WORDS = {"leave", "stoppen", "stop"}
BACK_WORDS = {"back", "terug"}
LATER_WORDS = {"later"}

PROMPT = "> "
COMMANDS = Msg(
    "At every question: type the number of your answer and press Enter. "
    "Type ? for why we ask, back to go back, later to decide later, "
    "leave to close at once (Ctrl+C and Ctrl+D also close at once)."
)
NOT_HERE = Msg("This is not possible at this question.")


ANSWER_AGAIN = Msg("What you typed was not used. Please answer again.")


@dataclass
class IdleLock:
    """While someone is logged in: after ``seconds`` without input, ``forget`` runs at once
    (from a timer thread, writing nothing) and ``unlock`` runs before the next input is used
    (it asks for the passphrase again, or raises to leave)."""

    seconds: float
    forget: Callable[[], None]
    unlock: Callable[[], None]


class Console:
    """The dialogue's line input and output."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.idle_lock: IdleLock | None = None

    # --- writing ------------------------------------------------------------------------

    def say(self, *lines: Text) -> None:
        for line in lines:
            self.stdout.write(f"{line}\n")
        self.stdout.flush()

    def blank(self) -> None:
        self.say("")

    def heading(self, text: Text) -> None:
        """A heading: an empty line before it, so a reader hears a new part start."""
        self.blank()
        self.say(text)

    # --- reading ------------------------------------------------------------------------

    def _read(self) -> str:
        while True:
            lock = self.idle_lock
            self.stdout.write(PROMPT)
            self.stdout.flush()
            started = time.monotonic()
            timer = None
            if lock is not None:
                timer = threading.Timer(lock.seconds, lock.forget)
                timer.daemon = True
                timer.start()
            try:
                line = self.stdin.readline()
            except KeyboardInterrupt:
                raise Leave from None
            finally:
                if timer is not None:
                    timer.cancel()
            if not line:  # Ctrl+D
                raise Leave
            if lock is not None and time.monotonic() - started >= lock.seconds:
                lock.unlock()  # the line was typed into a locked app: it is not used
                self.say(ANSWER_AGAIN)
                continue
            return line.rstrip("\r\n")

    def ask(
        self,
        *,
        why: Text | None = None,
        back: bool = True,
        later: bool = False,
    ) -> str:
        """One line typed by the person, after the words every prompt understands."""
        while True:
            text = self._read().strip()
            word = text.lower()
            if word in LEAVE_WORDS:
                raise Leave
            if word in HELP_WORDS:
                self.say(why if why is not None else COMMANDS)
                continue
            if word in BACK_WORDS:
                if back:
                    raise Back
                self.say(NOT_HERE)
                continue
            if word in LATER_WORDS:
                if later:
                    raise Later
                self.say(NOT_HERE)
                continue
            return text

    def ask_checked(
        self,
        check: Callable[[str], tuple[T | None, Msg | None]],
        *,
        why: Text | None = None,
        back: bool = True,
        later: bool = False,
    ) -> T:
        """Ask until ``check`` accepts the answer; its message is written each time it does not."""
        while True:
            value, problem = check(self.ask(why=why, back=back, later=later))
            if problem is None and value is not None:
                return value
            self.say(problem or Msg("Please try again."))

    def choose(
        self,
        options: Sequence[Text],
        *,
        why: Text | None = None,
        back: bool = True,
        later: bool = False,
        current: int | None = None,
    ) -> int:
        """The index of the chosen option (numbered from 1 on screen)."""
        for number, option in enumerate(options, start=1):
            self.say(f"{number}. {option}")
        if current is not None:
            self.say(Msg("Press Enter to keep %(number)s.", number=current + 1))

        def check(text: str) -> tuple[int | None, Msg | None]:
            if not text and current is not None:
                return current, None
            index = number_in(text, len(options))
            if index is None:
                index = word_in(text, [str(option) for option in options])
            if index is None:
                return None, choose_a_number(len(options))
            return index, None

        return self.ask_checked(check, why=why, back=back, later=later)

    def secret(self, prompt: Text) -> str:
        """A passphrase: without echo on a terminal (getpass), else one line of input."""
        try:
            if self.stdin is sys.stdin and sys.stdin.isatty():
                value = getpass.getpass(f"{prompt}: ")
            else:
                self.say(prompt)
                value = self._read()
        except (KeyboardInterrupt, EOFError):
            raise Leave from None
        if value.strip().lower() in LEAVE_WORDS:
            raise Leave
        return value


def number_in(text: str, count: int) -> int | None:
    """The index for a typed number from 1 to ``count``, else None."""
    text = text.strip().rstrip(".")
    if not text.isdigit():
        return None
    number = int(text)
    return number - 1 if 1 <= number <= count else None


def word_in(text: str, labels: Sequence[str]) -> int | None:
    """The index of the one answer whose words start with ``text`` ("yes", "nee"), else None."""
    wanted = text.strip().lower()
    if len(wanted) < 2:
        return None
    found = [i for i, label in enumerate(labels) if label.lower().startswith(wanted)]
    return found[0] if len(found) == 1 else None


def choose_a_number(count: int) -> Msg:
    return Msg("Please type a number from 1 to %(last)s.", last=count)
