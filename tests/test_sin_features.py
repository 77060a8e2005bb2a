"""sin(πx) input features, and the old sin(x) ones still meaning what they did in old files and links."""
import numpy as np
import pytest
from tests.support.apptest import session_of, start

from playground import maths
from playground.__main__ import main as cli_main
from playground.config import Config
from playground.data import FEATURES, expand_features, make_dataset
from playground.engine import Network
from playground.settings import BY_NAME

POINTS = np.array([[0.5, -0.25], [1.0, 0.0], [-1.0, 0.75], [0.1, 2.0]])


def test_sin_pi_features_against_numpy():
    X = expand_features(POINTS, ("sin(πx1)", "sin(πx2)"))
    assert np.allclose(X[:, 0], np.sin(np.pi * POINTS[:, 0]))
    assert np.allclose(X[:, 1], np.sin(np.pi * POINTS[:, 1]))
    assert np.allclose(X[0], [1.0, -np.sqrt(0.5)])  # sin(π/2), sin(-π/4) by hand
    assert abs(X[1, 0]) < 1e-12  # sin(π) = 0: a full half period over 0..1, not sin(1) ≈ 0.84


def test_old_sin_features_are_computed_as_before():
    X = expand_features(POINTS, ("sin(x1)", "sin(x2)"))
    assert np.allclose(X, np.sin(POINTS))


def test_the_widget_offers_sin_pi_and_keeps_an_old_choice_shown():
    features = BY_NAME["features"]
    offered = features.offered(("x1", "x2"))
    assert "sin(πx1)" in offered and "sin(πx2)" in offered
    assert "sin(x1)" not in offered and "sin(x2)" not in offered
    assert "sin(x1)" in features.offered(("x1", "sin(x1)"))  # a loaded old setup still shows what it uses
    assert "π" in features.help
    assert features.text("sin(x1)") == "sin(x1) (old: unscaled)" and features.text("sin(πx1)") == "sin(πx1)"


def test_an_old_link_gets_sin_pi_with_a_notice():
    cfg, notices = Config.from_query({"features": "x1,sin(x1),sin(x2)"})
    assert cfg.features == ("x1", "sin(πx1)", "sin(πx2)")
    assert len(notices) == 1 and "sin(x1) is now sin(πx1)" in notices[0] and "features=x1,sin(x1),sin(x2)" in notices[0]
    both, notices = Config.from_query({"features": "sin(x1),sin(πx1)"})
    assert both.features == ("sin(πx1)",) and notices  # no duplicate after the mapping
    new, notices = Config.from_query({"features": "x1,sin(πx2)"})
    assert new.features == ("x1", "sin(πx2)") and not notices


def test_link_round_trip_of_the_new_names():
    cfg = Config(features=("x1", "sin(πx1)", "sin(πx2)"))
    again, notices = Config.from_query(cfg.to_query())
    assert again == cfg and not notices


def test_an_old_configuration_file_keeps_its_features():
    """A saved setup reproduces the same run, so its sin(x1) stays sin(x1)."""
    cfg = Config.from_json(Config(features=("x1", "sin(x2)")).to_json())
    assert cfg.features == ("x1", "sin(x2)")
    data = cfg.make_dataset()
    assert np.allclose(data.X_train[:, 1], np.sin(data.points_train[:, 1]))


def test_maths_view_says_what_sin_pi_is():
    line = maths.input_equation(("x1", "sin(πx1)"))
    assert r"\sin(\pi x_1)" in line and "period" in line
    assert "period" not in maths.input_equation(("x1", "x2"))
    assert set(maths.FEATURE_LATEX) == set(FEATURES)


def test_cli_model_with_sin_pi_features_predicts_with_them(tmp_path, capsys):
    net = Network([2, 5, 1], activation="tanh", seed=1)
    path = tmp_path / "m.npz"
    path.write_bytes(net.to_bytes({"features": ["sin(πx1)", "x2"]}))
    assert cli_main(["predict", str(path), "0.5", "0.3"]) == 0
    out = capsys.readouterr().out
    p1 = float(out.split("class 1:")[1].split()[0])
    expected = net.predict_proba(np.array([[np.sin(np.pi * 0.5), 0.3]]))[0, 1]
    assert abs(p1 - expected) < 1e-4


def _upload(at, name, content):
    at.radio(key="w_panel").set_value("Export / import").run()
    at.file_uploader(key="w_upload").set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("features", [("x1", "sin(x1)", "sin(x2)"), ("x2", "sin(πx1)")])
def test_a_weights_file_loads_into_the_app_and_predicts_the_same(features):
    """Weights saved by the app with sin(x1) (today's files) or sin(πx1) load with
    the same features and give the same outputs as the network that was saved."""
    cfg = Config(features=features, hidden=(4,), activations=("tanh",), keep_probs=(1.0,), speed="max")
    data = make_dataset("circles", features=features)
    net = cfg.make_network(data)
    rng = np.random.default_rng(2)
    for W in net.parameters.values():
        W[...] = rng.normal(size=W.shape)
    at = start()
    _upload(at, "w.npz", net.to_bytes({"app_config": cfg.to_json()}))
    assert not at.error, [e.value for e in at.error]
    loaded = session_of(at).trainer
    assert loaded.dataset.features == features
    by_hand = np.column_stack([{"x1": POINTS[:, 0], "x2": POINTS[:, 1], "sin(x1)": np.sin(POINTS[:, 0]),
                                "sin(x2)": np.sin(POINTS[:, 1]), "sin(πx1)": np.sin(np.pi * POINTS[:, 0])}[f]
                               for f in features])
    assert np.allclose(loaded.network.predict_proba(expand_features(POINTS, loaded.dataset.features)),
                       net.predict_proba(by_hand))
    assert "sin(x1)" not in features or "sin(x1) (old: unscaled)" in at.multiselect(key="w_features").options
