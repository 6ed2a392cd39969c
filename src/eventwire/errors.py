"""One exception tree with stable codes.

A bad document becomes a quarantine record carrying the code and message; a bad invocation (missing path,
unwritable database) becomes a one-line CLI error.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class; ``code`` is stable and documented, the message says what to do."""

    code = "EW000"


class DocumentError(EventwireError):
    """A single input document cannot be processed; the batch goes on."""

    code = "EW100"


class EmptyDocument(DocumentError):
    code = "EW101"


class NotText(DocumentError):
    """Binary content or bytes that are not valid UTF-8 (nor a declared charset)."""

    code = "EW102"


class TooLarge(DocumentError):
    code = "EW103"


class BadRecord(DocumentError):
    """A JSONL line that is not a JSON object with text or html."""

    code = "EW104"


class NoArticleText(DocumentError):
    """Extraction found no article body (truncated or empty page)."""

    code = "EW105"


class UnsupportedLanguage(DocumentError):
    code = "EW106"


class InputError(EventwireError):
    """A path given on the command line does not exist or cannot be read."""

    code = "EW200"


class StoreError(EventwireError):
    """The database cannot be opened or written."""

    code = "EW300"


class DataFileError(EventwireError):
    """A dictionary or table shipped with (or given to) eventwire is malformed."""

    code = "EW400"
