"""drgrade on a transient EMR cluster: create it, run each stage as an EMR step and wait for it,
then terminate the cluster whatever happened. The first stage is the GPU smoke test.

Deploy submit/airflow/ and submit/emr/ side by side (the steps come from ../emr/stages.json, the same
file submit/drgrade-cluster reads). Set the Airflow Variable drgrade_bucket to the S3 bucket holding
drgrade/ (jar, config, scripts), eyepacs/ (input) and runs/ (outputs). Every stage of a DAG run
writes under s3a://<bucket>/runs/<ds>/<run id>/: two runs on one day (two manual triggers) never
share outputs, and clearing a DAG run reruns it into its own prefix (train resumes its checkpoints).
Params (trigger with config): engine (dl4j|torch), core_instance_type, core_instance_count, region.
The cluster is created in the region of the aws_default connection: the deferrable step sensor's
trigger polls there whatever a task says. Needs Airflow 2.7+ and apache-airflow-providers-amazon 8.3+.
"""
import json
import math
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.models import BaseOperator
from airflow.models.param import Param
from airflow.providers.amazon.aws.hooks.emr import EmrHook
from airflow.providers.amazon.aws.operators.emr import EmrTerminateJobFlowOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

EMR_DIR = Path(__file__).resolve().parent.parent / "emr"
sys.path.insert(0, str(EMR_DIR))
import steps  # noqa: E402  (submit/emr/steps.py, found through the path above)

AWS_CONN_ID = "aws_default"
BUCKET = "{{ var.value.drgrade_bucket }}"
# The logical date, then the run id with the characters a Hadoop path cannot hold (':' and '+') replaced:
# e.g. 2026-11-25/manual__2026-11-25T10-15-00.123456-00-00.
RUN = "{{ ds }}/{{ run_id | replace(':', '-') | replace('+', '-') }}"
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_cluster') }}"
RUN_TAG = "drgrade-run"
ACTIVE_CLUSTER_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]
STAGES = steps.load_stages()
CONFIGURATIONS = json.loads((EMR_DIR / "configurations.json").read_text(encoding="utf-8"))


def run_cluster(params):
    """The cluster this run's params ask for (ValueError before anything starts if drgrade cannot run on it)."""
    return steps.cluster(STAGES, params["engine"], params["core_instance_type"],
                         params["core_instance_count"], params["region"])


def cluster_request(bucket, run, chosen):
    return {
        "Name": f"drgrade {run}",
        "ReleaseLabel": "emr-7.12.0",  # Spark 3.5.6 (the build's), Java 17
        "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
        "LogUri": f"s3://{bucket}/emr-logs/",
        "Instances": {
            "InstanceGroups": [
                {"Name": "master", "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                # One GPU per node, one executor per node (conf/emr-gpu.conf sizes it for g4dn.2xlarge).
                {"Name": "gpu core", "InstanceRole": "CORE", "InstanceType": chosen["instance_type"],
                 "InstanceCount": chosen["instance_count"]},
            ],
            # Steps are added one at a time after the cluster starts, so it must outlive an empty queue.
            "KeepJobFlowAliveWhenNoSteps": True,
            "TerminationProtected": False,
        },
        # Backstop if Airflow itself dies before terminate_cluster runs.
        "AutoTerminationPolicy": {"IdleTimeout": 3600},
        "BootstrapActions": steps.bootstrap_actions(STAGES, bucket, chosen["engine"]),
        "Configurations": CONFIGURATIONS,
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "ServiceRole": "EMR_DefaultRole",
        # How a retry finds the cluster its first attempt started.
        "Tags": [{"Key": RUN_TAG, "Value": run}],
    }


def pages(call, key, **kwargs):
    while True:
        page = call(**kwargs)
        yield from page.get(key, [])
        if not page.get("Marker"):
            return
        kwargs["Marker"] = page["Marker"]


class CreateRunCluster(BaseOperator):
    """RunJobFlow, unless this run's cluster is already up: RunJobFlow has no idempotency token, so a
    retry after a call that succeeded (a worker lost, a timeout on the reply) would start a second
    GPU cluster. Returns the cluster id."""

    template_fields = ("bucket", "run_prefix")

    def __init__(self, *, bucket, run_prefix, **kwargs):
        super().__init__(**kwargs)
        self.bucket = bucket
        self.run_prefix = run_prefix  # not "run": that is BaseOperator's

    def execute(self, context):
        chosen = run_cluster(context["params"])
        emr = EmrHook(aws_conn_id=AWS_CONN_ID).conn
        for summary in pages(emr.list_clusters, "Clusters", ClusterStates=ACTIVE_CLUSTER_STATES):
            if summary["Name"] != f"drgrade {self.run_prefix}":
                continue
            tags = emr.describe_cluster(ClusterId=summary["Id"])["Cluster"].get("Tags", [])
            if {"Key": RUN_TAG, "Value": self.run_prefix} in tags:
                self.log.info("cluster %s of run %s already exists: not creating another", summary["Id"],
                              self.run_prefix)
                return summary["Id"]
        return emr.run_job_flow(**cluster_request(self.bucket, self.run_prefix, chosen))["JobFlowId"]


class AddRunStep(BaseOperator):
    """AddJobFlowSteps for one stage, unless the cluster already has this run's step for it (found by
    its name, which holds the run): a retry must not queue the stage twice. Returns [step id]."""

    template_fields = ("job_flow_id", "bucket", "run_prefix")

    def __init__(self, *, stage, job_flow_id, bucket, run_prefix, **kwargs):
        super().__init__(**kwargs)
        self.stage = stage
        self.job_flow_id = job_flow_id
        self.bucket = bucket
        self.run_prefix = run_prefix

    def execute(self, context):
        step = steps.emr_step(STAGES, self.stage, self.bucket, self.run_prefix, run_cluster(context["params"]))
        emr = EmrHook(aws_conn_id=AWS_CONN_ID).conn
        for existing in pages(emr.list_steps, "Steps", ClusterId=self.job_flow_id):
            if existing["Name"] == step["Name"]:
                # Whatever its state: the sensor reports how it ends (one attempt per stage).
                self.log.info("step %s (%s) already added: not adding another", existing["Id"], step["Name"])
                return [existing["Id"]]
        return emr.add_job_flow_steps(JobFlowId=self.job_flow_id, Steps=[step])["StepIds"]


# Retries with exponential backoff for transient AWS/EMR API errors; create and add are safe to retry
# (above). A stage that really failed fails again on retry (its sensor sees the failed step) and stops
# the run; clear the run to try it again.
DEFAULT_ARGS = {
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=20),
}

# How long a stage's step may take before its sensor gives up (the step keeps running on EMR; the
# teardown then terminates the cluster). The smoke step's includes the cluster's start.
STAGE_TIMEOUT = {"smoke": timedelta(hours=1), "train": timedelta(hours=24), "predict": timedelta(hours=6),
                 "preprocess": timedelta(hours=6)}
DEFAULT_STAGE_TIMEOUT = timedelta(hours=2)
POKE_INTERVAL_S = 120

defaults = STAGES["cluster"]["defaults"]
with DAG(
    dag_id="drgrade",
    description="drgrade: GPU smoke test, then ingest to report on a transient EMR GPU cluster",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # triggered when new images land; {{ ds }} names the run
    catchup=False,
    max_active_runs=1,  # one transient GPU cluster at a time
    default_args=DEFAULT_ARGS,
    params={
        "engine": Param(defaults["engine"], type="string", enum=STAGES["cluster"]["engines"]),
        "core_instance_type": Param(defaults["core_instance_type"], type="string",
                                    enum=steps.one_gpu_types(STAGES)),
        "core_instance_count": Param(defaults["core_instance_count"], type="integer", minimum=1),
        "region": Param(defaults["region"], type="string", pattern=r"^([a-z]{2}(-[a-z]+)+-[0-9])?$",
                        description="S3 region for s3a:// (--set s3.region); empty = the nodes' own region"),
    },
) as dag:
    create_cluster = CreateRunCluster(task_id="create_cluster", bucket=BUCKET, run_prefix=RUN)
    previous = create_cluster
    for name in steps.stage_names(STAGES):
        add_step = AddRunStep(task_id=f"add_{name}", stage=name, job_flow_id=CLUSTER_ID, bucket=BUCKET,
                              run_prefix=RUN)
        timeout = STAGE_TIMEOUT.get(name, DEFAULT_STAGE_TIMEOUT).total_seconds()
        wait_step = EmrStepSensor(
            task_id=f"wait_{name}",
            job_flow_id=CLUSTER_ID,
            step_id=f"{{{{ task_instance.xcom_pull(task_ids='add_{name}')[0] }}}}",
            deferrable=True,  # training takes hours: the triggerer waits, no worker slot is held
            poke_interval=POKE_INTERVAL_S,
            # Deferred, the sensor gives up after max_attempts polls (default 60, i.e. 2 h) and
            # ignores timeout: enough polls to cover the timeout.
            max_attempts=math.ceil(timeout / POKE_INTERVAL_S),
            timeout=timeout,
            execution_timeout=timedelta(seconds=timeout),
        )
        previous >> add_step >> wait_step
        previous = wait_step
    # A teardown runs whatever happened to the tasks between it and its setup (the ALL_DONE rule,
    # given that the cluster was created), and unlike a plain ALL_DONE task it does not turn a
    # failed stage into a successful run.
    terminate_cluster = EmrTerminateJobFlowOperator(task_id="terminate_cluster", job_flow_id=CLUSTER_ID)
    previous >> terminate_cluster.as_teardown(setups=create_cluster)
