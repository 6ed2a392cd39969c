"""The ``eventwire`` command: thin typer commands over library functions."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from eventwire.errors import EventwireError, StoreError
from eventwire.records import public_event

if TYPE_CHECKING:  # the store pulls in DuckDB and Arrow: imported by the commands that need it, so that
    from eventwire.store import Store  # quick commands such as `actors lookup` start fast

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file holding the coded events.")]
ActorsOption = Annotated[
    list[Path] | None, typer.Option("--actors", help="User actor dictionary (YAML); repeatable.")
]


def _fail(exc: EventwireError) -> typer.Exit:
    err.print(f"[red]error[/red] {exc.code}: {escape(str(exc))}", soft_wrap=True)  # one line, however long
    return typer.Exit(2)


def _use_actors(actors: list[Path] | None) -> None:
    """Check the user's actor dictionaries before any work starts, and hand them to every worker."""
    from eventwire.actors.lexicon import load_lexicon
    from eventwire.config import load_settings, share_with_workers

    try:
        settings = load_settings(actors)
        lexicon = load_lexicon(settings.actors)
    except EventwireError as exc:
        raise _fail(exc) from None
    for line in lexicon.conflicts:
        err.print(f"[yellow]override[/yellow] {escape(line)}")
    share_with_workers(settings)


@app.command()
def code(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .html/.htm, .txt, .jsonl.")],
    db: DbOption = Path("eventwire.duckdb"),
    batch_size: Annotated[
        int, typer.Option(help="Documents per parse-and-write batch (per partition when scaled out).")
    ] = 64,
    max_bytes: Annotated[int, typer.Option(help="Larger documents are quarantined.")] = 5_000_000,
    workers: Annotated[int, typer.Option(help="Code on a local pool of this many processes.")] = 0,
    dask_local: Annotated[
        int, typer.Option(help="Code on a Dask LocalCluster of this many single-threaded worker processes.")
    ] = 0,
    scheduler: Annotated[
        str | None, typer.Option(help="Code on a running Dask cluster: its scheduler, tcp://HOST:PORT.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write a Parquet dataset (one folder per table) here instead of a database."),
    ] = None,
    run_dir: Annotated[
        Path | None,
        typer.Option(help="Staging folder for partition files (default DB.parts); shared by all workers."),
    ] = None,
    retries: Annotated[int, typer.Option(help="Retries of a partition whose worker failed or died.")] = 2,
    connect_timeout: Annotated[
        float, typer.Option(help="Seconds to reach a Dask scheduler, or to wait for its workers.")
    ] = 30.0,
    actors: ActorsOption = None,
) -> None:
    """Code news documents into political events stored in a DuckDB file (or a Parquet dataset)."""
    _use_actors(actors)
    from eventwire.executors import Runner
    from eventwire.ingest.readers import check_paths, iter_files
    from eventwire.runner import code_partitioned, code_paths

    if sum(bool(x) for x in (workers, dask_local, scheduler)) > 1:
        raise _fail(EventwireError("choose one of --workers, --dask-local and --scheduler"))
    if min(workers, dask_local, batch_size) < 0 or batch_size == 0:
        raise _fail(EventwireError("--workers, --dask-local and --batch-size must be positive"))
    if workers:
        runner = Runner("pool", workers, retries=retries)
    elif dask_local or scheduler:
        runner = Runner("dask", dask_local, scheduler, retries, connect_timeout)
    else:
        runner = Runner("inline", retries=retries)
    try:
        check_paths(paths)
        total = sum(1 for _ in iter_files(paths))
        columns = (
            SpinnerColumn(),
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("coding", total=total)
            if runner.kind == "inline" and out is None:
                summary = code_paths(
                    paths,
                    db,
                    batch_size=batch_size,
                    max_bytes=max_bytes,
                    on_document=lambda n: progress.advance(task, n),
                )
            else:
                summary = code_partitioned(
                    paths,
                    db=None if out else db,
                    out=out,
                    runner=runner,
                    batch_size=batch_size,
                    max_bytes=max_bytes,
                    run_dir=run_dir,
                    on_document=lambda n: progress.advance(task, n),
                )
    except EventwireError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        err.print("interrupted: what was finished is kept; run the same command again to resume")
        raise typer.Exit(130) from None
    _print_summary(summary, out or db, runner.describe() if summary.partitions else None, parquet=bool(out))
    if out is None:  # keep the clusters current: incremental, so cheap (docs/aggregate.md)
        _cluster_after_coding(db)
    if not summary.ok:
        raise typer.Exit(1)


def _print_summary(summary: Any, db: Path, runner: str | None = None, parquet: bool = False) -> None:
    table = Table(title=f"eventwire: {escape(str(db))}", show_header=False)
    rows: list[tuple[str, object]] = [
        ("documents read", summary.read),
        ("coded", summary.coded),
        ("duplicates (already stored)", summary.duplicates),
        ("skipped (language)", summary.skipped),
        ("quarantined", summary.quarantined),
        ("events", summary.events),
        ("articles/s", f"{summary.articles_per_second:.1f}"),
    ]
    if runner:
        rows += [
            ("runner", runner),
            ("partitions", summary.partitions),
            ("  finished by an earlier run", summary.reused_partitions),
            ("  failed (documents quarantined)", summary.failed_partitions),
            ("peak worker memory", f"{summary.peak_worker_mb:.0f} MB"),
        ]
    for label, value in rows:
        table.add_row(label, escape(str(value)))
    console.print(table)
    where = (
        f"read_parquet('{escape(str(db))}/quarantine/*.parquet')"
        if parquet
        else f"`eventwire quarantine --db {escape(str(db))}`"
    )
    for code_, count in sorted(summary.reasons.items()):
        console.print(f"  quarantined {code_}: {count} (see {where})")


@app.command()
def events(
    db: DbOption = Path("eventwire.duckdb"),
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ACCUSE.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor country code, e.g. RUS or IGO.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient country code.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events dated on or after YYYY-MM-DD.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
) -> None:
    """List coded events, filtered."""
    from eventwire.store import EventFilter, Store

    if format not in {"table", "json", "csv"}:
        raise _fail(EventwireError(f"unknown format {format!r}: use table, json or csv"))
    try:
        with Store(db, read_only=True) as store:
            rows = store.events(
                EventFilter(type=type, actor=actor, recipient=recipient, since=since, limit=limit)
            )
    except EventwireError as exc:
        raise _fail(exc) from None
    records = [public_event(r) for r in rows]
    if format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1, default=_json_default) + "\n")
    elif format == "csv":
        sys.stdout.write(_csv(records))
    else:
        console.print(_events_table(records))


def _json_default(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _who(entities: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{e['text']} ({e['country'] or '-'}{'/' + '/'.join(e['sector']) if e['sector'] else ''})"
        for e in entities
    )


def _csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    fields = [
        "id",
        "doc_id",
        "date",
        "type",
        "mode",
        "actor",
        "recipient",
        "cameo",
        "goldstein",
        "quad_class",
        "confidence",
        "trigger",
        "quote",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        writer.writerow({**r, "actor": _who(r["actor"]), "recipient": _who(r["recipient"])})
    return out.getvalue()


def _events_table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(records)} events")
    for column in ("id", "date", "type", "actor", "recipient", "trigger", "conf"):
        table.add_column(column)
    for r in records:
        table.add_row(
            r["id"][:10],
            r["date"] or "",
            r["type"],
            escape(_who(r["actor"])),
            escape(_who(r["recipient"])),
            escape(r["trigger"]),
            f"{r['confidence']:.2f}",
        )
    return table


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id (or a unique prefix of one).")],
    db: DbOption = Path("eventwire.duckdb"),
) -> None:
    """Show one event: its evidence sentence in context with the trigger marked, and why it was coded."""
    from eventwire.store import Store

    try:
        with Store(db, read_only=True) as store:
            row = store.event(event_id) or _by_prefix(store, event_id)
            article = store.article(row["doc_id"]) if row else None
    except EventwireError as exc:
        raise _fail(exc) from None
    if row is None or article is None:
        err.print(f"[red]error[/red] no event {escape(event_id)!s} in {escape(str(db))}")
        raise typer.Exit(2)
    text: str = article["text"]
    start, end = row["trigger_start"], row["trigger_end"]
    s0, s1 = row["span_start"], row["span_end"]
    before = text[max(0, s0 - 300) : s0]
    console.print(
        f"[bold]{row['type']}[/bold] {escape(row['mode'] or '')}  cameo {row['cameo']}  "
        f"goldstein {row['goldstein']}  quad {row['quad_class']}  confidence {row['confidence']}"
    )
    console.print(f"actor:     {escape(_who(row['actor']))}")
    console.print(f"recipient: {escape(_who(row['recipient'])) or '-'}")
    if row["speaker"]:
        console.print(
            f"speaker:   {escape(_who([row['speaker']]))}"
            + (f" via {escape(row['via'])}" if row["via"] else "")
        )
    console.print(
        f"date:      {row['date'] or '-'} ({row['date_granularity'] or 'unknown'})"
        + ("  historical (background to the story)" if row.get("historical") else "")
    )
    if row.get("place_name"):
        console.print(f"place:     {escape(row['place_name'])} ({row['place_country']})")
    console.print(f"article:   {escape(article['title'] or '')} [{escape(row['doc_id'])}]")
    console.print()
    console.print(
        "[dim]…"
        + escape(before)
        + "[/dim]"
        + escape(text[s0:start])
        + "[reverse]"
        + escape(text[start:end])
        + "[/reverse]"
        + escape(text[end:s1])
        + "[dim]"
        + escape(text[s1 : s1 + 200])
        + "…[/dim]"
    )
    console.print()
    console.print("why: " + escape(", ".join(row["explanation"])) + f"  (rule {escape(row['rule'])})")


def _by_prefix(store: Store, prefix: str) -> dict[str, Any] | None:
    matches = [r for r in store.events() if r["event_id"].startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


@app.command()
def quarantine(db: DbOption = Path("eventwire.duckdb")) -> None:
    """List the documents that could not be coded, with their reasons."""
    from eventwire.store import Store

    try:
        with Store(db, read_only=True) as store:
            rows = store.quarantine()
    except EventwireError as exc:
        raise _fail(exc) from None
    table = Table(title=f"{len(rows)} quarantined")
    for column in ("origin", "code", "reason"):
        table.add_column(column)
    for r in rows:
        table.add_row(escape(r["origin"]), r["code"], escape(r["reason"]))
    console.print(table)


actors_app = typer.Typer(no_args_is_help=True, help="Inspect the actor dictionaries.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help='A name as an article writes it, e.g. "Sergey Lavrov".')],
    on: Annotated[str | None, typer.Option("--date", help="Resolve as of this date (YYYY-MM-DD).")] = None,
    actors: ActorsOption = None,
) -> None:
    """Show what a name resolves to (country, sector, office) on a date, and which dictionary says so."""
    from eventwire.actors.lexicon import load_lexicon, lookup
    from eventwire.config import load_settings

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise _fail(EventwireError(f"--date {on!r} is not YYYY-MM-DD")) from None
    try:
        settings = load_settings(actors)
        readings = lookup(name, day, settings.actors)
        conflicts = load_lexicon(settings.actors).conflicts
    except EventwireError as exc:
        raise _fail(exc) from None
    for line in conflicts:
        err.print(f"[yellow]override[/yellow] {escape(line)}")
    if not readings:
        console.print(
            f"{escape(name)}: not in the dictionaries (coded from context: titles, roles, the article)"
        )
        raise typer.Exit(1)
    for entry in readings:
        dates = f"{entry.since or '…'} – {entry.until or '…'}" if entry.since or entry.until else "undated"
        office = f", {entry.office}" if entry.office else ""
        console.print(
            f"{escape(name)} → {entry.code} {'/'.join(entry.sector) or '-'}  ({entry.kind}: "
            f"{escape(entry.name)}{escape(office)}; {dates}; from {escape(entry.source)})"
        )


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (see docs/eval.md for the format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    report: Annotated[Path | None, typer.Option(help="Also write the full JSON report here.")] = None,
    actors: ActorsOption = None,
) -> None:
    """Code a gold file's documents and score them: precision, recall, F1, per type, misses, false alarms."""
    from eventwire.evaluate import evaluate_file, render

    _use_actors(actors)
    try:
        scores = evaluate_file(gold)
    except EventwireError as exc:
        raise _fail(exc) from None
    data = scores.as_dict()
    if report is not None:
        report.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if as_json:
        sys.stdout.write(
            json.dumps({k: v for k, v in data.items() if k not in {"misses", "false_alarms"}}, indent=1)
            + "\n"
        )
    else:
        console.print(escape(render(scores)))


def _existing(db: Path) -> Path:
    """Commands that write derived tables must not create an empty database by mistake."""
    if not db.exists():
        raise _fail(StoreError(f"no database at {db}"))
    return db


@app.command()
def cluster(
    db: DbOption = Path("eventwire.duckdb"),
    rebuild: Annotated[
        bool, typer.Option(help="Recompute every cluster, not only those new events touch.")
    ] = False,
    top: Annotated[int, typer.Option(help="Show this many clusters, most sources first.")] = 10,
) -> None:
    """Group the events that several reports tell into clusters (incremental; docs/aggregate.md)."""
    from eventwire.aggregate import clusters, update_clusters
    from eventwire.store import Store

    try:
        with Store(_existing(db)) as store:
            summary = update_clusters(store, rebuild=rebuild)
            shown = clusters(store, limit=top) if top > 0 else []
    except EventwireError as exc:
        raise _fail(exc) from None
    _print_clusters(summary)
    if shown:
        table = Table(title=f"top {len(shown)} clusters")
        for column in ("cluster", "date", "type", "actor", "recipient", "mentions", "articles", "sources"):
            table.add_column(column)
        for c in shown:
            table.add_row(
                c["cluster_id"][:10],
                str(c["event_date"] or "-"),
                c["type"],
                escape(", ".join(c["actor_sector"] or c["actor_country"])),
                escape(", ".join(c["recipient_sector"] or c["recipient_country"])),
                str(c["num_mentions"]),
                str(c["num_articles"]),
                str(c["num_sources"]),
            )
        console.print(table)


def _cluster_after_coding(db: Path) -> None:
    from eventwire.aggregate import update_clusters
    from eventwire.store import Store

    try:
        with Store(db) as store:
            _print_clusters(update_clusters(store))
    except EventwireError as exc:
        raise _fail(exc) from None


def _print_clusters(summary: Any) -> None:
    console.print(
        f"clusters: {summary.clusters} from {summary.events} events ({summary.new_events} new events, "
        f"{summary.written} clusters written, {summary.replaced} replaced) in {summary.seconds:.2f}s",
        soft_wrap=True,
    )
    if summary.undated:
        console.print(
            f"  {summary.undated} events without a usable date (none, 1970, or in the future) "
            "were clustered by ingestion day only",
            soft_wrap=True,
        )


@app.command()
def series(
    actor: Annotated[str, typer.Option(help="Actor country, optionally with a sector: RUS or RUS/GOV.")],
    recipient: Annotated[str, typer.Option(help="Recipient country, optionally with a sector.")],
    db: DbOption = Path("eventwire.duckdb"),
    by: Annotated[str, typer.Option(help="Period: day, week (from Monday) or month.")] = "week",
    over: Annotated[
        str, typer.Option(help="Count events, or clusters (one per reported happening).")
    ] = "events",
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Counts per period for an actor -> recipient dyad, by type and QuadClass, with Goldstein sum and mean."""
    from eventwire.aggregate import series as dyad_series
    from eventwire.store import Store

    if format not in {"table", "json", "csv"}:
        raise _fail(EventwireError(f"unknown format {format!r}: use table, json or csv"))
    try:
        with Store(db, read_only=True) as store:
            rows = [r.as_dict() for r in dyad_series(store, actor, recipient, by=by, over=over)]
    except EventwireError as exc:
        raise _fail(exc) from None
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
    elif format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(
            out,
            fieldnames=["period", "type", "quad_class", "count", "goldstein_sum", "goldstein_mean"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
    else:
        table = Table(title=f"{escape(actor.upper())} -> {escape(recipient.upper())} by {by}, {over}")
        for column in ("period", "type", "quad", "count", "goldstein sum", "goldstein mean"):
            table.add_column(column)
        for r in rows:
            table.add_row(
                r["period"],
                r["type"],
                str(r["quad_class"]),
                str(r["count"]),
                f"{r['goldstein_sum']:.1f}",
                f"{r['goldstein_mean']:.2f}",
            )
        console.print(table)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="gdelt, plover, csv or parquet.")],
    out: Annotated[Path, typer.Option(help="File to write (a folder for parquet).")],
    db: DbOption = Path("eventwire.duckdb"),
    force: Annotated[bool, typer.Option(help="Replace OUT when it exists.")] = False,
) -> None:
    """Export clusters as GDELT 2.0 event rows, or events as PLOVER JSONL, CSV or a Parquet dataset."""
    from eventwire.aggregate import update_clusters
    from eventwire.export import export as write_export
    from eventwire.store import Store

    try:
        with Store(_existing(db)) as store:
            update_clusters(store)  # GDELT rows and PLOVER links need current clusters; cheap when they are
            summary = write_export(store, format, out, force=force)
    except EventwireError as exc:
        raise _fail(exc) from None
    unit = "clusters" if format == "gdelt" else "events"
    console.print(f"wrote {summary.rows} {unit} to {escape(str(summary.path))} ({format})", soft_wrap=True)


@app.command()
def serve(
    db: DbOption = Path("eventwire.duckdb"),
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the read-only JSON API (/api/..., documented at /docs) and the dashboard (/) over a database."""
    import uvicorn  # only this command needs the web server

    from eventwire.web.app import create_app

    try:
        web_app = create_app(db)
    except EventwireError as exc:
        raise _fail(exc) from None
    console.print(
        f"eventwire: dashboard at http://{host}:{port}/ , API docs at http://{host}:{port}/docs",
        soft_wrap=True,
    )
    uvicorn.run(web_app, host=host, port=port, log_level="info")


@app.command()
def demo(db: DbOption = Path("eventwire-demo.duckdb")) -> None:
    """Code the sample articles bundled with eventwire, then print a summary and the events."""
    from eventwire.runner import code_paths
    from eventwire.store import Store

    with as_file(files("eventwire") / "samples") as folder:
        try:
            summary = code_paths([folder], db)
        except EventwireError as exc:
            raise _fail(exc) from None
    _print_summary(summary, db)
    with Store(db, read_only=True) as store:
        console.print(_events_table([public_event(r) for r in store.events()]))
        console.print("by type: " + ", ".join(f"{t} {n}" for t, n in store.type_counts()))
    console.print(f"Next: eventwire events --db {escape(str(db))} --format json | eventwire show ID --db ...")


@app.command("bench")
def bench_(
    docs: Annotated[int, typer.Option(help="Articles in the generated corpus.")] = 200,
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="JSONL articles to cycle (default: ../shared/gold/news-dev.jsonl, else the samples)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes for the pool and Dask runs.")] = 2,
    modes: Annotated[
        str, typer.Option(help="Comma-separated: spacy, inline, pool, dask.")
    ] = "spacy,inline,pool,dask",
    batch_size: Annotated[int, typer.Option(help="Documents per batch or partition.")] = 64,
) -> None:
    """Measure articles/s, words/s and peak memory: bare spaCy, one process, a process pool and Dask."""
    from eventwire.bench import bench

    try:
        bench(
            docs,
            corpus,
            workers,
            [m.strip() for m in modes.split(",") if m.strip()],
            batch_size,
            typer.echo,
        )
    except EventwireError as exc:
        raise _fail(exc) from None


if __name__ == "__main__":
    app()
