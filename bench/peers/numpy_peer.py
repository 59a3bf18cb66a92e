"""numpy peer: float32 GEMM through numpy's OpenBLAS. Request/response: see bench/peers/python.ts."""
import numpy as np

from common import det, env_note, main, numpy_blas, time_it


def operands(c, a_data=None, b_data=None, rng=None):
    m, k, n = c["m"], c["k"], c["n"]
    a_shape = (k, m) if c["transA"] else (m, k)
    b_shape = (n, k) if c["transB"] else (k, n)
    if a_data is None:
        a = rng.standard_normal(a_shape, dtype=np.float32)
        b = rng.standard_normal(b_shape, dtype=np.float32)
    else:
        a, b = a_data.reshape(a_shape), b_data.reshape(b_shape)
    a_op = a.T if c["transA"] else a
    b_op = b.T if c["transB"] else b
    return a_op, b_op


def gemm(req):
    rng = np.random.default_rng(0)
    checks = {}
    for c in req["check"]:
        a, b = operands(c, det(c["m"] * c["k"], 1.0), det(c["k"] * c["n"], 2.0))
        checks[c["name"]] = (a @ b).astype(np.float32).ravel().tolist()
    results = {}
    for c in req["cases"]:
        a, b = operands(c, rng=rng)
        results[c["name"]] = time_it(lambda: a @ b, c["reps"], req["repMs"], budget_ms=req.get("budgetMs"), warmup_ms=req.get("warmupMs", 0))
    return {
        "version": "numpy " + np.__version__,
        "config": "%s; %s" % (numpy_blas(), env_note()),
        "checks": checks,
        "results": results,
    }


if __name__ == "__main__":
    main({"gemm": gemm})
