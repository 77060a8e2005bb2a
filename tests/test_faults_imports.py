"""Imports that must either load completely or change nothing, with a message
naming the setting and its value (issue 10, items 9 to 15)."""
import io
import json
import os
import subprocess
import sys
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest
from numpy.lib import format as npy
from tests.support.apptest import session_of, start

from playground.__main__ import main as cli_main
from playground.config import Config
from playground.engine import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON_INTERNALS = ("unhashable", "sys.", "set_int_max_str_digits", "Traceback", "NoneType", "object of type",
                    "not supported between")
SMALL = 4 * 2**20  # bytes a refused file may cost to look at


def config_text(config: dict) -> bytes:
    return json.dumps({"format": "playground-config", "version": 1, "config": config}).encode()


# ------------------------------------------------------------- model files by hand
def npy_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header_only(shape, descr="<f8", data=b"", version=(1, 0)) -> bytes:
    """An .npy member whose header declares shape/descr, followed by `data` only."""
    buffer = io.BytesIO()
    header = {"descr": descr, "fortran_order": False, "shape": shape}
    (npy.write_array_header_1_0 if version == (1, 0) else npy.write_array_header_2_0)(buffer, header)
    return buffer.getvalue() + data


def model_header(dims=(2, 3, 1), **config) -> str:
    return json.dumps({"format": "playground-network", "version": 1,
                       "config": {"layer_dims": list(dims), **config}, "metadata": {}})


def good_members(dims=(2, 3, 1)) -> dict:
    members = {"config.npy": npy_bytes(np.array(model_header(dims)))}
    for l in range(1, len(dims)):
        members[f"W{l}.npy"] = npy_bytes(np.full((dims[l], dims[l - 1]), 0.1))
        members[f"b{l}.npy"] = npy_bytes(np.zeros((dims[l], 1)))
    return members


def zipped(members) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate member name is what one test wants
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in (members.items() if isinstance(members, dict) else members):
                archive.writestr(name, data)
    return buffer.getvalue()


def peak_while_refusing(blob: bytes, match: str, **kwargs) -> int:
    """Network.load must raise a ValueError matching `match`; returns the peak bytes it allocated."""
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=match) as error:
            Network.load(blob, **kwargs)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert not any(word in str(error.value) for word in PYTHON_INTERNALS), error.value
    return peak


# ------------------------------------------------------------------ item 9 and 15
@pytest.mark.parametrize("name, value", [
    ("learning_rate", True), ("noise", False), ("l2", True), ("test_ratio", True), ("n_samples", True),
    ("batch_size", True), ("seed", True), ("seed", 1.5), ("seed", "3"), ("seed", -1), ("seed", 10**30),
    ("hidden", [True, True]), ("hidden", [8.5, 8]), ("hidden", "88"), ("hidden", [[8], 8]),
    ("keep_probs", [True, True]), ("keep_probs", ["1", "1"]), ("keep_probs", [[1], 1]),
    ("activations", [["relu"], "relu"]), ("activations", [True, "relu"]), ("features", [["x1"], "x2"]),
    ("features", "x1"), ("features", {"x1": 1}), ("features", [1, 2]), ("dataset", ["moons"]), ("dataset", 1),
    ("init", None), ("optimizer", {"a": 1}), ("noise", "0.1"), ("learning_rate", [0.03]), ("batch_size", "full"),
    ("batch_size", 8.0), ("noise", float("nan")), ("l2", float("inf")),
])
def test_a_setting_of_the_wrong_type_is_refused_naming_it_and_its_value(name, value):
    with pytest.raises(ValueError) as error:
        Config.from_json(config_text({name: value}))
    message = str(error.value)
    assert name in message and json.dumps(value)[:30] in message, message
    assert not any(word in message for word in PYTHON_INTERNALS), message
    with pytest.raises(ValueError, match=name):  # the Python API refuses the same values
        Config(**{name: tuple(value) if isinstance(value, list) else value})


def test_huge_and_nested_values_get_messages_without_python_internals():
    digits = "9" * 5000
    text = b'{"format": "playground-config", "version": 1, "config": {"seed": ' + digits.encode() + b"}}"
    with pytest.raises(ValueError, match=r"seed '?\(a number of 5000 digits\)") as error:
        Config.from_json(text)
    nested = b'{"format": "playground-config", "config": {"features": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}"
    for blob in (text, nested, config_text({"features": [["x1"]]}), config_text({"hidden": [{"a": [1]}]})):
        with pytest.raises(ValueError) as error:
            Config.from_json(blob)
        assert len(str(error.value)) < 400
        assert not any(word in str(error.value) for word in PYTHON_INTERNALS), error.value
    with pytest.raises(ValueError, match="seed"):
        Config(seed=10**5000)  # too long even to print


# -------------------------------------------------------------------------- item 13
def test_whole_number_spellings_of_allowed_values_load_as_those_values():
    cfg = Config.from_json(config_text({"keep_probs": [1, 1], "l2": 0, "learning_rate": 1, "noise": 0}))
    assert cfg.keep_probs == (1.0, 1.0) and cfg.l2 == 0.0 and cfg.learning_rate == 1.0 and cfg.noise == 0.0
    for value in (*cfg.keep_probs, cfg.l2, cfg.learning_rate, cfg.noise):
        assert type(value) is float
    assert Config(hidden=[8, 8]).hidden == (8, 8)  # one spelling, so equal settings compare equal
    assert Config(l2=-0.0).to_query()["l2"] == "0"


def show_import_panel(at) -> None:
    at.radio(key="w_panel").set_value("Export / import").run()


def upload(at, name: str, data: bytes) -> None:
    at.file_uploader(key="w_upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]


def test_keep_probabilities_written_as_integers_load_as_no_dropout():
    at = start()
    show_import_panel(at)
    upload(at, "setup.json", config_text({"keep_probs": [1, 1], "learning_rate": 1}))
    assert not at.error
    assert session_of(at).cfg.keep_probs == (1.0, 1.0)
    assert [at.selectbox(key=f"w_keep_probs_{i}").value for i in range(2)] == [1.0, 1.0]
    assert session_of(at).trainer.network.keep_prob == [1.0, 1.0]
    assert at.select_slider(key="w_learning_rate").value == 1.0


# --------------------------------------------------------- items 9, 12, 14 in the app
def trained(query=None, ticks=2):
    at = start(query)
    at.button(key="btn_train").click().run()
    for _ in range(ticks):
        at.run()
    at.button(key="btn_pause").click().run()
    show_import_panel(at)
    assert session_of(at).trainer.step_count > 0
    return at


def state_of(at) -> tuple:
    s = session_of(at)
    t = s.trainer
    return (s.cfg, t.step_count, t.epoch, t.network.parameters["W1"].copy(), s.model_version,
            at.select_slider(key="w_learning_rate").value, at.select_slider(key="w_noise").value, at.query_params["dataset"])


def assert_unchanged(at, before: tuple, *words: str) -> None:
    after = state_of(at)
    assert after[0] == before[0] and after[1:3] == before[1:3] and after[4:] == before[4:]
    assert np.array_equal(after[3], before[3])
    errors = [e.value for e in at.error]
    assert errors and "Nothing was changed" in errors[0], errors
    assert all(word in errors[0] for word in words), errors


def test_a_bad_setting_in_an_uploaded_config_shows_why_and_keeps_the_training():
    at = trained()
    before = state_of(at)
    for config, words in (({"learning_rate": True}, ("learning_rate", "true")), ({"noise": False}, ("noise", "false")),
                          ({"seed": True}, ("seed", "true")), ({"hidden": [True, True]}, ("hidden",)),
                          ({"features": [["x1"]]}, ("features",)), ({"batch_size": True}, ("batch_size",))):
        upload(at, "setup.json", config_text(config))
        assert_unchanged(at, before, *words)
    upload(at, "setup.json", b'{"format": "playground-config", "config": {"seed": ' + b"9" * 5000 + b"}}")
    assert_unchanged(at, before, "seed", "5000 digits")


def weights(dims, activation="relu", app_config: Config | None = None) -> bytes:
    """A weights file whose W1 is all 0.25 (no initialisation or training gives that)."""
    net = Network(list(dims), activation=activation)
    net.parameters["W1"][...] = 0.25
    return net.to_bytes({"app_config": app_config.to_json()} if app_config else {})


def test_weights_that_do_not_fit_the_network_change_nothing():
    at = trained({"dataset": "blobs3"})
    before = state_of(at)
    three_class = session_of(at).cfg
    upload(at, "w.npz", weights([2, 8, 8, 1], app_config=three_class))  # its setup implies 3 outputs
    assert_unchanged(at, before, "[2, 8, 8, 1]", "[2, 8, 8, 3]")
    upload(at, "w.npz", weights([2, 8, 8, 1]))  # saved outside the app, for 2 classes
    assert_unchanged(at, before, "[2, 8, 8, 1]")
    upload(at, "w.npz", weights([2, 8, 8, 3], activation="tanh"))  # right shapes, other activations
    assert_unchanged(at, before, "tanh")
    upload(at, "w.npz", weights([2, 200, 200, 3]))  # larger than any network the app builds
    # the largest app network: 9 input features (7 offered, 2 retired sin(x) still valid in files),
    # 8 layers of 64, 10 classes: 9·64+64 + 7·(64·64+64) + 64·10+10 = 30,410 weights and biases
    assert_unchanged(at, before, "30,410")
    upload(at, "w.npz", weights([2, 8, 8, 3], app_config=three_class))  # one that fits does load
    assert not at.error
    assert np.array_equal(session_of(at).trainer.network.parameters["W1"], np.full((8, 2), 0.25))


def test_a_csv_setup_without_uploaded_data_is_refused():
    at = trained()
    before = state_of(at)
    upload(at, "setup.json", config_text({"dataset": "csv"}))
    assert_unchanged(at, before, "CSV")
    assert at.query_params["dataset"] != "csv"


def test_weights_for_two_csv_classes_do_not_reset_a_three_class_csv_session():
    at = start()
    at.selectbox(key="w_dataset").select("csv").run()
    rows = "\n".join(f"{i / 10},{(i * 3 % 10) / 10},{i % 3}" for i in range(60))
    at.file_uploader(key="w_csv").set_value(("three.csv", rows.encode(), "text/csv")).run()
    at.button(key="btn_train").click().run()
    at.run()
    at.button(key="btn_pause").click().run()
    show_import_panel(at)
    assert session_of(at).trainer.network.dims_[-1] == 3 and session_of(at).trainer.step_count > 0
    before = state_of(at)
    upload(at, "w.npz", weights([2, 8, 8, 1], app_config=Config(dataset="csv")))
    assert_unchanged(at, before, "[2, 8, 8, 1]")


# ---------------------------------------------------------------- items 10 and 11
def test_an_array_header_declaring_a_huge_shape_is_refused_without_allocating(tmp_path, capsys):
    members = good_members()
    members["W1.npy"] = npy_header_only((10**6, 10**6), data=b"\0" * 48)
    blob = zipped(members)
    assert len(blob) < 2000
    assert peak_while_refusing(blob, "W1") < SMALL
    path = tmp_path / "huge.npz"
    path.write_bytes(blob)
    assert cli_main(["predict", str(path), "0", "0"]) == 2
    assert "W1" in capsys.readouterr().err


def test_a_config_declaring_huge_layers_is_refused_before_building():
    only_config = {"config.npy": npy_bytes(np.array(model_header((2, 1500, 1500, 1))))}
    assert peak_while_refusing(zipped(only_config), "weights and biases") < SMALL
    assert peak_while_refusing(zipped(good_members((2, 40, 40, 1))), "at most 100", max_parameters=100) < SMALL
    assert Network.load(zipped(good_members((2, 40, 40, 1)))).dims_ == [2, 40, 40, 1]


def test_the_reported_32_by_4096_file_is_refused_within_a_small_memory_limit():
    """The file of the report (1.4 kB, 32 layers of 4,096 units) in a process that may use
    1.5 GB in all: building that network first would need about 12 GB."""
    blob = zipped({"config.npy": npy_bytes(np.array(model_header((2, *[4096] * 32, 1))))})
    assert len(blob) < 2000
    script = ("import resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))\n"
              "from playground.engine import Network\n"
              "try:\n    Network.load(sys.stdin.buffer.read())\n"
              "except ValueError as error:\n    print('refused:', error)\n")
    env = {**os.environ, "PYTHONPATH": ROOT, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", script], input=blob, capture_output=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-500:]
    assert b"refused:" in out.stdout and b"weights and biases" in out.stdout


def _npy_v3(shape) -> bytes:
    data = bytearray(npy_header_only(shape, version=(2, 0), data=b"\0" * 8))
    data[6] = 3
    return bytes(data)


def _with(name, data, dims=(2, 3, 1)):
    members = good_members(dims)
    members[name] = data
    return zipped(members)


def _config_member(text: str) -> bytes:
    return _with("config.npy", npy_bytes(np.array(text)))


HEADER_CASES = [
    (_with("W1.npy", npy_header_only((3, 2), data=b"\0" * 8)), "declares"),
    (_with("W1.npy", npy_header_only((-3, -2), data=b"\0" * 48)), "declares"),
    (_with("config.npy", npy_header_only((), descr="<U100000000", data=b"\0" * 40)), "declares"),
    (_with("config.npy", npy_header_only((), descr="<U300000", data=b"\0" * 1_200_000)), "JSON text"),
    (_with("config.npy", npy_bytes(np.array([model_header()] * 2))), "JSON text"),
    (_with("W1.npy", _npy_v3((1,))), "unsupported .npy format version"),
    (_with("W1.npy", npy_header_only((3, 2), descr="|O", data=b"\0" * 48)), "pickled"),
    (_with("W1.npy", b"\x93NUMPX\x01\x00" + b"\0" * 100), "damaged"),
    (_with("W1.npy", npy_bytes(np.zeros((3, 2), dtype=complex))), "not numeric"),
    (_with("W1.npy", npy_bytes(np.zeros((3, 2), dtype=[("a", "<f8")]))), "not numeric"),
    (_with("W1.npy", npy_bytes(np.zeros((2, 3)))), "shape"),
    (_with("W1", npy_bytes(np.zeros((3, 2)))), "not one NumPy array"),
    (zipped([*good_members().items(), ("W1.npy", npy_bytes(np.zeros((3, 2))))]), "not one NumPy array"),
    (_config_member(model_header(seed=10**40).replace("1" + "0" * 40, "9" * 5000)), "not usable"),
    (_config_member('{"format": "playground-network", "config": ' + "[" * 50_000 + "]" * 50_000 + "}"), "not usable"),
    (_config_member(model_header().replace('"version": 1', '"version": true')), "version"),
    (_config_member(model_header((2, True, 1))), "layer_dims"),
    (_config_member(model_header((2, 3.0, 1))), "layer_dims"),
    (_config_member(model_header((2, 0, 1))), "layer_dims"),
    (_config_member(model_header(output=["linear"])), "output"),
    (_config_member(model_header(learning_rate=True)), "learning_rate"),
]


@pytest.mark.parametrize("blob, match", HEADER_CASES, ids=[f"{i}-{m}" for i, (_, m) in enumerate(HEADER_CASES)])
def test_every_part_of_a_model_file_is_checked_before_it_is_read(blob, match):
    assert peak_while_refusing(blob, match) < SMALL
