"""One bounded recorder for everything kept over a run: the per-epoch history
of the costs and scores, and the app's boundary snapshots and layer statistics.

Items are recorded at growing keys (epochs or steps). The keys are cut into
slots `stride` wide, and the first item of each slot is kept: a key is due
when it starts a slot no kept item is in. When `capacity` items are held the
stride doubles and each new slot keeps its first item, so a run of any length
keeps an evenly spaced summary in bounded memory (consecutive epochs: every
epoch, then every 2nd, 4th, …). The newest item added is always held, due or
not (the counters show the current state); an item that was not due gives
way to the next one added.
"""
from __future__ import annotations

from typing import Any, Callable

from .validation import validate_whole


class Recorder:
    def __init__(self, capacity: int = 100):
        self.capacity, self.stride = validate_whole("capacity", capacity, 2), 1
        self.keys: list[float] = []
        self.items: list[Any] = []
        self._newest_due = True
        self._last_due: float | None = None

    def due(self, key: float) -> bool:
        """Whether an item at this key would be kept for good."""
        return self._last_due is None or key // self.stride > self._last_due // self.stride

    def add(self, key: float, item: Any) -> None:
        """Record item at key (keys must not go down)."""
        if self.items and not self._newest_due:
            self.keys.pop()
            self.items.pop()
        self._newest_due = self.due(key)
        if self._newest_due:
            self._last_due = key
        self.keys.append(key)
        self.items.append(item)
        while len(self.items) >= self.capacity and len(self.items) > 2:  # (keys may repeat: thin again)
            self._thin()

    def _thin(self) -> None:
        self.stride *= 2
        keys, items, self._last_due = [], [], None
        for key, item in zip(self.keys[:-1], self.items[:-1]):
            if self.due(key):
                keys.append(key)
                items.append(item)
                self._last_due = key
        self._newest_due = self.due(self.keys[-1])
        if self._newest_due:
            self._last_due = self.keys[-1]
        self.keys, self.items = keys + self.keys[-1:], items + self.items[-1:]

    def offer(self, key: float, make: Callable[[], Any]) -> None:
        """Record make() at key if the key is due (make is only called then)."""
        if self.due(key):
            self.add(key, make())

    def drop_newest(self) -> None:
        """Forget the newest item (one recorded for weights that were then undone)."""
        if not self.items:
            return
        self.keys.pop()
        self.items.pop()
        self._newest_due, self._last_due = True, None
        for key in self.keys:  # the slots of what is left
            if self.due(key):
                self._last_due = key

    def __len__(self) -> int:
        return len(self.items)
