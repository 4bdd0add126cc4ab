"""spark-submit arguments and EMR steps for drgrade, all built from stages.json.

submit/drgrade-cluster, the committed steps-example.json and the Airflow definition in
submit/airflow/ all call these functions, so a stage runs with the same arguments whichever way it
is started.

  python3 submit/emr/steps.py steps --bucket B --run-date 2026-11-25   # EMR Steps JSON, every stage
  python3 submit/emr/steps.py stage --bucket B --run-date 2026-11-25 --stage train
  python3 submit/emr/steps.py adhoc --jar J --config C -- ingest --set ...
The last two print spark-submit's arguments one per line (for submit/drgrade-cluster).
"""
import argparse
import json
import sys
from pathlib import Path

STAGES_FILE = Path(__file__).resolve().parent / "stages.json"


def load_stages(path=STAGES_FILE):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def stage_names(stages):
    return [stage["name"] for stage in stages["stages"]]


def spark_submit(stages, jar, config_uri, drgrade_args):
    """spark-submit running drgrade_args in cluster mode; --files ships the config file into the
    driver's working directory, where --config finds it by its bare name."""
    config_name = config_uri.rsplit("/", 1)[-1]
    return ["spark-submit", *stages["spark_submit"], "--files", config_uri, jar,
            *drgrade_args, "--config", config_name]


def stage_args(stages, name, bucket, run_date):
    """spark-submit arguments of one stage of the run for run_date, jar and config from S3."""
    stage = next((s for s in stages["stages"] if s["name"] == name), None)
    if stage is None:
        raise ValueError(f"unknown stage {name!r}; stages: {', '.join(stage_names(stages))}")

    def fill(text):
        return text.format(bucket=bucket, run_date=run_date)

    artifacts = fill(stages["artifacts"])
    drgrade_args = list(stage["command"])
    for override in stages["run_overrides"] + stage["overrides"]:
        drgrade_args += ["--set", fill(override)]
    return spark_submit(stages, f"{artifacts}/{stages['jar']}", f"{artifacts}/{stages['config']}", drgrade_args)


def emr_step(stages, name, bucket, run_date):
    """One EMR step; CANCEL_AND_WAIT so a failed stage cancels the stages queued after it."""
    return {
        "Name": f"drgrade {name} {run_date}",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": stage_args(stages, name, bucket, run_date)},
    }


def emr_steps(stages, bucket, run_date):
    return [emr_step(stages, name, bucket, run_date) for name in stage_names(stages)]


def print_lines(args):
    # One argument per line is what the bash wrapper reads back; a newline inside one would split it.
    if any("\n" in a for a in args):
        sys.exit("steps.py: an argument contains a newline")
    print("\n".join(args))


def main(argv):
    parser = argparse.ArgumentParser(description="drgrade spark-submit arguments and EMR steps from stages.json")
    commands = parser.add_subparsers(dest="what", required=True)
    for what in ("steps", "stage"):
        sub = commands.add_parser(what)
        sub.add_argument("--bucket", required=True, help="S3 bucket holding artifacts, input and runs")
        sub.add_argument("--run-date", required=True, help="run date YYYY-MM-DD; outputs go to runs/<date>")
    commands.choices["stage"].add_argument("--stage", required=True)
    adhoc = commands.add_parser("adhoc")
    adhoc.add_argument("--jar", required=True)
    adhoc.add_argument("--config", required=True)
    adhoc.add_argument("drgrade_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    stages = load_stages()
    if args.what == "steps":
        print(json.dumps(emr_steps(stages, args.bucket, args.run_date), indent=2))
    elif args.what == "stage":
        try:
            print_lines(stage_args(stages, args.stage, args.bucket, args.run_date))
        except ValueError as e:
            sys.exit(f"steps.py: {e}")
    else:
        drgrade_args = args.drgrade_args[1:] if args.drgrade_args[:1] == ["--"] else args.drgrade_args
        print_lines(spark_submit(stages, args.jar, args.config, drgrade_args))


if __name__ == "__main__":
    main(sys.argv[1:])
