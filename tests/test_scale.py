"""Scaled-out runs: a process pool and Dask give the in-process events, survive killed workers and a killed
driver, and quarantine partitions that cannot be coded. Corpora stay small (30 two-sentence articles)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import dask
import duckdb
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.executors import Done, PoolExecutor, Runner
from eventwire.ingest.readers import read_paths
from eventwire.model import Document
from eventwire.partitions import Faults, RunDir, make_partition, run_partition
from eventwire.runner import code_partitioned, code_paths

cli = CliRunner()
BATCH = 6  # documents per partition: 30 articles and 2 bad lines make 6 partitions

_COUNTRIES = ["Russia", "Ukraine", "France", "Germany", "Japan", "China"]
_COUNTRIES += ["India", "Brazil", "Turkey", "Egypt", "Kenya", "Mexico"]
_OPENERS = [
    "{a} accused {b} of shelling villages near the border on Monday, the foreign ministry said.",
    "{a} pledged new humanitarian aid to {b} after floods destroyed roads and bridges.",
    "The government of {a} expelled two diplomats from {b} on Tuesday over spying allegations.",
    "{a} and {b} signed an agreement on grain exports during talks in Geneva.",
    "Police in {a} arrested dozens of protesters who rallied against a visit by officials from {b}.",
    "{a} imposed sanctions on {b} over its support for armed groups in the region.",
]
_CLOSERS = [
    "Officials in {c} criticized the decision and called for restraint.",
    "The president of {c} welcomed the move in a statement on Wednesday.",
    "{c} said it would send observers to monitor the situation.",
    "Lawmakers in {c} urged the government to reconsider its position.",
    "A spokesman for {c} declined to comment on the report.",
]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 distinct short articles (no two near-duplicates), a line that is not JSON and a repeated id."""
    lines = []
    for i in range(30):
        a, b, c = _COUNTRIES[i % 12], _COUNTRIES[(i * 5 + 3) % 12], _COUNTRIES[(i * 7 + 1) % 12]
        text = _OPENERS[i % 6].format(a=a, b=b) + "\n\n" + _CLOSERS[(i // 6) % 5].format(c=c)
        lines.append(json.dumps({"id": f"doc-{i:02d}", "published": f"2024-03-0{1 + i % 9}", "text": text}))
        if i == 10:
            lines.append("this line is not json")
        if i == 20:
            lines.append(json.dumps({"id": "doc-03", "text": "A repeated id is skipped as a duplicate."}))
    path = tmp_path_factory.mktemp("corpus") / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(feed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The uninterrupted in-process run every scaled run is compared with."""
    db = tmp_path_factory.mktemp("reference") / "ref.duckdb"
    summary = code_paths([feed], db, batch_size=BATCH)
    assert (summary.coded, summary.quarantined, summary.duplicates) == (30, 1, 1)
    rows = _db_rows(db)
    assert len(rows["events"]) > 30
    return rows


@pytest.fixture(scope="module")
def scheduler() -> Any:
    """A running two-worker Dask cluster that tests join with ``--scheduler``."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 2}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


_TABLES = {
    "events": "event_id",
    "event_entities": "event_id, role, position",
    "documents": "doc_id",
    "articles": "doc_id",
    "quarantine": "qid",
}
_DROP = {"documents": ["ingested_at"], "quarantine": ["quarantined_at"]}  # when it ran


def _columns(con: duckdb.DuckDBPyConnection, source: str, table: str) -> str:
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    return ", ".join(n for n in names if n not in _DROP.get(table, []))


def _db_rows(db: Path) -> dict[str, Any]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: con.execute(f"SELECT {_columns(con, table, table)} FROM {table} ORDER BY {key}").fetchall()
            for table, key in _TABLES.items()
        }


def _parquet_rows(folder: Path) -> dict[str, Any]:
    con = duckdb.connect()
    out = {}
    for table, key in _TABLES.items():
        source = f"read_parquet('{folder / table}/*.parquet')"
        out[table] = con.execute(
            f"SELECT {_columns(con, source, table)} FROM {source} ORDER BY {key}"
        ).fetchall()
    return out


def _without_docs(rows: list[tuple], doc_ids: set[str]) -> list[tuple]:
    return [r for r in rows if r[1] not in doc_ids]


def _partition_docs(feed: Path, index: int) -> list[Document]:
    items = list(read_paths([feed]))[index * BATCH : (index + 1) * BATCH]
    return [d for d in items if isinstance(d, Document)]


def test_cli_on_a_dask_local_cluster_gives_the_in_process_events(
    feed: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    args = ["code", str(feed), "--db", str(db), "--dask-local", "2", "--batch-size", str(BATCH)]
    result = cli.invoke(app, args)
    assert result.exit_code == 1, result.output  # the line that is not JSON is quarantined
    assert "Dask LocalCluster of 2" in result.stdout
    assert _db_rows(db) == reference
    assert not (tmp_path / "dask.duckdb.parts").exists()  # staging files go once everything is loaded


def test_pool_writes_a_parquet_dataset_duckdb_reads(
    feed: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "dataset"
    summary = code_partitioned([feed], out=out, runner=Runner("pool", 2), batch_size=BATCH)
    assert (summary.coded, summary.partitions, summary.quarantined) == (30, 6, 1)
    assert summary.peak_worker_mb > 0
    assert _parquet_rows(out) == reference
    again = code_partitioned([feed], out=out, batch_size=BATCH)  # any runner continues a dataset
    assert (again.coded, again.duplicates) == (0, 31)  # the dataset's documents are known: nothing twice
    assert _parquet_rows(out) == reference


def test_a_killed_pool_worker_is_retried(feed: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    summary = code_partitioned(
        [feed], out=out, runner=Runner("pool", 2), batch_size=BATCH, faults=Faults(exit_once=frozenset({2}))
    )
    assert any((out / "_faults").iterdir()), "the worker coding partition 2 was killed once"
    assert (summary.failed_partitions, summary.quarantined) == (0, 1)
    assert _parquet_rows(out) == reference


def test_a_pool_found_broken_on_submit_is_replaced(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executor = PoolExecutor(str(tmp_path), 1, retries=1, faults=None)
    try:
        broken = executor.pool

        def refuse(*args: object, **kwargs: object) -> None:
            raise BrokenProcessPool("a worker died since the last look")

        monkeypatch.setattr(broken, "submit", refuse)
        executor.submit(make_partition(0, tuple(_partition_docs(feed, 0)[:1]), 1))
        assert executor.pool is not broken
        (outcome,) = executor.wait()
        assert isinstance(outcome, Done) and RunDir(tmp_path).is_complete(outcome.partition.pid)
    finally:
        executor.close()


def test_a_killed_dask_worker_is_retried(
    feed: Path, reference: dict[str, Any], scheduler: str, tmp_path: Path
) -> None:
    with Client(scheduler) as client:
        before = set(client.run(os.getpid).values())
        db = tmp_path / "s.duckdb"
        runner = Runner("dask", scheduler=scheduler)
        summary = code_partitioned(
            [feed], db=db, runner=runner, batch_size=BATCH, faults=Faults(frozenset({1}))
        )
        client.wait_for_workers(2, timeout=60)
        after = set(client.run(os.getpid).values())
    assert before - after, "one worker process died and was replaced"
    assert (summary.failed_partitions, summary.quarantined) == (0, 1)
    assert _db_rows(db) == reference


@pytest.mark.parametrize("kind", ["inline", "pool", "dask"])
def test_a_partition_that_always_fails_is_quarantined_and_retried_next_run(
    kind: str, feed: Path, reference: dict[str, Any], scheduler: str, tmp_path: Path
) -> None:
    runner = Runner(kind, 2, scheduler if kind == "dask" else None, retries=1)
    db = tmp_path / "s.duckdb"
    summary = code_partitioned(
        [feed], db=db, runner=runner, batch_size=BATCH, faults=Faults(fail=frozenset({0}))
    )
    lost = {d.doc_id for d in _partition_docs(feed, 0)}
    assert len(lost) == BATCH
    assert not summary.ok and summary.failed_partitions == 1
    assert summary.reasons == {"EW500": BATCH, "EW104": 1}
    rows = _db_rows(db)
    assert rows["events"] == _without_docs(reference["events"], lost)
    failed = [r for r in rows["quarantine"] if r[3] == "EW500"]
    assert {r[2] for r in failed} == lost
    assert all("after 2 attempt(s)" in r[4] and "injected failure" in r[4] for r in failed)
    retried = code_partitioned([feed], db=db, batch_size=BATCH)
    assert retried.coded == BATCH
    assert _db_rows(db)["events"] == reference["events"]


_KILL_AFTER_TWO = """
import os, signal, sys
from eventwire.executors import Runner
from eventwire.runner import code_partitioned

def crash(settled):
    if settled == 2:
        os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    code_partitioned([sys.argv[1]], db=sys.argv[2], runner=Runner("pool", 2), batch_size=6, on_partition=crash)
"""

_DIE_IN_PARTITION_THREE = """
import sys
from eventwire.partitions import Faults
from eventwire.runner import code_partitioned

if __name__ == "__main__":
    code_partitioned([sys.argv[1]], out=sys.argv[2], batch_size=6, faults=Faults(exit_once=frozenset({3})))
"""


def _run_killed(script: str, *args: Path, tmp_path: Path) -> int:
    path = tmp_path / "driver.py"
    path.write_text(script, encoding="utf-8")
    # its own session, so that the pool workers it leaves behind can be ended with it
    proc = subprocess.Popen([sys.executable, str(path), *map(str, args)], start_new_session=True)
    try:
        return proc.wait(timeout=300)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_driver_killed_after_two_partitions_resumes_to_the_same_events(
    feed: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    assert _run_killed(_KILL_AFTER_TWO, feed, db, tmp_path=tmp_path) == -signal.SIGKILL
    assert (tmp_path / "s.duckdb.parts").is_dir()
    before = len(_db_rows(db)["documents"])
    assert 10 <= before <= 12  # two partitions loaded (1 and 3 hold 5 new articles each, the others 6)
    summary = code_partitioned([feed], db=db, batch_size=BATCH)  # resumed in this process
    assert summary.coded == 30 - before
    assert _db_rows(db) == reference
    assert not (tmp_path / "s.duckdb.parts").exists()


def test_a_driver_that_dies_inside_a_partition_resumes_its_parquet_dataset(
    feed: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "dataset"
    assert _run_killed(_DIE_IN_PARTITION_THREE, feed, out, tmp_path=tmp_path) == 70
    assert len(list((out / "documents").glob("*.parquet"))) == 3
    summary = code_partitioned([feed], out=out, batch_size=BATCH)
    assert summary.coded == 13  # partitions 0-2 held 17 articles (and the bad line)
    assert _parquet_rows(out) == reference


def test_finished_partition_files_are_loaded_not_coded_again(
    feed: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db, staging = tmp_path / "s.duckdb", tmp_path / "staging"
    first = make_partition(0, tuple(_partition_docs(feed, 0)), BATCH)
    run_partition(first, str(staging))  # as a worker finished it just before the driver was killed
    assert RunDir(staging).is_complete(first.pid)
    # coding partition 0 again would fail; loading its files does not
    summary = code_partitioned(
        [feed], db=db, run_dir=staging, batch_size=BATCH, faults=Faults(fail=frozenset({0}))
    )
    assert (summary.reused_partitions, summary.failed_partitions, summary.coded) == (1, 0, 30)
    assert _db_rows(db) == reference


def test_an_unreachable_scheduler_fails_in_one_line(feed: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    args = ["code", str(feed), "--db", str(db), "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1"]
    result = cli.invoke(app, args)
    assert result.exit_code == 2
    assert "EW510" in result.output and "tcp://127.0.0.1:9" in result.output
    assert not db.exists()


@pytest.mark.parametrize(
    "flags", [["--workers", "2", "--dask-local", "2"], ["--workers", "2", "--scheduler", "tcp://x:1"]]
)
def test_one_runner_at_a_time(flags: list[str], feed: Path, tmp_path: Path) -> None:
    result = cli.invoke(app, ["code", str(feed), "--db", str(tmp_path / "s.duckdb"), *flags])
    assert result.exit_code == 2
    assert "choose one of" in result.output


def test_summary_of_a_partitioned_run(feed: Path, tmp_path: Path) -> None:
    result = cli.invoke(
        app, ["code", str(feed), "--out", str(tmp_path / "d"), "--workers", "1", "--batch-size", "10"]
    )
    assert result.exit_code == 1
    printed = "".join(result.stdout.split())  # rich wraps long lines
    for line in ("processpoolof1", "partitions", "peakworkermemory", "/quarantine/*.parquet"):
        assert line in printed


def test_bench_prints_rates_memory_and_ratios(tmp_path: Path) -> None:
    result = cli.invoke(app, ["bench", "--docs", "4", "--modes", "spacy,inline", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("corpus: 4 articles")
    assert "cores used" in lines[1] and "peak memory" in lines[1]
    assert any(line.startswith("bare spaCy nlp.pipe") and "MB" in line for line in lines)
    assert any(line.startswith("eventwire, 1 process") for line in lines)
    assert any(line.startswith("eventwire 1 process / bare spaCy:") for line in lines)
