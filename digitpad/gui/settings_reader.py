"""Saved settings read as the untrusted input they are.

A settings file can be edited by hand, written by another version, or damaged. Each
value is checked for its type and range; an unusable one is replaced by its default
and removed from the file, and its key is kept in `reset` so the window says so once
instead of failing at every start.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class SettingsReader:
    def __init__(self, settings: QSettings):
        self.settings = settings
        self.reset: list[str] = []  # keys whose saved value was unusable (and has been removed)

    def _raw(self, key: str):
        return self.settings.value(key) if self.settings.contains(key) else None

    def _reject(self, key: str, default):
        self.settings.remove(key)
        self.reset.append(key)
        return default

    def number(self, key: str, default: float, low: float, high: float) -> float:
        raw = self._raw(key)
        if raw is None:
            return default
        try:
            value = float(raw)
        except (TypeError, ValueError, OverflowError):
            return self._reject(key, default)
        if not math.isfinite(value) or not low <= value <= high:
            return self._reject(key, default)
        return value

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self._raw(key)
        if raw is None:
            return default
        return raw if isinstance(raw, str) and raw in choices else self._reject(key, default)

    def flag(self, key: str, default: bool) -> bool:
        raw = self._raw(key)
        if raw is None:
            return default
        if isinstance(raw, bool):
            return raw
        return raw == "true" if raw in ("true", "false") else self._reject(key, default)

    def text(self, key: str, default: str, max_length: int) -> str:
        raw = self._raw(key)
        if raw is None:
            return default
        return raw if isinstance(raw, str) and len(raw) <= max_length else self._reject(key, default)

    def path(self, key: str) -> Path | None:
        """A saved file or folder path ("" = none), or None; not checked for existence."""
        raw = self._raw(key)
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str) or len(raw) > 4096 or "\0" in raw:
            return self._reject(key, None)
        return Path(raw)

    def paths(self, key: str, limit: int) -> list[str]:
        raw = self._raw(key)
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(
            isinstance(p, str) and 0 < len(p) <= 4096 and "\0" not in p for p in items
        ):
            return self._reject(key, [])
        return items[:limit]

    def geometry(self, key: str) -> QByteArray | None:
        raw = self._raw(key)
        if raw is None:
            return None
        return raw if isinstance(raw, (QByteArray, bytes)) else self._reject(key, None)

    def reject(self, key: str) -> None:
        """A value that passed its type check but could not be used (e.g. a geometry Qt refused)."""
        self._reject(key, None)
