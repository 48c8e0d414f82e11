"""The notebooks' own arithmetic (sharpsweep_nb.py) against values worked out by hand."""
import math
import pathlib
import sys

import pandas as pd
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from sharpsweep_nb import point_means, relative_to_isotropic  # noqa: E402


def _rows():
    # iso: T = 1, 2, 3 (mean 2, sd 1, stderr 1/√3); κ = 10 under two names: T = 4, 6 (mean 5, sd √2, stderr 1).
    return pd.DataFrame({
        "model": ["mlp"] * 5 + ["rnn"] * 2,
        "loss": ["mse"] * 7,
        "noise_name": ["eps-1", "eps-1", "eps-1", "eps-10", "sqrt-3.162", "eps-1", "eps-10"],
        "noise_kappa": [1.0, 1.0, 1.0, 10.0, 10.0, 1.0, 10.0],
        "trace_hessian": [1.0, 2.0, 3.0, 4.0, 6.0, 3.0, 3.0],
    })


def test_point_means_pool_names_with_the_same_spectrum():
    p = point_means(_rows()).set_index(["model", "noise_kappa"])
    assert p.loc[("mlp", 10.0), "n"] == 2
    assert p.loc[("mlp", 10.0), "trace"] == pytest.approx(5.0)
    assert p.loc[("mlp", 10.0), "stderr"] == pytest.approx(1.0)
    assert p.loc[("mlp", 1.0), "stderr"] == pytest.approx(1 / math.sqrt(3))


def test_relative_sharpness_and_its_error_by_hand():
    r = relative_to_isotropic(_rows()).set_index(["model", "noise_kappa"])
    assert r.loc[("mlp", 10.0), "relative"] == pytest.approx(2.5)
    # 2.5 · √((1/5)² + ((1/√3)/2)²) = 2.5 · √(0.04 + 1/12)
    assert r.loc[("mlp", 10.0), "relative_stderr"] == pytest.approx(2.5 * math.sqrt(0.04 + 1 / 12))
    assert r.loc[("mlp", 1.0), "relative"] == pytest.approx(1.0)
    # one row per point: no error bar, not a made-up one
    assert math.isnan(r.loc[("rnn", 10.0), "relative_stderr"])


def test_a_table_without_the_loss_column_reads_as_mse():
    r = relative_to_isotropic(_rows().drop(columns="loss"))
    assert set(r["loss"]) == {"mse"}


def test_plateau_ratio_by_hand():
    from sharpsweep_nb import plateau_ratio
    # iso 2, 2 (stderr 0); κ = 100: 3; κ = 1000: 5 → plateau mean 4, scatter sd √2 over 2 points → stderr 1.
    rows = pd.DataFrame({"model": ["mlp"] * 4, "loss": ["cross_entropy"] * 4,
                         "noise_kappa": [1.0, 1.0, 100.0, 1000.0], "trace_hessian": [2.0, 2.0, 3.0, 5.0]})
    p = plateau_ratio(rows).iloc[0]
    assert p.points == 2
    assert p.relative == pytest.approx(2.0)
    assert p.relative_stderr == pytest.approx(2.0 * (1 / 4))
