#!/usr/bin/env python3
"""Tables of docs/results/memory.md from the `hopcast memory --json` lines of the study (one file per cell and module).

usage: table.py RESULTS_DIR   (files CELL.pnp.json and CELL.tnp.json, CELL = dataset-FILE_seed-S-HASH)
"""
import glob
import json
import os
import re
import statistics
import sys

results = sys.argv[1]
rows = {}
for path in sorted(glob.glob(os.path.join(results, "*.json"))):
    m = re.match(r"dataset-(\w+)_seed-(\d+)-\w+\.(pnp|tnp)\.json", os.path.basename(path))
    if not m:
        continue
    file, seed = m.group(1), int(m.group(2))
    for e in json.load(open(path))["evaluations"]:
        rows.setdefault((file, e["kind"], e["bank"]), []).append((seed, e))


def pct(e, subset):
    s = e["test"][subset]
    return 100 * (s["mse"] / s["mse_backbone"] - 1)


def below(e, subset):
    ci = e["test"][subset]["delta_mse_percent_ci95"]
    return ci[1] is not None and ci[1] < 0


def above(e, subset):
    ci = e["test"][subset]["delta_mse_percent_ci95"]
    return ci[0] is not None and ci[0] > 0


def cell(evals, subset):
    v = [pct(e, subset) for _, e in evals]
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    down = sum(below(e, subset) for _, e in evals)
    up = sum(above(e, subset) for _, e in evals)
    return f"{statistics.mean(v):+.2f}% ± {sd:.2f} ({down}↓ {up}↑)"


def mse(evals, subset, key):
    return statistics.mean(e["test"][subset][key] for _, e in evals)


order = {"ILI": 0, "ETTh1": 1, "ETTm1": 2, "WTH": 3}
banks = {"train": 0, "events": 1, "stream": 2, "shuffled": 3}
print("| file | module, bank | seeds | windows in bank | readout chosen (per seed) | all test windows | sudden | normal |")
print("|---|---|---|---|---|---|---|---|")
for (file, kind, bank), evals in sorted(rows.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1],
                                                                       banks.get(kv[0][2], 9))):
    evals.sort(key=lambda se: se[0])
    chosen = []
    for _, e in evals:
        s = e["setting"]
        lam = s.get("lambda")
        if isinstance(lam, list):
            lam = f"{min(lam):.2f}-{max(lam):.2f}"
        elif lam == 0:
            lam = "0 (off)"
        if s.get("kept_off"):
            lam = "off (within noise)"
        chosen.append(f"{s.get('readout', 'input')} {lam}")
    name = {"pnp": "Plug-and-Play", "tnp": "Tune-and-Play"}[kind]
    if kind == "tnp" and bank == "stream":
        name += " (test-time)"
    print(f"| {file} | {name}, {bank} | {len(evals)} | {evals[0][1]['bank_size']:,} | {'; '.join(chosen)} | "
          f"{cell(evals, 'all')} | {cell(evals, 'sudden')} | {cell(evals, 'normal')} |")
print()
print("| file | seeds | test MSE of the model alone: all | sudden | normal | sudden windows |")
print("|---|---|---|---|---|---|")
for file in sorted({k[0] for k in rows}, key=lambda f: order.get(f, 9)):
    evals = rows.get((file, "pnp", "train"), [])
    if evals:
        print(f"| {file} | {len(evals)} | {mse(evals, 'all', 'mse_backbone'):.4f} | "
              f"{mse(evals, 'sudden', 'mse_backbone'):.4f} | {mse(evals, 'normal', 'mse_backbone'):.4f} | "
              f"{evals[0][1]['test']['sudden']['windows']} of {evals[0][1]['test']['all']['windows']} |")
