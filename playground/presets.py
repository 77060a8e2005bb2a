"""Classroom presets: one-click setups, each with what a teacher would say
about it: what to look at, and what to try next."""
from __future__ import annotations

from dataclasses import dataclass

from .config import Config


@dataclass(frozen=True)
class Preset:
    name: str
    config: Config
    look: str  # what to watch while it trains
    try_next: str  # the change that makes the point

    @property
    def explanation(self) -> str:
        return f"{self.look} {self.try_next}"


BIG_NOISY_MOONS = dict(dataset="moons", noise=0.3, n_samples=50, test_ratio=0.5, hidden=(64, 64, 64),
                       activations=("relu",) * 3, keep_probs=(1.0,) * 3, learning_rate=0.01)

PRESETS = (
    Preset("TensorFlow Playground defaults",
           Config(dataset="circles", noise=0.0, test_ratio=0.5, hidden=(4, 2), activations=("tanh", "tanh"),
                  keep_probs=(1.0, 1.0), learning_rate=0.03, batch_size=10, optimizer="sgd", init="xavier",
                  loss="squared"),
           "The setup TF Playground opens with: tanh, layers of 4 and 2, learning rate 0.03, batch 10, half the "
           "points for training, no noise and its squared loss. For a few hundred epochs the cost barely moves, "
           "then falls fast: watch the first layer's four maps turn into straight cuts that the next layers bend "
           "into a circle.",
           "Switch the loss to cross-entropy (the model restarts from the same weights): its gradient does not "
           "shrink where the output saturates, and the same network learns the circle several times sooner."),
    Preset("Symmetry: zero initialisation", Config(dataset="circles", init="zeros", activations=("tanh", "tanh"),
                                                   learning_rate=0.03),
           "Every weight starts at zero, so every hidden unit computes the same thing and gets the same gradient: "
           "watch the network drawing, where every map in a layer stays identical.",
           "Switch the initialisation to Xavier and press Reset: the units differ from the first step and the "
           "circle is learned."),
    Preset("Learning rate too high", Config(dataset="circles", optimizer="sgd", learning_rate=10.0),
           "Each step overshoots the minimum by more than it gains: watch the cost curve jump up until the "
           "playground stops the run and restores the last good weights.",
           "Lower the learning rate step by step (3, 1, 0.3) and find the largest one that still settles."),
    Preset("Overfitting", Config(**BIG_NOISY_MOONS),
           "Few noisy points and a big network: watch the training cost keep falling while the dotted test cost "
           "turns and rises, and the boundary twist around single points.",
           "Now load 'L2 fixes overfitting' or 'Dropout fixes overfitting' and compare the two curves."),
    Preset("L2 fixes overfitting", Config(**{**BIG_NOISY_MOONS, "l2": 0.3}),
           "The same big network, now paying λ/2m·‖W‖² for large weights: watch the boundary stay smooth and the "
           "test cost stay close to the training cost.",
           "Raise λ to 3 and see it underfit: a boundary too simple for the moons."),
    Preset("Dropout fixes overfitting", Config(**{**BIG_NOISY_MOONS, "keep_probs": (0.6, 0.6, 0.6)}),
           "Each step trains a random sub-network that keeps 60% of the units: watch the training cost stay noisy "
           "while the test cost stays low.",
           "Set every keep probability back to 1 while it trains, and watch the test cost turn up again."),
    Preset("L1 makes weights sparse", Config(dataset="xor", hidden=(16,), activations=("tanh",), keep_probs=(1.0,),
                                             l1=0.03, learning_rate=0.03),
           "λ₁/m·Σ|W| pushes small weights to exactly zero: watch most edges of the network drawing fade to "
           "nothing while a few strong ones carry XOR.",
           "Swap L1 for the same L2: the weights shrink but none vanishes."),
    Preset("Vanishing gradients", Config(dataset="spiral", hidden=(8,) * 8, activations=("sigmoid",) * 8,
                                         keep_probs=(1.0,) * 8, init="xavier", optimizer="sgd", learning_rate=0.3),
           "Eight sigmoid layers each multiply the gradient by at most 0.25 on the way back: open 'Inside the "
           "layers' and watch the gradient norm fall layer by layer.",
           "Switch every activation to ReLU and see the first layers start to move."),
    Preset("XOR needs a hidden layer", Config(dataset="xor", hidden=(), activations=(), keep_probs=(),
                                              learning_rate=0.03),
           "With no hidden layer the network is logistic regression: watch it settle on one straight line, which "
           "cannot separate XOR.",
           "Add a hidden layer of 4 units, or the input feature x1·x2, and it can."),
    Preset("Spiral needs depth", Config(dataset="spiral", noise=0.05, hidden=(16, 16, 16), activations=("tanh",) * 3,
                                        keep_probs=(1.0,) * 3, learning_rate=0.01),
           "Two interleaved arms need many bends: watch the boundary wind outwards as three tanh layers of 16 "
           "units build them.",
           "Try one layer of 4 and watch it fail; then add sin(πx1) and sin(πx2) as inputs."),
    Preset("Softmax on three classes", Config(dataset="blobs3", hidden=(8,), activations=("relu",), keep_probs=(1.0,),
                                              learning_rate=0.03),
           "Three output units and a softmax turn scores into three probabilities that sum to one: each region "
           "takes its most probable class's colour, paler where the network is unsure.",
           "Raise the noise to 0.4 and watch the pale bands between the classes widen."),
)
