"""Your own data as CSV: 'x1, x2, label' rows read with Python's csv module
(comma, semicolon or tab; quoted numbers; a pandas index column is dropped),
checked whole with line-numbered messages, and written back the same way."""
from __future__ import annotations

import csv
import io
import math
import os

import numpy as np

from .data import Dataset, check_features, split_dataset
from .drawn import from_points

MAX_CSV_ROWS = 10_000
MAX_CSV_BYTES = 2 * 2**20
MAX_CSV_CLASSES = 10
MAX_CSV_VALUE = 1e6  # larger coordinates overflow x1^2, x1*x2 and the cost


def _read_text(file) -> str:
    """A path (str or PathLike), bytes, or a binary/text file object -> text."""
    if isinstance(file, (str, os.PathLike)):
        if isinstance(file, str) and "\n" in file:
            raise ValueError("load_csv takes a file path; pass CSV text as bytes (text.encode())")
        if os.path.isdir(file):
            raise ValueError(f"{os.fspath(file)} is a directory, not a CSV file")
        if not os.path.isfile(file):
            raise ValueError(f"no such CSV file: {os.fspath(file)}")
        try:
            with open(file, "rb") as handle:
                raw = handle.read(MAX_CSV_BYTES + 1)
        except OSError as error:
            raise ValueError(f"cannot read {os.fspath(file)}: {error.strerror or error}") from None
    elif isinstance(file, (bytes, bytearray)):
        raw = bytes(file)
    elif hasattr(file, "read"):
        raw = file.read(MAX_CSV_BYTES + 1)
    else:
        raise ValueError("expected a CSV file path, its bytes, or an open file")
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"the CSV file is larger than {MAX_CSV_BYTES // 2**20} MB")
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ValueError(f"line {line}: the file is not UTF-8 text") from None


def _parse_number(text: str, line: int, column: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]} is not a finite number")
    if abs(value) > MAX_CSV_VALUE:
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]} is too large; values must be "
                         f"from -{MAX_CSV_VALUE:.0f} to {MAX_CSV_VALUE:.0f}")
    return value


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank record; delimiter , ; or tab."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise ValueError("the CSV file is empty")
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows, start = [], 1  # a quoted cell may span lines: name the line where the record starts
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(rows) > MAX_CSV_ROWS:  # one more than the limit, for a header row
                    raise ValueError(f"the CSV file has more than {MAX_CSV_ROWS} rows; "
                                     f"the limit is {MAX_CSV_ROWS}")
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValueError(f"line {start}: {error}") from None
    if not rows:
        raise ValueError("the CSV file has no values, only separators")
    return rows


def load_csv(file, features=("x1", "x2"), test_ratio: float = 0.3, seed: int = 0,
             name: str = "csv") -> Dataset:
    """Read 'x1, x2, label' rows: header optional; comma, semicolon or tab; quoted
    numbers allowed; a leading index column as pandas writes it is dropped.

    file is a path (str or os.PathLike), the file's bytes, or an open file; a str
    is always a path, so pass CSV text as bytes. Labels are whole-number classes
    (at most 10 values, relabelled 0..k-1 in sorted order) or, if any is
    fractional, regression targets. Values must lie within ±MAX_CSV_VALUE.
    Raises ValueError naming the line and the problem."""
    rows = _csv_rows(_read_text(file))
    header, first = None, rows[0][1]
    try:
        [float(c) for c in (first[:-1] if _split_cell(first[-1]) is not None else first)]
    except ValueError:
        header, rows = first, rows[1:]
    split = header[-1].strip().lower() == "split" if header is not None else _split_cell(first[-1]) is not None
    if split:  # a last column train/test: the file says each row's split (as to_csv writes it with split=)
        is_test, rows = _split_column(rows), [(number, cells[:-1]) for number, cells in rows]
        header = header[:-1] if header is not None else None
    if len(rows) > MAX_CSV_ROWS:
        raise ValueError(f"the CSV file has {len(rows)} rows; the limit is {MAX_CSV_ROWS}")
    width = len(header) if header is not None else len(rows[0][1]) if rows else 3
    indexed = width == 4 and (header is None or not header[0].strip())
    expected = "4 columns (index, x1, x2, label)" if indexed else "3 columns (x1, x2, label)"
    data = []
    for number, cells in rows:
        if len(cells) != (4 if indexed else 3):
            raise ValueError(f"line {number}: expected {expected}, found {len(cells)}")
        data.append([_parse_number(c, number, k) for k, c in enumerate(cells, start=1)])
    if split and (~is_test).sum() < 2:
        raise ValueError(f"the split column marks {(~is_test).sum()} row(s) as train; at least 2 are needed")
    if len(data) < 4:
        raise ValueError(f"the CSV file needs at least 4 data rows, found {len(data)}")
    data = np.array(data)
    if indexed:
        if header is None and not np.array_equal(data[:, 0], np.arange(len(data))):
            raise ValueError(f"line {rows[0][0]}: expected 3 columns (x1, x2, label), found 4 "
                             "(a first index column is dropped only when it counts 0, 1, 2, …)")
        data = data[:, 1:]
    P, target = data[:, :2], data[:, 2]
    values = np.unique(target)
    if np.all(values == np.round(values)):
        if len(values) < 2:
            raise ValueError(f"every row has label {values[0]:g}: a classifier needs at least 2 classes")
        if len(values) > MAX_CSV_CLASSES:
            raise ValueError(f"the label column has {len(values)} different whole numbers; at most "
                             f"{MAX_CSV_CLASSES} classes are supported (use fractions for regression)")
        y, task = np.searchsorted(values, target), "classification"
    else:
        y, task = target, "regression"
    features = check_features(features)
    if split:
        return from_points(name, P, y, is_test, task, int(y.max()) + 1 if task == "classification" else None,
                           features)
    return split_dataset(name, P, y, task, test_ratio, seed, features)


def _split_cell(text: str) -> bool | None:
    """True for 'test', False for 'train' (any case), None for anything else."""
    return {"train": False, "test": True}.get(text.strip().lower())


def _split_column(rows) -> np.ndarray:
    """The last cells of all rows as a test mask; every one must be train or test."""
    marks = []
    for number, cells in rows:
        mark = _split_cell(cells[-1]) if cells else None
        if mark is None:
            raise ValueError(f"line {number}: the split column must say train or test, found "
                             f"{(cells[-1].strip()[:20] if cells else '')!r}")
        marks.append(mark)
    return np.array(marks, dtype=bool)


def to_csv(points: np.ndarray, y: np.ndarray, is_test=None) -> str:
    """Rows 'x1,x2,label' with a header (and a split column train/test when
    is_test is given): what load_csv reads back, to the same floats."""
    out = io.StringIO()
    out.write("x1,x2,label" + (",split" if is_test is not None else "") + "\n")
    marks = [",test" if t else ",train" for t in np.asarray(is_test, dtype=bool)] if is_test is not None \
        else [""] * len(y)
    for (a, b), t, mark in zip(np.asarray(points, dtype=float).reshape(-1, 2).tolist(), np.asarray(y).tolist(), marks):
        out.write(f"{a!r},{b!r},{t!r}{mark}\n")
    return out.getvalue()
