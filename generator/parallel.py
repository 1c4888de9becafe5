"""Run one piece of a build in a second process, so the two sites are built at the same time.

The child is forked: it starts with the loaded project and plans already in memory
(nothing is pickled or loaded twice) and writes only into the staging folder it is
given. ``wait`` returns what the child's work returned (pickled), or re-raises in the
parent whatever the child raised, so a failure in either process fails the build the
same way. The child dies with its parent (Linux ``PR_SET_PDEATHSIG``): a killed build
leaves no process writing into staging folders that the next build removes. ``stop``
ends it early (the parent failed or was interrupted).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .errors import PinganError
from .messages import outputs as text

PR_SET_PDEATHSIG = 1


class ChildFailed(PinganError):
    """The second build process ended without saying why (killed, out of memory)."""


class Child:
    """``work`` in a forked process; ``wait()`` returns its result when done, or raises what it raised."""

    def __init__(self, work: Callable[[], Any]):
        context = multiprocessing.get_context("fork")
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, sender), daemon=True)
        self._process.start()
        sender.close()  # only the child writes: the parent sees EOF if it dies

    def wait(self) -> Any:
        try:
            outcome = self._results.recv()
        except EOFError:
            outcome = None
        self._process.join()
        if outcome is None:
            raise ChildFailed(text.CHILD_FAILED.format(code=self._process.exitcode), text.CHILD_FAILED_HINT)
        if outcome[0] == "error":
            raise _rebuilt(*outcome[1:])
        return outcome[1]

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()


def _run(work: Callable[[], Any], sender: Connection) -> None:
    _die_with_parent()
    try:
        result = work()
        sender.send(("ok", result))
    except BaseException as exc:  # every outcome goes back to the parent, which decides what it means
        sender.send(("error", *_portable(exc)))
    finally:
        sender.close()


def _portable(exc: BaseException) -> tuple[Any, ...]:
    """``exc`` as something the parent can rebuild (an exception's class and attributes, pickled)."""
    try:
        return ("pickled", pickle.dumps((type(exc), exc.args, exc.__dict__)))
    except Exception:  # unpicklable attributes: keep what it said
        return ("text", "".join(traceback.format_exception(exc)))


def _rebuilt(how: str, payload: Any) -> BaseException:
    if how == "pickled":
        with contextlib.suppress(Exception):
            cls, args, attributes = pickle.loads(payload)
            exc = cls.__new__(cls)
            BaseException.__init__(exc, *args)
            exc.__dict__.update(attributes)
            return exc
    return RuntimeError(str(payload))


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
