"""Shared helpers for the benchmarks: timing, machine description, result files."""
from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def per_call_us(fn, n: int, repeats: int = 3) -> float:
    """Median over `repeats` of the mean µs per call of fn() run n times."""
    fn()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(samples)


def machine() -> dict:
    info = {"python": platform.python_version(), "cpu_count": os.cpu_count(),
            "machine": platform.machine(), "processor": _cpu_model(), "speed": reference_speed()}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                        for p in threadpool_info()]
    except ImportError:
        pass
    return info


def reference_speed() -> dict:
    """Fixed workloads timed as the results are written. The machines here
    differ by host and hour (the same live loop measured 11 ms and 26 ms of
    CPU per frame on two days), so each result file says how fast its machine
    was: a pure-Python loop (Streamlit's share of a frame is Python like it)
    and tanh on the boundary's 8 × 4,096 values (NumPy vectorises float64
    tanh only with AVX-512)."""
    import numpy as np
    values = np.random.default_rng(0).standard_normal((8, 4096))
    single = values.astype(np.float32)
    return {"python_loop_ms": per_call_us(lambda: sum(i * i for i in range(100_000)), 5, repeats=5) / 1000,
            "tanh_float64_us": per_call_us(lambda: np.tanh(values), 50, repeats=5),
            "tanh_float32_us": per_call_us(lambda: np.tanh(single), 50, repeats=5),
            "avx512": "avx512f" in _cpu_flags()}


def speed_line(speed: dict) -> str:
    """The reference figures in words, for a results table's heading."""
    return (f"Reference: Python loop {speed['python_loop_ms']:.1f} ms, tanh of 32,768 values "
            f"{speed['tanh_float64_us']:.0f} µs (float64) / {speed['tanh_float32_us']:.0f} µs (float32), "
            f"AVX-512 {'yes' if speed['avx512'] else 'no'}.")


def _cpuinfo(field: str) -> str | None:
    """The first /proc/cpuinfo line's value for field (None where there is none)."""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith(field):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _cpu_flags() -> set[str]:
    return set((_cpuinfo("flags") or "").split())


def _cpu_model() -> str:
    return _cpuinfo("model name") or platform.processor()


def write_results(name: str, results: dict, table: list[list[str]]) -> None:
    """bench/results/<name>.json (everything) and <name>.md (a short table)."""
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    payload = {"benchmark": name, "measured": stamp, "machine": machine(), "results": results}
    with open(os.path.join(RESULTS, f"{name}.json"), "w") as handle:
        json.dump(payload, handle, indent=2)
    lines = [f"Measured {stamp} on {payload['machine']['processor']} "
             f"({payload['machine']['cpu_count']} cores), Python {payload['machine']['python']}. "
             + speed_line(payload["machine"]["speed"]), ""]
    lines.append("| " + " | ".join(table[0]) + " |")
    lines.append("|" + "---|" * len(table[0]))
    lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
    with open(os.path.join(RESULTS, f"{name}.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            pids += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
