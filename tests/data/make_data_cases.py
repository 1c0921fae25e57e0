"""Makes tests/data/data_cases.json: training runs on data (issue #14) from real PyTorch.

Each case trains a two-parameter model with plain float64 tensors (no nn.Module): linear
regression (w, b) with MSELoss, or logistic regression (w1, w2, no bias) with
BCEWithLogitsLoss, on minibatches from DataLoader(TensorDataset(X, Y), batch_size=B,
shuffle=False) (the last batch of an epoch may be smaller), recording after every update
the point and the FULL-batch loss. Optimizers: torch's RMSprop (ε outside the root),
Adagrad, Adam and SGD; RMSProp with ε inside the root (the core's default, optax's
`eps_in_sqrt=True`) takes torch's gradients and optax's update.

Data: explicit rows written into the scenario, and generated rows. The generator (the doc
comment of src/core/data/generate.rs: SplitMix64, Box–Muller, logistic noise) is
reimplemented here from that description, and the rows it gives are stored in the case
(`rows`), so the native test checks the Rust generator against this independent copy too.
`batch_rows` is one epoch's listing of row indices per batch from a DataLoader over the row
indices, and `batches` the batch index (within its epoch) of each update.

Same rules for `comparable_points` as tests/data/REFERENCE.md (a nudge of the start by 1e-12
and a relative perturbation of every gradient by 1e-15). Not part of the test command (it
needs torch, jax and optax); rerun by hand:

    /work/venv/bin/python tests/data/make_data_cases.py
"""

import json
import math
import pathlib

import jax
import jax.numpy as jnp
import optax
import torch
from torch.utils.data import DataLoader, TensorDataset

jax.config.update("jax_enable_x64", True)
torch.set_default_dtype(torch.float64)

HERE = pathlib.Path(__file__).parent
M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def splitmix64(z):
    z = (z + GAMMA) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class Stream:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        out = splitmix64(self.state)
        self.state = (self.state + GAMMA) & M64
        return out

    def normal(self):
        u1 = ((self.next() >> 11) + 1) / 2.0**53
        u2 = ((self.next() >> 11) + 1) / 2.0**53
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def inside(self):
        return ((self.next() >> 11) + 0.5) / 2.0**53


DEFAULTS = {
    "linear_regression": {"n": 64, "seed": 1, "feature_mean": 0.0, "feature_scale": 1.0,
                          "noise": 0.3, "w": 2.0, "b": -1.0},
    "logistic_regression": {"n": 64, "seed": 1, "feature_mean": 0.0, "feature_scale": 1.0,
                            "feature_scale2": 1.0, "correlation": 0.0, "noise": 1.0,
                            "w1": 2.0, "w2": -1.0},
}


def generate(model, settings):
    g = dict(DEFAULTS[model], **settings)
    rng = Stream(g["seed"])
    rows = []
    for _ in range(g["n"]):
        z1, z2 = rng.normal(), rng.normal()
        x1 = g["feature_mean"] + g["feature_scale"] * z1
        if model == "linear_regression":
            rows.append([x1, g["w"] * x1 + g["b"] + g["noise"] * z2])
        else:
            u = rng.inside()
            rho = g["correlation"]
            x2 = g["feature_mean"] + g["feature_scale2"] * (rho * z1 + math.sqrt(1 - rho * rho) * z2)
            logit = g["w1"] * x1 + g["w2"] * x2 + g["noise"] * math.log(u / (1 - u))
            rows.append([x1, x2, 1.0 if logit > 0 else 0.0])
    return rows


def model_loss(model, rows_t, w0, w1):
    if model == "linear_regression":
        x, y = rows_t[:, 0], rows_t[:, 1]
        return torch.nn.MSELoss()(w0 * x + w1, y)
    x1, x2, y = rows_t[:, 0], rows_t[:, 1], rows_t[:, 2]
    return torch.nn.BCEWithLogitsLoss()(w0 * x1 + w1 * x2, y)


def make_step(run, params):
    """A function applying one update to params from their .grad (torch or optax)."""
    kw = {k: v for k, v in run.items() if k != "optimizer"}
    name = run["optimizer"]
    if name == "rmsprop" and kw["eps_placement"] == "inside":
        opt = optax.rmsprop(kw["lr"], decay=kw["decay"], eps=kw["eps"], eps_in_sqrt=True,
                            centered=kw.get("centered", False),
                            momentum=kw.get("momentum") or None)
        state = {"s": opt.init(jnp.zeros(2))}

        def step():
            g = jnp.array([p.grad.item() for p in params])
            upd, state["s"] = opt.update(g, state["s"])
            with torch.no_grad():
                for p, u in zip(params, upd.tolist()):
                    p.add_(u)
        return step, "optax"
    if name == "sgd":
        opt = torch.optim.SGD(params, **kw)
    elif name == "adagrad":
        opt = torch.optim.Adagrad(params, lr=kw["lr"], eps=kw.get("eps", 1e-10))
    elif name == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=kw["lr"], alpha=kw["decay"], eps=kw["eps"],
                                  momentum=kw.get("momentum", 0.0),
                                  centered=kw.get("centered", False))
    else:
        opt = torch.optim.Adam(params, lr=kw["lr"], betas=(kw["beta1"], kw["beta2"]),
                               eps=kw["eps"])
    return opt.step, "torch"


def train(model, rows, start, steps, run, batch_size, nudge=0.0, perturb=0.0):
    data = torch.tensor(rows)
    w0 = torch.tensor(start[0] + nudge, requires_grad=True)
    w1 = torch.tensor(start[1] + nudge, requires_grad=True)
    step, reference = make_step(run, [w0, w1])
    loader = DataLoader(TensorDataset(data), batch_size=batch_size, shuffle=False)
    batches_of = iter(())
    index = 0
    points, loss, batches = [], [], []
    for k in range(steps + 1):
        xy = [w0.item(), w1.item()]
        if not all(math.isfinite(c) for c in xy):
            return points, loss, batches, True, reference
        points.append(xy)
        with torch.no_grad():
            loss.append(model_loss(model, data, w0, w1).item())
        if k == steps:
            break
        batch = next(batches_of, None)
        if batch is None:  # a new epoch
            batches_of, index = iter(loader), 0
            batch = next(batches_of)
        batches.append(index)
        index += 1
        for p in (w0, w1):
            p.grad = None
        model_loss(model, batch[0], w0, w1).backward()
        if perturb:
            for p in (w0, w1):
                p.grad.mul_(1 + perturb)
        step()
    return points, loss, batches, False, reference


def comparable(base, other):
    for k, (a, b) in enumerate(zip(base, other)):
        if any(abs(u - v) > 1e-10 * max(1.0, abs(u)) for u, v in zip(a, b)):
            return k
    return min(len(base), len(other))


def case(model, data, steps, run, batch_size, start=(0.0, 0.0)):
    rows = generate(model, data["generate"]) if isinstance(data, dict) else data
    n = len(rows)
    b = batch_size or n
    points, loss, batches, diverged, reference = train(model, rows, start, steps, run, b)
    nudged = train(model, rows, start, steps, run, b, nudge=1e-12)[0]
    perturbed = train(model, rows, start, steps, run, b, perturb=1e-15)[0]
    listing = [idx.tolist() for idx in DataLoader(torch.arange(n), batch_size=b, shuffle=False)]
    scenario = {"surface": {"model": model, "data": data}, "start": list(start), "steps": steps,
                "runs": [run]}
    if batch_size:
        scenario["batch_size"] = batch_size
    out = {
        "scenario": scenario,
        "reference": reference,
        "points": points,
        "loss": loss,
        "batches": batches,
        "batch_rows": listing,
        "diverged": diverged,
        "comparable_points": min(comparable(points, nudged), comparable(points, perturbed)),
    }
    if isinstance(data, dict):
        out["rows"] = rows
    return out


LINEAR_ROWS = [[0.0, 1.1], [1.0, 2.9], [2.0, 5.2], [3.0, 6.8], [4.0, 9.1], [5.0, 10.7],
               [6.0, 13.2], [7.0, 14.8], [8.0, 17.1], [9.0, 19.3]]
# Overlapping classes (no separating line through the origin), so a minimum exists.
LOGISTIC_ROWS = [[1.0, 0.5, 1.0], [2.0, -1.0, 1.0], [0.5, 2.0, 0.0], [-1.0, 1.0, 0.0],
                 [1.5, 1.5, 1.0], [-0.5, -2.0, 1.0], [0.2, 1.0, 0.0], [-2.0, -0.5, 0.0],
                 [3.0, 1.0, 1.0], [-1.5, 0.5, 1.0], [1.0, 2.5, 0.0], [0.8, -0.3, 0.0]]

DATA = [
    ("linear_regression", LINEAR_ROWS, [3, 1]),
    ("logistic_regression", LOGISTIC_ROWS, [5, 1]),
    ("linear_regression", {"generate": {"n": 40, "seed": 7, "feature_mean": 3.0,
                                        "noise": 0.5}}, [16, 7]),
    ("logistic_regression", {"generate": {"n": 30, "seed": 3, "correlation": 0.8,
                                          "feature_scale2": 2.0}}, [8, 4]),
]

RUNS = [
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "outside"},
    {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.95, "eps": 1e-6,
     "eps_placement": "outside", "momentum": 0.5, "centered": True},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "inside"},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.99, "eps": 1e-6, "eps_placement": "inside",
     "momentum": 0.7},
    {"optimizer": "adagrad", "lr": 0.3, "eps": 1e-10},
    {"optimizer": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    {"optimizer": "sgd", "lr": 0.01},
    {"optimizer": "sgd", "lr": 0.005, "momentum": 0.9},
]


def main():
    cases = []
    for model, data, sizes in DATA:
        for i, run in enumerate(RUNS):
            # Full batch and one minibatch size per run, alternating between the two sizes.
            for batch_size in (None, sizes[i % 2]):
                cases.append(case(model, data, 120, run, batch_size))
    # A start away from zero, and a long run of single-row updates.
    cases.append(case("linear_regression", LINEAR_ROWS, 300, RUNS[0], 1, start=(-1.0, 4.0)))
    out = HERE / "data_cases.json"
    out.write_text(json.dumps({"cases": cases}, indent=0))
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
