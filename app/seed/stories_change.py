"""Stories that start with a change: deploys, config pushes, feature flags, migrations."""

from __future__ import annotations

from app.incidents.enums import ActionKind as A
from app.incidents.enums import EntryKind as E
from app.incidents.enums import FactorCategory as F
from app.seed.stories import Story

DEPLOY = Story(
    key="deploy",
    tags=("deploy", "rollback"),
    titles=(
        "{service} {version} returned 500s for a subset of requests",
        "Errors on {service} after the {version} rollout",
        "{service} {version} broke requests with an empty {config_key}",
    ),
    triggers=((E.DEPLOY, "Started the rollout of {service} {version} (from {prev_version})."),),
    started=("Error rate on {service} rose from 0.1% to {pct}%.",),
    detected=("Alert: {service} 5xx ratio above the SLO burn threshold.",),
    notes=(
        "Errors only come from pods running {version}.",
        "The failing requests all have an empty {config_key}; the new code assumes it is set.",
        "Canary stage passed because canary traffic never has an empty {config_key}.",
    ),
    decisions=("Decided to roll back to {prev_version} rather than fix forward.",),
    mitigated=("Rollback to {prev_version} complete; error rate back to baseline.",),
    resolved=("Fix reviewed and released as a patch version; resolved.",),
    summary=(
        "{service} {version} could not handle requests with an empty {config_key}. The canary "
        "did not see such requests, so the release reached every region before errors showed.",
    ),
    impact=("- {pct}% of requests to {service} failed for {minutes} minutes.",),
    surprised=("Canary traffic is not representative of production traffic for {service}.",),
    factors=(
        (F.CODE_DEFECT, "The new code path assumed {config_key} is always present."),
        (F.CHANGE, "The rollout moved from canary to all regions in 20 minutes."),
        (
            F.TOOLING,
            "The canary analysis compares error rates, which stayed flat on canary traffic.",
        ),
    ),
    actions=(
        (A.PREVENT, "Add production-shaped requests to the {service} canary"),
        (A.PREVENT, "Slow the {service} rollout to one region per hour"),
        (A.DETECT, "Alert on error rate per release version"),
    ),
)


CONFIG = Story(
    key="config-push",
    tags=("config", "cascading-failure"),
    titles=(
        "A config push set {config_key} to {new_value} for every {service} instance",
        "{service} connection pools exhausted after a config change",
    ),
    triggers=(
        (
            E.ACTION,
            "Pushed the config change lowering {config_key} from {old_value} to {new_value}.",
        ),
    ),
    started=("{service} starts rejecting requests: pool exhausted.",),
    detected=("Alert: {service} availability below 99% in every region.",),
    notes=(
        "The change reached all regions within a minute: config pushes skip the staged rollout.",
        "{config_key} = {new_value} was meant for the staging environment only.",
    ),
    decisions=("Decided to revert the config change instead of tuning it live.",),
    mitigated=("Reverted {config_key} to {old_value}; pools recovered.",),
    resolved=("All regions healthy for an hour; resolved.",),
    summary=(
        "A configuration change meant for staging set {config_key} to {new_value} in production. "
        "Config pushes apply everywhere at once, so {service} failed in every region together.",
    ),
    impact=("- {service} rejected {pct}% of requests in all regions for {minutes} minutes.",),
    surprised=("Config changes bypass the staged rollout that code changes get.",),
    factors=(
        (F.CONFIGURATION, "{config_key} had the same name in staging and production files."),
        (F.PROCESS, "Config changes did not need a second reviewer."),
        (F.CHANGE, "Config pushes reach every region within a minute."),
    ),
    actions=(
        (A.PREVENT, "Roll config changes out region by region like code"),
        (A.PREVENT, "Validate {config_key} against a range before pushing"),
        (A.PROCESS, "Ask for a second reviewer on production config changes"),
    ),
)


FLAG = Story(
    key="feature-flag",
    tags=("feature-flag", "customer-facing"),
    titles=(
        "Turning on {flag} at 100% overloaded {dep}",
        "{flag} flag change broke {service} for logged-in customers",
    ),
    triggers=((E.ACTION, "Raised the {flag} flag from 10% to 100% of customers."),),
    started=("{dep} load jumps; {service} latency rises.",),
    detected=("Alert: {dep} CPU above 95%.",),
    notes=(
        "At 10% the extra calls to {dep} were invisible; at 100% they are {pct}% of its load.",
        "The flag audit log shows the change; no deploy happened around it.",
    ),
    decisions=("Decided to turn {flag} back to 10% while we look at the extra calls.",),
    mitigated=("{flag} back at 10%; {dep} load normal.",),
    resolved=("Added caching for the new calls; resolved.",),
    summary=(
        "Raising {flag} to all customers multiplied calls from {service} to {dep}, which ran out "
        "of CPU. Lowering the flag again brought it back.",
    ),
    impact=(
        "- {service} pages took over 5 seconds for {pct}% of customers for {minutes} minutes.",
    ),
    surprised=("Flag changes do not show up in the deploy timeline we look at first.",),
    factors=(
        (F.CHANGE, "The flag went from 10% to 100% in one step."),
        (F.CAPACITY, "{dep} had no headroom for the extra calls."),
        (F.TOOLING, "Flag changes are not shown next to deploys on the dashboards."),
    ),
    actions=(
        (A.PREVENT, "Require steps of at most 25% when raising flags"),
        (A.DETECT, "Show flag changes on the {service} dashboard"),
    ),
)


MIGRATION = Story(
    key="data-migration",
    tags=("migration", "data-integrity", "database"),
    titles=(
        "A schema migration locked the orders table in {db}",
        "Backfill on {db} slowed {service} for an hour",
    ),
    triggers=((E.DEPLOY, "Pre-deploy migration for {service} {version} started on {db}."),),
    started=("Queries to {db} wait on a table lock.",),
    detected=("Alert: {service} request timeouts above 5%.",),
    notes=(
        "The migration adds a column with a default, which rewrites the table on this version.",
        "The table has {count} rows in production and 90,000 in staging.",
    ),
    decisions=("Decided to cancel the migration and retry it in batches.",),
    mitigated=("Migration cancelled; locks released; {service} normal.",),
    resolved=("Migration rerun in batches overnight; resolved.",),
    summary=(
        "A migration for {service} {version} rewrote a large table in {db} and held a lock on it. "
        "In staging the same migration took seconds, so nothing about it looked risky.",
    ),
    impact=("- {service} requests timed out for {minutes} minutes.",),
    surprised=("The same migration behaves completely differently at production size.",),
    factors=(
        (F.DATA, "Production holds far more rows than staging."),
        (
            F.KNOWLEDGE_DOCUMENTATION,
            "Which migrations lock tables on this database version was not written down.",
        ),
    ),
    actions=(
        (A.PREVENT, "Check migrations for table rewrites in CI"),
        (A.PROCESS, "Run large backfills in batches outside the deploy"),
    ),
)


CHANGE_STORIES = (DEPLOY, CONFIG, FLAG, MIGRATION)
