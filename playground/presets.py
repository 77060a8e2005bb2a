"""Classroom presets: one-click setups, each with the two sentences a teacher
would say about it."""
from __future__ import annotations

from dataclasses import dataclass

from .config import Config


@dataclass(frozen=True)
class Preset:
    name: str
    config: Config
    explanation: str


PRESETS = (
    Preset("Symmetry: zero initialisation", Config(dataset="circles", init="zeros", activations=("tanh", "tanh"),
                                                   learning_rate=0.03),
           "Every weight starts at zero, so every hidden unit computes the same thing and receives the same "
           "gradient. They stay identical forever and the network cannot learn the circle."),
    Preset("Learning rate too high", Config(dataset="circles", optimizer="sgd", learning_rate=10.0),
           "Each step overshoots the minimum by more than it gains, so the cost explodes. The playground "
           "catches the divergence, pauses and restores the last good weights."),
    Preset("Overfitting", Config(dataset="moons", noise=0.3, n_samples=50, test_ratio=0.5, hidden=(64, 64, 64),
                                 activations=("relu",) * 3, keep_probs=(1.0,) * 3, learning_rate=0.01),
           "Few noisy points and a big network: the training cost keeps falling while the test cost turns and "
           "rises. The boundary twists around individual points instead of the moons."),
    Preset("L2 fixes overfitting", Config(dataset="moons", noise=0.3, n_samples=50, test_ratio=0.5,
                                          hidden=(64, 64, 64), activations=("relu",) * 3, keep_probs=(1.0,) * 3,
                                          l2=0.3, learning_rate=0.01),
           "The same big network, now paying λ/2m·‖W‖² for large weights. Smaller weights mean a smoother "
           "boundary and a test cost that stays close to the training cost."),
    Preset("Dropout fixes overfitting", Config(dataset="moons", noise=0.3, n_samples=50, test_ratio=0.5,
                                               hidden=(64, 64, 64), activations=("relu",) * 3,
                                               keep_probs=(0.6, 0.6, 0.6), learning_rate=0.01),
           "Each step trains a random sub-network that keeps 60% of the units, so no unit can rely on another. "
           "The ensemble they form generalises better than any one of them."),
    Preset("Vanishing gradients", Config(dataset="spiral", hidden=(8,) * 8, activations=("sigmoid",) * 8,
                                         keep_probs=(1.0,) * 8, init="xavier", optimizer="sgd", learning_rate=0.3),
           "Eight sigmoid layers: each multiplies the gradient by at most 0.25 on the way back, so the first "
           "layers barely move. Open 'Inside the layers' to watch the gradient norm fall layer by layer."),
    Preset("XOR needs a hidden layer", Config(dataset="xor", hidden=(), activations=(), keep_probs=(),
                                              learning_rate=0.03),
           "With no hidden layer the network is logistic regression: one straight line, which cannot separate "
           "XOR. Add a hidden layer of 4 units and it can."),
    Preset("Spiral needs depth", Config(dataset="spiral", noise=0.05, hidden=(16, 16, 16), activations=("tanh",) * 3,
                                        keep_probs=(1.0,) * 3, learning_rate=0.01),
           "Two interleaved arms need many bends in the boundary. Three tanh layers of 16 units build them; "
           "try one layer of 4 and watch it fail."),
    Preset("Softmax on three classes", Config(dataset="blobs3", hidden=(8,), activations=("relu",), keep_probs=(1.0,),
                                              learning_rate=0.03),
           "Three output units and a softmax turn scores into three probabilities that sum to one. Each region "
           "takes the colour of its most probable class, paler where the network is unsure."),
)
