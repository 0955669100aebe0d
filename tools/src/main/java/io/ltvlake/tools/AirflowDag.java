package io.ltvlake.tools;

import io.ltvlake.jobs.AirflowConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.cli.Main;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Airflow DAG of the nightly run, as Python source, generated from the job graph and the
 * {@code ltvlake.airflow} config: one SparkSubmitOperator task per job, each after the jobs it
 * reads from. The file runs on Airflow 2.4+ and 3.x alike:
 *
 * <ul>
 *   <li>the timetable is chosen explicitly, a cron data-interval timetable in the business time
 *       zone, so a run covers the day before it starts in both versions (Airflow 3's default for a
 *       cron string would make the run day the processed day);
 *   <li>the processed date is passed explicitly, from the start of the data interval in the
 *       business time zone, not from {@code ds} (which is UTC, and about the logical date);
 *   <li>a manual run may name the day in the {@code run_date} parameter, which Airflow 3 needs for
 *       runs without a logical date;
 *   <li>only template variables and imports that both versions have are used (no {@code
 *       execution_date}, no SLAs).
 * </ul>
 */
public final class AirflowDag {

    /** Where the generated file is committed, relative to the project root. */
    public static final String PATH = "airflow-dags/ltvlake_nightly.py";

    /** The command that writes it. */
    public static final String COMMAND = "bin/ltvlake airflow-dag --out " + PATH;

    /** The class every task runs. */
    static final String MAIN_CLASS = Main.class.getName();

    private AirflowDag() {}

    /** The DAG file for {@code registry}, with the timetable in {@code zone} (the business time zone). */
    public static String render(JobRegistry registry, AirflowConfig airflow, ZoneId zone) {
        StringBuilder py = new StringBuilder();
        py.append("""
                # GENERATED FILE, do not edit: made by `%s`
                # from the job graph (Pipeline.registry()) and the ltvlake.airflow config. After adding a job or
                # changing that config, run the command again; a test fails while this file is out of date.
                \"\"\"ltvlake nightly run: one spark-submit per job, in the order of the job graph.\"\"\"
                from __future__ import annotations

                from datetime import timedelta

                import pendulum
                from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

                try:  # Airflow 3
                    from airflow.sdk import DAG
                except ImportError:  # Airflow 2
                    from airflow import DAG

                try:  # Airflow 3.1 and later: the Task SDK's timetables
                    from airflow.sdk import CronDataIntervalTimetable
                except ImportError:  # Airflow 2.4 and later, Airflow 3.0
                    from airflow.timetables.interval import CronDataIntervalTimetable

                """.formatted(COMMAND));
        py.append("DAG_ID = ").append(py(airflow.dagId())).append('\n');
        py.append("# the business time zone (ltvlake.business-time-zone): the schedule and the processed day are in it\n");
        py.append("TIME_ZONE = ").append(py(zone.getId())).append('\n');
        py.append("SCHEDULE = ").append(py(airflow.schedule())).append('\n');
        py.append("SPARK_CONN_ID = ").append(py(airflow.sparkConnId())).append('\n');
        py.append("APPLICATION = ").append(py(airflow.application())).append('\n');
        py.append("MAIN_CLASS = ").append(py(MAIN_CLASS)).append('\n');
        py.append("PACKAGES = ").append(airflow.packages().isBlank() ? "None" : py(airflow.packages())).append('\n');
        py.append("ENV = ").append(py(airflow.env())).append('\n');
        py.append("EXTRA_ARGS = ").append(list(airflow.extraArgs())).append('\n');
        py.append("SPARK_CONF = {");
        py.append(airflow.conf().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "\n    " + py(e.getKey()) + ": " + py(e.getValue()) + ",").collect(Collectors.joining()));
        py.append(airflow.conf().isEmpty() ? "}\n" : "\n}\n");
        py.append("""

                # The day a run processes (bin/ltvlake run --date): the run_date parameter when a manual run gives
                # one, else the start of the run's data interval in the business time zone. With the cron
                # data-interval timetable below and a nightly schedule (say 03:00), the run that starts on the 21st
                # has the interval 20th 03:00 .. 21st 03:00 and processes the 20th, in Airflow 2 and 3 alike.
                RUN_DATE = (
                    "{{ params.run_date or data_interval_start.in_timezone('%s').strftime('%%Y-%%m-%%d') }}"
                )

                # job -> the jobs it runs after: Pipeline.registry(), in graph order
                JOBS = {
                """.formatted(zone.getId()));
        for (Job job : registry.ordered()) {
            py.append("    ").append(py(job.name())).append(": ").append(list(job.upstream())).append(",\n");
        }
        py.append("}\n\nDESCRIPTIONS = {\n");
        for (Job job : registry.ordered()) {
            String writes = job.outputs().isEmpty() ? "" : " Writes " + job.outputs().stream().map(TableSpec::name)
                    .collect(Collectors.joining(", ")) + ".";
            py.append("    ").append(py(job.name())).append(": ").append(py(capitalised(job.description()) + "." + writes))
                    .append(",\n");
        }
        py.append("}\n\nDOC_MD = (\n");
        for (String line : docMd(registry, airflow, zone).split("\n", -1)) {
            py.append("    ").append(py(line + "\n")).append('\n');
        }
        py.append(")\n");
        py.append("""

                with DAG(
                    dag_id=DAG_ID,
                    description="ltvlake nightly run: order, call and web-touch exports to customer-profitability marts",
                    doc_md=DOC_MD,
                    schedule=CronDataIntervalTimetable(SCHEDULE, timezone=pendulum.timezone(TIME_ZONE)),
                    start_date=pendulum.datetime(%d, %d, %d, tz=TIME_ZONE),
                    catchup=%s,
                    # the jobs of one date overwrite their tables: two dates at once would interleave writes
                    max_active_runs=1,
                    tags=%s,
                    params={"run_date": ""},
                    default_args={
                        "owner": %s,
                        "retries": %d,
                        "retry_delay": timedelta(seconds=%d),
                        "execution_timeout": timedelta(seconds=%d),
                    },
                ) as dag:
                    tasks = {}
                    for job, upstream in JOBS.items():
                        tasks[job] = SparkSubmitOperator(
                            task_id=job,
                            name="ltvlake-" + job,
                            conn_id=SPARK_CONN_ID,
                            application=APPLICATION,
                            java_class=MAIN_CLASS,
                            packages=PACKAGES,
                            conf=dict(SPARK_CONF),
                            application_args=["run", "--date", RUN_DATE, "--env", ENV, "--only", job, *EXTRA_ARGS],
                            doc_md=DESCRIPTIONS[job],
                        )
                        for before in upstream:
                            tasks[before] >> tasks[job]
                """.formatted(airflow.startDate().getYear(), airflow.startDate().getMonthValue(),
                airflow.startDate().getDayOfMonth(), airflow.catchup() ? "True" : "False", list(airflow.tags()),
                py(airflow.owner()), airflow.retries(), airflow.retryDelay().toSeconds(),
                airflow.executionTimeout().toSeconds()));
        return py.toString();
    }

    private static String docMd(JobRegistry registry, AirflowConfig airflow, ZoneId zone) {
        StringBuilder md = new StringBuilder();
        md.append("### ltvlake nightly run\n\n")
                .append("Runs every job of the ltvlake pipeline with `spark-submit` (connection `")
                .append(airflow.sparkConnId()).append("`, env `").append(airflow.env()).append("`), one task per job, ")
                .append("each after the jobs whose tables it reads.\n\n")
                .append("* **Schedule:** `").append(airflow.schedule()).append("` in ").append(zone.getId())
                .append("; a run processes the day on which its data interval starts: for a nightly schedule, ")
                .append("the day before the run.\n")
                .append("* **Rerun a day:** clear its run, or trigger the DAG with `{\"run_date\": \"YYYY-MM-DD\"}`. ")
                .append("Every job is idempotent: a rerun replaces what the day wrote.\n")
                .append("* **Failures:** ").append(airflow.retries()).append(" retries, ")
                .append(airflow.retryDelay().toMinutes()).append(" min apart; the jobs after a failed one wait.\n\n")
                .append("| job | after | what it does |\n|---|---|---|\n");
        for (Job job : registry.ordered()) {
            md.append("| ").append(job.name()).append(" | ")
                    .append(job.upstream().isEmpty() ? "-" : String.join(", ", job.upstream())).append(" | ")
                    .append(job.description().replace("|", "/")).append(" |\n");
        }
        md.append("\nGenerated by `").append(COMMAND).append("`.");
        return md.toString();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String list(List<String> values) {
        return values.stream().map(AirflowDag::py).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A Python string literal: double quotes, backslash escapes, non-ASCII and control characters as escapes. */
    static String py(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c > 0x7e && c <= 0xffff)) {
                        out.append(String.format("\\u%04x", c));
                    } else if (c > 0xffff) {
                        out.append(String.format("\\U%08x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
