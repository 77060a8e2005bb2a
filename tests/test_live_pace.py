"""The live loop's pace (Speed), its stop conditions and the auto-pause, with
a fake clock put in the session (no sleeping). In AppTest each at.run() is
one tick: the page run draws the live fragment, which trains one frame."""
import json
import math

import pytest

from playground.config import Config
from playground.engine import Trainer
from playground.engine.trainer import History
from playground.ui import live, pacing, state
from playground.ui.plotly_live import payload
from tests.support.apptest import counter as apptest_counter, session_of, start
from tests.test_ui_state import session  # noqa: F401 (session is a fixture)

IDLE_TEXT = "paused after 10 minutes without a click, to share the server"  # the wording


class FakeClock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


def trainer(at):
    return session_of(at).trainer


def training(query: dict, clock) -> "AppTest":  # noqa: F821
    """A session opened from a link, on a fake clock, just after Train."""
    at = start(query)
    session_of(at).clock = clock
    at.button(key="btn_train").click().run()
    assert session_of(at).running and not at.exception
    return at


def tick(at, clock, seconds: float) -> None:
    clock.t += seconds
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def counter(at) -> str:
    return apptest_counter(at)


# ------------------------------------------------------------------ speed
def test_speed_10_full_batch_trains_one_epoch_per_tenth_of_a_second():
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    assert trainer(at).steps_per_epoch == 1 and trainer(at).epoch == 0  # the clock starts at Train
    for k in range(1, 9):
        tick(at, clock, 0.1)
        assert trainer(at).epoch == k  # 10 epochs/s × 0.1 s
        assert counter(at).startswith(f"### Epoch {k} · step {k}")


def test_frame_timers_that_jitter_still_give_one_step_per_frame():
    """The front end's timer fires about every 0.1 s, sometimes a little early:
    a frame that owes 0.99 of a step takes it (the time is owed on), so no frame
    shows nothing new and none takes two steps."""
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    for k in range(1, 21):
        tick(at, clock, 0.099 if k % 2 else 0.1005)
        assert trainer(at).step_count == k
    tick(at, clock, 2.0)  # a long gap is still capped: at two runs (a run every 0.3 s here), 6 steps
    assert trainer(at).step_count == 26


def test_the_frame_tick_is_no_faster_than_the_steps_are_due():
    at = start({"speed": "1"})  # full batch: one step a second
    assert live.tick_interval(session_of(at)) == pytest.approx(live.STEP_TIMER_SHARE * 1.0)
    assert live.tick_interval(session_of(at)) > 5 * live.FRAME_S
    at = start({"speed": "3", "batch_size": "10"})  # 35 steps an epoch: 105 steps/s, frames at FRAME_S
    assert live.tick_interval(session_of(at)) == live.FRAME_S
    at = start({"speed": "max"})
    assert live.tick_interval(session_of(at)) == live.FRAME_S


def test_speed_3_with_batch_10_carries_fractional_epochs_over():
    clock = FakeClock()
    at = training({"speed": "3", "batch_size": "10", "n_samples": "500", "test_ratio": "0.3"}, clock)
    t = trainer(at)
    assert len(t.dataset.y_train) == 350 and t.steps_per_epoch == 35
    for k in range(1, 13):
        tick(at, clock, 0.1)
        expected_steps = math.floor(3 * 35 * 0.1 * k + 1e-9)  # 10.5 steps per tick: 10, 21, 31, 42, …
        assert t.step_count == expected_steps
        assert t.epoch == expected_steps // 35
        assert counter(at).startswith(f"### Epoch {expected_steps // 35} · step {expected_steps}")
    assert t.epoch == 3  # 1.2 s at 3 epochs/s is 3.6 epochs: 3 whole ones


def test_a_long_gap_counts_as_two_runs_and_the_frame_budget_caps_the_work():
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    tick(at, clock, 60.0)  # a tab in the background for a minute
    assert trainer(at).epoch == 6  # two runs' time (0.6 s) × 10 epochs/s, no burst
    at.selectbox(key="w_speed").select(300).run()  # applies live
    at.select_slider(key="w_batch_size").set_value(1).run()
    before = trainer(at).step_count
    assert trainer(at).epoch == 6 and session_of(at).running
    for _ in range(2):  # 300 epochs/s of 350 steps asks for 10,500 steps per 0.1 s
        start_steps = trainer(at).step_count
        tick(at, clock, 0.1)
        drawn = 1 + len(live_payload(at)["later"])
        assert 0 < trainer(at).step_count - start_steps <= drawn * live.MAX_STEPS_PER_FRAME  # a cap per drawn frame
    assert trainer(at).step_count > before


def test_max_trains_as_many_steps_as_fit_the_frame_budget():
    clock = FakeClock()
    at = training({"speed": "max"}, clock)
    t = trainer(at)
    base = clock.t
    # each step "costs" 1 ms on this clock, so a 20 ms budget fits 20 steps;
    # chunks double, so a frame overshoots by less than the steps already taken
    session_of(at).clock = lambda: base + t.step_count * 0.001
    fit = live.TRAIN_BUDGET_S / 0.001
    for _ in range(3):
        before = t.step_count
        at.run()
        parts = 1 + len(live_payload(at)["later"])
        assert parts == pacing.MAX_PARTS  # at Speed max a run draws MAX_PARTS frames, each with the budget
        assert parts * fit <= t.step_count - before <= parts * (2 * fit + 1)
    assert session_of(at).running


# --------------------------------------------------------------- stopping
def test_stop_epoch_stops_exactly_there_with_a_notice():
    clock = FakeClock()
    at = training({"speed": "30", "stop_epoch": "7"}, clock)
    for _ in range(5):
        tick(at, clock, 0.1)  # 3 epochs a tick: 3, 6, then 7 and stop
    assert trainer(at).epoch == 7 and not session_of(at).running
    assert any("epoch 7" in i.value and "stop epoch" in i.value for i in at.info)
    assert [b.label for b in at.button].count("Train") == 1


def test_stop_epoch_with_mini_batches_stops_at_the_epoch_boundary():
    clock = FakeClock()
    at = training({"speed": "30", "stop_epoch": "2", "batch_size": "32"}, clock)
    for _ in range(3):
        tick(at, clock, 0.1)
    t = trainer(at)
    assert t.epoch == 2 and t.step_count == 2 * t.steps_per_epoch and not session_of(at).running


def test_epochs_since_best_on_a_hand_made_history():
    h = History()
    for epoch, cost in enumerate([1.0, 0.8, 0.5, 0.6, 0.7, 0.5, 0.9]):
        h.add(epoch, 0.0, cost, 0.0, 0.0)
    assert h.epochs_since_best("test_cost") == 4  # best 0.5 at epoch 2; the equal 0.5 at 5 is no better
    h.add(7, 0.0, 0.4, 0.0, 0.0)
    assert h.epochs_since_best("test_cost") == 0
    empty = History()
    empty.add(0, 0.0, float("nan"), 0.0, 0.0)
    empty.add(1, 0.0, float("nan"), 0.0, 0.0)
    assert empty.epochs_since_best("test_cost") == 0


def test_patience_stops_after_k_epochs_without_a_better_test_cost():
    clock = FakeClock()
    at = training({"speed": "10", "patience": "4"}, clock)
    t = trainer(at)
    first = t.history.rows[0]
    t.history.rows[0] = (first[0], first[1], 0.0, first[3], first[4])  # a test cost no network beats
    for _ in range(4):
        tick(at, clock, 0.1)
    assert t.epoch == 4 and not session_of(at).running
    assert any("not improved for 4 epochs" in i.value for i in at.info)
    at.run()  # the next tick redraws the buttons: Train instead of Pause
    at.button(key="btn_train").click().run()  # Train again: four more epochs, not an instant stop
    for _ in range(3):
        tick(at, clock, 0.1)
    assert session_of(at).running and t.epoch == 7
    tick(at, clock, 0.1)
    assert t.epoch == 8 and not session_of(at).running


# ------------------------------------------------------------- auto-pause
def test_ten_minutes_without_a_click_pauses_with_a_notice():
    clock = FakeClock()
    at = training({"speed": "1"}, clock)
    for minute in range(1, 10):
        tick(at, clock, 60.0)
        assert session_of(at).running, minute
    tick(at, clock, 60.0)
    assert not session_of(at).running
    assert any(IDLE_TEXT in i.value for i in at.info)
    held = trainer(at).step_count
    tick(at, clock, 60.0)
    assert trainer(at).step_count == held and [b.label for b in at.button].count("Train") == 1


def test_a_click_at_minute_nine_keeps_training():
    clock = FakeClock()
    at = training({"speed": "1"}, clock)
    for _ in range(9):
        tick(at, clock, 60.0)
    at.toggle(key="w_show_test").set_value(True).run()  # the user touches the page
    for minute in range(10, 19):
        tick(at, clock, 60.0)
        assert session_of(at).running, minute
    tick(at, clock, 60.0)  # ten minutes after that click
    assert not session_of(at).running and any(IDLE_TEXT in i.value for i in at.info)


def test_a_button_click_is_a_touch_and_the_apps_own_reruns_are_not():
    at = start()
    clock = FakeClock(1e9)  # long after the real clock the session started on
    session_of(at).clock = clock
    at.run()
    at.run()  # reruns without a click or a changed widget (as the fragment's st.rerun makes)
    session_of(at).running = True  # training, last touched before the fake clock began
    tick(at, clock, 0.0)
    assert not session_of(at).running and any(IDLE_TEXT in i.value for i in at.info)
    at.button(key="btn_step").click().run()  # a click, now
    session_of(at).running = True
    tick(at, clock, 599.0)
    assert session_of(at).running
    tick(at, clock, 1.0)
    assert not session_of(at).running


# ------------------------------------------------- busy server (issue 10 #7)
def test_the_counter_says_frames_are_slow_only_when_they_come_much_rarer_than_asked():
    clock = FakeClock()
    # 300 steps/s (full batch): frames every FRAME_S, a run of MAX_PARTS of them every MAX_PARTS × FRAME_S
    at = training({"speed": "300"}, clock)
    for _ in range(12):  # an idle server: the tick, the round trip, the drawing
        tick(at, clock, pacing.MAX_PARTS * live.FRAME_S + 0.03)
    assert "slow frames" not in counter(at)
    for _ in range(12):  # a busy one: a run every 1.2 s, its frames shown 0.3 s apart
        tick(at, clock, 1.2)
    assert "slow frames: one every 0.3 s (a busy server or browser)" in counter(at)
    at.button(key="btn_pause").click().run()
    at.button(key="btn_train").click().run()  # a new run measures afresh
    assert "slow frames" not in counter(at)


# ---------------------------------------------- the charts clock the frames (#12)
def live_payload(at) -> dict:
    return next(payload(e.proto) for e in at.get("bidi_component") if e.proto.id.endswith("chart_live"))


def ticks(at) -> dict:
    """The tick (seconds to the next frame, None: no next frame) each chart was given, by key."""
    return {e.proto.id.rsplit("-", 1)[-1]: payload(e.proto)["tick"] for e in at.get("bidi_component")}


def test_while_training_the_charts_ask_for_the_next_frame_and_when_paused_they_do_not():
    clock = FakeClock()
    at = start({"speed": "3"})
    session_of(at).clock = clock
    assert ticks(at) == {"chart_live": None, "chart_network": None}
    at.button(key="btn_train").click().run()
    assert ticks(at) == {"chart_live": pytest.approx(live.run_tick(session_of(at))),
                         "chart_network": pytest.approx(live.NETWORK_FRAMES_PER_LIVE / 3)}  # 4 steps' frames
    for _ in range(12):  # frames four seconds apart: the network drawing slows to one per NETWORK_FRAMES_PER_LIVE
        tick(at, clock, 4.0)
    # each run owes two steps (two runs' time at most: 2/3 s × 3 steps/s) and shows them as two frames 2 s apart
    assert ticks(at)["chart_network"] == pytest.approx(2.0 * live.NETWORK_FRAMES_PER_LIVE)
    assert ticks(at)["chart_live"] == pytest.approx(live.STEP_TIMER_SHARE / 3)  # full batch: 3 steps/s
    at.button(key="btn_pause").click().run()
    assert ticks(at) == {"chart_live": None, "chart_network": None}


def test_each_frame_gives_the_charts_a_new_frame_number():
    """The JavaScript runs (and sets its clock) only when the payload changes:
    a frame with nothing new to draw must still differ from the one before."""
    at = start({"speed": "3"})
    at.button(key="btn_train").click().run()
    frames = []
    for _ in range(3):
        at.run()
        frames.append(next(payload(e.proto)["frame"] for e in at.get("bidi_component")
                           if e.proto.id.endswith("chart_live")))
    assert frames[0] < frames[1] < frames[2]


# ------------------------------------------------------------ default pace
def test_the_default_pace_shows_the_boundary_forming_in_2_to_10_seconds():
    cfg = Config()
    assert (cfg.dataset, cfg.hidden, cfg.optimizer, cfg.learning_rate, cfg.batch_size) == \
        ("circles", (8, 8), "adam", 0.01, None)
    data = cfg.make_dataset()
    t = Trainer(cfg.make_network(data), data, batch_size=cfg.batch_size)
    while t.evaluate()["test_score"] < 0.95 and t.epoch < 1000:
        t.run_epoch()
    assert 2 <= t.epoch / cfg.speed <= 10, (t.epoch, cfg.speed)
    # each epoch is one step that moves the boundary; at ~10 frames/s and at most
    # 10 epochs/s each one is drawn, so at least 10 frames show it changing first
    assert cfg.speed <= 10 and t.epoch >= 10


def test_the_run_settings_sit_by_the_run_buttons_live_in_the_link_and_can_be_hidden():
    at = start({"speed": "30", "stop_epoch": "50", "patience": "20"})
    cfg = session_of(at).cfg
    assert (cfg.speed, cfg.stop_epoch, cfg.patience) == (30, 50, 20) and not at.warning
    assert at.selectbox(key="w_speed").value == 30
    assert at.number_input(key="w_stop_epoch").value == 50 and at.number_input(key="w_patience").value == 20
    assert not any(w.key == "w_speed" for w in at.sidebar.selectbox)  # beside the buttons, not in the sidebar
    at.button(key="btn_step").click().run()
    at.selectbox(key="w_speed").select("max").run()
    assert trainer(at).step_count == 1 and at.query_params["speed"] in ("max", ["max"])  # live: no reset
    hidden = start({"hide": "speed,patience"})
    assert not any(w.key == "w_speed" for w in hidden.selectbox)
    assert [w.key for w in hidden.number_input if w.key in ("w_stop_epoch", "w_patience")] == ["w_stop_epoch"]


# ------------------------------------- a run draws several frames (pacing.MAX_PARTS)
def shown_steps(at) -> list[int]:
    """The step counts of the frames one run drew: its own, then its further parts'."""
    sent = live_payload(at)
    return [int(text.split("step ")[1].split()[0]) for text in [sent["counter"]] + [p["counter"] for p in sent["later"]]]


def test_at_speed_10_a_run_draws_a_frame_for_each_step_and_asks_again_when_they_are_shown():
    """Full batch at 10 epochs/s: a step every 0.1 s. The browser asks for a
    run every 0.3 s; each run trains its three steps one at a time and
    draws each, to be shown 0.1 s apart."""
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    for k in range(4):
        tick(at, clock, 0.3)
        assert shown_steps(at) == [3 * k + 1, 3 * k + 2, 3 * k + 3]
        assert live_payload(at)["tick"] == pytest.approx(0.3)
        assert live_payload(at)["spacing"] == pytest.approx(0.1)
        images = [live_payload(at)["patches"][0]] + [p["patches"][0] for p in live_payload(at)["later"]]
        assert len({json.dumps(ops) for ops in images}) == 3  # a new boundary in each


def test_when_runs_come_rarer_each_draws_more_frames_spread_over_the_gap():
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    for _ in range(10):
        tick(at, clock, 0.8)  # a busy server: a run every 0.8 s, of which 0.5 s are owed (MAX_GAP_S)
    steps = shown_steps(at)
    assert len(steps) == pacing.MAX_PARTS and steps[-1] - steps[0] + 1 >= pacing.MAX_PARTS  # five steps in four frames
    assert steps == sorted(set(steps)) and steps[-1] == trainer(at).step_count
    assert live_payload(at)["spacing"] == pytest.approx(0.8 / pacing.MAX_PARTS)


def test_the_stop_epoch_ends_a_run_of_several_parts_there():
    clock = FakeClock()
    at = training({"speed": "10", "stop_epoch": "5"}, clock)
    tick(at, clock, 0.3)
    tick(at, clock, 0.3)  # steps 4, 5, then the stop: no sixth
    assert shown_steps(at) == [4, 5] and trainer(at).epoch == 5 and not session_of(at).running
    at.run()  # the next tick's run finds the stop and redraws the page with its notice
    assert any("stop epoch is 5" in i.value for i in at.info)


def test_a_stop_in_a_middle_part_trains_and_draws_no_further_part(monkeypatch):
    """A stop found after the second of three parts (patience, say): the
    third is neither trained nor drawn, and the page run that shows the
    notice comes a drawn frame later, not a whole run."""
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    tick(at, clock, 0.3)
    assert shown_steps(at) == [1, 2, 3]
    real = pacing.stop_reason
    monkeypatch.setattr(pacing, "stop_reason", lambda trainer, cfg, start: "Stopped: a test's reason."
                        if trainer.step_count == 5 else real(trainer, cfg, start))
    tick(at, clock, 0.3)
    assert shown_steps(at) == [4, 5] and trainer(at).step_count == 5 and not session_of(at).running
    at.run()
    assert any(i.value == "Stopped: a test's reason." for i in at.info)
    assert [b.label for b in at.button].count("Train") == 1


def test_a_stop_in_the_first_part_asks_for_the_page_run_a_drawn_frame_later(monkeypatch):
    clock = FakeClock()
    at = training({"speed": "10"}, clock)
    tick(at, clock, 0.3)
    assert live_payload(at)["tick"] == pytest.approx(0.3)  # three frames a run
    monkeypatch.setattr(pacing, "stop_reason", lambda trainer, cfg, start: "Stopped: a test's reason.")
    tick(at, clock, 0.3)
    assert shown_steps(at) == [4] and live_payload(at)["tick"] == pytest.approx(0.1)


def test_a_frame_with_no_training_points_does_not_spin_through_its_budget():
    """Every training point erased in Draw mode: the trainer takes no step,
    and the frame must stop asking at once instead of looping until its
    time budget is gone (in each of a run's parts)."""
    class NoData:
        diverged, calls = False, 0

        def run(self, steps: int) -> int:
            self.calls += 1
            return 0

    ticks = iter(range(10_000))
    empty = NoData()
    assert live.advance(empty, limit=100, clock=lambda: next(ticks) * 1e-4) == 0
    assert empty.calls == 1
