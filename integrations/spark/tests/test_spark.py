"""The Spark integration in local mode (local[2]): forecasts and scenario runs through Spark equal the CLI's, for
1, 2 and 5 partitions; failures come back as rows; a run the binary stops fails the job with its message.

Run: TRAJECTORY_BINARY=.build/release/trajectory python3 -m pytest integrations/spark/tests -q
"""

import os
import pathlib
import subprocess
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from pyspark.sql import SparkSession

from trajectory_spark import TrajectoryError, forecast, run_scenarios

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = os.environ.get("TRAJECTORY_BINARY", str(ROOT / ".build" / "release" / "trajectory"))
DATASETS = str(ROOT / "Datasets")
SERIES = 3000


@pytest.fixture(scope="module")
def spark():
    session = (SparkSession.builder.master("local[2]").appName("trajectory-spark-tests")
               .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data():
    """A few thousand short yearly series of varied length, ids that need CSV quoting, one of a single point (which
    `auto` forecasts by the naive method, with a note) and one without values (which fails)."""
    rng = np.random.default_rng(11)
    rows = []
    for i in range(SERIES):
        n = int(rng.integers(4, 21))
        level, slope = rng.uniform(50, 5000), rng.normal(0, 0.03)
        sid = f"S{i:05d}" if i % 500 else f'odd, "id" {i}'
        for t in range(n):
            rows.append((sid, 2001 + t, float(round(level * (1 + slope * t) + rng.normal(0, 0.05) * level, 4))))
    rows += [("one-point", 2020, 5.0), ("no-values", 2020, None)]
    return rows


def cli_forecast(rows, arguments):
    """The CLI on the same rows (one file, grouped by id), parsed as the integration parses the binary's output."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "in.csv")
        table = pa.table({"series_id": [r[0] for r in rows], "period": [str(r[1]) for r in rows],
                          "value": pa.array([r[2] for r in rows], pa.float64())})
        pacsv.write_csv(table, path)
        out = os.path.join(folder, "out.csv")
        status = subprocess.run([BINARY, "forecast", "--input", path, "--output", out] + arguments,
                                capture_output=True).returncode
        assert status in (0, 3)
        return pacsv.read_csv(out, convert_options=pacsv.ConvertOptions(
            column_types={"series_id": pa.string(), "period": pa.string(), "model": pa.string()},
            null_values=["NA"], strings_can_be_null=False))


def key(row):
    return tuple(row)


@pytest.mark.parametrize("partitions", [1, 2, 5])
def test_forecasts_equal_the_cli(spark, data, partitions):
    df = spark.createDataFrame(data, "series_id string, period long, value double")
    result = forecast(df, horizon=6, model="auto", partitions=partitions, binary=BINARY)
    got = sorted(key(r) for r in result.forecasts.collect())
    expected = cli_forecast(data, ["--horizon", "6", "--model", "auto"])
    want = sorted(zip(*[expected.column(c).to_pylist() for c in expected.column_names]))
    # Strings identical and doubles bit-identical: both parsed from the binary's 15-digit text, which two different
    # texts can never share, so the CLI's bytes and Spark's rows say the same thing.
    assert len(got) == len(want) == (SERIES + 1) * 6
    assert got == want
    failures = {r["series_id"]: r["error"] for r in result.failures.collect()}
    assert set(failures) == {"no-values"}
    assert "no observations" in failures["no-values"]
    result.unpersist()


def test_column_names_and_dates_are_the_users(spark):
    rows = [("a", "2019-12-31", 1.0), ("a", "2020-12-31", 2.0), ("a", "2021-12-31", 3.5), ("a", "2022-12-31", 4.0)]
    df = spark.createDataFrame(rows, "unique_id string, ds string, y double").selectExpr(
        "unique_id", "to_date(ds) as ds", "y")
    result = forecast(df, to=2025, model="linear", levels=(90,), id_col="unique_id", period_col="ds",
                      value_col="y", binary=BINARY)
    out = result.forecasts.orderBy("ds").collect()
    assert result.forecasts.columns == ["unique_id", "ds", "model", "mean", "lo90", "hi90"]
    assert [r["ds"] for r in out] == ["2023", "2024", "2025"]
    assert out[0]["mean"] == pytest.approx(5.25)  # slope 1.05 through 2019..2022, mean 2.625 at 2020.5: 2.625 + 2.5 * 1.05
    result.unpersist()


def test_a_row_the_binary_refuses_fails_the_task_with_its_message(spark):
    df = spark.createDataFrame([("a", "2020", 1.0), ("a", "20x1", 2.0)], "series_id string, period string, value double")
    with pytest.raises(Exception) as caught:
        forecast(df, horizon=2, model="naive", partitions=1, binary=BINARY).forecasts.collect()
    assert "TrajectoryError" in str(caught.value) and "'20x1' is not a period" in str(caught.value)


@pytest.mark.parametrize("shards", [1, 2, 5])
def test_scenarios_equal_the_cli(spark, shards):
    scenario_file = str(ROOT / "examples" / "scenarios.yaml")
    result = run_scenarios(spark, scenario_file, shards=shards, binary=BINARY, datasets=DATASETS)
    got = sorted(tuple(r) for r in result.rows.collect())
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "all.csv")
        subprocess.run([BINARY, "scenarios", "run", scenario_file, "--datasets", DATASETS, "--output", out],
                       check=True, capture_output=True)
        names = [name for name, _ in __import__("trajectory_spark.core", fromlist=["x"]).SCENARIO_COLUMNS]
        table = pacsv.read_csv(out, convert_options=pacsv.ConvertOptions(
            column_types={f.name: result.rows.schema[f.name].dataType.typeName() == "string" and pa.string()
                          or (pa.int64() if f.name == "target_year" else pa.float64()) for f in result.rows.schema},
            null_values=["NA", ""], strings_can_be_null=False))
        assert table.column_names == names
    want = sorted(zip(*[table.column(c).to_pylist() for c in table.column_names]))
    assert len(got) == len(want) > 0
    assert got == want
    assert result.failures.count() == 0
    result.unpersist()
