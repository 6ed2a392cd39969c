"""Partitions of a scaled run and their Parquet files: what a worker receives, computes and leaves on disk.

A partition is a chunk of the input stream's fresh documents. Its id is a hash of their ids and content
hashes, so the same input and store state always give the same partitions, and a restarted run finds the
work a killed one finished. A worker writes the partition's tables (the store's tables, typed the same) to
a private temporary folder and renames them into the run directory, ``documents`` last:

    RUN_DIR/documents/PID.parquet        the commit record: present means every table of PID is complete
    RUN_DIR/articles/PID.parquet  RUN_DIR/events/PID.parquet  RUN_DIR/event_entities/PID.parquet
    RUN_DIR/quarantine/PID.parquet
    RUN_DIR/_tmp/                        work in progress, never read

so ``read_parquet('RUN_DIR/events/*.parquet')`` reads the events of every finished partition. Two attempts
at the same partition (a retried Dask task) write identical rows; the last rename wins. Quarantine records
the driver makes (unreadable input, partitions that failed as a whole) belong to no partition: they go to
``RUN_DIR/quarantine/q-HASH.parquet``, named by the records they hold, so writing the same records again
replaces the file instead of repeating them.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire import __version__
from eventwire.batch import process
from eventwire.model import Document, Quarantined, content_id
from eventwire.store import BATCH_TABLES, batch_tables

_COMMIT_TABLE = "documents"
_DRIVER_PREFIX = "q-"  # quarantine files the driver writes, which no partition owns
PARTITION_FAILED = "EW500"  # quarantine code of the documents of a partition that failed as a whole


@dataclass(frozen=True, slots=True)
class Partition:
    """Fresh documents to code, from one chunk of the input stream."""

    pid: str
    index: int  # position of its chunk in the input stream (stable across restarts)
    documents: tuple[Document, ...]
    size: int = 0  # input records its chunk held, duplicates and unreadable ones included (for progress)


def make_partition(index: int, documents: tuple[Document, ...], size: int) -> Partition:
    """A partition whose id depends only on what it holds (and the eventwire version that codes it)."""
    key = "\n".join([__version__] + [f"{d.doc_id}\t{d.content_hash}" for d in documents])
    return Partition(content_id(key), index, documents, size)


@dataclass(frozen=True, slots=True)
class WorkerReport:
    """What a worker says about one finished partition (its rows are on disk)."""

    pid: str
    seconds: float
    peak_rss_mb: float  # the worker process's peak resident memory so far
    host: str
    process_id: int


@dataclass(frozen=True, slots=True)
class PartitionCounts:
    """A finished partition's tallies, read back from its files."""

    coded: int = 0
    skipped: int = 0
    events: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def quarantined(self) -> int:
        return sum(self.reasons.values())


@dataclass(frozen=True, slots=True)
class Faults:
    """Injected failures, for tests of the failure paths: partition indexes whose worker process exits on
    the first attempt (as if killed), and indexes whose coding raises on every attempt."""

    exit_once: frozenset[int] = frozenset()
    fail: frozenset[int] = frozenset()


class RunDir:
    """The run directory: one Parquet file per partition and table, written atomically."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def file(self, table: str, pid: str) -> Path:
        return self.root / table / f"{pid}.parquet"

    def files(self, pid: str) -> dict[str, Path]:
        return {table: self.file(table, pid) for table in BATCH_TABLES}

    def is_complete(self, pid: str) -> bool:
        return self.file(_COMMIT_TABLE, pid).exists()

    def write(self, pid: str, tables: dict[str, pa.Table]) -> None:
        """Write each table to a private folder, then rename into place with the commit table last."""
        tmp = self.root / "_tmp" / f"{pid}.{uuid.uuid4().hex}"
        tmp.mkdir(parents=True)
        try:
            for table in BATCH_TABLES:
                if table in tables:
                    pq.write_table(tables[table], tmp / f"{table}.parquet")
                    _sync(tmp / f"{table}.parquet")  # on disk before the rename makes it count
            for table in sorted(tables, key=lambda name: name == _COMMIT_TABLE):
                self.file(table, pid).parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp / f"{table}.parquet", self.file(table, pid))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def write_quarantine(self, records: Sequence[Quarantined]) -> None:
        """Quarantine records that belong to no finished partition, in a file named by their ids."""
        table = batch_tables([], [], [], records)["quarantine"]
        name = _DRIVER_PREFIX + content_id("\n".join(sorted(table.column("qid").to_pylist())))
        self.write(name, {"quarantine": table})

    def counts(self, pid: str) -> PartitionCounts:
        """Tally a finished partition from its files (works for partitions finished by an earlier run)."""
        files = self.files(pid)
        statuses = pq.read_table(files["documents"], columns=["status"]).column("status").to_pylist()
        codes = pq.read_table(files["quarantine"], columns=["code"]).column("code").to_pylist()
        reasons: dict[str, int] = {}
        for code in codes:
            reasons[code] = reasons.get(code, 0) + 1
        return PartitionCounts(
            coded=statuses.count("coded"),
            skipped=statuses.count("skipped"),
            events=pq.ParquetFile(files["events"]).metadata.num_rows,
            reasons=reasons,
        )

    def remove(self, pid: str) -> None:
        """Drop a partition's files once the store holds them (commit record first, so it reads as undone)."""
        for table in (_COMMIT_TABLE, *BATCH_TABLES):
            self.file(table, pid).unlink(missing_ok=True)

    def sweep(self) -> None:
        """Remove what no finished partition owns: work in progress, and the files a worker killed between
        its renames left without a commit record (they would show in ``read_parquet`` globs otherwise)."""
        shutil.rmtree(self.root / "_tmp", ignore_errors=True)
        for table in BATCH_TABLES:
            for path in (self.root / table).glob("*.parquet"):
                if not path.name.startswith(_DRIVER_PREFIX) and not self.is_complete(path.stem):
                    path.unlink(missing_ok=True)


def run_partition(partition: Partition, run_dir: str, faults: Faults | None = None) -> WorkerReport:
    """The worker's job: code one partition and leave its tables in ``run_dir``. Runs in any process."""
    started = time.perf_counter()
    if faults is not None:
        _inject(partition, Path(run_dir), faults)
    result = process(partition.documents)
    tables = batch_tables(result.rows, result.articles, result.events, result.quarantined)
    RunDir(run_dir).write(partition.pid, tables)
    return WorkerReport(
        pid=partition.pid,
        seconds=time.perf_counter() - started,
        peak_rss_mb=peak_rss_mb(),
        host=socket.gethostname(),
        process_id=os.getpid(),
    )


def failed_records(partition: Partition, reason: str) -> tuple[Quarantined, ...]:
    """A partition that could not be coded at all: each of its documents quarantined with the reason."""
    return tuple(Quarantined(doc.origin, PARTITION_FAILED, reason, doc.doc_id) for doc in partition.documents)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inject(partition: Partition, run_dir: Path, faults: Faults) -> None:
    if partition.index in faults.fail:
        raise RuntimeError(f"injected failure in partition {partition.index}")
    if partition.index in faults.exit_once:
        marker = run_dir / "_faults" / partition.pid
        marker.parent.mkdir(parents=True, exist_ok=True)
        try:
            marker.touch(exist_ok=False)
        except FileExistsError:
            return
        os._exit(70)  # the process dies mid-partition, as when killed
