#!/usr/bin/env python3
"""Validation across corpora: the design of `auto` is chosen by the variant whose *worst* corpus is best.

Four yearly corpora: the M3 yearly *training* data (rolling origin: the last 6 training points held out, 4
origins; the M3 test values are never read) and the three of `Datasets/yearly-validation` (origin T: their
train -> test split, the one `peers.csv` is scored on; origin 1: the same with the last h training points
held out, where at least 3 remain). Each model is scored by `trajectory backtest --per-series` on every origin;
a corpus's sMAPE and MASE are means over its forecasts, and a model's *relative score* on a corpus is the larger
of (sMAPE/sMAPE_drift + MASE/MASE_drift)/2 and the same against Theta. The table per corpus, then the ranking by
the worst relative score over the seven corpus x origin cells (the design rule).

With --bootstrap B, the ranking's robustness: B resamples of the series of every cell (with replacement, each cell
on its own; origin T and 1 of one series resampled separately, the M3 origins too), and for each model the share of
resamples in which its worst relative score is the best of the models that answer every series (ties to the first).

Usage: scripts/validate_corpora.py [--bootstrap B] [MODEL ...]   (default: the variants the README's validation table
       shows)
"""
import csv, io, os, random, subprocess, sys, tempfile
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = ["auto", "auto:ets+theta+drift:shrunk+auto.arima+dotm", "auto:ets+theta+drift:shrunk+auto.arima+dotm+ces",
           "auto:ets+theta+drift:shrunk+arima+dotm", "auto:ets+theta+drift+auto.arima+dotm",
           "auto:theta+drift:shrunk+auto.arima+dotm", "combo", "ets", "ets:akaike", "theta", "dotm", "otm", "ces",
           "damped", "arima", "auto.arima", "drift:shrunk", "drift", "naive"]


def load(path):
    d = OrderedDict()
    with open(path) as f:
        for r in csv.DictReader(f):
            d.setdefault(r["series_id"], []).append(float(r["value"]))
    return d


def cells():
    """(corpus, origin, train rows, test rows) for every cell."""
    out = []
    train = load(os.path.join(ROOT, "Datasets/m3-yearly/train.csv"))
    for k in range(4):
        tr, te = {}, {}
        for s, y in train.items():
            n = len(y) - 6 - k
            tr[s], te[s] = y[:n], y[n:n + 6]
        out.append(("m3-yearly", f"rolling {k + 1}", tr, te))
    for c in ["m3-other", "m3-quarterly-annual", "m3-monthly-annual"]:
        folder = os.path.join(ROOT, "Datasets/yearly-validation", c)
        tr, te = load(os.path.join(folder, "train.csv")), load(os.path.join(folder, "test.csv"))
        out.append((c, "T", tr, te))
        h = len(next(iter(te.values())))
        inner_tr = {s: y[:-h] for s, y in tr.items() if len(y) - h >= 3}
        inner_te = {s: tr[s][-h:] for s in inner_tr}
        out.append((c, "1", inner_tr, inner_te))
    return out


def write(path, table):
    with open(path, "w") as f:
        f.write("series_id,period,value\n")
        for s, y in table.items():
            f.writelines(f"{s},{i + 1},{v!r}\n" for i, v in enumerate(y))


def score(binary, models, tr, te):
    """model -> series -> per-series row, the cell's files written once for all the models."""
    with tempfile.TemporaryDirectory() as tmp:
        train, test = os.path.join(tmp, "train.csv"), os.path.join(tmp, "test.csv")
        write(train, tr)
        with open(test, "w") as f:
            f.write("series_id,period,value\n")
            for s, y in te.items():
                f.writelines(f"{s},{len(tr[s]) + i + 1},{v!r}\n" for i, v in enumerate(y))
        rows = {}
        # One model a run: backtest labels rows by the fit (it varies by series for `auto`), not by the name asked.
        for m in models:
            out = subprocess.run([binary, "backtest", "--input", train, "--test", test, "--per-series", "--format",
                                  "csv", "--threads", "2", "--model", m], capture_output=True, text=True)
            if out.returncode not in (0, 3):
                sys.exit(out.stderr)
            rows[m] = {r["series_id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    return rows


def release_binary():
    """Builds the release `trajectory` and returns its path."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "trajectory"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip() + "/trajectory"


def means(rows, ids):
    """Mean sMAPE and mean MASE (over the forecasts where it is defined) of `rows` at the forecasts `ids` (repeats
    count)."""
    sm = sum(float(rows[i]["sMAPE"]) for i in ids) / len(ids)
    ma = [float(rows[i]["MASE"]) for i in ids if rows[i]["MASE"] not in ("", "NA", "nan")]
    return sm, sum(ma) / len(ma)


def relative(own, refs):
    """The relative score: the larger of the mean (sMAPE, MASE) ratio to each reference (drift, Theta)."""
    return max((own[0] / ref[0] + own[1] / ref[1]) / 2 for ref in refs)


def bootstrap(results, asked, models, rounds):
    """Share of resamples in which each model has the best worst relative score."""
    complete = [m for m in models if all(len(results[c][m]) == len(asked[c]) for c in results)]
    rng = random.Random(1)
    wins = {m: 0 for m in complete}
    ids = {c: sorted(asked[c]) for c in results}
    for _ in range(rounds):
        worst = {m: 0.0 for m in complete}
        for c, by_model in results.items():
            sample = [rng.choice(ids[c]) for _ in ids[c]]
            refs = [means(by_model[k], sample) for k in ("drift", "theta")]
            for m in complete:
                worst[m] = max(worst[m], relative(means(by_model[m], sample), refs))
        wins[min(complete, key=lambda m: worst[m])] += 1
    return {m: wins[m] / rounds for m in complete}


def main():
    args = sys.argv[1:]
    rounds = 0
    if args[:1] == ["--bootstrap"]:
        rounds, args = int(args[1]), args[2:]
    models = args or DEFAULT
    for needed in ("drift", "theta"):
        if needed not in models:
            models.append(needed)
    binary = release_binary()
    results = OrderedDict()  # (corpus, origin) -> model -> (origin, series) -> row
    asked = {}  # (corpus, origin) -> the (origin, series) forecast
    for corpus, origin, tr, te in cells():
        key = (corpus, "rolling" if corpus == "m3-yearly" else origin)
        for m, rows in score(binary, models, tr, te).items():
            results.setdefault(key, OrderedDict()).setdefault(m, {}).update({(origin, s): r for s, r in rows.items()})
        asked.setdefault(key, set()).update((origin, s) for s in tr)

    def summary(rows):
        pts = sum(int(r["points"]) for r in rows.values())
        n = len(rows)
        sm, ma = means(rows, rows.keys())
        c80 = sum(int(r["covered80"]) for r in rows.values()) / pts * 100
        c95 = sum(int(r["covered95"]) for r in rows.values()) / pts * 100
        ms = [float(r["MSIS"]) for r in rows.values() if r["MSIS"] not in ("", "NA", "nan")]
        return sm, ma, c80, c95, sum(ms) / len(ms), n

    # A model that leaves series out of a cell (dotm and otm need 4 points, theta and arima 3) is scored on the
    # series it answered, shown with its count and left out of the ranking; the others on every series.
    worst = {m: 0.0 for m in models}
    for (corpus, origin), by_model in results.items():
        n_asked = len(asked[(corpus, origin)])
        print(f"\n## {corpus}, origin {origin} ({n_asked} forecasts)\n")
        print("| model | sMAPE | MASE | cov80 | cov95 | MSIS | relative |")
        print("|---|---|---|---|---|---|---|")
        ref = {k: summary(by_model[k]) for k in ("drift", "theta")}
        for m in models:
            if len(by_model[m]) < n_asked:
                worst[m] = float("inf")
                if not by_model[m]:
                    print(f"| {m} | — | — | — | — | — | answers none |")
                    continue
                sm, ma, c80, c95, ms, n = summary(by_model[m])
                print(f"| {m} | {sm:.3f} | {ma:.3f} | {c80:.1f} | {c95:.1f} | {ms:.2f} | {n} of {n_asked} |")
                continue
            sm, ma, c80, c95, ms, _ = summary(by_model[m])
            rel = relative((sm, ma), [ref[k] for k in ("drift", "theta")])
            worst[m] = max(worst[m], rel)
            print(f"| {m} | {sm:.3f} | {ma:.3f} | {c80:.1f} | {c95:.1f} | {ms:.2f} | {rel:.4f} |")
        peers = os.path.join(ROOT, "Datasets/yearly-validation", corpus, "peers.csv")
        if origin == "T" and os.path.exists(peers):
            # The peers as scored on the same train -> test split (peers.csv), for comparison.
            with open(peers) as f:
                for r in csv.DictReader(f):
                    if r["sMAPE"]:
                        print(f"| peer {r['method']} | {r['sMAPE']} | {r['MASE']} | {r['cov80'] or '—'} | "
                              f"{r['cov95'] or '—'} | {r['MSIS'] or '—'} | |")
                    else:
                        print(f"| peer {r['method']} | — | — | — | — | — | {r.get('note', '')[:40]} |")
    print("\n## Ranking by the worst relative score\n")
    print("| model | worst relative score |")
    print("|---|---|")
    for m in sorted(models, key=lambda m: worst[m]):
        print(f"| {m} | {worst[m]:.4f} |" if worst[m] < float("inf") else f"| {m} | leaves series out |")
    if rounds:
        print(f"\n## Share of {rounds} bootstrap resamples of the series in which each model has the best worst cell\n")
        print("| model | share |")
        print("|---|---|")
        for m, share in sorted(bootstrap(results, asked, models, rounds).items(), key=lambda kv: -kv[1]):
            print(f"| {m} | {share:.3f} |")


if __name__ == "__main__":
    main()
