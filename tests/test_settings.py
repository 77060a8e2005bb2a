"""The settings table: Config, links, JSON and hide= all come from it, and
links and files written by earlier versions still load."""
import json

import pytest

from playground.config import Config
from playground.settings import HIDEABLE, SETTINGS
from playground.ui.state import hidden_controls

OLD_LINK = {"dataset": "moons", "noise": "0.2", "points": "200", "test": "0.4", "features": "x1,x2,x1*x2",
            "layers": "5,3", "act": "tanh,relu", "keep": "1,0.9", "l2": "0.001", "init": "xavier", "opt": "sgd",
            "lr": "0.1", "batch": "32", "seed": "7"}
EXPECTED = Config(dataset="moons", noise=0.2, n_samples=200, test_ratio=0.4, features=("x1", "x2", "x1*x2"),
                  hidden=(5, 3), activations=("tanh", "relu"), keep_probs=(1.0, 0.9), l2=0.001, init="xavier",
                  optimizer="sgd", learning_rate=0.1, batch_size=32, seed=7)
# What the previous version's "Configuration (.json)" download wrote.
OLD_JSON = """{"format": "playground-config", "version": 1, "config": {"dataset": "moons", "noise": 0.2,
 "n_samples": 200, "test_ratio": 0.4, "features": ["x1", "x2", "x1*x2"], "hidden": [5, 3],
 "activations": ["tanh", "relu"], "keep_probs": [1.0, 0.9], "l2": 0.001, "init": "xavier", "optimizer": "sgd",
 "learning_rate": 0.1, "batch_size": 32, "seed": 7}}"""


def test_config_has_exactly_one_field_per_setting():
    assert list(vars(Config())) == [s.name for s in SETTINGS]


def test_links_of_the_previous_version_still_load():
    assert Config.from_query(OLD_LINK) == (EXPECTED, [])


def test_configuration_files_of_the_previous_version_still_load():
    assert Config.from_json(OLD_JSON) == EXPECTED


def test_a_link_uses_each_settings_one_name():
    assert set(EXPECTED.to_query()) == {s.name for s in SETTINGS} - {"points"}  # no drawn points: no key
    assert set(json.loads(EXPECTED.to_json())["config"]) == {s.name for s in SETTINGS}


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.choices and not s.is_list], ids=lambda s: s.name)
def test_every_choice_round_trips_through_a_link_and_json(setting):
    for choice in setting.choices:
        if setting.name == "dataset" and choice == "csv":
            continue  # uploaded data is never in a link
        cfg = Config(**{setting.name: choice})
        assert Config.from_query(cfg.to_query()) == (cfg, [])
        assert Config.from_json(cfg.to_json()) == cfg


def test_whole_numbers_in_json_are_read_as_the_float_choices_they_equal():
    cfg = Config.from_json(json.dumps({"format": "playground-config", "config": {"keep_probs": [1, 1], "l2": 0}}))
    assert cfg.keep_probs == (1.0, 1.0) and all(type(k) is float for k in cfg.keep_probs) and cfg.l2 == 0.0


@pytest.mark.parametrize("name, value", [("learning_rate", True), ("noise", False), ("seed", True),
                                         ("hidden", [True, True]), ("n_samples", 500.5), ("features", [["x1"]]),
                                         ("batch_size", "32"), ("init", None)])
def test_a_value_of_the_wrong_type_is_refused_naming_the_setting_and_value(name, value):
    text = json.dumps({"format": "playground-config", "config": {name: value}})
    with pytest.raises(ValueError) as error:
        Config.from_json(text)
    message = str(error.value)
    assert name in message and json.dumps(value)[:10] in message
    assert "Traceback" not in message and "unhashable" not in message


def test_a_bad_link_value_is_reported_under_its_own_key():
    cfg, notices = Config.from_query({"layers": "4,4", "act": "relu,bogus", "keep": "0.5"})
    assert cfg.hidden == (4, 4) and cfg.activations == ("relu", "relu") and cfg.keep_probs == (1.0, 1.0)
    assert len(notices) == 2
    assert notices[0].startswith("ignored act=relu,bogus: unknown activation 'bogus'")
    assert notices[0].endswith("; using relu,relu")
    assert notices[1].startswith("ignored keep=0.5:") and "needs 2 keep probability values, not 1" in notices[1]
    assert not any("None" in n or "(" in n.split(":")[0] for n in notices)


def test_hide_takes_setting_names_and_the_older_control_names():
    names, notices = hidden_controls({"hide": "lr,noise,points,dropout,regenerate,bogus"})
    assert names == ["learning_rate", "noise", "n_samples", "keep_probs", "regenerate"]
    assert len(notices) == 1 and notices[0].startswith("ignored hide=lr,noise,points,dropout,regenerate,bogus: unknown control name bogus")
    assert set(names) <= set(HIDEABLE)


def test_the_tensorflow_playground_preset_matches_its_defaults():
    from playground.presets import PRESETS
    tf = next(p for p in PRESETS if p.name == "TensorFlow Playground defaults").config
    assert (tf.activations, tf.hidden, tf.learning_rate, tf.batch_size, tf.test_ratio, tf.noise) == \
        (("tanh", "tanh"), (4, 2), 0.03, 10, 0.5, 0.0)
    assert all(p.look.strip() and p.try_next.strip() for p in PRESETS)
