# GENERATED FILE, do not edit: made by `bin/ltvlake airflow-dag --out airflow-dags/ltvlake_nightly.py`
# from the job graph (Pipeline.registry()) and the ltvlake.airflow config. After adding a job or
# changing that config, run the command again; a test fails while this file is out of date.
"""ltvlake nightly run: one spark-submit per job, in the order of the job graph."""
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

DAG_ID = "ltvlake_nightly"
# the business time zone (ltvlake.business-time-zone): the schedule and the processed day are in it
TIME_ZONE = "Europe/Moscow"
SCHEDULE = "0 3 * * *"
SPARK_CONN_ID = "spark_default"
APPLICATION = "/opt/ltvlake/ltvlake-jobs.jar"
MAIN_CLASS = "io.ltvlake.jobs.cli.Main"
PACKAGES = "io.delta:delta-spark_2.12:3.3.2"
ENV = "prod"
EXTRA_ARGS = []
SPARK_CONF = {}

# The day a run processes (bin/ltvlake run --date): the run_date parameter when a manual run gives
# one, else the start of the run's data interval in the business time zone. With the cron
# data-interval timetable below and a nightly schedule (say 03:00), the run that starts on the 21st
# has the interval 20th 03:00 .. 21st 03:00 and processes the 20th, in Airflow 2 and 3 alike.
RUN_DATE = (
    "{{ params.run_date or data_interval_start.in_timezone('Europe/Moscow').strftime('%Y-%m-%d') }}"
)

# job -> the jobs it runs after: Pipeline.registry(), in graph order
JOBS = {
    "ingest": [],
    "conform": ["ingest"],
    "jtbd": ["conform"],
    "deals": ["jtbd"],
    "deal_inflation": ["deals"],
    "repeat_deals": ["deals"],
    "jtbd_migration": ["deals"],
    "cohorts": ["deals"],
    "profitability": ["deals", "cohorts"],
    "rfm": ["deals"],
    "clv": ["deals"],
    "segment_value": ["rfm", "clv"],
    "calls": ["conform", "deals"],
    "attribution": ["deals"],
    "manager_performance": ["conform", "deals", "attribution"],
    "basket_affinity": ["jtbd", "deals"],
    "profit_funnel": ["attribution", "deals"],
    "journey": ["attribution", "deals"],
    "campaign_effect": ["deals"],
    "contact_pressure": ["conform"],
    "cycles": ["deals"],
    "triggers": ["cycles", "rfm", "clv", "profitability"],
    "report": ["deal_inflation", "repeat_deals", "jtbd_migration", "rfm", "cohorts", "attribution", "profit_funnel", "journey", "cycles", "triggers", "profitability", "campaign_effect", "contact_pressure"],
    "publish": ["jtbd", "deals", "deal_inflation", "repeat_deals", "jtbd_migration", "profitability", "rfm", "clv", "segment_value", "cohorts", "calls", "manager_performance", "basket_affinity", "attribution", "profit_funnel", "journey", "campaign_effect", "contact_pressure", "cycles", "triggers"],
    "extracts": ["jtbd", "deals", "deal_inflation", "repeat_deals", "jtbd_migration", "profitability", "rfm", "clv", "segment_value", "cohorts", "calls", "manager_performance", "basket_affinity", "attribution", "profit_funnel", "journey", "campaign_effect", "contact_pressure", "cycles", "triggers"],
}

DESCRIPTIONS = {
    "ingest": "Landing -> bronze: new or changed export days of every source, bad rows to the quarantine. Writes bronze.order_lines, bronze.calls, bronze.sessions, bronze.ad_costs, bronze.products, bronze.messages, bronze.ingest_audit, quarantine.rejected_rows.",
    "conform": "Bronze -> silver: latest version per key, E.164 phones, identity graph, customer_key on every fact. Writes silver.order_lines, silver.orders, silver.calls, silver.sessions, silver.ad_costs, silver.products, silver.messages, silver.identity_map, silver.customers.",
    "jtbd": "Label every order with its job (CRM label, else config rules over basket features, else other). Writes gold.order_jobs.",
    "deals": "Group purchases into deals: immediate and deferred upsells join their deal, first and repeat deals. Writes gold.order_deals, gold.deals.",
    "deal_inflation": "Raw orders against deals per month: how much the export inflates the deal count. Writes gold.deal_inflation.",
    "repeat_deals": "Repeat-deal metrics by deal number: conversion, days between deals, average check, margin. Writes gold.repeat_deal_metrics.",
    "jtbd_migration": "JTBD migration map (month, quarter) with new and churned customers, and lifetime value per job. Writes gold.jtbd_migration, gold.jtbd_segment_ltv.",
    "cohorts": "Cohort retention and LTV curves by first-touch channel and first job; CAC, LTV/CAC and payback. Writes gold.cohort_retention, gold.cohort_ltv, gold.channel_cac.",
    "profitability": "Per-customer deals, average check, margin and acquisition cost, and non-target customers (targeting.*). Writes gold.customer_profitability.",
    "rfm": "RFM scores and segments per customer (month-end snapshots), segment summary and segment migration. Writes gold.customer_rfm, gold.customer_rfm_daily, gold.rfm_segment_summary, gold.rfm_migration.",
    "clv": "Predicted CLV per customer: BG/NBD purchases and Gamma-Gamma spend, with an optional holdout check. Writes gold.customer_clv, gold.clv_model, gold.clv_holdout.",
    "segment_value": "Lifetime value so far and predicted CLV per RFM segment. Writes gold.rfm_segment_ltv.",
    "calls": "Call analytics by day, channel and manager: unique, target, missed, called back, lost leads, calls to deals. Writes gold.calls_daily.",
    "attribution": "Touch stream (sessions, calls and opened CRM messages with channels), conversion paths, associated conversions by channel. Writes gold.touches, gold.leads, gold.attributed_conversions, gold.channel_conversions, gold.conversion_paths, gold.conversion_path_lengths, gold.conversion_time_lags.",
    "manager_performance": "Per manager and month: calls handled, lead-to-first-deal conversion, average check, upsells, repeat deals, trailing 6 months. Writes gold.manager_performance.",
    "basket_affinity": "Product and category pairs within baskets: support, confidence and lift, overall and per job. Writes gold.basket_affinity.",
    "profit_funnel": "Profit funnel per month and channel: sessions, leads, lead-to-first-deal conversion, deals, check, repeat deals, revenue, CPL, CAC, ROMI, plan. Writes gold.profit_funnel, gold.profit_funnel_plan.",
    "journey": "Journey stages in people per period, channel and job; the profit formula with its LMDI decomposition and plan. Writes gold.journey_stages, gold.profit_formula, gold.profit_formula_plan.",
    "campaign_effect": "Campaign and trigger effect against control groups: conversion and revenue uplift with 95 % intervals, verdict. Writes gold.campaign_effect.",
    "contact_pressure": "Messages per customer and week by channel, opens, clicks, unsubscribes, weeks over messages.max-per-week. Writes gold.contact_pressure.",
    "cycles": "Purchase cycles per customer and job (as of the run date and the day before) and each job's interval norm. Writes gold.customer_cycles, gold.job_cycles.",
    "triggers": "Trigger events: customers entering cycle_due, cycle_overdue, leaving, second_deal_missing, rfm_entered:<segment> or p_alive_below today. Writes gold.trigger_events.",
    "report": "HTML report for marketing leads: headline, cohorts and LTV, RFM, migration maps, channels, funnel, journey in people, triggers, campaign effect.",
    "publish": "Publish every gold mart to PostgreSQL (schema marts) in one transaction, read-only BI role.",
    "extracts": "Scheduled CSV/XLSX extracts of the marts that are due on the run date, with a manifest per folder.",
}

DOC_MD = (
    "### ltvlake nightly run\n"
    "\n"
    "Runs every job of the ltvlake pipeline with `spark-submit` (connection `spark_default`, env `prod`), one task per job, each after the jobs whose tables it reads.\n"
    "\n"
    "* **Schedule:** `0 3 * * *` in Europe/Moscow; a run processes the day on which its data interval starts: for a nightly schedule, the day before the run.\n"
    "* **Rerun a day:** clear its run, or trigger the DAG with `{\"run_date\": \"YYYY-MM-DD\"}`. Every job is idempotent: a rerun replaces what the day wrote.\n"
    "* **Failures:** 2 retries, 10 min apart; the jobs after a failed one wait.\n"
    "\n"
    "| job | after | what it does |\n"
    "|---|---|---|\n"
    "| ingest | - | landing -> bronze: new or changed export days of every source, bad rows to the quarantine |\n"
    "| conform | ingest | bronze -> silver: latest version per key, E.164 phones, identity graph, customer_key on every fact |\n"
    "| jtbd | conform | label every order with its job (CRM label, else config rules over basket features, else other) |\n"
    "| deals | jtbd | group purchases into deals: immediate and deferred upsells join their deal, first and repeat deals |\n"
    "| deal_inflation | deals | raw orders against deals per month: how much the export inflates the deal count |\n"
    "| repeat_deals | deals | repeat-deal metrics by deal number: conversion, days between deals, average check, margin |\n"
    "| jtbd_migration | deals | JTBD migration map (month, quarter) with new and churned customers, and lifetime value per job |\n"
    "| cohorts | deals | cohort retention and LTV curves by first-touch channel and first job; CAC, LTV/CAC and payback |\n"
    "| profitability | deals, cohorts | per-customer deals, average check, margin and acquisition cost, and non-target customers (targeting.*) |\n"
    "| rfm | deals | RFM scores and segments per customer (month-end snapshots), segment summary and segment migration |\n"
    "| clv | deals | predicted CLV per customer: BG/NBD purchases and Gamma-Gamma spend, with an optional holdout check |\n"
    "| segment_value | rfm, clv | Lifetime value so far and predicted CLV per RFM segment |\n"
    "| calls | conform, deals | call analytics by day, channel and manager: unique, target, missed, called back, lost leads, calls to deals |\n"
    "| attribution | deals | touch stream (sessions, calls and opened CRM messages with channels), conversion paths, associated conversions by channel |\n"
    "| manager_performance | conform, deals, attribution | per manager and month: calls handled, lead-to-first-deal conversion, average check, upsells, repeat deals, trailing 6 months |\n"
    "| basket_affinity | jtbd, deals | product and category pairs within baskets: support, confidence and lift, overall and per job |\n"
    "| profit_funnel | attribution, deals | profit funnel per month and channel: sessions, leads, lead-to-first-deal conversion, deals, check, repeat deals, revenue, CPL, CAC, ROMI, plan |\n"
    "| journey | attribution, deals | journey stages in people per period, channel and job; the profit formula with its LMDI decomposition and plan |\n"
    "| campaign_effect | deals | campaign and trigger effect against control groups: conversion and revenue uplift with 95 % intervals, verdict |\n"
    "| contact_pressure | conform | messages per customer and week by channel, opens, clicks, unsubscribes, weeks over messages.max-per-week |\n"
    "| cycles | deals | purchase cycles per customer and job (as of the run date and the day before) and each job's interval norm |\n"
    "| triggers | cycles, rfm, clv, profitability | trigger events: customers entering cycle_due, cycle_overdue, leaving, second_deal_missing, rfm_entered:<segment> or p_alive_below today |\n"
    "| report | deal_inflation, repeat_deals, jtbd_migration, rfm, cohorts, attribution, profit_funnel, journey, cycles, triggers, profitability, campaign_effect, contact_pressure | HTML report for marketing leads: headline, cohorts and LTV, RFM, migration maps, channels, funnel, journey in people, triggers, campaign effect |\n"
    "| publish | jtbd, deals, deal_inflation, repeat_deals, jtbd_migration, profitability, rfm, clv, segment_value, cohorts, calls, manager_performance, basket_affinity, attribution, profit_funnel, journey, campaign_effect, contact_pressure, cycles, triggers | publish every gold mart to PostgreSQL (schema marts) in one transaction, read-only BI role |\n"
    "| extracts | jtbd, deals, deal_inflation, repeat_deals, jtbd_migration, profitability, rfm, clv, segment_value, cohorts, calls, manager_performance, basket_affinity, attribution, profit_funnel, journey, campaign_effect, contact_pressure, cycles, triggers | scheduled CSV/XLSX extracts of the marts that are due on the run date, with a manifest per folder |\n"
    "\n"
    "Generated by `bin/ltvlake airflow-dag --out airflow-dags/ltvlake_nightly.py`.\n"
)

with DAG(
    dag_id=DAG_ID,
    description="ltvlake nightly run: order, call and web-touch exports to customer-profitability marts",
    doc_md=DOC_MD,
    schedule=CronDataIntervalTimetable(SCHEDULE, timezone=pendulum.timezone(TIME_ZONE)),
    start_date=pendulum.datetime(2026, 1, 1, tz=TIME_ZONE),
    catchup=False,
    # the jobs of one date overwrite their tables: two dates at once would interleave writes
    max_active_runs=1,
    tags=["ltvlake", "nightly"],
    params={"run_date": ""},
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(seconds=600),
        "execution_timeout": timedelta(seconds=7200),
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
