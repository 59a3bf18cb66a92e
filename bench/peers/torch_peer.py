"""PyTorch peer (Debian's python3-torch, run by /usr/bin/python3): gemm, conv, train, infer.

Request/response: see bench/peers/python.ts. Tensors that must match Fluxion's are built from
common.det in Fluxion's layouts (NHWC activations, HWIO filters, [in, out] dense weights) and
permuted to torch's (NCHW, OIHW, [out, in]).
"""
import json
import sys

import numpy as np

from common import det, env_note, loaded_openblas, main, time_calls, time_it

try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # noqa: BLE001
    print(json.dumps({"unavailable": "import torch failed: %s" % e}))
    sys.exit(0)


def setup(req):
    torch.set_num_threads(int(req["threads"]))
    torch.manual_seed(0)


def describe():
    return "torch %s, %d threads, BLAS %s, mkldnn %s; %s" % (
        torch.__version__, torch.get_num_threads(), loaded_openblas(),
        torch.backends.mkldnn.is_available(), env_note())


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


# ---------------------------------------------------------------- gemm
def gemm_operands(c, a_data=None, b_data=None):
    m, k, n = c["m"], c["k"], c["n"]
    a_shape = (k, m) if c["transA"] else (m, k)
    b_shape = (n, k) if c["transB"] else (k, n)
    a = torch.randn(a_shape) if a_data is None else t(a_data.reshape(a_shape))
    b = torch.randn(b_shape) if b_data is None else t(b_data.reshape(b_shape))
    return (a.t() if c["transA"] else a), (b.t() if c["transB"] else b)


def gemm(req):
    setup(req)
    checks = {}
    for c in req["check"]:
        a, b = gemm_operands(c, det(c["m"] * c["k"], 1.0), det(c["k"] * c["n"], 2.0))
        checks[c["name"]] = (a @ b).ravel().tolist()
    results = {}
    with torch.no_grad():
        for c in req["cases"]:
            a, b = gemm_operands(c)
            results[c["name"]] = time_it(lambda: a @ b, c["reps"], req["repMs"], budget_ms=req.get("budgetMs"), warmup_ms=req.get("warmupMs", 0))
    return {"version": "torch " + torch.__version__, "config": describe(), "checks": checks, "results": results}


# ---------------------------------------------------------------- conv
def nhwc_to_nchw(x):
    return x.permute(0, 3, 1, 2).contiguous()


def nchw_to_nhwc(x):
    return x.permute(0, 2, 3, 1).contiguous()


def conv_case(c, x_nhwc, f_hwio, dy_nhwc):
    """Forward and (dx, df) of a 'valid' stride-1 conv2d or a 2x2 max pool, in Fluxion's layouts."""
    x = nhwc_to_nchw(x_nhwc).requires_grad_(True)
    if c["kind"] == "pool":
        y = F.max_pool2d(x, 2)
        (dx,) = torch.autograd.grad(y, [x], nhwc_to_nchw(dy_nhwc))
        return [nchw_to_nhwc(y.detach()), nchw_to_nhwc(dx)]
    w = f_hwio.permute(3, 2, 0, 1).contiguous().requires_grad_(True)
    y = F.conv2d(x, w)
    dx, dw = torch.autograd.grad(y, [x, w], nhwc_to_nchw(dy_nhwc))
    return [nchw_to_nhwc(y.detach()), nchw_to_nhwc(dx), dw.permute(2, 3, 1, 0).contiguous()]


def out_hw(c):
    if c["kind"] == "pool":
        return c["h"] // 2, c["w"] // 2, c["cin"]
    return c["h"] - c["kh"] + 1, c["w"] - c["kw"] + 1, c["cout"]


def conv(req):
    setup(req)
    checks = {}
    for c in req["check"]:
        oh, ow, oc = out_hw(c)
        x = t(det(c["n"] * c["h"] * c["w"] * c["cin"], 1.0).reshape(c["n"], c["h"], c["w"], c["cin"]))
        f = t(det(c["kh"] * c["kw"] * c["cin"] * c["cout"], 2.0, 0.5).reshape(c["kh"], c["kw"], c["cin"], c["cout"])) if c["kind"] == "conv" else None
        dy = t(det(c["n"] * oh * ow * oc, 3.0).reshape(c["n"], oh, ow, oc))
        checks[c["name"]] = [o.ravel().tolist() for o in conv_case(c, x, f, dy)]
    results = {}
    for c in req["cases"]:
        oh, ow, oc = out_hw(c)
        x = torch.randn(c["n"], c["cin"], c["h"], c["w"])
        dy = torch.randn(c["n"], oc, oh, ow)
        if c["kind"] == "pool":
            def fwd():
                with torch.no_grad():
                    return F.max_pool2d(x, 2)

            xg = x.clone().requires_grad_(True)

            def bwd():
                return torch.autograd.grad(F.max_pool2d(xg, 2), [xg], dy)
        else:
            w = torch.randn(c["cout"], c["cin"], c["kh"], c["kw"])

            def fwd():
                with torch.no_grad():
                    return F.conv2d(x, w)

            xg = x.clone().requires_grad_(True)
            wg = w.clone().requires_grad_(True)

            def bwd():
                return torch.autograd.grad(F.conv2d(xg, wg), [xg, wg], dy)
        results[c["name"]] = {
            "forward": time_it(fwd, req["reps"], req["repMs"], budget_ms=req.get("budgetMs"), warmup_ms=req.get("warmupMs", 0)),
            "backward": time_it(bwd, req["reps"], req["repMs"], budget_ms=req.get("budgetMs"), warmup_ms=req.get("warmupMs", 0)),
        }
    return {"version": "torch " + torch.__version__, "config": describe(), "checks": checks, "results": results}


# ---------------------------------------------------------------- models
class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.d1 = torch.nn.Linear(784, 256)
        self.d2 = torch.nn.Linear(256, 128)
        self.d3 = torch.nn.Linear(128, 10)

    def forward(self, x):
        return self.d3(F.relu(self.d2(F.relu(self.d1(x)))))


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 32, 3)
        self.c2 = torch.nn.Conv2d(32, 64, 3)
        self.d1 = torch.nn.Linear(5 * 5 * 64, 128)
        self.d2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        # Flatten in NHWC order, as Fluxion and TensorFlow.js do, so that the same weights give the same model.
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        return self.d2(F.relu(self.d1(x)))


def load_params(model, params):
    """params: [name, shape, seed, scale] in Fluxion layout, in model.parameters() order."""
    with torch.no_grad():
        for p, (name, shape, seed, scale) in zip(model.parameters(), params):
            v = t(det(int(np.prod(shape)), seed, scale).reshape(shape))
            if len(shape) == 4:  # HWIO -> OIHW
                v = v.permute(3, 2, 0, 1)
            elif len(shape) == 2:  # [in, out] -> [out, in]
                v = v.t()
            if tuple(v.shape) != tuple(p.shape):
                raise ValueError("parameter %s: shape %s vs %s" % (name, tuple(v.shape), tuple(p.shape)))
            p.copy_(v)


def make_model(req):
    model = Mlp() if req["model"] == "mlp" else Cnn()
    load_params(model, req["params"])
    return model


def batch_data(req):
    b = req["batch"]
    x = det(b * 784, 31.0)
    x = t(x.reshape(b, 784)) if req["model"] == "mlp" else nhwc_to_nchw(t(x.reshape(b, 28, 28, 1)))
    y = torch.tensor([(i * 7) % 10 for i in range(b)], dtype=torch.long)
    return x, y


def train(req):
    setup(req)
    model = make_model(req)
    opt = torch.optim.Adam(model.parameters(), lr=req["lr"], eps=1e-7)
    x, y = batch_data(req)
    losses = []

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(float(loss))

    for _ in range(req["checkSteps"]):
        step()
    check = list(losses)
    timing = time_it(step, req["steps"], req["repMs"], warmup=req["warmup"], budget_ms=req.get("budgetMs"),
                     warmup_ms=req["warmupMs"])
    return {"version": "torch " + torch.__version__, "check": check, "timing": timing, "config": describe()}


def infer(req):
    setup(req)
    model = make_model(req)
    model.eval()
    with torch.inference_mode():
        xc = t(det(4 * 784, 21.0).reshape(4, 784))
        check = torch.softmax(model(xc), -1).ravel().tolist()
        x1 = torch.randn(1, 784)
        xb = torch.randn(req["bigBatch"], 784)
        lat = time_calls(lambda: torch.softmax(model(x1), -1), req["calls"], req["warmupCalls"])
        thr = time_it(lambda: torch.softmax(model(xb), -1), req["reps"], req["repMs"], budget_ms=req.get("budgetMs"))
    return {"version": "torch " + torch.__version__, "config": describe(), "check": check, "latency": lat, "throughput": thr}


if __name__ == "__main__":
    main({"gemm": gemm, "conv": conv, "train": train, "infer": infer})
