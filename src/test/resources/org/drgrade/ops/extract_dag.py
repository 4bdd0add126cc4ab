"""Imports the drgrade DAG file with fake airflow modules (Airflow is not installed here) and prints
its tasks as JSON: each task's class, arguments and downstream tasks, with the templates for the
run date and bucket rendered, so a test can check the real step arguments.

  python3 extract_dag.py DAG_FILE --ds 2026-11-25 --run-id RUN_ID --bucket BUCKET

Prints {"dag": the DAG's arguments, "tasks": [...]}.
"""
import argparse
import importlib.util
import json
import sys
import types

TASKS = []
DAGS = []


class FakeDag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        DAGS.append(self)

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


RUN_ID_TEMPLATE = "{{ run_id | replace(':', '-') | replace('+', '-') }}"


def render(value, ds, run_id, bucket):
    """Airflow's Jinja rendering, for the templates that depend on the run (the run id's as its filters do)."""
    if isinstance(value, str):
        return (value.replace("{{ ds }}", ds).replace(RUN_ID_TEMPLATE, run_id.replace(":", "-").replace("+", "-"))
                .replace("{{ var.value.drgrade_bucket }}", bucket))
    if isinstance(value, list):
        return [render(v, ds, run_id, bucket) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds, run_id, bucket) for k, v in value.items()}
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dag_file")
    parser.add_argument("--ds", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--bucket", required=True)
    args = parser.parse_args()
    install_fakes()
    spec = importlib.util.spec_from_file_location("drgrade_dag", args.dag_file)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    tasks = [{"class": type(t).__name__, "args": render(t.kwargs, args.ds, args.run_id, args.bucket),
              "downstream": t.downstream, "teardown_of": t.teardown_of} for t in TASKS]
    # timedeltas as seconds, so a test can compare them
    plain = lambda v: v.total_seconds() if hasattr(v, "total_seconds") else str(v)
    print(json.dumps({"dag": DAGS[0].kwargs, "tasks": tasks}, indent=1, default=plain))


if __name__ == "__main__":
    main()
