"""Run-control callbacks, tested on a plain stand-in for st.session_state
(a click delivered inside a fragment run is tested against a real server in
tests/test_faults_ui.py)."""
import pytest

from playground.ui import live, state
from tests.support.apptest import fake_session


@pytest.fixture()
def session(monkeypatch):
    return fake_session(monkeypatch)


def test_every_step_click_counts_however_fast(session):
    for _ in range(5):  # no time window: back-to-back clicks each take a step
        state.step_once()
    assert session.trainer.step_count == 5 and session.running is False
    state.step_epoch()
    assert session.trainer.epoch == 6


def test_train_and_pause_set_state_instead_of_toggling(session):
    state.start()
    state.start()
    assert session.running is True
    state.pause()
    state.pause()
    assert session.running is False


def test_reset_twice_gives_the_same_initial_weights(session):
    session.trainer.run(5)
    state.reset()
    first = session.trainer.network.parameters["W1"].copy()
    state.reset()
    assert (session.trainer.network.parameters["W1"] == first).all()
    assert session.trainer.step_count == 0


def test_advance_respects_the_time_budget_and_stops_on_divergence(session):
    taken = live.advance(session.trainer, budget_s=0.01)
    assert 0 < taken <= live.MAX_STEPS_PER_FRAME
    session.trainer.network.learning_rate = 100.0
    live.advance(session.trainer, budget_s=0.05)
    assert session.trainer.diverged
    assert live.advance(session.trainer, budget_s=0.01) == 0


def test_frame_period_is_the_median_of_recent_gaps_between_frames(session):
    assert live.frame_period() == live.FRAME_S  # no frame yet
    live.note_frame(10.0)
    assert live.frame_period() == live.FRAME_S  # one frame: no gap yet
    for now in (10.1, 10.2, 10.3, 10.4):
        live.note_frame(now)
    assert live.frame_period() == pytest.approx(0.1)
    live.note_frame(15.4)  # one long gap (a tab in the background) does not move it
    assert live.frame_period() == pytest.approx(0.1)
    now = 15.4
    for _ in range(live.PERIOD_WINDOW):  # a busy server: a frame every 0.8 s from now on
        now += 0.8
        live.note_frame(now)
    assert live.frame_period() == pytest.approx(0.8)
    for _ in range(live.PERIOD_WINDOW):  # the load goes away: back to what was asked for
        now += 0.07
        live.note_frame(now)
    assert live.frame_period() == pytest.approx(0.07)
