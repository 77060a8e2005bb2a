"""One neuron's output over the plane, drawn large in place of the boundary
image (a patch for a figure made by boundary_figure), coloured as its
thumbnail in the network drawing is."""
from __future__ import annotations

import numpy as np

from .boundary import png_data_uri
from .network import normalise_map, output_images
from .style import CLASS_COLOURS, DIVERGING, rgb_of

TITLE_PATH = ["layout", "title", "text"]
IMAGE_PATH = ["layout", "images", 0, "source"]


def scale_rgb(z: np.ndarray, scale: list) -> np.ndarray:
    """Values in [-1, 1] (ny, nx) through a Plotly colour scale ([[0…1, '#rrggbb'], …],
    mapped onto -1…1) as an (ny, nx, 3) uint8 image, row 0 at the top (largest y)."""
    z = np.nan_to_num(np.asarray(z, dtype=float), nan=0.0, posinf=1.0, neginf=-1.0)
    t = (np.clip(z, -1, 1) + 1) / 2
    at, stops = [p for p, _ in scale], np.array([rgb_of(c) for _, c in scale])
    rgb = np.stack([np.interp(t, at, stops[:, k]) for k in range(3)], axis=-1)
    return np.rint(rgb[::-1]).astype(np.uint8)


def neuron_rgb(A: np.ndarray, layer: int, unit: int, n_layers: int, kind: str | None, output: str) -> np.ndarray:
    """Unit `unit` of layer `layer` (0: an input, n_layers-1: the output) whose
    output over the grid is A (ny, nx): its image, as its thumbnail colours it.
    kind: a hidden unit's activation; output: the output layer's."""
    if layer == n_layers - 1:
        if output == "softmax":  # white to class `unit`'s colour
            return scale_rgb(2 * np.asarray(A, dtype=float) - 1,
                             [[0.0, "#ffffff"], [1.0, CLASS_COLOURS[unit % len(CLASS_COLOURS)]]])
        _, z, scale = output_images(np.asarray(A)[None], output)[0]
        return scale_rgb(z[0], scale)
    return scale_rgb(normalise_map(np.asarray(A, dtype=float), "linear" if layer == 0 else kind), DIVERGING)


def neuron_patch(rgb: np.ndarray, title: str) -> list:
    """The ops that show a neuron's image and name on the boundary chart."""
    return [["set", IMAGE_PATH, png_data_uri(rgb)], ["set", TITLE_PATH, title]]


def title_patch(title: str) -> list:
    """The op that puts the boundary chart's own title back."""
    return [["set", TITLE_PATH, title]]
