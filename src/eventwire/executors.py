"""Where partitions run: in this process, on a local process pool, or on a Dask cluster — one interface.

The driver submits partitions and collects outcomes; each executor retries what can be retried (a raised
error, a worker process that died) and reports a partition as failed, with the reason, once its retries are
spent. None of them blocks forever: connecting to a scheduler, and a cluster left without workers, time out.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import time
from asyncio import CancelledError
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eventwire.errors import EventwireError
from eventwire.partitions import Faults, Partition, WorkerReport, run_partition

# A pool worker is replaced after this many partitions: spaCy's string store only grows, and a fresh
# process (about two seconds to load the model) keeps a long run's worker memory flat.
PARTITIONS_PER_POOL_WORKER = 200
# How often a Dask driver looks at the cluster's health while it waits for results.
_POLL_SECONDS = 2.0


class ClusterError(EventwireError):
    """The Dask scheduler cannot be reached, or the cluster has no workers left; finished partitions are
    kept, and running the same command again resumes."""

    code = "EW510"


@dataclass(frozen=True, slots=True)
class Runner:
    """Which executor a run uses."""

    kind: str = "inline"  # inline, pool or dask
    workers: int = 1  # pool processes, or LocalCluster worker processes for dask without a scheduler
    scheduler: str | None = None  # tcp://HOST:PORT of a running Dask scheduler
    retries: int = 2  # further attempts after a partition raised or its worker died
    connect_timeout: float = 30.0  # seconds to reach a scheduler, or to wait for a cluster's workers

    def describe(self) -> str:
        if self.kind == "pool":
            return f"process pool of {self.workers}"
        if self.kind == "dask":
            return (
                f"Dask scheduler {self.scheduler}"
                if self.scheduler
                else f"Dask LocalCluster of {self.workers}"
            )
        return "in-process"


@dataclass(frozen=True, slots=True)
class Done:
    partition: Partition
    report: WorkerReport | None  # None: finished by an earlier run, found on disk


@dataclass(frozen=True, slots=True)
class Failed:
    partition: Partition
    attempts: int
    reason: str


Outcome = Done | Failed


class Executor(Protocol):
    capacity: int  # partitions worth having in flight (the driver reads no further ahead)

    def submit(self, partition: Partition) -> None: ...

    def pending(self) -> int: ...

    def wait(self) -> list[Outcome]:
        """Block until at least one submitted partition is done or has failed for good."""
        ...

    def close(self) -> None: ...


@contextmanager
def open_executor(runner: Runner, run_dir: Path, faults: Faults | None = None) -> Iterator[Executor]:
    """The executor ``runner`` names, shut down (workers, cluster) when the block ends."""
    executor: Executor
    if runner.kind == "inline":
        executor = InlineExecutor(str(run_dir), runner.retries, faults)
    elif runner.kind == "pool":
        executor = PoolExecutor(str(run_dir), runner.workers, runner.retries, faults)
    elif runner.kind == "dask":
        executor = DaskExecutor(str(run_dir), runner, faults)
    else:
        raise EventwireError(f"unknown runner {runner.kind!r}: use inline, pool or dask")
    try:
        yield executor
    finally:
        executor.close()


class InlineExecutor:
    """Runs each partition in this process when asked for results."""

    capacity = 1

    def __init__(self, run_dir: str, retries: int, faults: Faults | None) -> None:
        self.run_dir, self.retries, self.faults = run_dir, retries, faults
        self.queue: deque[Partition] = deque()

    def submit(self, partition: Partition) -> None:
        self.queue.append(partition)

    def pending(self) -> int:
        return len(self.queue)

    def wait(self) -> list[Outcome]:
        partition = self.queue.popleft()
        reason = ""
        for _ in range(self.retries + 1):
            try:
                return [Done(partition, run_partition(partition, self.run_dir, self.faults))]
            except Exception as exc:
                reason = _reason(exc)
        return [Failed(partition, self.retries + 1, reason)]

    def close(self) -> None:
        """Nothing to shut down."""


@dataclass(slots=True)
class _Attempt:
    partition: Partition
    failures: int = 0


class PoolExecutor:
    """A local process pool (spawned processes, each loading the spaCy pipeline once).

    When a worker process dies the whole pool breaks and every partition in flight is lost with it. Those
    partitions are retried one at a time, so the one that kills its worker is known and charged with the
    failure; the others complete.
    """

    def __init__(self, run_dir: str, workers: int, retries: int, faults: Faults | None) -> None:
        if workers < 1:
            raise EventwireError("--workers must be at least 1")
        self.run_dir, self.workers, self.retries, self.faults = run_dir, workers, retries, faults
        self.capacity = 2 * workers  # one running and one queued per worker: no worker waits on the driver
        self.running: dict[Future[WorkerReport], _Attempt] = {}
        self.queue: deque[_Attempt] = deque()
        self.suspects: deque[_Attempt] = deque()  # in flight when the pool broke: each runs alone next
        self.solo = False  # a suspect is running, alone
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=PARTITIONS_PER_POOL_WORKER,
        )

    def submit(self, partition: Partition) -> None:
        self.queue.append(_Attempt(partition))
        self._fill()

    def pending(self) -> int:
        return len(self.running) + len(self.queue) + len(self.suspects)

    def _fill(self) -> None:
        while not self.solo:
            if self.suspects:
                if self.running:
                    return
                queue, self.solo = self.suspects, True
            elif self.queue and len(self.running) < self.capacity:
                queue = self.queue
            else:
                return
            attempt = queue.popleft()
            try:
                future = self.pool.submit(run_partition, attempt.partition, self.run_dir, self.faults)
            except BrokenProcessPool:  # a worker died since the last look: start over on a fresh pool
                queue.appendleft(attempt)
                self._new_pool_for_suspects()
                continue
            self.running[future] = attempt

    def _new_pool_for_suspects(self) -> None:
        """The pool broke: what was in flight runs again, one at a time, on a fresh pool."""
        self.suspects.extend(self.running.values())
        self.running.clear()
        self.solo = False
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def wait(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while not outcomes:
            self._fill()
            done, _ = wait(self.running, return_when=FIRST_COMPLETED)
            alone, broken = self.solo, False
            for future in done:
                attempt = self.running.pop(future)
                try:
                    outcomes.append(Done(attempt.partition, future.result()))
                except BrokenProcessPool:
                    broken = True
                    attempt.failures += alone  # only a death while alone is surely its own
                    self._retry(attempt, "its worker process died", outcomes, suspect=True)
                except Exception as exc:
                    attempt.failures += 1
                    self._retry(attempt, _reason(exc), outcomes, suspect=False)
            if broken:
                self._new_pool_for_suspects()
            if not self.running:
                self.solo = False
        return outcomes

    def _retry(self, attempt: _Attempt, reason: str, outcomes: list[Outcome], suspect: bool) -> None:
        if attempt.failures > self.retries:
            outcomes.append(Failed(attempt.partition, attempt.failures, reason))
        elif suspect:
            self.suspects.append(attempt)
        else:
            self.queue.appendleft(attempt)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Partitions as Dask tasks, on a LocalCluster this executor starts or on a running scheduler.

    Dask retries a task that raised (``retries``) and reschedules one whose worker died, up to the
    scheduler's ``allowed-failures`` (set to ``retries`` on a LocalCluster); after that the partition fails.
    """

    def __init__(self, run_dir: str, runner: Runner, faults: Faults | None) -> None:
        try:
            import dask
            import distributed
        except ImportError:
            raise ClusterError("Dask is not installed: pip install 'dask[distributed]'") from None
        self.run_dir, self.runner, self.faults = run_dir, runner, faults
        self.cluster: Any = None
        self.futures: dict[Any, Partition] = {}
        timeout = runner.connect_timeout
        try:
            if runner.scheduler is None:
                if runner.workers < 1:
                    raise EventwireError("--dask-local must be at least 1")
                with dask.config.set(
                    {
                        "distributed.scheduler.allowed-failures": runner.retries,
                        # the statistical profiler samples the coding thread every 10 ms, under the GIL
                        "distributed.worker.profile.enabled": False,
                    }
                ):
                    self.cluster = distributed.LocalCluster(
                        n_workers=runner.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",  # any free port: runs side by side never collide
                        silence_logs=logging.CRITICAL,  # failures are reported by the driver
                    )
                self.client = distributed.Client(self.cluster, timeout=timeout)
            else:
                self.client = distributed.Client(runner.scheduler, timeout=timeout)
        except EventwireError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            detail = " ".join(str(exc).split())
            if runner.scheduler is None:
                raise ClusterError(f"cannot start a Dask LocalCluster: {detail}") from None
            raise ClusterError(
                f"cannot reach the Dask scheduler at {runner.scheduler} within {timeout:g}s: {detail}"
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except Exception:
            self.close()
            raise ClusterError(f"the Dask scheduler has no workers after {timeout:g}s") from None
        self._wait = distributed.wait
        self.capacity = 2
        self._resize()

    def _resize(self) -> None:
        """Two partitions in flight per worker thread, for the workers the cluster has now (it may grow)."""
        with contextlib.suppress(Exception):  # keep the last size while the scheduler does not answer
            self.capacity = 2 * max(sum(self.client.nthreads().values()), 1)

    def submit(self, partition: Partition) -> None:
        future = self.client.submit(
            run_partition,
            partition,
            self.run_dir,
            self.faults,
            key=f"eventwire-partition-{partition.pid}",
            retries=self.runner.retries,
            pure=False,
        )
        self.futures[future] = partition

    def pending(self) -> int:
        return len(self.futures)

    def wait(self) -> list[Outcome]:
        unhealthy_since: float | None = None
        while True:
            try:
                done, _ = self._wait(list(self.futures), timeout=_POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except (Exception, CancelledError) as exc:
                raise _lost(exc) from None  # the client cancels every future when it loses the scheduler
            if done:
                self._resize()
                return [self._outcome(future) for future in done]
            if self._healthy():
                unhealthy_since = None
                continue
            unhealthy_since = unhealthy_since or time.monotonic()
            if time.monotonic() - unhealthy_since > self.runner.connect_timeout:
                raise _lost(f"no workers (or no scheduler) for {self.runner.connect_timeout:g}s")

    def _outcome(self, future: Any) -> Outcome:
        partition = self.futures.pop(future)
        try:
            if future.status == "cancelled":
                raise _lost(f"partition {partition.pid} was cancelled")
            if future.status == "finished":
                return Done(partition, future.result())
            exc = future.exception()
            return Failed(partition, self.runner.retries + 1, _reason(exc))
        finally:
            future.release()

    def _healthy(self) -> bool:
        if self.client.status != "running":
            return False
        try:
            return bool(self.client.scheduler_info(n_workers=1).get("workers"))
        except Exception:  # the scheduler went away mid-question
            return False

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


def _lost(why: object) -> ClusterError:
    detail = " ".join(str(why).split())
    return ClusterError(
        f"lost the Dask cluster ({detail}); finished partitions are kept, run again to resume"
    )


def _reason(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    name = type(exc).__name__
    if name == "KilledWorker":
        return "its worker process died on every attempt"
    return f"{name}: {exc}"
