"""Faults never leave the UI stuck in 'running' or lose the model."""

import numpy as np
from tests.support.apptest import session_of, start





def test_a_rerun_while_training_keeps_training_and_pause_still_works():
    at = start({"speed": "max"})  # trains on every tick, whatever the clock says
    at.button(key="btn_train").click().run()
    epoch = session_of(at).trainer.epoch
    at.select_slider(key="w_learning_rate").set_value(0.01).run()  # a full rerun mid-training
    assert session_of(at).running
    at.run()
    assert session_of(at).trainer.epoch > epoch
    at.button(key="btn_pause").click().run()
    assert not session_of(at).running and not at.exception


def test_a_new_session_after_a_restart_starts_paused_from_the_link():
    at = start({"dataset": "xor", "seed": "4"})
    assert session_of(at).running is False
    assert session_of(at).trainer.dataset.name == "xor"
    assert [b.label for b in at.button].count("Train") == 1


def test_a_reset_or_data_change_while_running_stops_cleanly():
    at = start()
    at.button(key="btn_train").click().run()
    at.selectbox(key="w_dataset").select("moons").run()
    assert session_of(at).running is False and session_of(at).trainer.epoch == 0
    at.run()
    assert session_of(at).trainer.epoch == 0 and not at.exception


def test_divergence_during_training_keeps_finite_weights_and_can_resume():
    at = start({"lr": "10", "opt": "sgd", "speed": "max"})
    at.button(key="btn_train").click().run()
    for _ in range(5):
        at.run()
    t = session_of(at).trainer
    assert t.diverged and not session_of(at).running
    assert np.isfinite(t.network._theta).all()
    at.select_slider(key="w_learning_rate").set_value(0.01).run()
    at.button(key="btn_train").click().run()
    at.run()
    assert not session_of(at).trainer.diverged and session_of(at).running
