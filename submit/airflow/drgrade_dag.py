"""drgrade on a transient EMR cluster: create it, run each stage as an EMR step and wait for it,
then terminate the cluster whatever happened.

Deploy submit/airflow/ and submit/emr/ side by side (the steps come from ../emr/stages.json, the same
file submit/drgrade-cluster reads). Set the Airflow Variable drgrade_bucket to the S3 bucket holding
drgrade/ (jar, config, scripts), eyepacs/ (input) and runs/ (outputs). Every stage of a DAG run
writes under s3a://<bucket>/runs/<ds>/<run id>/: two runs on one day (two manual triggers) never
share outputs, and clearing a DAG run reruns it into its own prefix (train resumes its checkpoints).
Needs Airflow 2.7+ and apache-airflow-providers-amazon 8.3+ (deferrable EMR step sensor).
"""
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

EMR_DIR = Path(__file__).resolve().parent.parent / "emr"
sys.path.insert(0, str(EMR_DIR))
import steps  # noqa: E402  (submit/emr/steps.py, found through the path above)

BUCKET = "{{ var.value.drgrade_bucket }}"
# The logical date, then the run id with the characters a Hadoop path cannot hold (':' and '+') replaced:
# e.g. 2026-11-25/manual__2026-11-25T10-15-00.123456-00-00.
RUN = "{{ ds }}/{{ run_id | replace(':', '-') | replace('+', '-') }}"
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_cluster') }}"

CLUSTER = {
    "Name": f"drgrade {RUN}",
    "ReleaseLabel": "emr-7.12.0",  # Spark 3.5.6 (the build's), Java 17
    "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
    "LogUri": f"s3://{BUCKET}/emr-logs/",
    "Instances": {
        "InstanceGroups": [
            {"Name": "master", "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
            # One T4 per node; conf/emr-gpu.conf sizes one executor per node for this type.
            {"Name": "gpu core", "InstanceRole": "CORE", "InstanceType": "g4dn.2xlarge", "InstanceCount": 2},
        ],
        # Steps are added one at a time after the cluster starts, so it must outlive an empty queue.
        "KeepJobFlowAliveWhenNoSteps": True,
        "TerminationProtected": False,
    },
    # Backstop if Airflow itself dies before terminate_cluster runs.
    "AutoTerminationPolicy": {"IdleTimeout": 3600},
    "BootstrapActions": [{
        "Name": "drgrade GPU discovery and cgroups",
        "ScriptBootstrapAction": {
            "Path": f"s3://{BUCKET}/drgrade/bootstrap-gpu.sh",
            "Args": [f"s3://{BUCKET}/drgrade/getGpusResources.sh"],
        },
    }],
    "Configurations": json.loads((EMR_DIR / "configurations.json").read_text(encoding="utf-8")),
    "JobFlowRole": "EMR_EC2_DefaultRole",
    "ServiceRole": "EMR_DefaultRole",
}

# Retries with exponential backoff for transient AWS/EMR API errors. A stage that really failed fails
# again on retry (its sensor sees the failed step) and stops the run; clear the run to try it again.
DEFAULT_ARGS = {
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=20),
}

# How long a stage's step may take before its sensor gives up (the step keeps running on EMR; the
# teardown then terminates the cluster). Training is the long one.
STAGE_TIMEOUT = {"train": timedelta(hours=24), "predict": timedelta(hours=6), "preprocess": timedelta(hours=6)}
DEFAULT_STAGE_TIMEOUT = timedelta(hours=2)

with DAG(
    dag_id="drgrade",
    description="drgrade: ingest to report on a transient EMR GPU cluster",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # triggered when new images land; {{ ds }} names the run
    catchup=False,
    max_active_runs=1,  # one transient GPU cluster at a time
    default_args=DEFAULT_ARGS,
) as dag:
    create_cluster = EmrCreateJobFlowOperator(
        task_id="create_cluster",
        job_flow_overrides=CLUSTER,
        emr_conn_id=None,  # the whole request is above, none of it hides in an Airflow connection
    )
    stages = steps.load_stages()
    previous = create_cluster
    for name in steps.stage_names(stages):
        add_step = EmrAddStepsOperator(
            task_id=f"add_{name}",
            job_flow_id=CLUSTER_ID,
            steps=[steps.emr_step(stages, name, BUCKET, RUN)],
        )
        timeout = STAGE_TIMEOUT.get(name, DEFAULT_STAGE_TIMEOUT)
        wait_step = EmrStepSensor(
            task_id=f"wait_{name}",
            job_flow_id=CLUSTER_ID,
            step_id=f"{{{{ task_instance.xcom_pull(task_ids='add_{name}')[0] }}}}",
            deferrable=True,  # training takes hours: the triggerer waits, no worker slot is held
            poke_interval=120,
            timeout=timeout.total_seconds(),
            execution_timeout=timeout,
        )
        previous >> add_step >> wait_step
        previous = wait_step
    # A teardown runs whatever happened to the tasks between it and its setup (the ALL_DONE rule,
    # given that the cluster was created), and unlike a plain ALL_DONE task it does not turn a
    # failed stage into a successful run.
    terminate_cluster = EmrTerminateJobFlowOperator(task_id="terminate_cluster", job_flow_id=CLUSTER_ID)
    previous >> terminate_cluster.as_teardown(setups=create_cluster)
