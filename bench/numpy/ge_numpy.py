#!/usr/bin/env python3
"""A vectorised numpy/scipy implementation of tradebloc's one-sector model
(DESIGN §3: exact hat algebra, tariffs with revenue, `fixed` deficits), used
only to compare speed and results with the Go solver. Not part of the tool.

Usage (Debian: apt-get install python3-numpy python3-scipy):
  tradebloc data export /tmp/world
  tradebloc solve liberation-day --shocks-out /tmp/shocks.csv --format json > /tmp/go.json
  /usr/bin/python3 bench/numpy/ge_numpy.py /tmp/world /tmp/shocks.csv /tmp/go.json [--go-ms 2.7]

It solves the same counterfactual two ways — scipy.optimize.root (hybr, the
default a numpy user reaches for) and the damped fixed point of ge_gravity —
checks the welfare changes against tradebloc's JSON, and prints the median
time per solve and its ratio to the Go figure given with --go-ms.
"""
import csv
import json
import sys
import time

import numpy as np
from scipy import optimize


def load(dataset_dir, shocks_csv):
    codes = [r["code"] for r in csv.DictReader(open(f"{dataset_dir}/countries.csv"))]
    idx = {c: k for k, c in enumerate(codes)}
    n = len(codes)
    X = np.zeros((n, n))  # exporter i, importer j
    for r in csv.DictReader(open(f"{dataset_dir}/trade.csv")):
        X[idx[r["exporter"]], idx[r["importer"]]] = float(r["value"])
    t = np.zeros((n, n))
    for r in csv.DictReader(open(f"{dataset_dir}/tariffs.csv")):
        t[idx[r["exporter"]], idx[r["importer"]]] = float(r["rate"])
    t1 = t.copy()
    for r in csv.DictReader(open(shocks_csv)):
        t1[idx[r["exporter"]], idx[r["importer"]]] = float(r["tariff_after"])
    return codes, X, t, t1


class Model:
    def __init__(self, X, t, t1, theta=4.0):
        self.theta = theta
        self.Y = X.sum(axis=1)
        spend = (1 + t) * X
        self.E = spend.sum(axis=0)
        self.R = (t * X).sum(axis=0)
        self.D = self.E - self.R - self.Y
        self.lam = spend / self.E[None, :]
        self.A = self.lam * ((1 + t1) / (1 + t)) ** (-theta)
        self.share = t1 / (1 + t1)
        self.inv = 1 / (1 + t1)

    def state(self, lnw):
        w = np.exp(lnw)
        Lam = self.A * (w ** (-self.theta))[:, None]
        S = Lam.sum(axis=0)
        lamp = Lam / S[None, :]
        Yp = w * self.Y
        Dp = self.D * Yp.sum() / self.Y.sum()
        rho = (lamp * self.share).sum(axis=0)
        Ep = (Yp + Dp) / (1 - rho)
        dem = (lamp * self.inv) @ Ep
        P = S ** (-1 / self.theta)
        return Yp, Ep, dem, P

    def residual(self, lnw):
        Yp, _, dem, _ = self.state(lnw)
        F = np.log(dem) - np.log(Yp)
        F[-1] = Yp.sum() / self.Y.sum() - 1  # normalisation: world GDP fixed
        return F

    def welfare(self, lnw):
        _, Ep, _, P = self.state(lnw)
        return 100 * (Ep / self.E / P - 1)

    def solve_root(self):
        sol = optimize.root(self.residual, np.zeros(len(self.Y)), method="hybr", tol=1e-13)
        return sol.x

    def solve_fixed_point(self, tol=1e-12, max_iter=100000):
        lnw = np.zeros(len(self.Y))
        for it in range(max_iter):
            Yp, _, dem, _ = self.state(lnw)
            r = dem / Yp
            if np.max(np.abs(r - 1)) <= tol:
                return lnw, it
            lnw = lnw + np.log(r) / (1 + self.theta)
            Y1 = self.Y * np.exp(lnw)
            lnw -= np.log(Y1.sum() / self.Y.sum())
        raise RuntimeError("fixed point did not converge")


def median_time(f, repeats):
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f()
        ts.append(time.perf_counter() - t0)
    return sorted(ts)[len(ts) // 2], out


def main():
    args = sys.argv[1:]
    go_ms = None
    if "--go-ms" in args:
        k = args.index("--go-ms")
        go_ms = float(args[k + 1])
        del args[k:k + 2]
    dataset_dir, shocks_csv, go_json = args
    codes, X, t, t1 = load(dataset_dir, shocks_csv)
    m = Model(X, t, t1)
    go = {c["code"]: c["welfare_pct"] for c in json.load(open(go_json))["countries"]}

    t_root, lnw_root = median_time(m.solve_root, 5)
    t_fp, (lnw_fp, iters) = median_time(m.solve_fixed_point, 5)
    for name, lnw, secs in (("scipy.optimize.root (hybr)", lnw_root, t_root), (f"numpy fixed point ({iters} iterations)", lnw_fp, t_fp)):
        w = m.welfare(lnw)
        worst = max(abs(w[k] - go[c]) for k, c in enumerate(codes))
        line = f"{name}: {1000 * secs:.1f} ms per solve; max |welfare − tradebloc| = {worst:.2e} pp"
        if go_ms:
            line += f"; tradebloc is {1000 * secs / go_ms:.0f}x faster"
        print(line)


if __name__ == "__main__":
    main()
