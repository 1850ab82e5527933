"""Database and printing work off the GUI thread; the outcome comes back on the GUI thread.

`runner.run(work, on_done, on_error)` runs `work()` in a worker thread. On the GUI thread it then
calls `on_done(result)`, or `on_error(err)` for a `UserError` (the user did something the service
refused: shown as is), or hands any other exception to `ui.errors.report_bug` (a bug: logged).
One worker thread per runner keeps jobs in the order they were asked for.

A window owns its runners (ui.main_window: one for the database, one for the printer) and hands them
to every screen through the desk (ui.desk); no screen makes one of its own.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import UserError

Done = Callable[[Any], None]
Failed = Callable[[UserError], None]


class _Job(QRunnable):
    """Work for the pool. `work` closures take data (the database, the actor, a request), never widgets:
    the pool drops the job on the worker thread, and a widget must not be released there."""

    def __init__(self, runner: Runner, job_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.runner, self.job_id, self.work = runner, job_id, work

    def run(self) -> None:
        try:
            result, error = self.work(), None
        except BaseException as exc:  # every failure goes back to the GUI thread, nothing is lost
            result, error = None, exc
        runner, self.runner, self.work = self.runner, None, None  # type: ignore[assignment]
        try:
            runner.finished_job.emit(self.job_id, result, error)
        except RuntimeError:  # the window was closed while this job ran
            pass


def _alive(callback: Callable[..., Any] | None) -> bool:
    owner = getattr(callback, "__self__", None)
    return callback is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner))


# Every runner stays referenced from the GUI thread until Qt destroys it: otherwise a finished job,
# released on the worker thread, could drop the last Python reference there and delete the runner
# from the wrong thread.
_live: set[Runner] = set()


class Runner(QObject):
    """A one-thread pool whose results are delivered on the thread that owns the runner."""

    busy_changed = Signal(bool)
    finished_job = Signal(int, object, object)  # job id, result, error (worker -> GUI thread)

    def __init__(self, parent: QObject | None = None, *, on_user_error: Failed | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: dict[int, tuple[Done | None, Failed | None]] = {}
        self._next_id = 0
        self.on_user_error = on_user_error
        self.finished_job.connect(self._deliver)
        _live.add(self)
        self.destroyed.connect(lambda _obj=None, me=self: _live.discard(me))

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def run(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        self._next_id += 1
        self._jobs[self._next_id] = (on_done, on_error)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(self, self._next_id, work))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (at shutdown); results still arrive through the event loop."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: object, error: BaseException | None) -> None:
        on_done, on_error = self._jobs.pop(job_id)
        try:
            if error is None:
                if _alive(on_done):
                    on_done(result)  # type: ignore[misc]
            elif isinstance(error, UserError):
                handler = on_error if _alive(on_error) else self.on_user_error
                if handler is not None:
                    handler(error)
            else:
                from ui.errors import report_bug

                report_bug(error)
        finally:
            if not self._jobs:
                self.busy_changed.emit(False)

