"""eventwire: news pages in, PLOVER political events out — who did what to whom, when, and on whose word.

    >>> import eventwire
    >>> events = eventwire.code_text("Russia accused Ukraine of shelling the plant on Monday.")

The heavy pipeline (spaCy) is imported on first use, so ``import eventwire`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["code_html", "code_paths", "code_text"]

if TYPE_CHECKING:
    from eventwire.runner import code_html, code_paths, code_text


def __getattr__(name: str) -> Any:
    if name in __all__:
        from eventwire import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
