"""PyTorch side of the training workloads of `make bench-peers` (float32, 2 threads).

Reads what `lth-bench peers <mlp|ntk|ntk-small> --work DIR` wrote into DIR/<workload>/
(inputs, initial parameters, the Trainer's batch order, config.json) and trains the same network
from the same initial weights the way a PyTorch user writes it: an nn.Module, autograd,
torch.optim.SGD, zero_grad / forward / loss / backward / step, loss.item() every step.

- mlp: nn.Sequential(nn.Linear(d, N), nn.ReLU(), nn.Linear(N, C)), nn.CrossEntropyLoss() (mean),
  the minibatches of batches.npy in order (the toolkit Trainer's own batch order, exported).
- ntk, ntk-small: u = N^(-1/2) relu(x W^T) a with W an nn.Parameter and a a fixed buffer
  (THEORY.md section 1), full-batch GD on the sum loss 1/2 ||u - y||^2.
One repetition: a 5-step warm-up on a fresh copy (not timed), then T steps timed end to end
(model and optimizer set-up, the T steps, the full training loss at T). Per-step times are
perf_counter intervals around each step, the first step excluded (as on the toolkit side).
ReLU'(0): PyTorch uses 0, the toolkit 1; pre-activations are never exactly 0 here.
"""
import os

import numpy as np
import torch
from torch import nn

from common import median, now, read_config, result


class NTK(nn.Module):
    """u(x) = N^(-1/2) sum_r a_r relu(w_r . x); W (N x d) trained, a = +-1 fixed."""

    def __init__(self, weights, signs):
        super().__init__()
        self.W = nn.Parameter(weights.clone())
        self.register_buffer("a", signs.clone())
        self.scale = weights.shape[0] ** -0.5

    def forward(self, x):
        return torch.relu(x @ self.W.T) @ self.a * self.scale


def load(folder):
    """The workload's configuration and tensors."""
    cfg = read_config(folder)
    t = lambda name: torch.from_numpy(np.load(os.path.join(folder, name)))
    data = {"x": t("x.npy")}
    if cfg["model"] == "mlp":
        data["labels"] = t("labels.npy").long()
        data["batches"] = t("batches.npy").long()
        data["params"] = [t(n) for n in ("W1.npy", "b1.npy", "W2.npy", "b2.npy")]
    else:
        data["y"] = t("y.npy")
        data["params"] = [t("W.npy"), t("a.npy")]
    return cfg, data


def make(cfg, data):
    """A fresh model at the exported initial parameters, its loss function and optimizer."""
    if cfg["model"] == "mlp":
        w1, b1, w2, b2 = data["params"]
        model = nn.Sequential(nn.Linear(cfg["dimension"], cfg["width"]), nn.ReLU(), nn.Linear(cfg["width"], cfg["classes"]))
        with torch.no_grad():
            model[0].weight.copy_(w1)
            model[0].bias.copy_(b1)
            model[2].weight.copy_(w2)
            model[2].bias.copy_(b2)
        loss_fn = nn.CrossEntropyLoss()
    else:
        model = NTK(*data["params"])
        loss_fn = lambda u, y: 0.5 * torch.sum((u - y) ** 2)
    return model, loss_fn, torch.optim.SGD(model.parameters(), lr=cfg["lr"])


def train(cfg, data, steps, times=None, losses=None):
    """`steps` SGD/GD iterations from the initial parameters; returns the full training loss at the end."""
    model, loss_fn, opt = make(cfg, data)
    x = data["x"]
    mlp = cfg["model"] == "mlp"
    targets = data["labels"] if mlp else data["y"]
    for t in range(steps):
        start = now()
        if mlp:
            idx = data["batches"][t]
            xb, yb = x[idx], targets[idx]
        else:
            xb, yb = x, targets
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        value = loss.item()
        if times is not None:
            times.append(now() - start)
            losses.append(value)
    with torch.no_grad():
        return loss_fn(model(x), targets).item()


def profile(cfg, data, steps=20):
    """Share of self CPU time of the top operators over `steps` steps (torch.profiler)."""
    from torch.profiler import ProfilerActivity, profile as torch_profile
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        train(cfg, data, steps)
    rows = [(e.key, e.self_cpu_time_total) for e in prof.key_averages()]
    total = sum(t for _, t in rows) or 1
    rows.sort(key=lambda r: -r[1])
    return ", ".join(f"{k} {100 * t / total:.0f}%" for k, t in rows[:4])


def run(work, workload, rep, steps=None, with_profile=False):
    """One timed repetition; returns a result record."""
    folder = os.path.join(work, workload)
    cfg, data = load(folder)
    steps = steps or cfg["steps"]
    train(cfg, data, cfg["warmup_steps"])
    times, losses = [], []
    start = now()
    final = train(cfg, data, steps, times, losses)
    total = now() - start
    record = result(workload, "pytorch", rep=rep, steps=steps, e2e_s=total, step_median_s=median(times[1:]),
                    step_best_s=min(times[1:]), final_loss=final, loss_first=losses[:5], loss_last=losses[-1],
                    flops_per_step=cfg["flops_per_step"], threads=torch.get_num_threads())
    if with_profile:
        record["profile"] = profile(cfg, data)
    return record
