"""One validated settings object, from the config file, the environment and command-line flags.

The config file is ``eventwire.toml`` in the working directory, or the file named by ``EVENTWIRE_CONFIG``:

    actors = ["my_actors.yaml"]     # user actor dictionaries, applied to every command

Paths in the file are relative to the file. ``EVENTWIRE_ACTORS`` (paths joined by the OS path separator)
adds actor files too; the command line's ``--actors`` sets it, so that worker processes inherit the choice.
This module is the only place that reads or writes the environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventwire.errors import DataFileError

_KEYS = {"actors"}
ACTORS_ENV = "EVENTWIRE_ACTORS"


@dataclass(frozen=True, slots=True)
class Settings:
    actors: tuple[str, ...] = ()


def load_settings(actors: list[Path] | None = None, cwd: Path | None = None) -> Settings:
    """Settings from the config file (if any), with command-line actor files added after the file's."""
    path = _config_path(cwd or Path.cwd())
    files: list[str] = []
    if path is not None:
        data = _read(path)
        raw = data.get("actors", [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise DataFileError(f"{path}: 'actors' must be a file name or a list of file names")
        files.extend(str((path.parent / item).resolve()) for item in raw)
    files.extend(p for p in os.environ.get(ACTORS_ENV, "").split(os.pathsep) if p)
    files.extend(str(p.resolve()) for p in actors or [])
    for name in files:
        if not Path(name).is_file():
            raise DataFileError(f"actors file not found: {name}")
    return Settings(actors=tuple(dict.fromkeys(files)))


def _config_path(cwd: Path) -> Path | None:
    named = os.environ.get("EVENTWIRE_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise DataFileError(f"EVENTWIRE_CONFIG names a missing file: {path}")
        return path
    local = cwd / "eventwire.toml"
    return local if local.is_file() else None


def _read(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read config ({exc})") from None
    unknown = set(data) - _KEYS
    if unknown:
        raise DataFileError(
            f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}"
        )
    return data


def share_with_workers(settings: Settings) -> None:
    """Make these settings the ones every process of this run (pool or local cluster workers) reads."""
    if settings.actors:
        os.environ[ACTORS_ENV] = os.pathsep.join(settings.actors)


@cache
def _cached(cwd: str, env: str, config: str) -> Settings:
    return load_settings(cwd=Path(cwd))


def current_settings() -> Settings:
    """The settings in force for this process (cached until the environment or directory changes)."""
    return _cached(str(Path.cwd()), os.environ.get(ACTORS_ENV, ""), os.environ.get("EVENTWIRE_CONFIG", ""))
