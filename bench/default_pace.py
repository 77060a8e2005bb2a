"""Epochs until test accuracy 0.95 with the default setup, and what each Speed makes of it.

    python bench/default_pace.py

The default setup (circles, 2-8-8-1 relu, Adam 0.01, full batch: one step per
epoch) is trained offline, epoch by epoch, until the test accuracy reaches
0.95, for the default seed and a few others. Each Speed (epochs/s) then gives
the seconds from Train to 0.95 and the frames drawn before it, at about 10
frames/s (FRAME_S = 0.07 s plus the frame's cost). The default pace should
give 2-10 s and at least 10 frames in which the boundary changes.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playground.config import Config  # noqa: E402
from playground.engine import Trainer  # noqa: E402
from playground.settings import MAX_SPEED, SPEEDS  # noqa: E402

FRAMES_PER_S = 10
SEEDS = range(6)


def epochs_to(cfg: Config, target: float = 0.95, limit: int = 5000) -> int:
    data = cfg.make_dataset()
    trainer = Trainer(cfg.make_network(data), data, batch_size=cfg.batch_size)
    while trainer.evaluate()["test_score"] < target and trainer.epoch < limit:
        trainer.run_epoch()
    return trainer.epoch


def main() -> None:
    default = Config()
    epochs = {seed: epochs_to(Config(seed=seed)) for seed in SEEDS}
    print("epochs to test accuracy 0.95:", ", ".join(f"seed {s}: {e}" for s, e in epochs.items()))
    print(f"{'speed':>6} {'s to 0.95 (seed 0)':>19} {'frames that change':>19} {'s, seeds 0-5':>14}")
    for speed in (s for s in SPEEDS if s != MAX_SPEED):
        e = epochs[default.seed]
        seconds = e / speed
        changing = min(e, round(seconds * FRAMES_PER_S))  # one boundary per frame at most
        spread = f"{min(epochs.values()) / speed:.1f}-{max(epochs.values()) / speed:.1f}"
        mark = "  <- default" if speed == default.speed else ""
        print(f"{speed:>6} {seconds:>19.1f} {changing:>19} {spread:>14}{mark}")


if __name__ == "__main__":
    main()
