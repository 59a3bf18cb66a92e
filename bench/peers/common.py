"""Shared helpers for the Python peers: deterministic data, timing, BLAS description, JSON I/O.

Each peer reads one JSON request on stdin and prints one JSON object on stdout.
"""
import ctypes
import glob
import json
import os
import sys
import time

import numpy as np


def det(n, seed, scale=1.0):
    """Element i is float32(scale * sin(0.7 * i + seed)); bench/harness.ts's detData builds the same."""
    return (scale * np.sin(0.7 * np.arange(n, dtype=np.float64) + seed)).astype(np.float32)


def time_it(fn, reps, rep_ms, warmup=1, budget_ms=None, warmup_ms=0):
    """Warm-up (`warmup` calls, then more until warmup_ms have passed), calibrate calls per repetition to
    about rep_ms, return per-call seconds per repetition."""
    warm_start = time.perf_counter()
    i = 0
    while i < warmup or (time.perf_counter() - warm_start) * 1000.0 < warmup_ms:
        fn()
        i += 1
    t0 = time.perf_counter()
    fn()
    once = max((time.perf_counter() - t0) * 1000.0, 1e-3)
    inner = max(1, min(100000, round(rep_ms / once))) if rep_ms > 0 else 1
    samples = []
    start = time.perf_counter()
    for r in range(reps):
        s = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - s) / inner)
        if budget_ms is not None and r + 1 >= min(reps, 5) and (time.perf_counter() - start) * 1000.0 > budget_ms:
            break
    return {"median": float(np.median(samples)), "min": float(min(samples)), "samples": samples, "inner": inner}


def time_calls(fn, calls, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(calls):
        s = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - s)
    return {"median": float(np.median(samples)), "min": float(min(samples)), "samples": samples, "inner": 1}


def _corename(lib, names):
    for name in names:
        f = getattr(lib, name, None)
        if f is not None:
            f.restype = ctypes.c_char_p
            v = f()
            return v.decode() if v else None
    return None


def numpy_blas():
    """The OpenBLAS numpy runs and the kernel it chose at run time (threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info  # type: ignore

        for info in threadpool_info():
            if info.get("user_api") == "blas":
                return "%s %s, kernel %s, %s threads" % (
                    info.get("internal_api"), info.get("version"), info.get("architecture"), info.get("num_threads"))
    except ImportError:
        pass
    libdir = os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs")
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        core = _corename(lib, ["scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"])
        cfg = _corename(lib, ["scipy_openblas_get_config64_", "openblas_get_config64_", "openblas_get_config"])
        if core:
            return "%s, kernel %s (via ctypes; threadpoolctl not installed)" % ((cfg or "OpenBLAS").split("  ")[0], core)
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return "%s %s (np.show_config; run-time kernel unknown)" % (blas.get("name"), blas.get("version"))
    except Exception as e:  # noqa: BLE001
        return "unknown (%s)" % e


def loaded_openblas():
    """The OpenBLAS shared library loaded in this process (e.g. by torch) and its kernel."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "openblas" in line and line.split()[-1].startswith("/")})
    except OSError:
        return "unknown"
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        core = _corename(lib, ["openblas_get_corename", "openblas_get_corename64_"])
        cfg = _corename(lib, ["openblas_get_config", "openblas_get_config64_"])
        if core:
            return "%s, kernel %s (%s)" % ((cfg or "OpenBLAS").split("  ")[0], core, os.path.basename(path))
    return "no OpenBLAS loaded" if not paths else "OpenBLAS (%s), kernel unknown" % paths[0]


def env_note():
    return ", ".join("%s=%s" % (k, os.environ[k]) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ) or "no OPENBLAS_*/OMP_* overrides"


def main(handlers):
    req = json.loads(sys.stdin.read())
    task = req["task"]
    if task not in handlers:
        print(json.dumps({"error": "unknown task %s" % task}))
        sys.exit(2)
    out = handlers[task](req)
    print(json.dumps(out))
