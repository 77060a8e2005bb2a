"""Command line: python -m playground train … | predict MODEL X1 X2."""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time

import numpy as np

from . import nn
from .data import DATASETS, FEATURES, check_features, expand_features, load_csv, make_dataset
from .engine import Network, Trainer
from .engine.optimizers import OPTIMIZERS
from .engine.losses import LOSSES


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, no usage dump
        self.exit(2, f"error: {message}\n")


def _layers(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()] if text.strip() else []
    except ValueError:
        raise argparse.ArgumentTypeError(f"--layers takes sizes like 8,8, got {text!r}") from None
    if any(s < 1 or s > 4096 for s in sizes):
        raise argparse.ArgumentTypeError("each layer size must be from 1 to 4096")
    return sizes


def _batch(text: str) -> int | None:
    if text in ("full", "none", "0"):
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--batch-size takes a whole number or 'full', got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--batch-size must be at least 1")
    return value


def save_target(text: str) -> str:
    """The file `--save text` will write (".npz" appended when missing), checked
    before training so that a bad path cannot throw the trained model away."""
    if os.path.isdir(text):
        raise ValueError(f"--save {text}: that is a directory; give a file name such as "
                         f"{os.path.join(text, 'model.npz')}")
    path = Network.file_name(text)
    if os.path.isdir(path):
        raise ValueError(f"--save {text}: {path} is a directory")
    folder = os.path.dirname(path) or os.curdir
    if not os.path.exists(folder):
        raise ValueError(f"--save {text}: the directory {folder} does not exist")
    if not os.path.isdir(folder):
        raise ValueError(f"--save {text}: {folder} is not a directory")
    if not os.access(path if os.path.exists(path) else folder, os.W_OK):
        raise ValueError(f"--save {text}: {path if os.path.exists(path) else folder} is not writable")
    return path


MAX_COORDINATE = 1e6  # as for CSV points: beyond this, x1^2 and friends overflow
_NEGATIVE = re.compile(r"-(\d|\.\d|inf|nan)", re.IGNORECASE)


def _coordinate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or abs(value) > MAX_COORDINATE:
        raise argparse.ArgumentTypeError(
            f"coordinates must be finite numbers from -{MAX_COORDINATE:.0f} to {MAX_COORDINATE:.0f}, got {text}")
    return value


def protect_negative_numbers(argv: list[str]) -> list[str]:
    """argparse reads '-1e5' as an option (its negative-number pattern has no exponent):
    join such a value to its option (--lr=-1e5) and put '--' before predict's first one."""
    out: list[str] = []
    for token in argv:
        if "--" not in out and _NEGATIVE.match(token):
            previous = out[-1] if out else ""
            if previous.startswith("--") and "=" not in previous and previous != "--help":
                out[-1] = f"{previous}={token}"
                continue
            if out[:1] == ["predict"]:
                out.append("--")
        out.append(token)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m playground", description="Train and use playground networks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = sub.add_parser("train", help="train a network on a toy dataset or a CSV file")
    train.add_argument("--dataset", choices=DATASETS, default="circles")
    train.add_argument("--csv", help="train on your own CSV file (x1,x2,label) instead")
    train.add_argument("--samples", type=int, default=500)
    train.add_argument("--noise", type=float, default=0.1)
    train.add_argument("--test-ratio", type=float, default=0.3)
    train.add_argument("--features", default="x1,x2", help=f"comma list from: {', '.join(FEATURES)}")
    train.add_argument("--layers", type=_layers, default=[8, 8], help="hidden sizes, e.g. 8,8")
    train.add_argument("--activation", choices=nn.HIDDEN_ACTIVATIONS, default="relu")
    train.add_argument("--init", choices=nn.INIT_METHODS, default="he")
    train.add_argument("--epochs", type=int, default=300)
    train.add_argument("--lr", type=float, default=0.01)
    train.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    train.add_argument("--l2", type=float, default=0.0)
    train.add_argument("--loss", choices=LOSSES, default="cross_entropy",
                       help="a classifier's loss; squared: TF Playground's 1/(2m)·Σ(a−y)²")
    train.add_argument("--keep-prob", type=float, default=1.0)
    train.add_argument("--batch-size", type=_batch, default=None, help="a number, or 'full'")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--save", help="write the trained model to this file (.npz is appended if missing)")
    predict = sub.add_parser("predict", help="print a saved model's prediction for one point")
    predict.add_argument("model")
    predict.add_argument("x1", type=_coordinate)
    predict.add_argument("x2", type=_coordinate)
    return parser


def _progress(done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    if elapsed < 0.5:  # short runs need no bar
        return
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] epoch {done}/{total}  {elapsed:5.1f}s")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def train(args) -> int:
    save_path = save_target(args.save) if args.save is not None else None
    features = tuple(f.strip() for f in args.features.split(",") if f.strip())
    if args.csv:
        dataset = load_csv(args.csv, features=features, test_ratio=args.test_ratio, seed=args.seed)
    else:
        dataset = make_dataset(args.dataset, n_samples=args.samples, noise=args.noise,
                               test_ratio=args.test_ratio, seed=args.seed, features=features)
    if args.epochs < 1:
        raise ValueError("--epochs must be at least 1")
    regression = dataset.task == "regression"
    n_out = 1 if regression or dataset.n_classes == 2 else dataset.n_classes
    net = Network([dataset.n_features, *args.layers, n_out], activation=args.activation,
                  output="linear" if regression else None, init=args.init, l2=args.l2,
                  keep_prob=args.keep_prob, optimizer=args.optimizer, learning_rate=args.lr,
                  seed=args.seed, loss=args.loss)
    trainer = Trainer(net, dataset, batch_size=args.batch_size)
    started, show = time.perf_counter(), args.epochs >= 200
    chunk = max(1, args.epochs // 50)
    while trainer.epoch < args.epochs and not trainer.diverged:
        for _ in range(min(chunk, args.epochs - trainer.epoch)):
            trainer.run_epoch()
        if show:
            _progress(trainer.epoch, args.epochs, started)
    if trainer.diverged:
        print(trainer.message, file=sys.stderr)
    metric = "R²" if regression else "accuracy"
    result = trainer.evaluate()
    print(f"epochs {trainer.epoch}  train {metric} {result['train_score']:.4f}  "
          f"test {metric} {result['test_score']:.4f}  train cost {result['train_cost']:.4f}")
    if save_path is not None:
        try:
            written = net.save(save_path, metadata={"features": list(dataset.features),
                                                    "dataset": dataset.name})
        except OSError as error:
            raise ValueError(f"could not save the model to {save_path}: {error.strerror or error}") from None
        print(f"saved {written}")
    return 1 if trainer.diverged else 0


def model_file(text: str) -> str:
    """The model `predict text` reads: text itself, or text + ".npz" as --save writes it."""
    if os.path.isdir(text):
        raise ValueError(f"{text} is a directory, not a model file")
    if not os.path.exists(text) and os.path.isfile(Network.file_name(text)):
        return Network.file_name(text)
    return text


def model_features(net: Network) -> tuple[str, ...]:
    """The input features a model file was trained on: metadata "features" (written
    by train --save) or the "features" of the app's configuration ("app_config")."""
    features = net.metadata.get("features")
    if features is None and "app_config" in net.metadata:
        try:
            features = json.loads(net.metadata["app_config"])["config"]["features"]
        except (TypeError, ValueError, KeyError, RecursionError):
            raise ValueError("the model file's app configuration is not readable, so its input "
                             "features are unknown") from None
    n_inputs = net.get_params()["layer_dims"][0]
    if features is None:
        if n_inputs != 2:
            raise ValueError(f"the model file does not say which {n_inputs} input features it uses")
        return ("x1", "x2")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ValueError(f"the model file's input features must be a list of names, got {features!r}"[:200])
    try:
        features = check_features(features)
    except ValueError as error:
        raise ValueError(f"the model file's input features are invalid: {error}") from None
    if len(features) != n_inputs:
        raise ValueError(f"the model file lists {len(features)} input feature(s) ({', '.join(features)}) "
                         f"but its network has {n_inputs} inputs")
    return features


def predict(args) -> int:
    net = Network.load(model_file(args.model))
    features = model_features(net)
    X = expand_features(np.array([[args.x1, args.x2]]), features)
    if net.task_ == "regression":
        print(f"prediction {net.predict(X)[0]:.6g}")
    else:
        probs = net.predict_proba(X)[0]
        print("  ".join(f"class {k}: {p:.4f}" for k, p in enumerate(probs)))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(protect_negative_numbers(argv))
    try:
        return train(args) if args.command == "train" else predict(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
