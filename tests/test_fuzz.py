"""Hostile and random input at every entry point a user controls: each ends
in a valid result or a clear ValueError, never a traceback or a hang."""
import io
import json
import os
import string
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from playground.__main__ import main as cli_main
from playground.config import Config
from tests.support.apptest import counter
from playground.engine import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERY_KEYS = ["n_samples", "test_ratio", "hidden", "activations", "keep_probs", "learning_rate", "optimizer", "batch_size", "l1", "schedule", "dataset", "noise", "points", "test", "features", "layers", "act", "keep", "l2", "init", "opt",
              "lr", "batch", "seed", "hide", "zzz"]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "NaN", "inf", "-1", "1e999", "0x10", "full", "8,8,8,8,8,8,8,8,8", "relu,relu",
                     "<script>alert(1)</script>", "../../etc/passwd", "9" * 500, "0", "64,64", "csv"]),
    st.lists(st.text(max_size=10), max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_text, max_size=8))
def test_any_query_string_gives_a_valid_config(query):
    cfg, notices = Config.from_query(query)
    assert cfg.problems() == []
    assert all(isinstance(n, str) and len(n) < 300 for n in notices)
    assert Config.from_query(cfg.to_query()) == (cfg, [])


json_values = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10),
                                                                                            children, max_size=4),
                           max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["dataset", "noise", "hidden", "activations", "keep_probs", "seed", "lr",
                                        "batch_size", "l2", "features", "evil"]), json_values, max_size=6))
def test_any_configuration_json_is_loaded_or_refused_clearly(fields):
    text = json.dumps({"format": "playground-config", "version": 1, "config": fields})
    try:
        cfg = Config.from_json(text)
    except ValueError as error:
        assert str(error)
    else:
        assert cfg.problems() == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_model_file_are_refused_clearly(blob):
    with pytest.raises(ValueError):
        Network.load(blob)


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


@pytest.mark.parametrize("blob, message", [
    (_zip({"config.npy": _npy(np.array({"a": 1}, dtype=object))}), "pickled"),
    (_zip({f"W{i}.npy": b"\0" * 100 for i in range(200)}), "entries"),
    (_zip({"W1.npy": b"\0" * (70 * 2**20)}), "too large"),
    (_zip({"config.npy": _npy(np.array(json.dumps({"format": "playground-network", "version": 1,
                                                   "config": {"layer_dims": [2] * 100}})))}), "at most"),
    (_zip({"config.npy": _npy(np.array(json.dumps({"format": "playground-network", "version": 1,
                                                   "config": {"layer_dims": [2, 10**9, 1]}})))}), "at most"),
    (_zip({"config.npy": b"garbage"}), "damaged"),
])
def test_crafted_model_files_are_refused(blob, message):
    with pytest.raises(ValueError, match=message):
        Network.load(blob)


arg_tokens = st.sampled_from(["train", "predict", "--dataset", "moons", "nope", "--layers", "8,8", "0", "-3",
                              "--lr", "1e999", "nan", "--epochs", "2", "--batch-size", "full", "--keep-prob", "1.5",
                              "--features", "x1^2", "x9", "--seed", "--csv", "/nonexistent", "model.npz", "1", "2",
                              "--l2", "--save", "/proc/forbidden/x.npz", "--noise", "--samples", "5"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(arg_tokens, max_size=8))
def test_any_command_line_exits_cleanly(capsys, argv):
    try:
        code = cli_main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code not in (0, None):
        assert err.strip() and len(err.strip().splitlines()) <= 2


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from(QUERY_KEYS), st.text(alphabet=string.printable, max_size=30), max_size=5))
def test_app_survives_any_query_string(query):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Epoch 0" in counter(at)


def test_upload_limit_is_set_in_the_server_config():
    text = open(os.path.join(ROOT, ".streamlit", "config.toml")).read()
    assert "maxUploadSize = 2" in text
