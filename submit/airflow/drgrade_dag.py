"""drgrade on a transient EMR cluster: create it, run each stage as an EMR step and wait for it,
then terminate the cluster whatever happened.

Deploy submit/airflow/ and submit/emr/ side by side (the steps come from ../emr/stages.json, the same
file submit/drgrade-cluster reads). Set the Airflow Variable drgrade_bucket to the S3 bucket holding
drgrade/ (jar, config, scripts), eyepacs/ (input) and runs/ (outputs). Every stage of a run writes
under s3a://<bucket>/runs/<ds>/, so clearing and rerunning a date replaces that date's outputs only.
"""
import json
import sys
from datetime import datetime
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
RUN_DATE = "{{ ds }}"
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_cluster') }}"

CLUSTER = {
    "Name": f"drgrade {RUN_DATE}",
    "ReleaseLabel": "emr-7.2.0",  # Spark 3.5.1, Java 17
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

with DAG(
    dag_id="drgrade",
    description="drgrade: ingest to report on a transient EMR GPU cluster",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # triggered when new images land; {{ ds }} names the run
    catchup=False,
    max_active_runs=1,  # two runs of one date would write the same prefix
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
            steps=[steps.emr_step(stages, name, BUCKET, RUN_DATE)],
        )
        wait_step = EmrStepSensor(
            task_id=f"wait_{name}",
            job_flow_id=CLUSTER_ID,
            step_id=f"{{{{ task_instance.xcom_pull(task_ids='add_{name}')[0] }}}}",
            mode="reschedule",  # training takes hours: free the worker slot between pokes
            poke_interval=120,
        )
        previous >> add_step >> wait_step
        previous = wait_step
    # A teardown runs whatever happened to the tasks between it and its setup (the ALL_DONE rule,
    # given that the cluster was created), and unlike a plain ALL_DONE task it does not turn a
    # failed stage into a successful run.
    terminate_cluster = EmrTerminateJobFlowOperator(task_id="terminate_cluster", job_flow_id=CLUSTER_ID)
    previous >> terminate_cluster.as_teardown(setups=create_cluster)
