"""Checks "Copy as code" (src/core/code.rs): for a spread of scenarios, asks `trace --code
torch|optax|keras` for each framework's script, runs it with that framework and confirms
that every run the script includes prints the same points as `trace`: each coordinate within
1e-9 · max(1, |trace's|), and as many points. Where a run is chaotic (rounding alone moves
its later points: `trace` from a start nudged by one part in 10^12 moves by more than 1e-10),
only the points before that are compared, as in extra_cases.json's `comparable_points`.
Runs a script leaves out are listed with the reason it gives. A developer tool, not part of the test command (it needs torch, jax, optax
and keras):

    cargo build --release --bin trace
    /work/venv/bin/python tests/data/check_snippets.py [path/to/trace]

Each script sets float64 and KERAS_BACKEND itself, so the scripts run as a user would run
them: each in a fresh interpreter.
"""

import json
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).parent
TRACE = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parents[1] / "target/release/trace")
FRAMEWORKS = ["torch", "optax", "keras"]


def sch(kind, **fields):
    return {"kind": kind, **fields}


def scene(surface, runs, steps=120, **extra):
    return {"surface": surface, "steps": steps, "runs": runs, **extra}


# Every optimizer, with and without weight decay; every schedule kind; RMSProp's and Adam's
# framework forms; a custom formula, a shift, a diverging run and data scenes.
SCENES = [
    scene("rosenbrock", [
        {"optimizer": "rmsprop", "lr": 0.01},
        {"optimizer": "rmsprop", "lr": 0.01, "eps_placement": "outside", "momentum": 0.5},
        {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.95, "eps": 1e-6, "centered": True,
         "weight_decay": 0.05},
        {"optimizer": "rmsprop", "lr": 0.001, "initial_scale": 1.0, "bias_correction": True},
    ]),
    scene("beale", [
        {"optimizer": "adagrad", "lr": 0.3, "initial_accumulator": 0.1, "lr_decay": 0.01},
        {"optimizer": "adagrad", "lr": 0.5, "eps": 1e-7, "eps_placement": "inside",
         "initial_accumulator": 0.1, "weight_decay": 0.02},
        {"optimizer": "sgd", "lr": 0.001, "momentum": 0.9, "nesterov": True},
        {"optimizer": "sgd", "lr": 0.001, "momentum": 0.8, "weight_decay": 0.1},
    ]),
    scene("himmelblau", [
        {"optimizer": "adam", "lr": 0.05, "amsgrad": True},
        {"optimizer": "adam", "lr": 0.05, "weight_decay": 0.1},
        {"optimizer": "adam", "lr": 0.1, "eps": 1e-7, "eps_hat": True},
        {"optimizer": "adam", "lr": 0.05, "eps": 1e-7, "eps_hat": True, "amsgrad": True},
    ]),
    scene("six_hump_camel", [
        {"optimizer": "adadelta", "lr": 1.0},
        {"optimizer": "adadelta", "lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.05},
        {"optimizer": "adamax", "lr": 0.05},
        {"optimizer": "adamax", "lr": 0.02, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.01},
    ]),
    scene("booth", [
        {"optimizer": "nadam", "lr": 0.05},
        {"optimizer": "nadam", "lr": 0.05, "momentum_decay": 1.0, "eps": 1e-7},
        {"optimizer": "radam", "lr": 0.01, "weight_decay": 0.05},
        {"optimizer": "adamw", "lr": 0.05, "weight_decay": 0.1},
        {"optimizer": "adamw", "lr": 0.05, "amsgrad": True},
    ], start=[-8.0, -6.0]),
    scene("matyas", [
        {"optimizer": "rprop", "lr": 0.01},
        {"optimizer": "rprop", "lr": 0.1, "eta_minus": 0.3, "eta_plus": 1.5, "step_min": 1e-4,
         "step_max": 1.0},
        {"optimizer": "lion", "lr": 0.01},
        {"optimizer": "lion", "lr": 0.02, "beta1": 0.95, "beta2": 0.98, "weight_decay": 0.1},
        {"optimizer": "adabelief", "lr": 0.05},
        {"optimizer": "adabelief", "lr": 0.02, "beta1": 0.8, "eps": 1e-8, "eps_root": 1e-12},
    ], start=[-7.0, 4.0]),
    # Every schedule kind.
    scene("rosenbrock", [
        {"optimizer": "sgd", "lr": 0.002, "momentum": 0.9, "schedule": sch("step", step_size=30)},
        {"optimizer": "sgd", "lr": 0.001, "schedule": sch("step", step_size=30, gamma=0.5)},
        {"optimizer": "adam", "lr": 0.1, "schedule": sch("step", step_size=40, gamma=0.5)},
        {"optimizer": "rmsprop", "lr": 0.02, "decay": 0.99, "eps_placement": "outside",
         "schedule": sch("exponential", gamma=0.98)},
        {"optimizer": "lion", "lr": 0.02, "weight_decay": 0.05,
         "schedule": sch("exponential", gamma=0.99)},
        {"optimizer": "adamw", "lr": 0.1, "schedule": sch("cosine", t_max=50)},
        {"optimizer": "adabelief", "lr": 0.1, "schedule": sch("cosine", t_max=50, eta_min=0.001)},
        {"optimizer": "nadam", "lr": 0.05, "momentum_decay": 1.0,
         "schedule": sch("linear", total_iters=30)},
    ]),
    scene("himmelblau", [
        {"optimizer": "adadelta", "lr": 2.0,
         "schedule": sch("linear", start_factor=1.0, end_factor=0.1, total_iters=100)},
        {"optimizer": "radam", "lr": 0.01, "schedule": sch("onecycle", total_steps=150)},
        {"optimizer": "adam", "lr": 0.1, "weight_decay": 0.01,
         "schedule": sch("onecycle", total_steps=200, pct_start=0.25, div_factor=10.0)},
        {"optimizer": "adamax", "lr": 0.1, "schedule": sch("warmup_cosine", warmup_steps=20,
                                                          decay_steps=150)},
        {"optimizer": "rmsprop", "lr": 0.01, "bias_correction": True,
         "schedule": sch("warmup_cosine", init_value=0.001, warmup_steps=10, decay_steps=100,
                         end_value=0.0001)},
        {"optimizer": "rprop", "lr": 0.05, "schedule": sch("onecycle", total_steps=150)},
        {"optimizer": "adam", "lr": 0.05, "eps": 1e-7, "eps_hat": True,
         "schedule": sch("onecycle", total_steps=120)},
    ], start=[0.5, -0.5]),
    # Keras's forms under each remaining schedule kind (and optax's with them).
    scene("six_hump_camel", [
        {"optimizer": "adam", "lr": 0.05, "eps": 1e-7, "eps_hat": True,
         "schedule": sch("cosine", t_max=40, eta_min=0.001)},
        {"optimizer": "rmsprop", "lr": 0.01, "schedule": sch("warmup_cosine", warmup_steps=15,
                                                              decay_steps=100, end_value=0.001)},
        {"optimizer": "adagrad", "lr": 0.3, "eps": 1e-7, "eps_placement": "inside",
         "schedule": sch("linear", start_factor=0.2, total_iters=20)},
        {"optimizer": "lion", "lr": 0.01, "weight_decay": 0.1,
         "schedule": sch("step", step_size=25, gamma=0.5)},
        {"optimizer": "adadelta", "lr": 1.0, "weight_decay": 0.02,
         "schedule": sch("onecycle", total_steps=120, pct_start=0.4)},
    ], start=[-1.5, -1.2]),
    # A custom formula with every function, a shift, and a run that diverges.
    scene({"formula": "log(1 + x^2) + sqrt(1 + y^2) + 0.1*sin(x)*cos(y) - tanh(x/3) "
                      "+ abs(y)^1.5/10 + exp(-x^2) + tan(y/10) + 2^-x/5 + pi/e",
           "window": [[-3, 3], [-3, 3]]},
          [{"optimizer": "rmsprop", "lr": 0.05}, {"optimizer": "adam", "lr": 0.05},
           {"optimizer": "sgd", "lr": 0.1, "momentum": 0.5}], steps=60, start=[2.0, 1.5]),
    scene("bowl", [
        {"optimizer": "rmsprop", "lr": 0.05, "eps_placement": "outside"},
        {"optimizer": "adagrad", "lr": 0.5, "eps_placement": "inside"},
    ], steps=150, start=[-4.0, 1.5], shift={"step": 60, "scale": 0.01, "offset": [1.0, -0.5]}),
    scene("rosenbrock", [{"optimizer": "sgd", "lr": 0.01, "momentum": 0.9}], steps=200),
    # Models on data: PyTorch only (a DataLoader cuts the batches).
    scene({"model": "linear_regression",
           "data": [[0.0, 1.0], [1.0, 2.9], [2.0, 5.2], [3.0, 7.1], [4.0, 8.8], [5.0, 11.2],
                    [6.0, 13.1]]},
          [{"optimizer": "adam", "lr": 0.1}, {"optimizer": "rmsprop", "lr": 0.05,
                                              "eps_placement": "outside"}],
          steps=100, batch_size=3),
    scene({"model": "logistic_regression",
           "data": {"generate": {"n": 40, "seed": 3}}},
          [{"optimizer": "sgd", "lr": 0.5, "momentum": 0.9}, {"optimizer": "adamw", "lr": 0.05}],
          steps=100, batch_size=8),
    # Data with a schedule and a shift.
    scene({"model": "linear_regression",
           "data": {"generate": {"n": 30, "seed": 5}}},
          [{"optimizer": "adam", "lr": 0.05, "schedule": sch("cosine", t_max=80)},
           {"optimizer": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}],
          steps=80, batch_size=7, shift={"step": 40, "scale": 2.0, "offset": [0.5, -0.25]}),
]


def trace(scenario, *flags):
    out = subprocess.run([TRACE, *flags, "-"], input=json.dumps(scenario), text=True,
                         capture_output=True)
    return out.returncode, out.stdout, out.stderr.strip()


def run_script(text):
    out = subprocess.run([sys.executable, "-c", text], text=True, capture_output=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    points = {}
    for line in out.stdout.splitlines():
        m = re.fullmatch(r"(\d+) (\d+) (\S+) (\S+)", line)
        if m:
            points.setdefault(int(m[1]), []).append([float(m[3]), float(m[4])])
    return points


def differences(ours, theirs):
    return [max(abs(a - b) / max(1.0, abs(a)) for a, b in zip(p, q))
            for p, q in zip(ours, theirs)]


def comparable(ours, nudged):
    """How many leading points rounding alone does not move."""
    moved = [k for k, d in enumerate(differences(ours, nudged)) if d > 1e-10]
    return moved[0] if moved else min(len(ours), len(nudged))


def worst(ours, nudged, theirs):
    """The largest difference over the comparable points, or None if the counts differ
    where they should not."""
    n = comparable(ours, nudged)
    if n == len(ours) == len(nudged) and len(theirs) != len(ours):
        return None, n
    return max(differences(ours[:n], theirs[:n]), default=0.0), n


def main():
    checked, compared, failed, left_out, chaotic = 0, 0, [], [], []
    largest, at = 0.0, None
    for n, sc in enumerate(SCENES):
        rc, out, err = trace(sc)
        assert rc == 0, err
        ref = [r["points"] for r in json.loads(out)["runs"]]
        start = sc.get("start") or ref[0][0]
        _, out, _ = trace({**sc, "start": [c * (1 + 1e-12) for c in start]})
        nudged = [r["points"] for r in json.loads(out)["runs"]]
        for fw in FRAMEWORKS:
            rc, code, err = trace(sc, "--code", fw)
            if rc != 0:
                left_out.append(f"scene {n} {fw}: {err}")
                continue
            for line in code.splitlines():
                if " is left out. " in line:
                    left_out.append(f"scene {n} {fw}: {line[2:]}")
            got = run_script(code)
            for i, pts in got.items():
                e, m = worst(ref[i], nudged[i], pts)
                checked += 1
                compared += m
                what = f"scene {n} run {i} ({sc['runs'][i]['optimizer']}) in {fw}"
                if m < len(ref[i]):
                    chaotic.append(f"{what}: {m} of {len(ref[i])} points")
                if e is None:
                    failed.append(f"{what}: {len(pts)} points, trace has {len(ref[i])}")
                elif e > 1e-9:
                    failed.append(f"{what}: differs by {e:.3g}")
                elif e >= largest:
                    largest, at = e, what
    print("\n".join(f"left out: {x}" for x in left_out))
    print("\n".join(f"chaotic, compared {x}" for x in chaotic))
    print("\n".join(f"FAILED: {x}" for x in failed))
    print(f"{checked} runs checked ({compared} points), {len(failed)} failed, "
          f"{len(left_out)} left out; largest difference {largest:.3g} ({at})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
