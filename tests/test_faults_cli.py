"""Regression tests for issue 10, "Command line and Python API" (items 16-22) and item 5."""
import os
import subprocess
import sys

import numpy as np
import pytest

import playground.__main__ as cli
from playground.engine import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def main(capsys, *argv):
    """Run the CLI in this process; returns (exit code, stdout, stderr)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_training(monkeypatch):
    """Make any attempt to train fail the test: bad --save paths must be refused first."""
    def refuse(*args, **kwargs):
        raise AssertionError("training started before the --save path was checked")
    monkeypatch.setattr(cli, "Trainer", refuse)


# ----------------------------------------------------------------- item 16
@pytest.mark.parametrize("target, fragment", [
    ("missing_dir/m.npz", "missing_dir does not exist"),
    ("a_file/m.npz", "a_file is not a directory"),
    ("a_dir", "a_dir: that is a directory"),
    ("a_dir/", "that is a directory"),
    ("npz_dir.npz", "that is a directory")])
def test_bad_save_path_fails_before_training(tmp_path, monkeypatch, capsys, no_training, target, fragment):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a_file").write_text("not a directory")
    (tmp_path / "a_dir").mkdir()
    (tmp_path / "npz_dir.npz").mkdir()
    code, out, err = main(capsys, "train", "--epochs", "3", "--save", target)
    assert code == 2 and fragment in err and "Traceback" not in err
    assert "epochs" not in out
    assert sorted(os.listdir(tmp_path)) == ["a_dir", "a_file", "npz_dir.npz"]
    assert os.listdir(tmp_path / "a_dir") == []


def test_unwritable_save_directory_fails_before_training(tmp_path, monkeypatch, capsys, no_training):
    # Tests may run as root, for whom chmod does not stop writes: simulate the permission.
    real_access = os.access
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False if os.fspath(path) == str(tmp_path)
                        else real_access(path, mode))
    code, _, err = main(capsys, "train", "--epochs", "3", "--save", str(tmp_path / "m.npz"))
    assert code == 2 and "is not writable" in err and str(tmp_path) in err


def test_save_failing_after_training_is_one_clear_line(tmp_path, monkeypatch, capsys):
    def fail(self, file, metadata=None):
        raise PermissionError(13, "Permission denied", file)
    monkeypatch.setattr(Network, "save", fail)
    code, _, err = main(capsys, "train", "--epochs", "2", "--save", str(tmp_path / "m.npz"))
    assert code == 2 and err.strip().splitlines() == [
        f"error: could not save the model to {tmp_path / 'm.npz'}: Permission denied"]


# ----------------------------------------------------------------- item 17
def test_save_appends_npz_says_so_and_predict_finds_it(tmp_path):
    trained = run("train", "--epochs", "3", "--save", "mymodel", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert os.listdir(tmp_path) == ["mymodel.npz"]
    assert trained.stdout.splitlines()[-1] == "saved mymodel.npz"
    predicted = run("predict", "mymodel", "0.5", "0.5", cwd=tmp_path)
    assert predicted.returncode == 0, predicted.stderr
    assert predicted.stdout.startswith("class 0:")


def test_predict_on_a_directory_is_refused(tmp_path, capsys):
    code, _, err = main(capsys, "predict", str(tmp_path), "0", "0")
    assert code == 2 and "is a directory" in err


def test_network_save_returns_the_file_it_wrote(tmp_path):
    net = Network([2, 3, 1])
    for given, expected in [(tmp_path / "x", tmp_path / "x.npz"), (str(tmp_path / "y.npz"), tmp_path / "y.npz"),
                            (str(tmp_path / "z.bin"), tmp_path / "z.bin.npz")]:
        written = net.save(given)
        assert written == str(expected) and os.path.isfile(written)
    assert sorted(os.listdir(tmp_path)) == ["x.npz", "y.npz", "z.bin.npz"]
    assert "returns" in Network.save.__doc__.lower() and ".npz" in Network.save.__doc__
    assert net.save(open(os.devnull, "wb")) is None


def test_network_save_refuses_a_directory(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(ValueError, match="is a directory"):
        Network([2, 3, 1]).save(tmp_path / "d")
    assert os.listdir(tmp_path) == ["d"]


# ----------------------------------------------------------------- item 18
def _probabilities(text):
    return np.array([float(part.split(":")[1]) for part in text.strip().split("  ")])


def _app_export(net, features):
    from playground.config import Config
    return net.to_bytes({"app_config": Config(features=tuple(features)).to_json()})


def _cli_export(net, features):
    return net.to_bytes({"features": list(features), "dataset": "circles"})


@pytest.mark.parametrize("export", [_app_export, _cli_export])
@pytest.mark.parametrize("features, by_hand, n_out", [
    (("sin(x1)", "sin(x2)"), lambda a, b: [np.sin(a), np.sin(b)], 1),
    (("x1", "x2", "x1^2"), lambda a, b: [a, b, a * a], 3)])
def test_predict_expands_the_features_stored_with_the_model(tmp_path, capsys, export, features, by_hand, n_out):
    net = Network([len(features), 6, n_out], activation="tanh", seed=3)
    rng = np.random.default_rng(0)
    for W in net.parameters.values():
        W[...] = rng.normal(scale=2.0, size=W.shape)
    path = tmp_path / "model.npz"
    path.write_bytes(export(net, features))
    for x1, x2 in [(3.0, -3.0), (2.0, 1.0), (-1.5, 0.25)]:
        code, out, err = main(capsys, "predict", str(path), str(x1), str(x2))
        assert code == 0, err
        expected = net.predict_proba(np.array([by_hand(x1, x2)]))[0]
        assert np.allclose(_probabilities(out), expected, atol=6e-5)


def _model_with_metadata(tmp_path, metadata, n_inputs=2):
    path = tmp_path / "model.npz"
    path.write_bytes(Network([n_inputs, 3, 1]).to_bytes(metadata))
    return str(path)


@pytest.mark.parametrize("metadata, n_inputs, fragment", [
    ({"features": ["x1", "x3"]}, 2, "unknown feature 'x3'"),
    ({"features": ["x1", "x1"]}, 2, "only once"),
    ({"features": "x1,x2"}, 2, "must be a list of names"),
    ({"features": [["x1"], "x2"]}, 2, "must be a list of names"),
    ({"features": ["x1", "x2", "x1^2"]}, 2, "lists 3 input feature(s) (x1, x2, x1^2) but its network has 2"),
    ({"features": ["x1", "x2"]}, 3, "but its network has 3"),
    ({}, 3, "does not say which 3 input features"),
    ({"app_config": "{not json"}, 2, "app configuration is not readable"),
    ({"app_config": '{"config": {}}'}, 2, "app configuration is not readable")])
def test_predict_refuses_features_that_do_not_fit_the_model(tmp_path, capsys, metadata, n_inputs, fragment):
    code, out, err = main(capsys, "predict", _model_with_metadata(tmp_path, metadata, n_inputs), "1", "2")
    assert code == 2 and out == "" and fragment in err and len(err.strip().splitlines()) == 1


def test_model_without_features_is_read_as_x1_x2(tmp_path, capsys):
    path = _model_with_metadata(tmp_path, {})
    code, out, _ = main(capsys, "predict", path, "0.5", "-2")
    expected = Network.load(path).predict_proba(np.array([[0.5, -2.0]]))[0]
    assert code == 0 and np.allclose(_probabilities(out), expected, atol=6e-5)


# ----------------------------------------------------------------- item 19
@pytest.mark.parametrize("argv, point", [
    (["0", "-1e5"], (0.0, -1e5)), (["-.5", "-3"], (-0.5, -3.0)), (["-1E-3", "-2.5e+2"], (-1e-3, -250.0)),
    (["-3", "4"], (-3.0, 4.0)), (["--", "-1e5", "-0.5"], (-1e5, -0.5)), (["7e-1", "-1.5e0"], (0.7, -1.5))])
def test_predict_reads_negative_numbers_in_every_form(tmp_path, capsys, argv, point):
    path = _model_with_metadata(tmp_path, {"features": ["x1", "x2"]})
    code, out, err = main(capsys, "predict", path, *argv)
    assert code == 0, err
    expected = Network.load(path).predict_proba(np.array([point]))[0]
    assert np.allclose(_probabilities(out), expected, atol=6e-5)


@pytest.mark.parametrize("argv, fragment", [
    (["--lr", "-1e-3"], "learning_rate must be in"), (["--noise", "-1e-1"], "noise must be between"),
    (["--layers", "-8,8"], "each layer size"), (["--l2", "-.5"], "l2 must be in")])
def test_train_options_take_negative_values_in_every_form(capsys, no_training, argv, fragment):
    code, _, err = main(capsys, "train", *argv)
    assert code == 2 and fragment in err and "expected one argument" not in err


@pytest.mark.parametrize("x2", ["-inf", "nan", "1e7", "-2e300"])
def test_predict_refuses_coordinates_that_overflow(tmp_path, capsys, x2):
    path = _model_with_metadata(tmp_path, {"features": ["x1", "x2", "x2^2"]}, n_inputs=3)
    code, out, err = main(capsys, "predict", path, "0", x2)
    assert code == 2 and out == "" and "from -1000000 to 1000000" in err


# ----------------------------------------------------------------- item 20
ROWS = [(0.5, -1.0, 0), (1.5, 2.0, 1), (-0.25, 0.75, 0), (3.0, -2.5, 1), (0.0, 1.0, 1)]
PLAIN = "x1,x2,label\n" + "".join(f"{a},{b},{t}\n" for a, b, t in ROWS)


def _points_and_labels(dataset):
    return dataset.points_train.tolist(), dataset.y_train.tolist()


def test_train_csv_says_the_file_is_missing_or_a_directory(tmp_path, capsys, no_training):
    code, _, err = main(capsys, "train", "--csv", str(tmp_path / "missing.csv"))
    assert code == 2 and err.strip() == f"error: no such CSV file: {tmp_path / 'missing.csv'}"
    code, _, err = main(capsys, "train", "--csv", str(tmp_path))
    assert code == 2 and err.strip() == f"error: {tmp_path} is a directory, not a CSV file"


def test_load_csv_takes_paths_bytes_and_file_objects_but_not_text(tmp_path):
    import io
    import pathlib
    from playground.data import load_csv
    path = tmp_path / "points.csv"
    path.write_text(PLAIN)
    expected = ([[a, b] for a, b, _ in ROWS], [t for *_, t in ROWS])
    for source in (str(path), pathlib.Path(path), PLAIN.encode(), bytearray(PLAIN.encode()),
                   io.BytesIO(PLAIN.encode()), io.StringIO(PLAIN), open(path, "rb")):
        assert _points_and_labels(load_csv(source, test_ratio=0.0)) == expected
    with pytest.raises(ValueError, match=r"takes a file path; pass CSV text as bytes"):
        load_csv(PLAIN)
    with pytest.raises(ValueError, match="no such CSV file: x1,x2,label"):
        load_csv("x1,x2,label")
    with pytest.raises(ValueError, match="expected a CSV file path"):
        load_csv(12)
    assert "bytes" in load_csv.__doc__ and "path" in load_csv.__doc__


# ----------------------------------------------------------------- item 21
def _load(text, **kwargs):
    from playground.data import load_csv
    return load_csv(text.encode(), test_ratio=0.0, **kwargs)


EXPECTED = ([[a, b] for a, b, _ in ROWS], [t for *_, t in ROWS])


@pytest.mark.parametrize("text", [
    '"x1","x2","label"\n' + "".join(f'"{a}","{b}","{t}"\n' for a, b, t in ROWS),
    "".join(f'"{a}","{b}","{t}"\n' for a, b, t in ROWS),
    '"x1";"x2";"label"\r\n' + "".join(f'"{a}";"{b}";{t}\r\n' for a, b, t in ROWS),
    "x1\tx2\tlabel\n" + "".join(f'{a}\t"{b}"\t{t}\n' for a, b, t in ROWS),
    "x1, x2, label\n" + "".join(f'{a}, "{b}", {t}\n' for a, b, t in ROWS),
    # what pandas.DataFrame.to_csv() writes by default: an unnamed index column
    ",x1,x2,label\n" + "".join(f"{i},{a},{b},{t}\n" for i, (a, b, t) in enumerate(ROWS)),
    ",x1,x2,label\n" + "".join(f"{i},{a},{b},{t}\n" for i, (a, b, t) in zip([4, 0, 9, 2, 7], ROWS)),
    '"","x1","x2","label"\n' + "".join(f'"{i}","{a}","{b}","{t}"\n' for i, (a, b, t) in enumerate(ROWS)),
    # to_csv(header=False): the index counts 0, 1, 2, …
    "".join(f"{i},{a},{b},{t}\n" for i, (a, b, t) in enumerate(ROWS))])
def test_csv_with_quotes_or_an_index_column_is_read(text):
    assert _points_and_labels(_load(text)) == EXPECTED


@pytest.mark.parametrize("text, message", [
    ('x1,x2,label\n"1","2","0"\n"3","x","1"\n', "line 3, column 2: 'x' is not a number"),
    ('x1,x2,label\n1,2,0\n\n3,"4\n5",1\n6,"7,0\n', r"line 4, column 2: '4\\n5' is not a number"),
    ("x1,x2,label\n1,2,0\n3,4\n", r"line 3: expected 3 columns \(x1, x2, label\), found 2"),
    (",x1,x2,label\n0,1,2,0\n1,3,4\n", r"line 3: expected 4 columns \(index, x1, x2, label\), found 3"),
    ("5,1,2,0\n1,3,4,1\n2,0,1,0\n3,1,1,1\n", "line 1: expected 3 columns .* counts 0, 1, 2"),
    ("id,x1,x2,label\n0,1,2,0\n1,3,4,1\n2,0,1,0\n3,1,1,1\n", "line 2: expected 3 columns")])
def test_csv_errors_still_name_the_line(text, message):
    with pytest.raises(ValueError, match=message):
        _load(text)


# ------------------------------------------------------------------ item 5
@pytest.mark.parametrize("text, line, column", [
    ("x1,x2,label\n1,2,0\n1e300,4,1\n1,1,0\n0,0,1\n", 3, 1),
    ("1,2,0\n3,-1.5e300,1\n1,1,0\n0,0,1\n", 2, 2),
    ("1,2,0.5\n3,4,1.5\n1,1,2e300\n0,0,1\n", 3, 3),
    ("1,2,0\n3,4,1\n1,1000000.5,0\n0,0,1\n", 3, 2)])
def test_csv_with_huge_values_is_rejected_without_overflow(text, line, column):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^line {line}, column {column}: .* too large; "
                                             r"values must be from -1000000 to 1000000$"):
            _load(text, features=("x1", "x2", "x1^2", "x1*x2"))


def test_csv_at_the_limit_trains_without_overflow(tmp_path):
    import warnings
    from playground.engine import Trainer
    text = "1000000,-1000000,0\n-1e6,1e6,1\n1e6,1e6,0\n-1e6,-1e6,1\n0,0,1\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = _load(text, features=("x1", "x2", "x1^2", "x2^2", "x1*x2"))
        trainer = Trainer(Network([5, 4, 1], optimizer="sgd"), d)
        for _ in range(20):
            trainer.run_epoch()
    assert d.points_train.tolist()[0] == [1e6, -1e6]


def test_train_csv_with_huge_values_is_one_clear_line(tmp_path, capsys, no_training):
    path = tmp_path / "huge.csv"
    path.write_text("1,2,0\n1e300,4,1\n1,1,0\n0,0,1\n")
    code, _, err = main(capsys, "train", "--csv", str(path))
    assert code == 2 and err.strip() == ("error: line 2, column 1: 1e300 is too large; "
                                         "values must be from -1000000 to 1000000")


# ----------------------------------------------------------------- item 22
@pytest.mark.parametrize("dims", [
    np.array([2, 8, 1]), np.array([2, 8, 1], dtype=np.int16), (2, 8, 1), range(2, 9, 6),
    [np.int64(2), np.int32(8), np.uint8(1)]])
def test_layer_dims_may_be_any_sequence_of_whole_numbers(dims):
    reference = Network([2, 8, 1] if len(dims) == 3 else [2, 8], output="sigmoid" if len(dims) == 3 else "linear",
                        keep_prob=0.8, seed=4)
    net = Network(dims, output=reference.output, keep_prob=0.8, seed=4)
    assert net.get_params() == reference.get_params()
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), np.array([0, 1, 0, 1])
    for network in (net, reference):
        network.fit(X, y, epochs=3)
    assert np.array_equal(net.predict(X), reference.predict(X))
    assert Network.load(net.to_bytes()).get_params() == reference.get_params()


def test_array_layer_dims_take_per_layer_keep_probs():
    net = Network(np.array([2, 4, 3, 1]), keep_prob=[0.9, 0.7])
    assert net.get_params()["layer_dims"] == [2, 4, 3, 1]
    with pytest.raises(ValueError, match="keep_prob has 1 entries but the network has 2 hidden layers"):
        Network(np.array([2, 4, 3, 1]), keep_prob=[0.9])


@pytest.mark.parametrize("dims, message", [
    (np.array([2.0, 8.0, 1.0]), "positive whole number, got 2.0"),
    (np.array([[2, 8, 1]]), "must be a sequence of layer sizes"),
    ("281", "must be a sequence of layer sizes"), (5, "must be a sequence of layer sizes such as .*, got 5$"),
    (None, "got None"), ({2: 1, 8: 1}, "must be a sequence"),
    (np.array([2]), r"needs an input size and an output size, e.g. \[2, 8, 1\], got \[2\]"),
    ([], r"got \[\]"), ([2, "8", 1], "got '8'"), (np.array([2, 0, 1]), "got 0"), ([2, True], "got True")])
def test_bad_layer_dims_get_a_clear_message(dims, message):
    with pytest.raises(ValueError, match=message):
        Network(dims)
