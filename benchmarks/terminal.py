"""A program in a pseudo-terminal, as a facilitator runs kaart: keys written to it, its
screen read back from its output, its memory and CPU time read from /proc."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

CLOCK_TICK = os.sysconf("SC_CLK_TCK")


class Terminal:
    """A program in a pseudo-terminal of a given size, its output collected."""

    def __init__(self, argv: list[str], env: dict[str, str], size=(160, 50)) -> None:
        # The size is set before the program starts, as in a real terminal window: a size
        # that changes just after start would make every app lay out twice.
        master, slave = pty.openpty()
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(slave)
            os.execvpe(argv[0], argv, env)
        os.close(slave)
        self.pid, self.fd = pid, master
        self.output = b""
        self.last_output = self.started

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.fd, 1 << 20)
                self.last_output = time.perf_counter()
            except OSError:
                pass

    def wait_for(self, token: bytes, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds until ``token`` appears in the output after offset ``since``."""
        deadline = time.perf_counter() + timeout
        while token not in self.output[since:]:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{token!r} did not appear")
            self.read(0.005)
        return time.perf_counter()

    def settled(self, quiet: float = 0.5, timeout: float = 30.0) -> float:
        """When the screen last changed before it stayed unchanged for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() - self.last_output < quiet:
            if time.perf_counter() > deadline:
                raise TimeoutError("the screen did not settle")
            self.read(0.01)
        return self.last_output

    def cpu_seconds(self) -> float:
        """The program's CPU time so far (user and system), to the clock tick (10 ms)."""
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()  # the name may hold spaces
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICK

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "KAART_DATA_DIR": str(data_dir), "TERM": "xterm-256color",
            "COLUMNS": "160", "LINES": "50"}


def kaart(*args: str) -> list[str]:
    return [sys.executable, "-m", "kaart_tui", *args]
