"""Teaching with the playground: the weights seed (Reset to the same weights
or New weights on the same data), hide= for the run buttons, the Run settings
and the view toggles, and the presets' two sentences."""
import json

import numpy as np
import pytest

from playground.config import Config
from playground.engine import Network
from playground.presets import PRESETS
from playground.settings import BY_NAME
from tests.support.apptest import session_of, start


def weights_of(seed, dims=(2, 8, 8, 1), init="he"):
    """The starting W1 an independent Network of the default shape gets from a seed."""
    return Network(list(dims), init=init, seed=seed).parameters["W1"]


def query_value(at, key):
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def test_old_links_and_files_keep_their_weights_and_data():
    cfg, notices = Config.from_query({"seed": "7"})  # a link made before init_seed
    assert not notices and cfg.init_seed is None and cfg.weights_seed == 7
    net = cfg.make_network(cfg.make_dataset())
    assert np.array_equal(net.parameters["W1"], weights_of(7))
    assert cfg.to_query()["init_seed"] == "seed" and Config.from_query(cfg.to_query()) == (cfg, [])
    old = json.loads(Config(seed=7).to_json())
    del old["config"]["init_seed"]
    assert Config.from_json(json.dumps(old)) == cfg
    assert json.loads(Config(init_seed=5).to_json())["config"]["init_seed"] == 5
    assert json.loads(cfg.to_json())["config"]["init_seed"] is None
    assert Config.from_json(Config(init_seed=5).to_json()).init_seed == 5


def test_a_weights_seed_changes_the_weights_not_the_data():
    plain, seeded = Config(seed=3), Config(seed=3, init_seed=11)
    assert seeded.needs(plain) == "model"
    d1, d2 = plain.make_dataset(), seeded.make_dataset()
    assert np.array_equal(d1.X_train, d2.X_train) and np.array_equal(d1.y_test, d2.y_test)
    assert np.array_equal(seeded.make_network(d2).parameters["W1"], weights_of(11))
    cfg, notices = Config.from_query({"init_seed": "many"})
    assert cfg.init_seed is None and "init_seed=many" in notices[0] and "using seed" in notices[0]
    with pytest.raises(ValueError, match="init_seed"):
        Config(init_seed=-1)


def test_new_weights_keeps_the_data_shows_the_seed_and_puts_it_in_the_link():
    at = start()
    data = session_of(at).trainer.dataset
    before = session_of(at).trainer.network.parameters["W1"].copy()
    assert np.array_equal(before, weights_of(0)) and at.number_input(key="w_init_seed").value is None
    assert at.number_input(key="w_init_seed").placeholder == "= seed 0"
    at.button(key="btn_new_weights").click().run()
    seed = session_of(at).cfg.init_seed
    assert isinstance(seed, int) and seed != 0
    assert session_of(at).trainer.dataset is data  # the same points
    fresh = session_of(at).trainer.network.parameters["W1"].copy()
    assert np.array_equal(fresh, weights_of(seed)) and not np.array_equal(fresh, before)
    assert at.number_input(key="w_init_seed").value == seed
    assert query_value(at, "init_seed") == str(seed) and query_value(at, "seed") == "0"
    assert any(str(seed) in i.value for i in at.info)
    # Reset: back to these same starting weights, however often
    at.button(key="btn_step").click().run()
    at.button(key="btn_reset").click().run()
    assert np.array_equal(session_of(at).trainer.network.parameters["W1"], fresh)
    at.button(key="btn_new_weights").click().run()
    assert session_of(at).cfg.init_seed != seed


def test_a_link_with_a_weights_seed_opens_those_weights():
    at = start({"seed": "2", "init_seed": "99"})
    assert session_of(at).cfg.init_seed == 99 and at.number_input(key="w_init_seed").value == 99
    assert np.array_equal(session_of(at).trainer.network.parameters["W1"], weights_of(99))
    assert np.array_equal(session_of(at).trainer.dataset.X_train, Config(seed=2).make_dataset().X_train)
    at.number_input(key="w_init_seed").set_value(None).run()  # emptied: follows the seed again
    assert np.array_equal(session_of(at).trainer.network.parameters["W1"], weights_of(2))


HIDDEN_KEYS = {"train": "btn_train", "step": "btn_step", "step_epoch": "btn_epoch", "reset": "btn_reset",
               "new_weights": "btn_new_weights", "speed": "w_speed", "stop_epoch": "w_stop_epoch",
               "patience": "w_patience", "init_seed": "w_init_seed", "show_test": "w_show_test",
               "discretize": "w_discretize", "log_cost": "w_log_cost"}


def keys(at) -> set:
    return {w.key for kind in ("button", "number_input", "selectbox", "toggle") for w in getattr(at, kind)}


@pytest.mark.parametrize("name", list(HIDDEN_KEYS))
def test_hide_leaves_out_each_run_control_and_toggle(name):
    shown = keys(start())
    assert set(HIDDEN_KEYS.values()) <= shown
    at = start({"hide": name})
    assert not at.warning, [w.value for w in at.warning]
    assert keys(at) == shown - {HIDDEN_KEYS[name]}
    assert query_value(at, "hide") == name


def test_a_fixed_exercise_hides_all_of_them_and_still_steps_by_link():
    at = start({"hide": "train,step_epoch,reset,new_weights,speed,stop_epoch,patience,init_seed,"
                        "show_test,discretize,log_cost"})
    assert not at.warning
    assert {w.key for w in at.button} & set(HIDDEN_KEYS.values()) == {"btn_step"}
    at.button(key="btn_step").click().run()
    assert session_of(at).trainer.step_count == 1


def test_every_preset_shows_what_to_look_at_and_what_to_try_next():
    at = start()
    at.radio(key="w_panel").set_value("Presets").run()
    shown = " ".join(m.value for m in at.markdown)
    for preset in PRESETS:
        assert preset.look in shown and preset.try_next in shown, preset.name


def test_weights_seed_is_one_row_of_the_table():
    row = BY_NAME["init_seed"]
    assert row.applies == "model" and row.default is None and row.follows == "seed" and row.group == "Run"


def test_presentation_mode_is_kept_in_the_link_and_not_in_the_setup():
    at = start({"present": "1", "hide": "seed"})
    assert query_value(at, "present") == "1" and query_value(at, "hide") == "seed"
    assert session_of(at).chart_height < 440  # charts lower, to fit the network beside them
    assert "present" not in json.loads(session_of(at).cfg.to_json())["config"]
    at.button(key="btn_step").click().run()  # a rerun keeps it
    assert query_value(at, "present") == "1"
    assert "present" not in start().query_params  # off unless asked for
    at = start({"present": "please"})
    assert "present" not in at.query_params
    assert any("present=please" in w.value for w in at.warning)


@pytest.mark.parametrize("dataset", ["circles", "blobs3"])
def test_the_apps_gradient_check_passes_on_the_squared_loss(dataset):
    at = start({"loss": "squared", "dataset": dataset, "act": "tanh,tanh"})
    assert session_of(at).trainer.network.loss == "squared"
    at.button(key="btn_step").click().run()
    at.radio(key="w_panel").set_value("Gradient check").run()
    at.button(key="btn_gradcheck").click().run()
    report = session_of(at).gradcheck["report"]
    assert report and all(r["relative_error"] < 1e-6 for r in report.values())
    at.radio(key="w_panel").set_value("Maths").run()
    assert any("squared error" in e.value for e in at.get("latex"))
