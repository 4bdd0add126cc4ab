"""Imports the drgrade DAG file with fake airflow modules (Airflow is not installed here), prints its
tasks as JSON, and runs the tasks that call EMR against a fake EMR client that records every call, so
a test can check the real requests (cluster, steps) a DAG run sends.

  python3 extract_dag.py DAG_FILE --ds 2026-11-25 --run-id RUN_ID --bucket BUCKET
         [--param engine=torch ...] [--attempts 2]

Prints {"dag": the DAG's arguments, "tasks": [...], "calls": [...], "results": {task id: [...]}}.
Every task but the sensors is executed in order, as a worker would after Airflow renders its
template fields; create and add tasks run --attempts times, as a retry after a call that reached AWS
but whose task failed afterwards. The sensors are not run (the fake steps never end); their
arguments are in "tasks". The fake EMR account already holds another run's active cluster and a
terminated cluster of this run, which a lookup must not take for this run's.
"""
import argparse
import importlib.util
import json
import logging
import re
import sys
import types

TASKS = []
DAGS = []
XCOM = {}


class FakeDag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        DAGS.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeParam:
    def __init__(self, default=None, **schema):
        self.default = default
        self.schema = schema


class FakeOperator:
    """BaseOperator: keeps its arguments as attributes, as Airflow's operators do."""
    template_fields = ()

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.task_id = kwargs["task_id"]
        for key, value in kwargs.items():
            setattr(self, key, value)
        self.downstream = []
        self.teardown_of = None
        self.log = logging.getLogger(self.task_id)
        TASKS.append(self)

    def __rshift__(self, other):
        self.downstream.append(other.task_id)
        return other

    def as_teardown(self, setups):
        self.teardown_of = setups.task_id
        return self


class FakeEmrClient:
    """The EMR API calls a DAG makes, recorded; clusters and steps kept as EMR would list them."""

    def __init__(self, other_run, this_run):
        self.calls = []
        self.clusters = {}
        self.steps = {}
        self._add_cluster(f"drgrade {other_run}", other_run, "WAITING")
        self._add_cluster(f"drgrade {this_run}", this_run, "TERMINATED")

    def _add_cluster(self, name, run, state):
        cluster_id = f"j-FAKE{len(self.clusters) + 1}"
        self.clusters[cluster_id] = {"Id": cluster_id, "Name": name, "Status": {"State": state},
                                     "Tags": [{"Key": "drgrade-run", "Value": run}]}
        self.steps[cluster_id] = []
        return cluster_id

    def _record(self, op, request):
        self.calls.append({"op": op, "request": request})

    def run_job_flow(self, **request):
        self._record("RunJobFlow", request)
        cluster_id = self._add_cluster(request["Name"], None, "STARTING")
        self.clusters[cluster_id]["Tags"] = request.get("Tags", [])
        return {"JobFlowId": cluster_id}

    def list_clusters(self, **request):
        self._record("ListClusters", request)
        states = request.get("ClusterStates")
        # Newest first, as EMR lists them; one page.
        found = [{k: c[k] for k in ("Id", "Name", "Status")} for c in reversed(list(self.clusters.values()))
                 if states is None or c["Status"]["State"] in states]
        return {"Clusters": found}

    def describe_cluster(self, ClusterId):
        self._record("DescribeCluster", {"ClusterId": ClusterId})
        return {"Cluster": self.clusters[ClusterId]}

    def add_job_flow_steps(self, JobFlowId, Steps):
        self._record("AddJobFlowSteps", {"JobFlowId": JobFlowId, "Steps": Steps})
        if self.clusters[JobFlowId]["Status"]["State"] not in ("STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"):
            raise RuntimeError(f"ValidationException: cluster {JobFlowId} is terminated")
        ids = []
        for step in Steps:
            step_id = f"s-FAKE{sum(len(s) for s in self.steps.values()) + 1}"
            self.steps[JobFlowId].insert(0, {"Id": step_id, "Name": step["Name"], "Status": {"State": "PENDING"}})
            ids.append(step_id)
        return {"StepIds": ids}

    def list_steps(self, ClusterId, **request):
        self._record("ListSteps", {"ClusterId": ClusterId, **request})
        return {"Steps": list(self.steps[ClusterId])}

    def terminate_job_flows(self, JobFlowIds):
        self._record("TerminateJobFlows", {"JobFlowIds": JobFlowIds})
        for cluster_id in JobFlowIds:
            self.clusters[cluster_id]["Status"]["State"] = "TERMINATING"


CLIENT = None


class FakeEmrHook:
    """The provider's EmrHook: conn is the (fake) boto3 EMR client; the two helpers the provider's
    operators call behave as the provider's do, with no lookup before creating."""

    def __init__(self, aws_conn_id="aws_default", emr_conn_id=None, region_name=None, **kwargs):
        self.aws_conn_id = aws_conn_id
        self.region_name = region_name

    @property
    def conn(self):
        return CLIENT

    def get_conn(self):
        return CLIENT

    def create_job_flow(self, job_flow_overrides):
        return CLIENT.run_job_flow(**job_flow_overrides)

    def add_job_flow_steps(self, job_flow_id, steps=None, **kwargs):
        return CLIENT.add_job_flow_steps(JobFlowId=job_flow_id, Steps=steps)["StepIds"]


class EmrCreateJobFlowOperator(FakeOperator):
    template_fields = ("job_flow_overrides",)

    def execute(self, context):
        return FakeEmrHook().create_job_flow(self.job_flow_overrides)["JobFlowId"]


class EmrAddStepsOperator(FakeOperator):
    template_fields = ("job_flow_id", "steps")

    def execute(self, context):
        return FakeEmrHook().add_job_flow_steps(self.job_flow_id, steps=self.steps)


class EmrTerminateJobFlowOperator(FakeOperator):
    template_fields = ("job_flow_id",)

    def execute(self, context):
        CLIENT.terminate_job_flows(JobFlowIds=[self.job_flow_id])


class EmrStepSensor(FakeOperator):
    template_fields = ("job_flow_id", "step_id")


def fake_module(name, **members):
    module = types.ModuleType(name)
    module.__dict__.update(members)
    sys.modules[name] = module


def install_fakes():
    for name in ("airflow.providers", "airflow.providers.amazon", "airflow.providers.amazon.aws",
                 "airflow.providers.amazon.aws.operators", "airflow.providers.amazon.aws.sensors",
                 "airflow.providers.amazon.aws.hooks"):
        fake_module(name)
    fake_module("airflow", DAG=FakeDag)
    fake_module("airflow.models", BaseOperator=FakeOperator)
    fake_module("airflow.models.param", Param=FakeParam)
    fake_module("airflow.providers.amazon.aws.hooks.emr", EmrHook=FakeEmrHook)
    fake_module("airflow.providers.amazon.aws.operators.emr", EmrCreateJobFlowOperator=EmrCreateJobFlowOperator,
                EmrAddStepsOperator=EmrAddStepsOperator, EmrTerminateJobFlowOperator=EmrTerminateJobFlowOperator)
    fake_module("airflow.providers.amazon.aws.sensors.emr", EmrStepSensor=EmrStepSensor)


RUN_ID_TEMPLATE = "{{ run_id | replace(':', '-') | replace('+', '-') }}"
XCOM_TEMPLATE = re.compile(r"\{\{ task_instance\.xcom_pull\(task_ids='([^']+)'\)(\[0\])? \}\}")


def render(value, ds, run_id, bucket):
    """Airflow's Jinja rendering, for the templates the DAG uses (the run id's as its filters do; an
    XCom pull once the task it reads from has run)."""
    if isinstance(value, str):
        value = (value.replace("{{ ds }}", ds).replace(RUN_ID_TEMPLATE, run_id.replace(":", "-").replace("+", "-"))
                 .replace("{{ var.value.drgrade_bucket }}", bucket))

        def pull(m):
            if m.group(1) not in XCOM:
                return m.group(0)
            pulled = XCOM[m.group(1)]
            return str(pulled[0] if m.group(2) else pulled)
        return XCOM_TEMPLATE.sub(pull, value)
    if isinstance(value, list):
        return [render(v, ds, run_id, bucket) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds, run_id, bucket) for k, v in value.items()}
    return value


def run_tasks(params, attempts, ds, run_id, bucket):
    """Executes the tasks as workers would, each from freshly rendered template fields."""
    results = {}
    context = {"params": params, "ds": ds, "run_id": run_id}
    for task in TASKS:
        if isinstance(task, EmrStepSensor):
            continue
        templates = {f: getattr(task, f) for f in task.template_fields}
        tries = 1 if isinstance(task, EmrTerminateJobFlowOperator) else attempts
        for _ in range(tries):
            for field, template in templates.items():
                setattr(task, field, render(template, ds, run_id, bucket))
            results.setdefault(task.task_id, []).append(task.execute(context))
        XCOM[task.task_id] = results[task.task_id][-1]
    return results


def plain(value):
    """JSON for what json cannot write: timedeltas as seconds (a test compares them), params as their schema."""
    if hasattr(value, "total_seconds"):
        return value.total_seconds()
    if isinstance(value, FakeParam):
        return {"default": value.default, **value.schema}
    return str(value)


def main():
    global CLIENT
    parser = argparse.ArgumentParser()
    parser.add_argument("dag_file")
    parser.add_argument("--ds", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--param", action="append", default=[], help="NAME=VALUE (VALUE as JSON if it parses)")
    parser.add_argument("--attempts", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    install_fakes()
    spec = importlib.util.spec_from_file_location("drgrade_dag", args.dag_file)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    tasks = [{"class": type(t).__name__, "args": render(t.kwargs, args.ds, args.run_id, args.bucket),
              "downstream": t.downstream, "teardown_of": t.teardown_of} for t in TASKS]

    run = render("{{ ds }}/" + RUN_ID_TEMPLATE, args.ds, args.run_id, args.bucket)
    CLIENT = FakeEmrClient(other_run=f"{args.ds}/scheduled__other", this_run=run)
    params = {k: getattr(v, "default", v) for k, v in DAGS[0].kwargs.get("params", {}).items()}
    for assignment in args.param:
        key, _, value = assignment.partition("=")
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    results = run_tasks(params, args.attempts, args.ds, args.run_id, args.bucket)
    print(json.dumps({"dag": DAGS[0].kwargs, "tasks": tasks, "calls": CLIENT.calls, "results": results},
                     indent=1, default=plain))


if __name__ == "__main__":
    main()
