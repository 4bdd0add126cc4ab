"""Imports the drgrade DAG file with fake airflow modules (Airflow is not installed here) and prints
its tasks as JSON: each task's class, arguments and downstream tasks, with the templates for the
run date and bucket rendered, so a test can check the real step arguments.

  python3 extract_dag.py DAG_FILE --ds 2026-11-25 --bucket BUCKET
"""
import argparse
import importlib.util
import json
import sys
import types

TASKS = []


class FakeDag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeOperator:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.downstream = []
        self.teardown_of = None
        TASKS.append(self)

    def __rshift__(self, other):
        self.downstream.append(other.kwargs["task_id"])
        return other

    def as_teardown(self, setups):
        self.teardown_of = setups.kwargs["task_id"]
        return self


def fake_module(name, **members):
    module = types.ModuleType(name)
    module.__dict__.update(members)
    sys.modules[name] = module


def install_fakes():
    operators = {n: type(n, (FakeOperator,), {}) for n in
                 ("EmrCreateJobFlowOperator", "EmrAddStepsOperator", "EmrTerminateJobFlowOperator", "EmrStepSensor")}
    for name in ("airflow.providers", "airflow.providers.amazon", "airflow.providers.amazon.aws",
                 "airflow.providers.amazon.aws.operators", "airflow.providers.amazon.aws.sensors"):
        fake_module(name)
    fake_module("airflow", DAG=FakeDag)
    fake_module("airflow.providers.amazon.aws.operators.emr", **{n: operators[n] for n in
                ("EmrCreateJobFlowOperator", "EmrAddStepsOperator", "EmrTerminateJobFlowOperator")})
    fake_module("airflow.providers.amazon.aws.sensors.emr", EmrStepSensor=operators["EmrStepSensor"])


def render(value, ds, bucket):
    """Airflow's Jinja rendering, for the two templates that depend on the run."""
    if isinstance(value, str):
        return value.replace("{{ ds }}", ds).replace("{{ var.value.drgrade_bucket }}", bucket)
    if isinstance(value, list):
        return [render(v, ds, bucket) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds, bucket) for k, v in value.items()}
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dag_file")
    parser.add_argument("--ds", required=True)
    parser.add_argument("--bucket", required=True)
    args = parser.parse_args()
    install_fakes()
    spec = importlib.util.spec_from_file_location("drgrade_dag", args.dag_file)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    tasks = [{"class": type(t).__name__, "args": render(t.kwargs, args.ds, args.bucket),
              "downstream": t.downstream, "teardown_of": t.teardown_of} for t in TASKS]
    print(json.dumps(tasks, indent=1, default=str))


if __name__ == "__main__":
    main()
