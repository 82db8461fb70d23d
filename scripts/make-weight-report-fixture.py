"""Pins weightReport / foldBatchNorm values computed by numpy (test/fixtures/weight-report.json).

Run: python3 scripts/make-weight-report-fixture.py  (numpy >= 1.17). Symmetric absmax scales per tensor,
per slice along `axis`, per run of `group` values in each channel's slice (other axes flattened in C
order); np.round (half to even); clip to +-qmax; an all-zero slice has scale 1."""
import json
import numpy as np


def quant(x, s, qmax):
    return np.clip(np.round(x / s), -qmax, qmax) * s


def sqnr(w, wq):
    noise = np.sum((w - wq) ** 2)
    return float("inf") if noise == 0 else float(10 * np.log10(np.sum(w**2) / noise))


def report(w, bits, axis, group):
    qmax = 2 ** (bits - 1) - 1
    w = w.astype(np.float64)
    m = np.abs(w).max()
    st = m / qmax if m > 0 else 1.0
    t = quant(w, st, qmax)
    ch = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)  # channels x rest (C order of the others)
    cm = np.abs(ch).max(axis=1)
    sc = np.where(cm > 0, cm / qmax, 1.0)[:, None]
    c = quant(ch, sc, qmax)
    gq = np.empty_like(ch)
    for k in range(0, ch.shape[1], group):
        blk = ch[:, k : k + group]
        gm = np.abs(blk).max(axis=1)
        gs = np.where(gm > 0, gm / qmax, 1.0)[:, None]
        gq[:, k : k + group] = quant(blk, gs, qmax)
    nz = cm[cm > 0]
    return {
        "perTensorSqnrDb": sqnr(w, t),
        "perChannelSqnrDb": sqnr(ch, c),
        "groupSqnrDb": sqnr(ch, gq),
        "channelRangeSpread": float(nz.max() / nz.min()) if nz.size else 1.0,
        "rmseOverScale": float(np.sqrt(np.mean((w - t) ** 2)) / st),
        "min": float(w.min()),
        "max": float(w.max()),
    }


rng = np.random.default_rng(20181)
cases = []
# a TF.js depthwise kernel (HWC1, channel axis 2) with per-channel scales of very different size
dw = (rng.standard_normal((3, 3, 8, 1)) * np.array([0.05, 1, 2, 0.3, 8, 0.01, 1, 0.5])[None, None, :, None]).astype(np.float32)
cases.append(("tfjs depthwise HWC1", dw, 8, 2, 4))
cases.append(("tfjs depthwise HWC1, 4 bits", dw, 4, 2, 4))
# a PyTorch conv (OIHW, axis 0) with an all-zero output channel
conv = rng.standard_normal((4, 3, 2, 2)).astype(np.float32)
conv[2] = 0
cases.append(("OIHW conv with a zero channel", conv, 8, 0, 5))
# a dense layer, in x out (axis 1), with an outlier
dense = rng.laplace(size=(16, 6)).astype(np.float32)
dense[3, 1] = 40
cases.append(("dense in x out with an outlier", dense, 8, 1, 8))
cases.append(("dense in x out, 3 bits", dense, 3, 1, 8))
# middle axis of a 3-D tensor, groups that do not divide the slice
mid = rng.uniform(-1, 1, size=(2, 5, 7)).astype(np.float32)
cases.append(("3-D, axis 1, group 5", mid, 6, 1, 5))

out = {"reports": [], "fold": None}
for name, w, bits, axis, group in cases:
    out["reports"].append(
        {"name": name, "shape": list(w.shape), "data": [float(v) for v in w.ravel()], "bits": bits, "axis": axis,
         "groupSize": group, "expected": report(w, bits, axis, group)}
    )

# BatchNorm folding of a TF.js depthwise kernel, eps = 0.001, one channel with variance 0
w = rng.standard_normal((3, 3, 4, 1)).astype(np.float32)
gamma = np.array([1.0, 0.5, 2.0, 0.9])
beta = np.array([0.1, -0.2, 0.0, 1.0])
mean = np.array([0.3, -1.0, 2.0, 0.0])
var = np.array([1.0, 0.25, 4.0, 0.0])
eps = 0.001
f = gamma / np.sqrt(var + eps)
out["fold"] = {
    "shape": list(w.shape), "data": [float(v) for v in w.ravel()], "axis": 2, "epsilon": eps,
    "gamma": gamma.tolist(), "beta": beta.tolist(), "mean": mean.tolist(), "variance": var.tolist(),
    "weight": [float(v) for v in (w.astype(np.float64) * f[None, None, :, None]).ravel()],
    "bias": (beta - gamma * mean / np.sqrt(var + eps)).tolist(),
}
with open("test/fixtures/weight-report.json", "w") as fh:
    json.dump(out, fh, indent=None, allow_nan=True)
    fh.write("\n")
print("wrote test/fixtures/weight-report.json", len(out["reports"]), "reports")
