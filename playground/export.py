"""Export a run as a standalone Python script that rebuilds it with the
playground package and trains it to the same weights."""
from __future__ import annotations

from .config import Config

SCRIPT = '''"""Rebuild and retrain a NumPy-playground run.

Exported from the playground after {steps} optimiser steps ({epochs} epochs).
Run it from a checkout of the playground (or with the package installed):
    python {filename}
It reproduces the app's run exactly when the settings were not changed during
training; a setting changed mid-run is exported at its final value.
"""
from playground import Trainer
from playground.config import Config

config = Config.from_json(r\"\"\"{config_json}\"\"\")
{data_line}
network = config.make_network(dataset)
trainer = Trainer(network, dataset, batch_size=config.batch_size)
trainer.run({steps})
result = trainer.evaluate()
print(f"epoch {{trainer.epoch}}  step {{trainer.step_count}}  "
      f"train score {{result['train_score']:.6f}}  test score {{result['test_score']:.6f}}  "
      f"train cost {{result['train_cost']:.6f}}")
'''


def export_script(config: Config, steps: int, epochs: int, csv_text: str | None = None,
                  filename: str = "playground_run.py") -> str:
    """The script's text. A CSV dataset is embedded in the script."""
    if csv_text is not None:
        data_line = ("from playground.data import load_csv\n"
                     f"dataset = load_csv(r\"\"\"{csv_text}\"\"\".encode(), features=config.features, "
                     "test_ratio=config.test_ratio, seed=config.seed, name='csv')")
    else:
        data_line = "dataset = config.make_dataset()"
    return SCRIPT.format(steps=int(steps), epochs=int(epochs), filename=filename,
                         config_json=config.to_json(), data_line=data_line)
