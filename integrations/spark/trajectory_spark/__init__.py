"""Trajectory on Apache Spark: forecast a DataFrame of series, or run a scenario file, partition by partition
through the `trajectory` binary (see the repository README, "Running on a cluster")."""

from .core import ForecastResult, ScenarioResult, TrajectoryError, forecast, level_label, run_scenarios

__all__ = ["ForecastResult", "ScenarioResult", "TrajectoryError", "forecast", "level_label", "run_scenarios"]
