"""The HTTP side of eventwire: a read-only JSON API and a dashboard over a coded database.

``create_app(db_path)`` builds the FastAPI app; ``eventwire serve`` runs it with uvicorn. Queries live in
``queries``, actor positions for the map in ``places``, the dashboard's files in ``static/``.
"""

from eventwire.web.app import create_app

__all__ = ["create_app"]
