"""Training at a pace people can follow: how many optimiser steps a live
frame takes for a Speed setting in epochs per second (pure Python, no UI).

Fractional epochs accumulate across frames in a SpeedGauge: at 3 epochs/s and
10 frames/s with a 35-step epoch each frame owes 10.5 steps, so frames take
10 and 11 in turn. The time between frames comes from the caller's clock, so
tests pass their own. A long gap (a background tab, a busy server) counts as
at most MAX_GAP_S, so a frame never bursts to catch up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SPEEDS = (1, 3, 10, 30, 100, 300, "max")
MAX = "max"  # as many steps as fit the frame's time budget
MAX_GAP_S = 0.5


@dataclass
class SpeedGauge:
    last: float | None = None  # the clock at the previous frame
    owed: float = 0.0  # steps owed but not yet taken (less than one)

    def restart(self) -> None:
        """Training (re)starts: the next frame measures from itself."""
        self.last, self.owed = None, 0.0

    def steps(self, speed: int, steps_per_epoch: int, now: float, limit: int) -> int:
        """The steps this frame takes at `speed` epochs per second (at most limit)."""
        gap = 0.0 if self.last is None else min(max(now - self.last, 0.0), MAX_GAP_S)
        self.last = now
        self.owed += speed * steps_per_epoch * gap
        taken = min(int(math.floor(self.owed + 1e-9)), limit)
        self.owed = min(self.owed - taken, 1.0) if taken < limit else 0.0
        return taken
