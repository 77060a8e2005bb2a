"""Learning-rate schedules: the step size α_t used in epoch t, from the base
rate α the user chose (TF Playground issue #158).

    constant      α_t = α
    step          α_t = α · 0.5^⌊t / 200⌋            (halved every 200 epochs)
    exponential   α_t = α · 0.995^t                  (halved about every 138 epochs)
"""
from __future__ import annotations

import math

SCHEDULES = ("constant", "step", "exponential")
STEP_EVERY, STEP_FACTOR = 200, 0.5
DECAY_PER_EPOCH = 0.995
LATEX = {
    "constant": r"\alpha_t = \alpha",
    "step": rf"\alpha_t = \alpha \cdot {STEP_FACTOR:g}^{{\lfloor t/{STEP_EVERY} \rfloor}}",
    "exponential": rf"\alpha_t = \alpha \cdot {DECAY_PER_EPOCH:g}^{{t}}",
}


def rate(base: float, schedule: str, epoch: int) -> float:
    """α_t for epoch t = epoch (0 for the first), never below 1e-12 of α."""
    if schedule == "constant":
        return base
    if schedule == "step":
        factor = STEP_FACTOR ** (epoch // STEP_EVERY)
    elif schedule == "exponential":
        factor = math.exp(epoch * math.log(DECAY_PER_EPOCH))
    else:
        raise ValueError(f"unknown schedule {schedule!r}; choose one of: {', '.join(SCHEDULES)}")
    return base * max(factor, 1e-12)
