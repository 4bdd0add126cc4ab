"""spark-submit arguments and EMR steps for drgrade, all built from stages.json.

submit/drgrade-cluster, the committed steps-example.json and the Airflow definition in
submit/airflow/ all call these functions, so a stage runs with the same arguments whichever way it
is started.

  python3 submit/emr/steps.py steps --bucket B --run-date 2026-11-25   # EMR Steps JSON, every stage
  python3 submit/emr/steps.py stage --bucket B --run-date 2026-11-25 --stage train
  python3 submit/emr/steps.py adhoc --jar J --config C -- ingest --set ...
  python3 submit/emr/steps.py bootstrap --bucket B --engine torch       # --bootstrap-actions values
stage and adhoc print spark-submit's arguments one per line (for submit/drgrade-cluster).
The cluster choices (--engine, --instance-type, --instance-count, --region) default to stages.json's;
from the command line DRGRADE_ENGINE, DRGRADE_INSTANCE_TYPE, DRGRADE_INSTANCE_COUNT and DRGRADE_REGION
stand in for the options, so submit/drgrade-cluster --stage runs what the cluster it is on needs.
"""
import argparse
import json
import os
import re
import sys
from pathlib import Path

STAGES_FILE = Path(__file__).resolve().parent / "stages.json"


def load_stages(path=STAGES_FILE):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def stage_names(stages):
    return [stage["name"] for stage in stages["stages"]]


REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]")


def one_gpu_types(stages):
    return [t for t, gpus in stages["cluster"]["gpus_per_instance"].items() if gpus == 1]


def cluster(stages, engine=None, instance_type=None, instance_count=None, region=None):
    """The run's cluster choices (None or "" = stages.json's default) and what follows from them:
    executors (one per core node) and training workers (one per GPU). ValueError for a choice
    drgrade cannot run on, before any cluster is started."""
    spec = stages["cluster"]
    defaults = spec["defaults"]
    engine = engine or defaults["engine"]
    instance_type = instance_type or defaults["core_instance_type"]
    count = int(instance_count or defaults["core_instance_count"])
    region = (region if region is not None else defaults["region"]).strip()
    if engine not in spec["engines"]:
        raise ValueError(f"engine {engine!r}: one of {', '.join(spec['engines'])}")
    gpus = spec["gpus_per_instance"].get(instance_type)
    if gpus != 1:
        # Each engine trains on its executor's one GPU, and emr-gpu.conf sizes one executor per node.
        why = "unknown GPU instance type" if gpus is None else f"{gpus} GPUs per node, drgrade uses one"
        raise ValueError(f"core instance type {instance_type!r}: {why}; one of {', '.join(one_gpu_types(stages))}")
    if count < 1:
        raise ValueError(f"core instance count {count}: at least 1")
    if region and not REGION.fullmatch(region):
        raise ValueError(f"region {region!r}: an AWS region name such as eu-west-1, or empty")
    return {"engine": engine, "instance_type": instance_type, "instance_count": count, "region": region,
            "executors": count, "workers": count * gpus}


def spark_submit(stages, jar, config_uri, drgrade_args, run_cluster=None):
    """spark-submit running drgrade_args in cluster mode; --files ships the config file into the
    driver's working directory, where --config finds it by its bare name."""
    config_name = config_uri.rsplit("/", 1)[-1]
    sized = [a.format(**run_cluster) for a in stages["cluster"]["spark_submit"]] if run_cluster else []
    return ["spark-submit", *stages["spark_submit"], *sized, "--files", config_uri, jar,
            *drgrade_args, "--config", config_name]


def cluster_overrides(stages, run_cluster):
    overrides = [o.format(**run_cluster) for o in stages["cluster"]["overrides"]]
    if run_cluster["region"]:
        overrides.append(stages["cluster"]["region_override"].format(**run_cluster))
    return overrides


def stage_args(stages, name, bucket, run_date, run_cluster=None):
    """spark-submit arguments of one stage of the run for run_date, jar and config from S3."""
    stage = next((s for s in stages["stages"] if s["name"] == name), None)
    if stage is None:
        raise ValueError(f"unknown stage {name!r}; stages: {', '.join(stage_names(stages))}")
    run_cluster = run_cluster or cluster(stages)

    def fill(text):
        return text.format(bucket=bucket, run_date=run_date)

    artifacts = fill(stages["artifacts"])
    drgrade_args = list(stage["command"])
    overrides = [fill(o) for o in stages["run_overrides"]] + cluster_overrides(stages, run_cluster)
    for override in overrides + [fill(o) for o in stage["overrides"]]:
        drgrade_args += ["--set", override]
    return spark_submit(stages, f"{artifacts}/{stages['jar']}", f"{artifacts}/{stages['config']}", drgrade_args,
                        run_cluster)


def emr_step(stages, name, bucket, run_date, run_cluster=None):
    """One EMR step; CANCEL_AND_WAIT so a failed stage cancels the stages queued after it. The name
    holds the run (the DAG finds a step it already added by it)."""
    return {
        "Name": f"drgrade {name} {run_date}",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {"Jar": "command-runner.jar",
                          "Args": stage_args(stages, name, bucket, run_date, run_cluster)},
    }


def emr_steps(stages, bucket, run_date, run_cluster=None):
    return [emr_step(stages, name, bucket, run_date, run_cluster) for name in stage_names(stages)]


def bootstrap_actions(stages, bucket, engine):
    """The cluster's bootstrap actions for engine, as RunJobFlow takes them."""
    artifacts = stages["artifacts"].format(bucket=bucket)
    return [{"Name": b["name"],
             "ScriptBootstrapAction": {"Path": f"{artifacts}/{b['script']}",
                                       "Args": [f"{artifacts}/{a}" for a in b["args"]]}}
            for b in stages["bootstrap"] if b.get("engine", engine) == engine]


def bootstrap_shorthand(actions):
    """aws emr create-cluster --bootstrap-actions values, one per action."""
    return [f"Path={a['ScriptBootstrapAction']['Path']},Name={a['Name']},"
            f"Args=[{','.join(a['ScriptBootstrapAction']['Args'])}]" for a in actions]


def print_lines(args):
    # One argument per line is what the bash wrapper reads back; a newline inside one would split it.
    if any("\n" in a for a in args):
        sys.exit("steps.py: an argument contains a newline")
    print("\n".join(args))


def main(argv):
    parser = argparse.ArgumentParser(description="drgrade spark-submit arguments and EMR steps from stages.json")
    commands = parser.add_subparsers(dest="what", required=True)
    for what in ("steps", "stage", "bootstrap"):
        sub = commands.add_parser(what)
        sub.add_argument("--bucket", required=True, help="S3 bucket holding artifacts, input and runs")
        if what != "bootstrap":
            sub.add_argument("--run-date", required=True, help="run date YYYY-MM-DD; outputs go to runs/<date>")
    commands.choices["stage"].add_argument("--stage", required=True)
    adhoc = commands.add_parser("adhoc")
    adhoc.add_argument("--jar", required=True)
    adhoc.add_argument("--config", required=True)
    adhoc.add_argument("drgrade_args", nargs=argparse.REMAINDER)
    for sub in commands.choices.values():
        sub.add_argument("--engine", default=os.environ.get("DRGRADE_ENGINE"), help="dl4j or torch")
        sub.add_argument("--instance-type", default=os.environ.get("DRGRADE_INSTANCE_TYPE"),
                         help="core node type, one GPU each")
        sub.add_argument("--instance-count", default=os.environ.get("DRGRADE_INSTANCE_COUNT"),
                         help="core nodes")
        sub.add_argument("--region", default=os.environ.get("DRGRADE_REGION"),
                         help="S3 region for s3a://; empty = the SDK's region chain")
    args = parser.parse_args(argv)

    stages = load_stages()
    try:
        run_cluster = cluster(stages, args.engine, args.instance_type, args.instance_count, args.region)
        if args.what == "steps":
            print(json.dumps(emr_steps(stages, args.bucket, args.run_date, run_cluster), indent=2))
        elif args.what == "stage":
            print_lines(stage_args(stages, args.stage, args.bucket, args.run_date, run_cluster))
        elif args.what == "bootstrap":
            print_lines(bootstrap_shorthand(bootstrap_actions(stages, args.bucket, run_cluster["engine"])))
        else:
            # Ad hoc runs get the executor count; engine and workers stay the config file's and --set's.
            drgrade_args = args.drgrade_args[1:] if args.drgrade_args[:1] == ["--"] else args.drgrade_args
            print_lines(spark_submit(stages, args.jar, args.config, drgrade_args, run_cluster))
    except ValueError as e:
        sys.exit(f"steps.py: {e}")


if __name__ == "__main__":
    main(sys.argv[1:])
