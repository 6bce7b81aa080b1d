"""Run a real program on a pseudo-terminal and read the exact bytes it writes."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time


class PtyProcess:
    """A child process whose controlling terminal is a pty of a fixed size."""

    def __init__(self, argv: list[str], env: dict[str, str], *, rows: int = 24, cols: int = 80):
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.execve(argv[0], argv, env)  # noqa: S606 (a fixed program, no shell)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd: int | None = fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self.returncode: int | None = None

    def read_until(self, needle: bytes, timeout: float = 60.0) -> bytes:
        deadline = time.monotonic() + timeout
        while needle not in self.output:
            if time.monotonic() > deadline or not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{needle!r} not seen; got {bytes(self.output[-400:])!r}")
        return bytes(self.output)

    def _read(self, timeout: float) -> bool:
        """Read what is there; False once the terminal is closed."""
        if self.fd is None:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, min(timeout, 0.5)))
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed its side
                return False
            if not chunk:
                return False
            self.output.extend(chunk)
        return True

    def send(self, data: bytes) -> None:
        assert self.fd is not None
        os.write(self.fd, data)

    def close_terminal(self) -> None:
        """As when the terminal window is closed: the kernel sends SIGHUP."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def wait(self, timeout: float = 30.0) -> int:
        """Drain the output and wait for the exit; returns the wait status's exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.05) and self.fd is not None:
                    ready, _, _ = select.select([self.fd], [], [], 0)
                    if not ready:
                        break
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
        raise AssertionError(f"the process did not end; output: {bytes(self.output[-400:])!r}")

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        self.close_terminal()
