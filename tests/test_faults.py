"""Faults never leave the UI stuck in 'running' or lose the model."""

import numpy as np
from tests.support.apptest import start





def test_a_rerun_while_training_keeps_training_and_pause_still_works():
    at = start({"speed": "max"})  # trains on every tick, whatever the clock says
    at.button(key="btn_train").click().run()
    epoch = at.session_state.trainer.epoch
    at.select_slider(key="w_learning_rate").set_value(0.01).run()  # a full rerun mid-training
    assert at.session_state.running
    at.run()
    assert at.session_state.trainer.epoch > epoch
    at.button(key="btn_pause").click().run()
    assert not at.session_state.running and not at.exception


def test_a_new_session_after_a_restart_starts_paused_from_the_link():
    at = start({"dataset": "xor", "seed": "4"})
    assert at.session_state.running is False
    assert at.session_state.trainer.dataset.name == "xor"
    assert [b.label for b in at.button].count("Train") == 1


def test_a_reset_or_data_change_while_running_stops_cleanly():
    at = start()
    at.button(key="btn_train").click().run()
    at.selectbox(key="w_dataset").select("moons").run()
    assert at.session_state.running is False and at.session_state.trainer.epoch == 0
    at.run()
    assert at.session_state.trainer.epoch == 0 and not at.exception


def test_divergence_during_training_keeps_finite_weights_and_can_resume():
    at = start({"lr": "10", "opt": "sgd", "speed": "max"})
    at.button(key="btn_train").click().run()
    for _ in range(5):
        at.run()
    t = at.session_state.trainer
    assert t.diverged and not at.session_state.running
    assert np.isfinite(t.network._theta).all()
    at.select_slider(key="w_learning_rate").set_value(0.01).run()
    at.button(key="btn_train").click().run()
    at.run()
    assert not at.session_state.trainer.diverged and at.session_state.running
