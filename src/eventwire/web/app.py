"""The read-only HTTP API and the dashboard: ``create_app(db_path)`` builds a FastAPI app over one DuckDB file.

The database file is attached read-only to an in-memory DuckDB, whose own catalogue holds a copy of the
columns that text search and series read. Each request works on its own cursor (DuckDB connections are not
thread-safe; cursors are independent connections to the same databases), closed when the request ends.
Every response carries a strict Content-Security-Policy: the dashboard runs only its own scripts, served
from this app, and renders article text as text, never as markup.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import StoreError
from eventwire.ontology import PLOVER_TYPES
from eventwire.web import queries
from eventwire.web.places import places
from eventwire.web.queries import Filters, Page

STATIC = Path(__file__).parent / "static"
INDEX_LIMIT = 3_000_000  # the in-memory index takes about 200 MB per million events
CACHE_SIZE = 256  # answers of the aggregate endpoints kept: the database cannot change while it is served
log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Database:
    """The events file attached read-only to an in-memory DuckDB; one cursor per request."""

    def __init__(self, path: str | Path, index_limit: int = INDEX_LIMIT) -> None:
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"no database at {path}")
        self.con = duckdb.connect(":memory:")
        try:
            self.con.execute("ATTACH ? AS ew (READ_ONLY)", [str(path)])
            self.con.execute("USE ew")
            found = self.con.execute("SELECT count(*) FROM events").fetchone()
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(f"cannot read database {path}: {str(exc).splitlines()[0]}") from None
        self.index_ready = threading.Event()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._builder: duckdb.DuckDBPyConnection | None = None
        self._thread: threading.Thread | None = None
        if found and found[0] <= index_limit:
            # Built in the background: the API answers at once, and gets faster when this is done.
            self._builder = self.cursor()
            self._thread = threading.Thread(target=self._build_index, name="eventwire-index", daemon=True)
            self._thread.start()

    def _build_index(self) -> None:
        assert self._builder is not None
        try:
            queries.build_memory_index(self._builder)
            self.index_ready.set()
        except duckdb.Error as exc:  # interrupted at shutdown, or out of memory: queries read the file
            log.info("in-memory index not built: %s", str(exc).splitlines()[0])

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered under ``key`` (least recently used answers are dropped first)."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self.con.cursor()
        cur.execute("USE ew")
        return cur

    def close(self) -> None:
        if self._thread is not None and self._builder is not None:
            self._builder.interrupt()
            self._thread.join(timeout=10)
            self._builder.close()
        self.con.close()


class JSON(JSONResponse):
    """Plain ``json.dumps``: the query results are JSON types already, and FastAPI's generic encoder costs
    more than the query for a page of events."""

    def render(self, content: object) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class SecurityHeaders:
    """Adds the CSP and related headers to every response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if api and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Actor codes are three letters (ISO 3166 alpha-3 or a PLOVER group code such as IGO); anything else is a 422.
CODE = r"^[A-Za-z]{3}$"
ID = r"^[A-Za-z0-9_.:-]{1,128}$"

Actor = Annotated[str | None, Query(pattern=CODE, description="Actor country code, e.g. RUS or IGO.")]
Recipient = Annotated[str | None, Query(pattern=CODE, description="Recipient country code.")]
Both = Annotated[
    bool, Query(description="With actor and recipient: events between the two, in either direction.")
]
TypeQ = Annotated[str | None, Query(description="PLOVER event type, e.g. ACCUSE.")]
Quad = Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")]
Since = Annotated[date | None, Query(description="Events dated on or after this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Events dated on or before this day (YYYY-MM-DD).")]
Text = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Words in the evidence sentence.")
]
MinConf = Annotated[float | None, Query(ge=0, le=1, description="Lowest confidence, 0-1.")]


def _filters(
    actor: Actor = None,
    recipient: Recipient = None,
    both_directions: Both = False,
    type: TypeQ = None,
    quad_class: Quad = None,
    since: Since = None,
    until: Until = None,
    q: Text = None,
    min_confidence: MinConf = None,
) -> Filters:
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown event type {type!r}: use one of {', '.join(PLOVER_TYPES)}")
    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    return Filters(
        actor=actor.upper() if actor else None,
        recipient=recipient.upper() if recipient else None,
        both_directions=both_directions,
        type=type.upper() if type else None,
        quad_class=quad_class,
        since=since,
        until=until,
        q=q,
        min_confidence=min_confidence,
    )


FiltersDep = Annotated[Filters, Depends(_filters)]


def _cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = request.app.state.db.cursor()
    try:
        yield cur
    finally:
        cur.close()


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(_cursor)]


def create_app(db_path: str | Path, index_limit: int = INDEX_LIMIT) -> FastAPI:
    """The API and dashboard over the database at ``db_path``, opened read-only (StoreError if unreadable).

    Databases of up to ``index_limit`` events get an in-memory index for faster text search and series.
    """
    db = Database(db_path, index_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="eventwire",
        summary="Read-only API over PLOVER political events coded by eventwire.",
        version="1",
        docs_url=None,  # /docs is our own page: FastAPI's loads Swagger UI from a CDN with inline script
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    @app.get("/api/summary", tags=["overview"])
    def summary(cur: Cursor) -> JSON:
        """Counts, the dated range and the event types in the database."""
        return JSON(db.cached("summary", lambda: queries.summary(cur)))

    @app.get("/api/events", tags=["events"])
    def events(
        cur: Cursor,
        f: FiltersDep,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        sort: Literal["date", "confidence", "goldstein"] = "date",
        order: Literal["asc", "desc"] = "desc",
        entities: Annotated[
            bool, Query(description="Include actor and recipient members (text, sector, kind); slower.")
        ] = False,
    ) -> JSON:
        """Events matching the filters, one page at a time, with the total count."""
        page = Page(limit=limit, offset=offset, sort=sort, order=order)
        indexed = bool(f.q) and db.index_ready.is_set()
        return JSON(queries.events(cur, f, page, with_entities=entities, indexed=indexed))

    @app.get("/api/events/{event_id}", tags=["events"], responses={404: {"description": "No such event"}})
    def event(cur: Cursor, event_id: Annotated[str, PathParam(pattern=ID)]) -> JSON:
        """One event: its evidence sentence in the article text around it, the article, and its cluster."""
        found = queries.event_detail(cur, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return JSON(found)

    # ``:path``: JSONL ids become document ids as they are, slashes included.
    @app.get(
        "/api/articles/{doc_id:path}", tags=["articles"], responses={404: {"description": "No such article"}}
    )
    def article(cur: Cursor, doc_id: Annotated[str, PathParam(min_length=1, max_length=256)]) -> JSON:
        """An article's metadata, text and events."""
        found = queries.article(cur, doc_id)
        if found is None:
            raise HTTPException(404, f"no article {doc_id!r}")
        return JSON(found)

    @app.get("/api/actors", tags=["overview"])
    def actors(cur: Cursor, f: FiltersDep) -> JSON:
        """Actor codes with their event counts as actor and as recipient, name and capital position."""
        return JSON(db.cached(("actors", f), lambda: queries.actors(cur, f)))

    @app.get("/api/dyads", tags=["overview"])
    def dyads(
        cur: Cursor, f: FiltersDep, limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100
    ) -> JSON:
        """Actor -> recipient pairs with event counts and mean Goldstein score, most events first."""
        return JSON(db.cached(("dyads", f, limit), lambda: queries.dyads(cur, f, limit)))

    @app.get("/api/series", tags=["overview"])
    def series(cur: Cursor, f: FiltersDep, interval: Literal["day", "week", "month"] = "month") -> JSON:
        """Events per day, week or month by QuadClass, with Goldstein sum and mean, on the store's event days."""
        indexed = db.index_ready.is_set()
        return JSON(db.cached(("series", f, interval), lambda: queries.series(cur, f, interval, indexed)))

    @app.get("/api/positions", tags=["events"])
    def positions(
        cur: Cursor,
        a: Annotated[str, Query(pattern=CODE, description="First actor code.")],
        b: Annotated[str, Query(pattern=CODE, description="Second actor code.")],
        since: Since = None,
        until: Until = None,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 200,
    ) -> JSON:
        """Requests, rejections, accusations, agreements and concessions between two actors, in time order."""
        return JSON(queries.positions(cur, a.upper(), b.upper(), since, until, limit))

    @app.get("/api/places", tags=["overview"])
    def all_places() -> JSON:
        """Every actor code with a known name, and its capital's position where it has one.

        Positions are country-level: events are placed at their actors' capitals until events carry places.
        """
        return JSON([asdict(p) for p in sorted(places().values(), key=lambda p: p.code)])

    @app.exception_handler(duckdb.Error)
    async def database_error(request: Request, exc: duckdb.Error) -> JSONResponse:
        return JSONResponse({"detail": f"database error: {str(exc).splitlines()[0]}"}, status_code=500)

    return app
