"""The result table and the summary as Python users read them: pandas, polars, DuckDB.

Run by notebooks/test-python against a table that sharpsweep (Java) just wrote and analysed:
SHARPSWEEP_TABLE is its folder, SHARPSWEEP_PREDICT a JSON file of `sharpsweep predict --format json` for
its config. Every reader must return exactly the rows the Java side expects (`_sharpsweep/tasks.txt`),
with arrays as lists, structs as dicts and nulls as nulls, and the values the Java side computed.
"""
import json
import math
import os
import pathlib
import re
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pytest

TABLE = pathlib.Path(os.environ["SHARPSWEEP_TABLE"]).resolve()
ANALYSIS = TABLE.parent / (TABLE.name + "-analysis")
ROOT = pathlib.Path(__file__).resolve().parents[2]
TASKS = [t for t in (TABLE / "_sharpsweep" / "tasks.txt").read_text().split("\n") if t]


def test_every_reader_returns_exactly_the_result_rows():
    readers = {
        "pandas.read_parquet(DIR)": pd.read_parquet(TABLE).task_id.tolist(),
        "polars.read_parquet(DIR/*.parquet)": pl.read_parquet(f"{TABLE}/*.parquet")["task_id"].to_list(),
        "polars.scan_parquet(DIR/**/*.parquet)": pl.scan_parquet(f"{TABLE}/**/*.parquet").select("task_id")
        .collect()["task_id"].to_list(),
        "duckdb read_parquet('DIR/**/*.parquet')": [r[0] for r in duckdb.sql(
            f"SELECT task_id FROM read_parquet('{TABLE}/**/*.parquet')").fetchall()],
    }
    assert ANALYSIS.is_dir(), "analyze ran before these tests, and wrote beside the table"
    for name, ids in readers.items():
        assert len(ids) == len(TASKS), name
        assert sorted(ids) == sorted(TASKS), name


def test_arrays_are_lists_structs_are_dicts_nulls_are_nulls():
    df = pd.read_parquet(TABLE)
    spectrum = df.noise_spectrum.iloc[0]
    assert [float(x) for x in spectrum] == list(spectrum) and len(spectrum) == 2
    point = df.trajectory.iloc[0][0]
    assert isinstance(point, dict)
    assert {"step", "trace_hessian", "lambda_max", "loss_gap", "equilibrium_residual"} <= set(point)
    # The config gives learning_rate, not learning_rate_relative: null in every row, in every reader.
    assert df.learning_rate_relative.isna().all()
    assert df.depth.dtype.kind == "i" and df.trace_hessian.dtype.kind == "f"

    pdf = pl.read_parquet(f"{TABLE}/*.parquet")
    assert pdf.schema["noise_spectrum"] == pl.List(pl.Float64)
    assert isinstance(pdf.schema["trajectory"], pl.List) and isinstance(pdf.schema["trajectory"].inner, pl.Struct)
    assert pdf["learning_rate_relative"].null_count() == pdf.height

    row = duckdb.sql(f"SELECT noise_spectrum, trajectory, learning_rate_relative FROM read_parquet('{TABLE}/*.parquet')"
                     " LIMIT 1").fetchone()
    assert isinstance(row[0], list) and isinstance(row[1][0], dict) and row[2] is None


def test_the_summary_reads_typed_and_holds_the_javas_means():
    summary = pd.read_parquet(ANALYSIS / "summary")
    assert len(summary) == len(pd.read_csv(ANALYSIS / "summary.csv"))
    assert all(isinstance(float(x), float) for x in summary.learning_rates.iloc[0])
    assert summary.certified.dtype == bool
    # The Java side's group means against the same means taken here over the raw rows (reached rows only).
    df = pd.read_parquet(TABLE)
    reached = df[df.equilibrium == "reached"]
    keys = ["depth", "width", "init", "noise_name"]
    here = reached.groupby(keys).agg(n_here=("trace_hessian", "size"), t_here=("trace_hessian", "mean")).reset_index()
    java = summary[~summary.init.str.contains(r"\+")]  # the pooled-start groups are checked by the Java tests
    merged = java.merge(here, on=keys)
    assert len(merged) == len(java) > 0
    for _, g in merged.iterrows():
        assert g["n_reached"] == g["n_here"]
        assert math.isclose(g["trace_mean"], g["t_here"], rel_tol=1e-12), g  # the same doubles, another order


def test_the_theory_columns_are_the_javas_predictions():
    predicted = {p["point_key"]: p for p in json.loads(pathlib.Path(os.environ["SHARPSWEEP_PREDICT"]).read_text())}
    df = pd.read_parquet(TABLE)
    assert set(df.point_key) == set(predicted)
    for _, r in df.iterrows():
        p = predicted[r.point_key]
        assert r.trace_pred == p["trace_pred"] and r.trace_min == p["trace_min"]  # exact: both are Java's doubles
        assert r.lambda_max_pred == p["lambda_max_pred"]


def _code_blocks(markdown, language):
    return re.findall(r"```" + language + r"\n(.*?)```", markdown, flags=re.S)


@pytest.fixture
def quickstart_cwd(tmp_path, monkeypatch):
    """A working folder where results/quickstart is this table, as the docs' examples expect."""
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "quickstart").symlink_to(TABLE)
    (tmp_path / "results" / "quickstart-analysis").symlink_to(ANALYSIS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("doc", ["README.md", "docs/ANALYSIS.md"])
def test_the_docs_python_and_sql_examples_run_verbatim(doc, quickstart_cwd):
    text = (ROOT / doc).read_text()
    ran = 0
    for block in _code_blocks(text, "python"):
        if "results/quickstart" not in block or "spark" in block:
            continue  # Spark's examples need a Spark installation: the Java tests read the same way
        result = subprocess.run([sys.executable, "-c", block], cwd=quickstart_cwd, capture_output=True, text=True)
        assert result.returncode == 0, f"{doc}:\n{block}\n{result.stderr}"
        ran += 1
    for block in _code_blocks(text, "sql"):
        if "results/quickstart" in block:
            assert len(duckdb.sql(block).fetchall()) > 0, block
            ran += 1
    assert ran >= (2 if doc == "README.md" else 3), doc
