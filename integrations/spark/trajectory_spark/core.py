"""Forecasts and scenario runs on Spark, each partition streamed through the `trajectory` binary over pipes."""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence

import pyarrow as pa
import pyarrow.csv as pacsv
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

__all__ = ["ForecastResult", "ScenarioResult", "TrajectoryError", "forecast", "run_scenarios", "level_label"]

#: The columns of a scenario run (`trajectory scenarios run`), with their Spark types.
SCENARIO_COLUMNS = [
    ("scenario", T.StringType()), ("indicator", T.StringType()), ("latest_period", T.StringType()),
    ("latest_value", T.DoubleType()), ("target_year", T.LongType()), ("target", T.DoubleType()),
    ("direction", T.StringType()), ("forecast", T.DoubleType()), ("lo80", T.DoubleType()),
    ("hi80", T.DoubleType()), ("lo95", T.DoubleType()), ("hi95", T.DoubleType()), ("p_meet", T.DoubleType()),
    ("required_per_year", T.DoubleType()), ("trend_per_year", T.DoubleType()), ("status", T.StringType()),
    ("model", T.StringType()), ("transform", T.StringType()), ("unit", T.StringType()),
    ("actual_period", T.StringType()), ("actual_value", T.DoubleType()), ("note", T.StringType()),
]


class TrajectoryError(RuntimeError):
    """The binary stopped a partition's run (a bad row, a usage error): its exit status and message."""


@dataclass
class ForecastResult:
    """Forecasts (one row per series and period) and failures (one row per series that could not be forecast).

    Both come from one persisted run: call `unpersist()` when done with them.
    """

    forecasts: DataFrame
    failures: DataFrame
    _combined: DataFrame

    def unpersist(self) -> None:
        self._combined.unpersist()


@dataclass
class ScenarioResult:
    """Scenario × indicator rows (the columns of `trajectory scenarios run`) and the rows that could not be run."""

    rows: DataFrame
    failures: DataFrame
    _combined: DataFrame

    def unpersist(self) -> None:
        self._combined.unpersist()


def level_label(level: float) -> str:
    """A level as the binary names its columns: 80 -> '80', 99.5 -> '99.5'."""
    return str(int(level)) if float(level).is_integer() else repr(float(level))


def _executable(binary: str, shipped: bool) -> str:
    """The binary on this executor: shipped with `SparkContext.addFile`, or a path (or name on PATH) on every node."""
    if not shipped:
        return binary
    from pyspark import SparkFiles

    path = SparkFiles.get(os.path.basename(binary))
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


class _Captured:
    """Reads a pipe to its end on a thread, keeping the last `limit` bytes (the binary's messages)."""

    def __init__(self, stream, limit: int = 1 << 16):
        self.data = b""
        self.limit = limit
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for chunk in iter(lambda: stream.read(8192), b""):
            self.data = (self.data + chunk)[-self.limit:]

    def text(self) -> str:
        self.thread.join()
        return self.data.decode("utf-8", "replace").strip()


def _read_csv(stream, types: dict) -> Iterator[pa.RecordBatch]:
    """Record batches of a CSV stream as they arrive; nothing for an empty stream."""
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(block_size=1 << 20),
            convert_options=pacsv.ConvertOptions(
                column_types=types, null_values=["NA", ""], strings_can_be_null=False),
        )
    except pa.ArrowInvalid as error:
        if "Empty CSV file" in str(error):
            return
        raise
    for batch in reader:
        yield batch


def _pipe_through(command: Sequence[str], batches: Iterable[pa.RecordBatch], out_types: dict,
                  failures_path: str) -> Iterator[pa.RecordBatch]:
    """Runs `command`, writing `batches` as CSV to its standard input on a thread while its output is read here."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    messages = _Captured(process.stderr)
    feed_error: list = []

    def feed() -> None:
        writer = None
        try:
            for batch in batches:
                if writer is None:
                    writer = pacsv.CSVWriter(process.stdin, batch.schema)
                writer.write_batch(batch)
            if writer is not None:
                writer.close()
        except (BrokenPipeError, pa.ArrowIOError):
            pass  # the binary stopped reading: its status and message say why
        except BaseException as error:  # noqa: BLE001 - re-raised on the task's thread below
            feed_error.append(error)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    produced = 0
    completed = False
    try:
        for batch in _read_csv(process.stdout, out_types):
            produced += batch.num_rows
            yield batch
        completed = True
    finally:
        if not completed:
            process.kill()  # the task stopped reading (cancelled, or failed): the binary must not block the feeder
        feeder.join()
        status = process.wait()
    if feed_error:
        raise feed_error[0]
    message = messages.text()
    failed_rows = os.path.exists(failures_path) and sum(1 for _ in open(failures_path, encoding="utf-8")) > 1
    # 0: all done; 3: some failed (named in the failures file); 1 with failures and no output: every one failed.
    if status in (0, 3) or (status == 1 and produced == 0 and failed_rows):
        return
    raise TrajectoryError(f"trajectory exited with status {status}: {message}")


def _failure_batch(path: str, schema: pa.Schema, columns: dict) -> Optional[pa.RecordBatch]:
    """The failures file as a batch of the combined schema, or None when nothing failed.

    `columns` maps each column of the file to the field it fills; the other fields are null.
    """
    if not os.path.exists(path):
        return None
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in columns}, strings_can_be_null=False))
    if table.num_rows == 0:
        return None
    source = {field: name for name, field in columns.items()}
    arrays = [table.column(source[f.name]).combine_chunks().cast(f.type) if f.name in source
              else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def forecast(df: DataFrame, *, horizon: Optional[int] = None, to: Optional[int] = None, model: str = "auto",
             levels: Sequence[float] = (80, 95), seed: Optional[int] = None, id_col: str = "series_id",
             period_col: str = "period", value_col: str = "value", partitions: Optional[int] = None,
             binary: str = "trajectory", ship: bool = False, extra_args: Sequence[str] = (),
             chunk_size: int = 10_000) -> ForecastResult:
    """Forecasts every series of `df` (one observation a row: id, period, value; column names selectable).

    The rows are repartitioned by series id (`partitions`, default: the DataFrame's) and sorted by id within each
    partition, so each partition is a grouped stream that `trajectory forecast --input - --output -` forecasts chunk
    by chunk. `binary` is a path (or a name on PATH) on every node, or, with `ship=True`, a file on the driver sent
    to the executors with `SparkContext.addFile`. Periods may be integers (years), strings as the CLI reads them
    (`2024`, `2024-06-30`) or dates. A series that cannot be forecast is a row of `failures`; a run the binary stops
    (a bad row) fails the Spark task with the binary's message (`TrajectoryError`).
    """
    if (horizon is None) == (to is None):
        raise ValueError("give exactly one of horizon or to")
    spark = df.sparkSession
    if ship:
        spark.sparkContext.addFile(binary)
    period_type = df.schema[period_col].dataType
    if isinstance(period_type, (T.DateType, T.TimestampType)):
        period = F.date_format(F.col(period_col), "yyyy-MM-dd")
    else:
        period = F.col(period_col).cast("string")
    rows = df.select(F.col(id_col).cast("string").alias("series_id"), period.alias("period"),
                     F.col(value_col).cast("double").alias("value"))
    count = partitions or max(1, df.rdd.getNumPartitions())
    rows = rows.repartition(count, "series_id").sortWithinPartitions("series_id")

    labels = [level_label(level) for level in levels]
    value_columns = ["mean"] + [f"{side}{label}" for label in labels for side in ("lo", "hi")]
    fields = [T.StructField(id_col, T.StringType()), T.StructField(period_col, T.StringType()),
              T.StructField("model", T.StringType())]
    fields += [T.StructField(name, T.DoubleType()) for name in value_columns]
    fields.append(T.StructField("error", T.StringType()))
    schema = T.StructType(fields)
    arrow_schema = pa.schema([pa.field(f.name, pa.string() if isinstance(f.dataType, T.StringType)
                                       else pa.float64()) for f in fields])
    out_types = {"series_id": pa.string(), "period": pa.string(), "model": pa.string()}
    out_types.update({name: pa.float64() for name in value_columns})
    arguments = ["forecast", "--input", "-", "--output", "-", "--format", "csv", "--model", model,
                 "--chunk-size", str(chunk_size)]
    arguments += ["--horizon", str(horizon)] if horizon is not None else ["--to", str(to)]
    for level in levels:
        arguments += ["--level", str(level)]
    if seed is not None:
        arguments += ["--seed", str(seed)]
    arguments += list(extra_args)

    def run_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        nonempty = (b for b in batches if b.num_rows > 0)
        first = next(nonempty, None)
        if first is None:
            return

        def all_batches():
            yield first
            yield from nonempty

        with tempfile.TemporaryDirectory(prefix="trajectory-spark-") as folder:
            failures_path = os.path.join(folder, "failures.csv")
            command = [_executable(binary, ship)] + arguments + ["--failures", failures_path]
            for batch in _pipe_through(command, all_batches(), out_types, failures_path):
                arrays = list(batch.columns) + [pa.nulls(batch.num_rows, pa.string())]
                yield pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)
            failed = _failure_batch(failures_path, arrow_schema, {"series_id": id_col, "error": "error"})
            if failed is not None:
                yield failed

    combined = rows.mapInArrow(run_partition, schema).persist()
    forecasts = combined.filter(F.col("error").isNull()).drop("error")
    failures = combined.filter(F.col("error").isNotNull()).select(id_col, "error")
    return ForecastResult(forecasts=forecasts, failures=failures, _combined=combined)


def run_scenarios(spark: SparkSession, scenario_file: str, *, shards: Optional[int] = None,
                  binary: str = "trajectory", ship: bool = False, datasets: Optional[str] = None,
                  extra_args: Sequence[str] = ()) -> ScenarioResult:
    """Runs a scenario file as `shards` Spark tasks (default: the default parallelism), task K running
    `trajectory scenarios run FILE --shard K/N`: each scenario in exactly one task, by the hash of its name.

    `scenario_file` and `datasets` (the Datasets folder) are paths on every node; with `ship=True` the binary and
    the scenario file are sent with `SparkContext.addFile` (the datasets folder must still be on the nodes or next
    to the binary's path given by `datasets`).
    """
    count = shards or spark.sparkContext.defaultParallelism
    if ship:
        spark.sparkContext.addFile(binary)
        spark.sparkContext.addFile(scenario_file)
    fields = [T.StructField(name, kind) for name, kind in SCENARIO_COLUMNS]
    fields += [T.StructField("line", T.LongType()), T.StructField("error", T.StringType())]
    schema = T.StructType(fields)
    arrow_schema = pa.schema([pa.field(f.name, pa.string() if isinstance(f.dataType, T.StringType) else
                                       pa.int64() if isinstance(f.dataType, T.LongType) else pa.float64())
                              for f in fields])
    out_types = {f.name: arrow_schema.field(f.name).type for f in fields[:len(SCENARIO_COLUMNS)]}

    def run_shard(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for k in batch.column(0).to_pylist():
                if ship:
                    from pyspark import SparkFiles
                    file = SparkFiles.get(os.path.basename(scenario_file))
                else:
                    file = scenario_file
                with tempfile.TemporaryDirectory(prefix="trajectory-spark-") as folder:
                    failures_path = os.path.join(folder, "failures.csv")
                    command = [_executable(binary, ship), "scenarios", "run", file, "--shard", f"{k}/{count}",
                               "--output", "-", "--format", "csv", "--no-progress", "--failures", failures_path]
                    if datasets:
                        command += ["--datasets", datasets]
                    command += list(extra_args)
                    for out in _pipe_through(command, iter(()), out_types, failures_path):
                        arrays = list(out.columns) + [pa.nulls(out.num_rows, pa.int64()),
                                                      pa.nulls(out.num_rows, pa.string())]
                        yield pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)
                    failed = _failure_batch(failures_path, arrow_schema, {"scenario": "scenario",
                                            "indicator": "indicator", "line": "line", "error": "error"})
                    if failed is not None:
                        yield failed

    tasks = spark.range(1, count + 1, numPartitions=count)
    combined = tasks.mapInArrow(run_shard, schema).persist()
    rows = combined.filter(F.col("error").isNull()).drop("line", "error")
    failures = combined.filter(F.col("error").isNotNull()).select("scenario", "indicator", "line", "error")
    return ScenarioResult(rows=rows, failures=failures, _combined=combined)
