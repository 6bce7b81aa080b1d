"""Drive a real program in a real terminal: tmux with send-keys and capture-pane."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid


class TmuxSession:
    """One detached tmux session of a fixed size running one command."""

    def __init__(self, command: str, *, width: int = 80, height: int = 24) -> None:
        self.name = f"e2e-{uuid.uuid4().hex[:8]}"
        self.socket = f"sock-{self.name}"  # a private tmux server: nothing shared with others
        self._tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command
        )

    @staticmethod
    def available() -> bool:
        return shutil.which("tmux") is not None

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        """Everything the pane holds, scrollback included."""
        return self._tmux("capture-pane", "-p", "-S", "-", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, pause: float = 0.3) -> None:
        """Press named keys (Tab, Enter, Space, C-q ...) one by one."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(pause)

    def type(self, text: str, pause: float = 0.3) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(pause)

    def burst(self, *keys: str) -> None:
        """Send text and named keys in one tmux command, as fast as a password manager types.

        Each argument is a key name (Tab, Enter) or text, which tmux sends character by
        character; nothing waits between them.
        """
        self._tmux("send-keys", "-t", self.name, *keys)

    def is_running(self) -> bool:
        return self.name in self._tmux("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        self._tmux("kill-server")
