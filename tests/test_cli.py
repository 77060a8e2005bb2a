"""python -m playground, end to end in subprocesses."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_train_save_predict(tmp_path):
    model = str(tmp_path / "model.npz")
    result = run("train", "--dataset", "moons", "--layers", "8,8", "--activation", "relu",
                 "--epochs", "500", "--lr", "0.01", "--optimizer", "adam", "--l2", "0.001",
                 "--keep-prob", "0.9", "--batch-size", "32", "--seed", "0", "--save", model)
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    test_accuracy = float(line.split("test accuracy")[1].split()[0])
    assert test_accuracy > 0.95
    prediction = run("predict", model, "0.5", "-0.2")
    assert prediction.returncode == 0
    probs = [float(part.split(":")[1]) for part in prediction.stdout.strip().split("  ")]
    assert len(probs) == 2 and abs(sum(probs) - 1) < 1e-3


def test_train_with_features_csv_and_regression(tmp_path):
    csv = tmp_path / "points.csv"
    csv.write_text("x1,x2,label\n" + "\n".join(f"{i / 50 - 1},{(i * 7 % 50) / 25 - 1},{int(i % 2)}"
                                                for i in range(100)))
    assert run("train", "--csv", str(csv), "--epochs", "5").returncode == 0
    model = str(tmp_path / "sq.npz")
    assert run("train", "--dataset", "circles", "--features", "x1^2,x2^2", "--layers", "",
               "--epochs", "200", "--save", model).returncode == 0
    assert "class 1" in run("predict", model, "0.1", "0.1").stdout
    reg = run("train", "--dataset", "plane", "--epochs", "100")
    assert reg.returncode == 0 and "R²" in reg.stdout


@pytest.mark.parametrize("args, fragment", [
    (["train", "--layers", "a,b"], "--layers"), (["train", "--dataset", "nope"], "invalid choice"),
    (["train", "--lr", "-1"], "learning_rate"), (["train", "--epochs", "0"], "epochs"),
    (["train", "--features", "x9"], "unknown feature"), (["predict", "/nonexistent.npz", "1", "2"], "no such"),
    (["predict", __file__, "1", "2"], "not a model file"), (["train", "--batch-size", "-4"], "batch-size"),
    (["frobnicate"], "invalid choice")])
def test_bad_arguments_exit_nonzero_with_one_line(args, fragment):
    result = run(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert fragment in result.stderr


def test_divergence_is_reported():
    result = run("train", "--lr", "100", "--optimizer", "sgd", "--epochs", "50")
    assert result.returncode == 1 and "diverged" in result.stderr
