"""Run-control callbacks, tested on a plain stand-in for st.session_state
(a click that Streamlit delivers twice is tested against a real server in
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


def test_frame_interval_follows_frame_cost_with_hysteresis(session, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(live.time, "perf_counter", lambda: clock[0])
    assert live.frame_interval() == live.FRAME_S
    for _ in range(20):  # frames that fit comfortably: the interval stays put
        assert not live.pace(0.03)
        clock[0] += 0.07
    assert live.frame_interval() == live.FRAME_S
    changed = []
    for _ in range(40):  # a busy server: each frame takes 0.5 s of wall time
        changed.append(live.pace(0.5))
        clock[0] += 0.5
    assert live.frame_interval() == pytest.approx(live.PACE_MARGIN * session.frame_cost, rel=0.5)
    assert live.frame_interval() >= 0.5  # never back to back
    # each change reruns the page, so changes are rare: at most one per PACE_HOLD_S
    assert 1 <= sum(changed) <= 20 * 0.5 / live.PACE_HOLD_S + 1
    for _ in range(200):  # absurd costs are capped
        live.pace(60.0)
        clock[0] += 5.0
    assert live.frame_interval() == live.MAX_FRAME_S
    for _ in range(200):  # the load goes away: back to full speed
        live.pace(0.02)
        clock[0] += 0.5
    assert live.frame_interval() == live.FRAME_S
