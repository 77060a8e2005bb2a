"""µs per training step of the NumPy engine, against PyTorch CPU and sklearn.

    python bench/engine.py

Cases: 2-8-8-1 on 1,000 points (full batch and batch 32) and 2-64-64-64-1 on
100,000 points (full batch), all Adam, binary cross-entropy. PyTorch is used
when importable (pip install torch; not a project dependency). Ratios are
reference time / engine time, measured in this same run: above 1 means the
engine is faster.
"""
from __future__ import annotations

import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import per_call_us, write_results  # noqa: E402
from playground import Network, Trainer, make_dataset  # noqa: E402

CASES = [  # name, hidden sizes, points, batch size, steps per timing
    ("2-8-8-1, 1k points, full batch", (8, 8), 1000, None, 2000),
    ("2-8-8-1, 1k points, batch 32", (8, 8), 1000, 32, 2000),
    ("2-64-64-64-1, 100k points, full batch", (64, 64, 64), 100_000, None, 4),
]


def data(points: int):
    d = make_dataset("moons", n_samples=points, noise=0.2, test_ratio=0.0)
    return d, d.X_train, d.y_train


def engine_step(hidden, points, batch, dtype="float64"):
    d, X, y = data(points)
    net = Network([2, *hidden, 1], dtype=dtype)
    Xc, Yc = net.to_columns(X, y)
    if batch is None:
        return lambda: net.step_columns(Xc, Yc)
    from playground.engine.batches import minibatches
    batches = minibatches(Xc, Yc, batch, np.random.default_rng(0))
    return lambda: net.step_columns(*next(batches))


def trainer_step(hidden, points, batch):
    d, X, y = data(points)
    trainer = Trainer(Network([2, *hidden, 1]), d, batch_size=batch)
    return lambda: trainer.run(1)


def torch_step(hidden, points, batch):
    import torch
    d, X, y = data(points)
    layers, n_in = [], 2
    for n in hidden:
        layers += [torch.nn.Linear(n_in, n), torch.nn.ReLU()]
        n_in = n
    model = torch.nn.Sequential(*layers, torch.nn.Linear(n_in, 1)).double()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64).reshape(-1, 1)
    state = {"start": 0}

    def step():
        if batch is None:
            xb, yb = Xt, yt
        else:
            s = state["start"]
            xb, yb = Xt[s:s + batch], yt[s:s + batch]
            state["start"] = (s + batch) % (points - batch)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    return step


def sklearn_step(hidden, points, batch):
    from sklearn.neural_network import MLPClassifier
    d, X, y = data(points)
    size = points if batch is None else batch
    clf = MLPClassifier(hidden_layer_sizes=hidden, solver="adam", batch_size=size, learning_rate_init=0.01)
    clf.partial_fit(X[:size], y[:size], classes=[0, 1])
    state = {"start": 0}

    def step():  # one partial_fit on exactly one batch is one optimiser step
        s = state["start"]
        clf.partial_fit(X[s:s + size], y[s:s + size])
        state["start"] = (s + size) % max(points - size, 1)
    return step


def main() -> None:
    warnings.filterwarnings("ignore")
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    results, table = {}, [["case", "engine µs/step", "engine f32", "Trainer.run µs/step",
                           "PyTorch µs/step", "partial_fit µs/step", "× PyTorch", "× partial_fit"]]
    for name, hidden, points, batch, n in CASES:
        row = {"engine_us": per_call_us(engine_step(hidden, points, batch), n),
               "engine_f32_us": per_call_us(engine_step(hidden, points, batch, "float32"), n),
               "trainer_us": per_call_us(trainer_step(hidden, points, batch), n)}
        if torch_version:
            row["torch_us"] = per_call_us(torch_step(hidden, points, batch), n)
            row["speedup_vs_torch"] = row["torch_us"] / row["engine_us"]
        row["sklearn_us"] = per_call_us(sklearn_step(hidden, points, batch), max(n // 4, 4))
        row["speedup_vs_sklearn"] = row["sklearn_us"] / row["engine_us"]
        results[name] = row
        fmt = lambda k: f"{row[k]:.0f}" if k in row else "n/a"  # noqa: E731
        ratio = lambda k: f"{row[k]:.2f}×" if k in row else "n/a"  # noqa: E731
        table.append([name, fmt("engine_us"), fmt("engine_f32_us"), fmt("trainer_us"), fmt("torch_us"),
                      fmt("sklearn_us"), ratio("speedup_vs_torch"), ratio("speedup_vs_sklearn")])
    results["torch_version"] = torch_version
    write_results("engine", results, table)


if __name__ == "__main__":
    main()
