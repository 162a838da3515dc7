"""Start kaart for the crash tests from a Python that has already imported it.

The crash tests kill kaart 400 times. Each trial used to pay a fresh interpreter and the
import of Textual, python-docx and kaart (0.3 s of a 1.2 s typing trial, most of a store
writer's 0.15 s), so half of the suite's time went to starting Python. Here one helper
process (the "zygote") imports everything once and forks a child per trial; the child
gets the trial's terminal or pipes as stdin/stdout/stderr, its environment and argv, and
then runs `python -m kaart_tui ...` (or a script) exactly as a fresh interpreter would.
What the kills test, the writing of files and what is on disk afterwards, is the same:
the killed process is a real process with its own file descriptors and lock.

POSIX only, like the crash tests themselves. One child at a time per zygote (each pytest
worker has its own zygote), which is how the trials run.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ZYGOTE = r'''
import fcntl, importlib, json, os, pkgutil, runpy, socket, sys, termios, traceback

# Everything a trial may import later, lazily imported modules included: a child that
# imports on its own pays it in every trial.
import kaart_tui
for module in pkgutil.walk_packages(kaart_tui.__path__, "kaart_tui."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
import textual.widgets
for name in textual.widgets.__all__:
    getattr(textual.widgets, name)
import docx, fpdf, tinydb  # noqa: F401

channel = socket.socket(fileno=int(sys.argv[1]))
channel.sendall(b"ready\n")


def child(request, fds):
    code = 1
    try:
        channel.close()
        os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in set(fds):
            if fd > 2:
                os.close(fd)
        if request["tty"]:  # the pty becomes this session's terminal, as after pty.fork
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        sys.argv = request["argv"]
        try:
            if request["module"]:
                runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            else:
                runpy.run_path(request["argv"][0], run_name="__main__")
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (stop.code is not None)
            if isinstance(stop.code, str):
                print(stop.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


ended = None
while True:
    message, fds, _, _ = socket.recv_fds(channel, 1 << 20, 3)
    if ended is not None:
        # Reaped only now: the test has read its status, so it will not signal that pid
        # any more, and no new process can have taken the number in between.
        os.waitpid(ended, 0)
        ended = None
    if not message:
        break
    pid = os.fork()
    if pid == 0:
        child(json.loads(message), fds)
    for fd in fds:
        os.close(fd)
    channel.sendall(f"{pid}\n".encode())
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # it stays a zombie
    code = -info.si_status if info.si_code in (os.CLD_KILLED, os.CLD_DUMPED) \
        else info.si_status
    channel.sendall(f"{code}\n".encode())
    ended = pid
'''


class Forked:
    """A child of the zygote, with the part of Popen's interface the crash tests use."""

    def __init__(self, pid: int, channel: socket.socket, stdout=None, stderr=None) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdout, self.stderr = stdout, stderr
        self._channel = channel

    def poll(self) -> int | None:
        if self.returncode is None:
            ready, _, _ = select.select([self._channel], [], [], 0)
            if ready:
                self._receive_status()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            ready, _, _ = select.select([self._channel], [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired(f"kaart (pid {self.pid})", timeout)
            self._receive_status()
        return self.returncode

    def send_signal(self, number: int) -> None:
        # Until its status is read the child is at most a zombie (the zygote reaps it only
        # then), so the pid is still this child's.
        if self.returncode is None:
            os.kill(self.pid, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        """Read stdout and stderr to their end, then the exit status."""
        streams = [s for s in (self.stdout, self.stderr) if s is not None]
        data = {s: bytearray() for s in streams}
        deadline = None if timeout is None else time.monotonic() + timeout
        while streams:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select(streams, [], [], left)
            if not ready:
                raise subprocess.TimeoutExpired(f"kaart (pid {self.pid})", timeout)
            for stream in ready:
                chunk = os.read(stream.fileno(), 1 << 16)
                if chunk:
                    data[stream] += chunk
                else:
                    streams.remove(stream)
                    stream.close()
        self.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return (bytes(data.get(self.stdout, b"")), bytes(data.get(self.stderr, b"")))

    def _receive_status(self) -> None:
        self.returncode = int(_read_line(self._channel))  # -N: killed by signal N, as Popen


def _read_line(channel: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = channel.recv(64)
        if not chunk:
            raise RuntimeError("the preloaded kaart process stopped")
        data += chunk
    return data.decode()


class Zygote:
    """One preloaded interpreter; `spawn` forks a fresh kaart from it."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(theirs.fileno())], pass_fds=(theirs.fileno(),),
            env=env, stdin=subprocess.DEVNULL, cwd=Path(__file__).resolve().parent.parent)
        theirs.close()
        self.channel = ours
        if _read_line(ours) != "ready\n":
            raise RuntimeError("the preloaded kaart process did not start")
        self.current: Forked | None = None

    def spawn(self, argv: list[str], env: dict[str, str], fds: tuple[int, int, int],
              tty: bool = False, stdout=None, stderr=None) -> Forked:
        """argv as for a fresh Python: [sys.executable, "-m", module, ...] or
        [sys.executable, script, ...]."""
        if self.current is not None and self.current.returncode is None:
            self.current.kill()
            self.current.wait(30)
        module = argv[2] if argv[1] == "-m" else None
        request = {"module": module, "argv": argv[2:] if module else argv[1:],
                   "env": env, "cwd": os.getcwd(), "tty": tty}
        socket.send_fds(self.channel, [json.dumps(request).encode()], list(fds))
        self.current = Forked(int(_read_line(self.channel)), self.channel, stdout, stderr)
        return self.current

    def popen(self, argv: list[str], env: dict[str, str]) -> Forked:
        """Like Popen(argv, stdin=DEVNULL, stdout=PIPE, stderr=PIPE)."""
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        stdin = os.open(os.devnull, os.O_RDONLY)
        try:
            return self.spawn(argv, env, (stdin, out_write, err_write),
                              stdout=open(out_read, "rb", buffering=0),
                              stderr=open(err_read, "rb", buffering=0))
        finally:
            for fd in (stdin, out_write, err_write):
                os.close(fd)

    def close(self) -> None:
        if self.current is not None and self.current.returncode is None:
            self.current.kill()
        self.channel.close()  # the zygote reads an empty message and ends
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


_zygote: Zygote | None = None


def zygote() -> Zygote:
    """This test process's zygote, started on first use."""
    global _zygote
    if _zygote is None or _zygote.process.poll() is not None:
        _zygote = Zygote()
        atexit.register(_zygote.close)
    return _zygote
