"""What the notebooks share: where the tables are, reading them, and small formatting and plotting helpers.

A table is a sharpsweep result folder (one row per SGD run) analysed by `bin/sharpsweep analyze`, whose
summary (one row per group, with the eta -> 0 extrapolation and the theory) lies beside it in DIR-analysis/.
"""
import os
import pathlib

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter, ScalarFormatter
import pandas as pd
from IPython.display import Markdown, display

HERE = pathlib.Path(__file__).resolve().parent
COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]


def table_dir(env="SHARPSWEEP_TABLE", default="target/results/notebooks"):
    """The result folder: the environment variable `env`, else the small sweep notebooks/run-all makes."""
    return pathlib.Path(os.environ.get(env, str(HERE / default))).resolve()


def load(env="SHARPSWEEP_TABLE", default="target/results/notebooks"):
    """(rows, summary, folder) of an analysed result folder."""
    folder = table_dir(env, default)
    analysis = folder.parent / (folder.name + "-analysis")
    if not (analysis / "summary").exists():
        raise FileNotFoundError(f"{analysis}/summary is missing: run `bin/sharpsweep analyze {folder}` first")
    rows = pd.read_parquet(folder)
    summary = pd.read_parquet(analysis / "summary")
    return rows, summary, folder


def say(text):
    """Prose whose numbers come from the table: Markdown built by the cell."""
    display(Markdown(text))


def per_start(summary):
    """Groups of one initialisation each (the summary also pools the starts: init "a+b")."""
    return summary[~summary.init.str.contains(r"\+", regex=True)]


def pooled(summary):
    """One group per point of the physics: the starts pooled where there are several, else the one start."""
    keys = [c for c in ["model", "loss", "depth", "width", "noise_name", "input_name", "teacher"] if c in summary]
    has_pool = summary.init.str.contains(r"\+", regex=True)
    pooled_keys = set(map(tuple, summary.loc[has_pool, keys].astype(str).values))
    single = ~has_pool & ~summary[keys].astype(str).apply(tuple, axis=1).isin(pooled_keys)
    return summary[has_pool | single]


def pm(value, error, digits=4):
    """'value ± error', or 'value' when there is no error bar."""
    if error is None or not np.isfinite(error):
        return f"{value:.{digits}g}"
    return f"{value:.{digits}g} ± {error:.2g}"


def trajectory(rows):
    """The trajectory column as a long table: one row per (run, point) with step, trace_hessian, lambda_max."""
    keep = [c for c in ["task_id", "model", "loss", "depth", "width", "init", "noise_name", "noise_kappa", "replicate",
                        "learning_rate", "batch_size", "trace_pred"] if c in rows]
    long = rows[keep + ["trajectory"]].explode("trajectory").dropna(subset=["trajectory"])
    points = pd.DataFrame(list(long.trajectory), index=long.index)
    return pd.concat([long[keep], points], axis=1).reset_index(drop=True)


def kappa_axes(ax, ylabel, log_y=True):
    ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("κ(Σε)")
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    for axis in (ax.xaxis, ax.yaxis):  # plain numbers, not 2×10⁰
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())


# The paper's Fig. 3 plateaus, read from its plots (arXiv 2602.05065 §6): T(κ)/T(isotropic) at the axis's end.
PAPER_PLATEAU = {
    "mse": {"linear": 4.75, "mlp": 2.1, "rnn": 2.6, "transformer": 1.75},
    "cross_entropy": {"linear": 1.48, "mlp": 1.1, "rnn": 1.1, "transformer": 1.75},
}


def point_means(rows, keys=("model", "loss")):
    """Each point's mean T over its rows and that mean's standard error (sd/√n over its independent replicates).

    A point is `keys` and κ(Σε): two noise names with the same spectrum (the paper axis's two readings meet at
    κ(Σε) = K²) are the same physics and are pooled. Tables older than the loss column read as mse.
    """
    rows = rows.assign(loss=rows["loss"] if "loss" in rows else "mse")
    by = list(keys) + ["noise_kappa"]
    g = rows.groupby(by).trace_hessian
    out = g.agg(trace="mean", sd="std", n="count").reset_index()
    out["stderr"] = out.sd / np.sqrt(out.n)
    return out.drop(columns="sd")


def relative_to_isotropic(rows, keys=("model", "loss")):
    """T(κ)/T(κ = 1) of every point against the isotropic point with the same `keys`.

    The error is first-order propagation of the two means' standard errors: the two points' replicates are
    independent runs (their own seeds), so their errors add in quadrature.
    """
    points = point_means(rows, keys)
    iso = points[np.isclose(points.noise_kappa, 1.0)].set_index(list(keys))[["trace", "stderr"]]
    out = points.join(iso, on=list(keys), rsuffix="_iso").dropna(subset=["trace_iso"])
    out["relative"] = out.trace / out.trace_iso
    out["relative_stderr"] = out.relative * np.sqrt((out.stderr / out.trace) ** 2
                                                    + (out.stderr_iso / out.trace_iso) ** 2)
    return out.reset_index(drop=True)


def plateau_ratio(rows, from_kappa=100.0, keys=("model", "loss")):
    """T averaged over the points with κ(Σε) ≥ `from_kappa` (each point weighted equally) over T(κ = 1).

    Every ratio along the axis shares T(1), so averaging the ratios would not average its error away: the error
    here is the points' scatter (standard error over points) and T(1)'s standard error, in quadrature.
    """
    points = point_means(rows, keys)
    rows_out = []
    for key, g in points.groupby(list(keys)):
        iso = g[np.isclose(g.noise_kappa, 1.0)]
        high = g[g.noise_kappa >= from_kappa]
        if iso.empty or len(high) < 2:
            continue
        t_iso, se_iso = iso.trace.iloc[0], iso.stderr.iloc[0]
        t_high, se_high = high.trace.mean(), high.trace.std() / np.sqrt(len(high))
        ratio = t_high / t_iso
        rows_out.append(dict(zip(keys, key), points=len(high), relative=ratio,
                             relative_stderr=ratio * np.hypot(se_high / t_high, se_iso / t_iso)))
    return pd.DataFrame(rows_out)
