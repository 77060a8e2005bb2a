"""Reading a model .npz safely: every size is checked before anything is allocated.

np.load allocates whatever an array's .npy header declares before it reads a
byte of data, and a Network allocates its weights, gradients and optimiser
state from a few numbers in its config. So a file is checked from its headers
first: the zip directory, each array's declared shape and type against the
bytes it really holds, the layer sizes against a parameter budget, and each
array's shape against the layers. Only then is any array read. Never unpickles.
"""
from __future__ import annotations

import io
import json
import math
import os
import zipfile
import zlib

import numpy as np
from numpy.lib import format as npy

FORMAT = "playground-network"
FORMAT_VERSION = 1
MAX_MODEL_BYTES = 64 * 2**20  # refuse .npz files that unpack to more than this
MAX_ENTRIES = 64
MAX_CONFIG_BYTES = 2**20  # the JSON header (configuration and metadata)
MAX_LAYERS = 32  # hidden layers a model file may declare
MAX_UNITS = 4096  # units per layer a model file may declare
# Weights and biases a model file may declare; the app's largest network has about
# 30,000. Training needs about four copies (weights, gradients, Adam's two moments).
MAX_PARAMETERS = 2_000_000
# What a damaged archive raises while it is read.
ZIP_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, KeyError)


def read_model_file(file, max_parameters: int = MAX_PARAMETERS) -> tuple[dict, dict[str, np.ndarray]]:
    """(header, arrays) of a file written by Network.save: a path, bytes or a binary
    file object. header is its JSON (format, version, config, metadata); arrays
    are W1, b1, … with the shapes the config's layer_dims imply, all finite.
    Raises ValueError saying what is wrong with anything else, or if the layers
    hold more than max_parameters weights and biases."""
    file = _as_binary(file)
    try:
        archive = zipfile.ZipFile(file)
    except ZIP_ERRORS as error:
        raise ValueError(f"model file is damaged: {_cut(error)}") from None
    with archive:
        declared = _declared_arrays(archive)
        header = _read_header(archive, declared)
        shapes = expected_shapes(_layer_dims(header["config"], max_parameters))
        _check_arrays(declared, shapes)
        arrays = {name: _read_array(archive, name) for name in shapes}
    return header, arrays


def expected_shapes(dims: list[int]) -> dict[str, tuple[int, int]]:
    """{'W1': (n_1, n_0), 'b1': (n_1, 1), …} for layer sizes [n_0, n_1, …, n_L]."""
    shapes = {}
    for l in range(1, len(dims)):
        shapes[f"W{l}"] = (dims[l], dims[l - 1])
        shapes[f"b{l}"] = (dims[l], 1)
    return shapes


def _as_binary(file):
    if isinstance(file, (bytes, bytearray)):
        file = io.BytesIO(file)
    elif isinstance(file, (str, os.PathLike)):
        if not os.path.isfile(file):
            raise ValueError(f"no such model file: {file}")
        if os.path.getsize(file) > MAX_MODEL_BYTES:
            raise ValueError(f"model file too large: it is over {MAX_MODEL_BYTES // 2**20} MB")
        with open(file, "rb") as handle:
            file = io.BytesIO(handle.read())
    head = file.read(2)
    file.seek(0)
    if head[:1] == b"\x80":
        raise ValueError("model file refused: it is a pickled Python object, which is never "
                         "loaded because unpickling can run code")
    if not zipfile.is_zipfile(file):
        raise ValueError("not a model file: an .npz model is a zip archive, and this is not one")
    file.seek(0)
    return file


def _declared_arrays(archive: zipfile.ZipFile) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    """{name: (shape, dtype)} of every member, from the zip directory and the .npy headers alone."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ValueError(f"not a model file: it holds {len(infos)} entries")
    if sum(i.file_size for i in infos) > MAX_MODEL_BYTES:
        raise ValueError(f"model file too large: it unpacks to more than {MAX_MODEL_BYTES // 2**20} MB")
    declared = {}
    for info in infos:
        name = info.filename
        if not name.endswith(".npy") or name[:-4] in declared:
            raise ValueError(f"not a model file: entry {_cut(name, 60)!r} is not one NumPy array (.npy)")
        shape, dtype, stored = _npy_header(archive, info)
        if dtype.hasobject:
            raise ValueError("model file refused: it contains pickled Python objects")
        if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize != stored:
            raise ValueError(f"model file is damaged: {_cut(name, 60)} declares shape {_cut(shape, 60)} of "
                             f"{dtype} but holds {stored} bytes of data")
        declared[name[:-4]] = (shape, dtype)
    return declared


def _npy_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[tuple[int, ...], np.dtype, int]:
    """(shape, dtype, bytes after the header) of one member: reads its header only."""
    try:
        with archive.open(info) as member:
            version = npy.read_magic(member)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"unsupported .npy format version {version}")
            read = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
            shape, _, dtype = read(member)
            return shape, dtype, info.file_size - member.tell()
    except ValueError as error:
        raise ValueError(f"model file is damaged: entry {_cut(info.filename, 60)}: {_cut(error)}") from None
    except ZIP_ERRORS as error:
        raise ValueError(f"model file is damaged: {_cut(error)}") from None


def _read_array(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    try:
        with archive.open(name + ".npy") as member:
            array = npy.read_array(member, allow_pickle=False)
    except ValueError as error:
        if "pickle" in str(error).lower():
            raise ValueError("model file refused: it contains pickled Python objects") from None
        raise ValueError(f"model file is damaged: {_cut(error)}") from None
    except ZIP_ERRORS as error:
        raise ValueError(f"model file is damaged: {_cut(error)}") from None
    if array.dtype.kind in "fiu" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _read_header(archive: zipfile.ZipFile, declared: dict) -> dict:
    if "config" not in declared:
        raise ValueError("not a model file: it has no 'config' entry")
    shape, dtype = declared["config"]
    if shape != () or dtype.kind != "U" or dtype.itemsize > MAX_CONFIG_BYTES:
        raise ValueError(f"model file's config entry is not a JSON text of at most {MAX_CONFIG_BYTES // 2**20} MB")
    try:
        header = json.loads(str(_read_array(archive, "config")))
    except json.JSONDecodeError as error:
        raise ValueError(f"model file's config is not valid JSON: {error}") from None
    except (ValueError, RecursionError):  # a number of over 4,300 digits, lists nested thousands deep
        raise ValueError("model file's config is not usable: it holds a number thousands of digits long "
                         "or lists nested too deeply") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a playground model file (the format tag is missing)")
    version = header.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ValueError(f"unsupported model file version {_cut(version, 40)}")
    if not isinstance(header.get("config"), dict) or "layer_dims" not in header["config"]:
        raise ValueError("model file's config is invalid: it has no layer_dims")
    return header


def _layer_dims(config: dict, max_parameters: int) -> list[int]:
    """The config's layer sizes, once they are known to fit the parameter budget."""
    dims = config["layer_dims"]
    if not isinstance(dims, list) or not 2 <= len(dims) <= MAX_LAYERS + 2 \
            or any(type(n) is not int or not 1 <= n <= MAX_UNITS for n in dims):
        raise ValueError(f"model file's layer_dims {_cut(dims, 80)} must list an input size, at most {MAX_LAYERS} "
                         f"hidden layer sizes and an output size, each a whole number from 1 to {MAX_UNITS}")
    count = sum(n * (n_before + 1) for n_before, n in zip(dims, dims[1:]))
    if count > max_parameters:
        raise ValueError(f"model file refused: layers {_cut(dims, 80)} have {count:,} weights and biases; "
                         f"a model here may have at most {max_parameters:,}")
    return dims


def _check_arrays(declared: dict, shapes: dict) -> None:
    names = set(declared) - {"config"}
    if names != set(shapes):
        missing, extra = sorted(set(shapes) - names), sorted(names - set(shapes))
        raise ValueError(
            "model file's arrays do not match its layers"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unexpected {_cut(', '.join(extra), 100)}" if extra else ""))
    for name, shape in shapes.items():
        got, dtype = declared[name]
        if dtype.kind not in "fiu":
            raise ValueError(f"{name} is not numeric (dtype {dtype})")
        if got != shape:
            raise ValueError(f"{name} has shape {_cut(got, 60)}, expected {shape}")


def _cut(value, limit: int = 200) -> str:
    """A value or message for a user, cut to limit characters."""
    try:
        text = str(value)
    except ValueError:  # a whole number too long to print
        text = f"(a {type(value).__name__} too long to show)"
    return text[:limit] + ("…" if len(text) > limit else "")


def model_file_name(path) -> str:
    """The file a model saved to path is written to: path with '.npz' appended unless it ends so (numpy's rule)."""
    path = os.fspath(path)
    if not isinstance(path, str) or not path:
        raise ValueError(f"a model file name must be non-empty text, got {path!r}")
    return path if path.endswith(".npz") else path + ".npz"


def write_model_file(file, config: dict, arrays: dict, metadata: dict) -> str | None:
    """An .npz with the arrays (W1, b1, …) and a JSON header holding the
    network's constructor arguments and free-form metadata: what read_model_file
    reads. file is a path or a binary file object; returns the name written (None for a file object)."""
    written = None
    if not hasattr(file, "write"):
        written = model_file_name(file)
        if os.path.isdir(file) or os.path.isdir(written):
            raise ValueError(f"cannot save the model to {os.fspath(file)}: it is a directory; "
                             f"give a file name such as {os.path.join(os.fspath(file), 'model.npz')}")
        file = written
    header = {"format": FORMAT, "version": FORMAT_VERSION, "config": config, "metadata": metadata}
    np.savez(file, config=np.array(json.dumps(header)), **{name: np.array(v) for name, v in arrays.items()})
    return written
