"""Tests of the generated DAG (../ltvlake_nightly.py) against a minimal stand-in for the Airflow API.

Airflow cannot be installed where these tests run, so they put small fake `airflow`,
`airflow.providers.apache.spark.operators.spark_submit` and `pendulum` modules on sys.modules,
load the DAG file three times (as Airflow 2.x, 3.0 and 3.1+ would import it) and check what it
built: the tasks, their dependencies, the date argument, the schedule and the run settings.
Standard library only; jinja2, when it is there, also renders the date template.

Run from the project root:  python3 -m unittest discover -s airflow-dags/tests -v
The Java test AirflowDagTest runs them in `mvn verify` and passes, in LTVLAKE_DAG_EXPECTED, the
job graph of Pipeline.registry() and the ltvlake.airflow settings the file must carry; without it
the shipped defaults below are expected and the graph is the file's own JOBS.
"""
from __future__ import annotations

import datetime
import importlib.util
import json
import os
import sys
import types
import unittest
import zoneinfo
from pathlib import Path

DAG_FILE = Path(__file__).resolve().parent.parent / "ltvlake_nightly.py"

SHIPPED_DEFAULTS = {
    "dag_id": "ltvlake_nightly",
    "schedule": "0 3 * * *",
    "time_zone": "Europe/Moscow",
    "start_date": "2026-01-01",
    "catchup": False,
    "retries": 2,
    "retry_delay_seconds": 600,
    "execution_timeout_seconds": 7200,
    "tags": ["ltvlake", "nightly"],
    "env": "prod",
    "extra_args": [],
    "spark_conn_id": "spark_default",
}

# Template variables Airflow 3 removed; a DAG for both versions must not use them.
REMOVED_IN_AIRFLOW_3 = ["execution_date", "next_ds", "prev_ds", "tomorrow_ds", "yesterday_ds", "next_execution_date",
                        "prev_execution_date", "conf."]

# Jobs that publish what the others made: nothing may run after them.
LAST_JOBS = ["publish", "extracts"]


class FakeDAG:
    """Records its arguments and the tasks created inside its `with` block."""

    current = None

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        FakeDAG.current = self
        return self

    def __exit__(self, *exc):
        FakeDAG.current = None
        return False


class FakeSparkSubmitOperator:
    """Records its arguments and dependencies; like Airflow, it joins the DAG of the enclosing `with`."""

    def __init__(self, *, task_id, **kwargs):
        if FakeDAG.current is None:
            raise AssertionError(f"task {task_id} was created outside the DAG")
        if task_id in FakeDAG.current.tasks:
            raise AssertionError(f"task {task_id} was created twice")
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        FakeDAG.current.tasks[task_id] = self

    def __rshift__(self, other):
        other.upstream_task_ids.add(self.task_id)
        self.downstream_task_ids.add(other.task_id)
        return other


class FakeCronDataIntervalTimetable:
    def __init__(self, cron, timezone):
        self.cron = cron
        self.timezone = timezone


class FakePendulumDateTime(datetime.datetime):
    """The one pendulum method the date template calls."""

    def in_timezone(self, name):
        moved = self.astimezone(zoneinfo.ZoneInfo(name))
        return FakePendulumDateTime(moved.year, moved.month, moved.day, moved.hour, moved.minute, moved.second,
                                    tzinfo=moved.tzinfo)


def module(name, **attributes):
    made = types.ModuleType(name)
    made.__path__ = []  # a package, so submodules can be imported from it
    for key, value in attributes.items():
        setattr(made, key, value)
    return made


def stand_in(version):
    """Fake modules as Airflow `version` (2, 3.0 or 3.1) offers them to a DAG file."""
    fake = {
        "pendulum": module("pendulum", timezone=zoneinfo.ZoneInfo,
                           datetime=lambda y, m, d, tz: datetime.datetime(y, m, d, tzinfo=zoneinfo.ZoneInfo(tz))),
        "airflow": module("airflow"),
        "airflow.providers": module("airflow.providers"),
        "airflow.providers.apache": module("airflow.providers.apache"),
        "airflow.providers.apache.spark": module("airflow.providers.apache.spark"),
        "airflow.providers.apache.spark.operators": module("airflow.providers.apache.spark.operators"),
        "airflow.providers.apache.spark.operators.spark_submit": module(
            "airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=FakeSparkSubmitOperator),
    }
    if version == "2":
        fake["airflow"].DAG = FakeDAG
    else:
        fake["airflow.sdk"] = module("airflow.sdk", DAG=FakeDAG)
    if version == "3.1":
        fake["airflow.sdk"].CronDataIntervalTimetable = FakeCronDataIntervalTimetable
    else:
        fake["airflow.timetables"] = module("airflow.timetables")
        fake["airflow.timetables.interval"] = module("airflow.timetables.interval",
                                                     CronDataIntervalTimetable=FakeCronDataIntervalTimetable)
    return fake


def load_dag(version):
    """Imports the DAG file under the stand-in of `version`; returns the module and the DAG it built."""
    saved = {name: sys.modules.get(name) for name in list(sys.modules) if name == "pendulum" or name.startswith("airflow")}
    for name in saved:
        del sys.modules[name]
    sys.modules.update(stand_in(version))
    try:
        spec = importlib.util.spec_from_file_location(f"ltvlake_nightly_airflow_{version.replace('.', '_')}", DAG_FILE)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded, loaded.dag
    finally:
        for name in [n for n in sys.modules if n == "pendulum" or n.startswith("airflow")]:
            del sys.modules[name]
        sys.modules.update({name: mod for name, mod in saved.items() if mod is not None})


def expected():
    given = os.environ.get("LTVLAKE_DAG_EXPECTED")
    return json.loads(given) if given else dict(SHIPPED_DEFAULTS)


class NightlyDagTest(unittest.TestCase):

    VERSIONS = ["2", "3.0", "3.1"]

    def setUp(self):
        self.expected = expected()

    def graph(self, loaded):
        return self.expected.get("graph") or loaded.JOBS

    def test_one_task_per_job_with_the_job_graph_as_dependencies(self):
        for version in self.VERSIONS:
            with self.subTest(airflow=version):
                loaded, dag = load_dag(version)
                graph = self.graph(loaded)
                self.assertEqual(list(graph), list(dag.tasks), "task ids are the jobs, in graph order")
                for job, upstream in graph.items():
                    self.assertEqual(set(upstream), dag.tasks[job].upstream_task_ids, f"{job} runs after {upstream}")
                self.assertEqual(graph, loaded.JOBS)

    def test_the_graph_is_in_order_and_publishing_runs_last(self):
        loaded, dag = load_dag("3.1")
        seen = set()
        for job, upstream in self.graph(loaded).items():
            self.assertTrue(set(upstream) <= seen, f"{job} comes after {upstream}: no cycle, no unknown job")
            seen.add(job)
        for job in LAST_JOBS:
            if job in dag.tasks:
                self.assertEqual(set(), dag.tasks[job].downstream_task_ids, f"nothing runs after {job}")

    def test_every_task_submits_the_job_jar_for_its_job_and_the_processed_date(self):
        for version in self.VERSIONS:
            with self.subTest(airflow=version):
                loaded, dag = load_dag(version)
                for job, task in dag.tasks.items():
                    args = task.kwargs["application_args"]
                    self.assertEqual(["run", "--date", loaded.RUN_DATE, "--env", self.expected["env"], "--only", job]
                                     + self.expected["extra_args"], args)
                    self.assertEqual("io.ltvlake.jobs.cli.Main", task.kwargs["java_class"])
                    self.assertEqual(self.expected["spark_conn_id"], task.kwargs["conn_id"])
                    self.assertEqual(loaded.APPLICATION, task.kwargs["application"])
                    self.assertTrue(task.kwargs["doc_md"].strip(), f"{job} has a description")

    def test_the_date_comes_from_the_data_interval_or_the_run_date_parameter(self):
        loaded, _ = load_dag("2")
        template = loaded.RUN_DATE
        self.assertIn("data_interval_start", template)
        self.assertIn("params.run_date", template)
        self.assertIn(f"in_timezone('{self.expected['time_zone']}')", template)
        for removed in REMOVED_IN_AIRFLOW_3:
            self.assertNotIn(removed, template)

    def test_the_date_template_renders_the_processed_day(self):
        try:
            from jinja2 import StrictUndefined
            from jinja2.sandbox import SandboxedEnvironment
        except ImportError:
            self.skipTest("jinja2 is not installed: the date template is not rendered (its text is checked elsewhere)")
        loaded, _ = load_dag("3.1")
        template = SandboxedEnvironment(undefined=StrictUndefined).from_string(loaded.RUN_DATE)
        zone = zoneinfo.ZoneInfo(self.expected["time_zone"])
        # a run starting 2026-11-21 03:00 local has the interval from 2026-11-20 03:00 local: it processes the 20th
        start = FakePendulumDateTime(2026, 11, 20, 3, 0, tzinfo=zone).astimezone(datetime.timezone.utc)
        start = FakePendulumDateTime(start.year, start.month, start.day, start.hour, start.minute,
                                     tzinfo=datetime.timezone.utc)
        self.assertEqual("2026-11-20", template.render(params={"run_date": ""}, data_interval_start=start))
        # just after local midnight, UTC may still be on the day before: the business day wins
        late = FakePendulumDateTime(2026, 11, 20, 0, 30, tzinfo=zone).astimezone(datetime.timezone.utc)
        late = FakePendulumDateTime(late.year, late.month, late.day, late.hour, late.minute, tzinfo=datetime.timezone.utc)
        self.assertEqual("2026-11-20", template.render(params={"run_date": ""}, data_interval_start=late))
        # a manual run names its day, and then needs no data interval (Airflow 3 runs without a logical date)
        self.assertEqual("2026-01-05", template.render(params={"run_date": "2026-01-05"}))

    def test_schedule_and_run_settings_come_from_the_config(self):
        for version in self.VERSIONS:
            with self.subTest(airflow=version):
                _, dag = load_dag(version)
                kwargs = dag.kwargs
                self.assertEqual(self.expected["dag_id"], kwargs["dag_id"])
                timetable = kwargs["schedule"]
                self.assertIsInstance(timetable, FakeCronDataIntervalTimetable, "the timetable is chosen explicitly")
                self.assertEqual(self.expected["schedule"], timetable.cron)
                self.assertEqual(zoneinfo.ZoneInfo(self.expected["time_zone"]), timetable.timezone)
                self.assertEqual(datetime.datetime.fromisoformat(self.expected["start_date"])
                                 .replace(tzinfo=zoneinfo.ZoneInfo(self.expected["time_zone"])), kwargs["start_date"])
                self.assertIs(self.expected["catchup"], kwargs["catchup"])
                self.assertEqual(1, kwargs["max_active_runs"])
                self.assertEqual(self.expected["tags"], kwargs["tags"])
                self.assertEqual({"run_date": ""}, kwargs["params"])
                defaults = kwargs["default_args"]
                self.assertEqual(self.expected["retries"], defaults["retries"])
                self.assertEqual(datetime.timedelta(seconds=self.expected["retry_delay_seconds"]), defaults["retry_delay"])
                self.assertEqual(datetime.timedelta(seconds=self.expected["execution_timeout_seconds"]),
                                 defaults["execution_timeout"])
                for job in dag.tasks:
                    self.assertIn(f"| {job} |", kwargs["doc_md"], "doc_md lists every job")

    def test_airflow_3_needs_no_airflow_2_import(self):
        # the 3.1 stand-in has neither airflow.DAG nor airflow.timetables: loading there proves the file takes the
        # Task SDK path, and the 2 stand-in has no airflow.sdk at all
        for version in ("2", "3.1"):
            _, dag = load_dag(version)
            self.assertIsInstance(dag, FakeDAG)


if __name__ == "__main__":
    unittest.main()
