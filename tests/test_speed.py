"""Speed: each live frame advances exactly what the pace asks, with fractional
epochs carried across frames; the clock is the test's own."""
import pytest

from playground.config import Config
from playground.speed import MAX_GAP_S, SpeedGauge
from playground.ui import live, state
from tests.support.apptest import start
from tests.test_ui_state import FakeSessionState


def frames(gauge, speed, steps_per_epoch, gaps, limit=10_000):
    now, taken = 100.0, [gauge.steps(speed, steps_per_epoch, 100.0, limit)]
    for gap in gaps:
        now += gap
        taken.append(gauge.steps(speed, steps_per_epoch, now, limit))
    return taken


def test_full_batch_at_ten_epochs_per_second_takes_one_step_per_tenth_of_a_second():
    assert frames(SpeedGauge(), 10, 1, [0.1] * 20) == [0] + [1] * 20


def test_fractional_epochs_accumulate_across_frames():
    # 3 epochs/s, 35 steps an epoch (350 points, batch 10), frames 0.1 s apart: 10.5 steps a frame
    taken = frames(SpeedGauge(), 3, 35, [0.1] * 40)
    assert sum(taken) == 3 * 35 * 4  # four seconds: exactly twelve epochs
    assert set(taken[1:]) == {10, 11}


def test_a_long_gap_never_bursts():
    taken = frames(SpeedGauge(), 10, 1, [0.1, 60.0, 0.1])
    assert taken == [0, 1, int(10 * MAX_GAP_S), 1]


def test_the_limit_caps_a_frame_and_drops_the_debt():
    assert frames(SpeedGauge(), 300, 100, [0.1, 0.1], limit=500) == [0, 500, 500]


def test_a_frame_at_speed_advances_the_trainer_by_that_many_steps(monkeypatch):
    fake = FakeSessionState()
    monkeypatch.setattr(state, "ss", lambda: fake)
    cfg = Config(speed=30, batch_size=10)
    state.build(cfg, cfg.make_dataset())
    trainer, clock = fake.trainer, iter([0.0, 0.1, 0.2, 0.3])
    assert trainer.steps_per_epoch == 35  # 350 training points
    steps = [live.frame_steps(trainer, fake, clock=lambda: next(clock)) for _ in range(4)]
    assert steps == [0, 105, 105, 105] and trainer.step_count == 315 and trainer.epoch == 9


@pytest.mark.parametrize("speed", ["1", "300", "max"])
def test_speed_is_kept_in_the_link_and_shown_by_the_run_buttons(speed):
    at = start({"speed": speed})
    assert at.query_params["speed"] in (speed, [speed])
    assert str(at.select_slider(key="w_speed").value) == speed
    assert not at.warning
