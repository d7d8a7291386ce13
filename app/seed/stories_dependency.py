"""Stories about what we depend on: providers, limits, queues, caches, credentials."""

from __future__ import annotations

from app.incidents.enums import ActionKind as A
from app.incidents.enums import EntryKind as E
from app.incidents.enums import FactorCategory as F
from app.seed.stories import Story

DEPENDENCY = Story(
    key="third-party",
    tags=("third-party", "partial-outage"),
    titles=(
        "{vendor} outage stopped {service} from completing requests",
        "Timeouts from {vendor} backed up {service}",
    ),
    triggers=((E.NOTE, "{vendor} began returning errors for some API calls."),),
    started=("{service} calls to {vendor} fail with 503.",),
    detected=("Alert: {service} success rate below 95%.",),
    notes=(
        "{vendor} status page confirms an incident on their side.",
        "Our client waits 30 seconds before timing out, which ties up worker threads.",
        "There is a second provider contract, but failover to it is manual.",
    ),
    decisions=("Decided to switch to the secondary provider by hand.",),
    mitigated=("Traffic now goes to the secondary provider; success rate normal.",),
    resolved=("{vendor} recovered; switched back after an hour of clean checks.",),
    summary=(
        "{vendor} had an outage. {service} waited on it with long timeouts, which used up its "
        "workers, until we switched to the secondary provider by hand.",
    ),
    impact=("- {pct}% of {service} requests failed or were delayed for {minutes} minutes.",),
    surprised=("A 30-second timeout turned a partial outage into a full one for us.",),
    factors=(
        (F.EXTERNAL, "{vendor} had an outage."),
        (F.DEPENDENCY, "{service} had no automatic failover to the secondary provider."),
        (F.CONFIGURATION, "Client timeouts to {vendor} were 30 seconds."),
    ),
    actions=(
        (A.MITIGATE, "Fail over to the secondary provider automatically"),
        (A.PREVENT, "Lower {vendor} client timeouts to 3 seconds with a circuit breaker"),
    ),
)


RATE_LIMIT = Story(
    key="rate-limit",
    tags=("rate-limiting", "customer-facing"),
    titles=(
        "Rate limiting rejected legitimate traffic to {service}",
        "A new rate limit on {service} throttled mobile clients",
    ),
    triggers=((E.DEPLOY, "Enabled the new per-client rate limit of {limit} requests per minute."),),
    started=("Mobile clients get 429 responses from {service}.",),
    detected=("Alert: 429 responses above 10% on {service}.",),
    notes=(
        "All mobile clients behind carrier NAT share a few IP addresses, so they share a limit.",
        "The limit keys on IP address, not on the signed-in account.",
    ),
    decisions=("Decided to raise the limit tenfold while we change the key.",),
    mitigated=("Raised the limit; 429s back to near zero.",),
    resolved=("Limit now keyed on account; resolved.",),
    summary=(
        "A new rate limit on {service} counted requests per IP address. Mobile customers behind "
        "carrier NAT share addresses, so many were throttled although each sent few requests.",
    ),
    impact=("- {pct}% of mobile requests to {service} were refused for {minutes} minutes.",),
    surprised=("How many customers share an IP address behind carrier NAT.",),
    factors=(
        (F.CONFIGURATION, "The limit was keyed on IP address."),
        (F.KNOWLEDGE_DOCUMENTATION, "Carrier NAT was not part of the rate-limit design notes."),
    ),
    actions=(
        (A.PREVENT, "Key {service} rate limits on the account where there is one"),
        (A.DETECT, "Dry-run new rate limits for a week before enforcing them"),
    ),
)


QUEUE = Story(
    key="queue-backlog",
    tags=("queue", "cascading-failure"),
    titles=(
        "The {queue} queue backed up and delayed {service} by hours",
        "Poison messages stalled consumers of {queue}",
    ),
    triggers=((E.DEPLOY, "Deployed a producer change that adds a field to {queue} messages."),),
    started=("Consumer lag on {queue} starts to grow.",),
    detected=("Alert: {queue} consumer lag above 50,000 messages.",),
    notes=(
        "Consumers crash on messages with the new field and retry them forever.",
        "Dead-letter queue is configured but the retry limit is unlimited.",
        "Lag is {count} messages and growing about 2,000 per minute.",
    ),
    decisions=("Decided to deploy a consumer that skips unknown fields, then drain the backlog.",),
    mitigated=("Consumers processing again; lag falling.",),
    resolved=("Backlog drained; all delayed messages processed; resolved.",),
    summary=(
        "A producer change added a field that consumers of {queue} could not parse. They retried "
        "the same messages endlessly, and the backlog delayed {service} for hours.",
    ),
    impact=("- {service} work was delayed by up to {minutes} minutes; nothing was lost.",),
    surprised=("An unlimited retry setting can block a whole partition.",),
    factors=(
        (F.CODE_DEFECT, "Consumers rejected messages with unknown fields."),
        (F.CONFIGURATION, "The retry limit on {queue} was unlimited."),
        (F.PROCESS, "Producer and consumer changes are reviewed by different teams."),
    ),
    actions=(
        (A.PREVENT, "Cap retries on {queue} and send failures to the dead-letter queue"),
        (A.PREVENT, "Add a schema compatibility check for {queue} messages"),
    ),
)


CACHE = Story(
    key="cache",
    tags=("cache", "database"),
    titles=(
        "A cache stampede on {cache} overloaded {db}",
        "{service} slowed after {cache} was flushed",
    ),
    triggers=((E.ACTION, "Flushed {cache} to clear stale entries after a data fix."),),
    started=("{db} CPU climbs to 100%; {service} latency rises.",),
    detected=("Alert: {service} p99 latency above 3 s.",),
    notes=(
        "Every cache miss goes to {db}; with an empty cache that is all requests.",
        "Hit rate on {cache} dropped from 97% to 4%.",
    ),
    decisions=("Decided to rate-limit cache refills and warm the hottest keys by hand.",),
    mitigated=("Hit rate back above 90%; {db} CPU normal.",),
    resolved=("Latency normal for an hour; resolved.",),
    summary=(
        "Flushing {cache} sent every request to {db} at once. The database could not serve that "
        "load and {service} slowed down until the cache filled again.",
    ),
    impact=("- {service} responses took several seconds for {minutes} minutes.",),
    surprised=("The database cannot serve even a tenth of normal traffic without the cache.",),
    factors=(
        (F.CAPACITY, "{db} is sized for cache-hit traffic only."),
        (F.TOOLING, "The flush command empties the whole cache with no warning."),
    ),
    actions=(
        (A.PREVENT, "Use request coalescing for {cache} misses"),
        (A.PREVENT, "Replace full flushes of {cache} with targeted invalidation"),
    ),
)


CREDENTIALS = Story(
    key="credentials",
    tags=("security", "config"),
    titles=(
        "An API key for {vendor} was rotated before {service} picked up the new one",
        "Expired service credentials stopped {service} from reaching {dep}",
    ),
    triggers=(
        (
            E.ACTION,
            "Rotated the {service} credentials for {vendor} as part of the quarterly rotation.",
        ),
    ),
    started=("{service} calls to {vendor} return 401.",),
    detected=("Alert: {service} authentication errors above 50%.",),
    notes=(
        "{service} reads secrets only at start-up; running instances still hold the old key.",
        "The old key was revoked right away instead of after a grace period.",
    ),
    decisions=("Decided to restart {service} instances so they read the new key.",),
    mitigated=("Restarted all instances; calls succeed with the new key.",),
    resolved=("Confirmed no other service used the old key; resolved.",),
    summary=(
        "A scheduled credential rotation revoked the old key for {vendor} immediately, but "
        "{service} reads secrets only at start-up, so its calls failed until it restarted.",
    ),
    impact=("- {service} could not reach {vendor} for {minutes} minutes.",),
    surprised=("The rotation runbook assumed every service reloads secrets on its own.",),
    factors=(
        (F.SECURITY, "Old credentials were revoked with no overlap period."),
        (F.PROCESS, "The rotation runbook did not list the services using the key."),
    ),
    actions=(
        (A.PREVENT, "Keep old credentials valid for an hour after rotation"),
        (A.PREVENT, "Reload {service} secrets without a restart"),
    ),
    restricted=0.4,
)


DEPENDENCY_STORIES = (DEPENDENCY, RATE_LIMIT, QUEUE, CACHE, CREDENTIALS)
