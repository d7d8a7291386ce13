"""Stories about the platform underneath: databases, DNS, certificates, disks."""

from __future__ import annotations

from app.incidents.enums import ActionKind as A
from app.incidents.enums import EntryKind as E
from app.incidents.enums import FactorCategory as F
from app.seed.stories import Story

DATABASE = Story(
    key="database-failover",
    tags=("database", "partial-outage"),
    titles=(
        "{service} writes failed for {minutes} minutes after a {db} failover",
        "Stale connections to {db} after failover caused {service} errors",
        "{service} returned errors while {db} replication lag grew in {region}",
    ),
    triggers=((E.NOTE, "The managed database service started a failover of {db} in {region}."),),
    started=("Write errors from {service}: 'cannot execute UPDATE in a read-only transaction'.",),
    detected=("Alert: {service} 5xx rate above 5% for 3 minutes in {region}.",),
    notes=(
        "{db} primary is healthy on the new node; {service} still holds connections to the old.",
        "Connection pooler resolves the primary's hostname only when it opens a connection.",
        "Replication lag on {db} reached {lag} seconds before the failover.",
    ),
    decisions=("Decided to restart the connection pooler in front of {db}, one node at a time.",),
    mitigated=("Restarted the pooler; {service} writes are succeeding again.",),
    resolved=("Error rate back to baseline for 30 minutes; closing the incident.",),
    summary=(
        "{db} failed over to its replica in {region}. {service} kept sending writes to the demoted "
        "node, so about {pct}% of writes failed until the connection pooler was restarted.",
    ),
    impact=("- {pct}% of writes to {service} failed for {minutes} minutes.",),
    surprised=(
        "A managed failover can happen with no signal to the teams that depend on the database.",
    ),
    factors=(
        (
            F.INFRASTRUCTURE_HARDWARE,
            "The storage under the {db} primary degraded and triggered a failover.",
        ),
        (
            F.CONFIGURATION,
            "The pooler's 24-hour server lifetime meant it almost never looked up the primary.",
        ),
        (F.MONITORING_GAP, "No alert told {team} that {db} had failed over."),
    ),
    actions=(
        (A.PREVENT, "Lower the pooler server lifetime for {db} to 5 minutes"),
        (A.DETECT, "Alert {team} on every failover of {db}"),
        (A.LEARN, "Run a failover drill on {db} in staging each quarter"),
    ),
)


DNS = Story(
    key="dns",
    tags=("dns", "network"),
    titles=(
        "Internal DNS lookups for {dep} timed out in {region}",
        "{service} could not resolve {host} after a DNS zone change",
    ),
    triggers=(
        (E.ACTION, "Applied the DNS zone change for {host} through the infrastructure pipeline."),
    ),
    started=("{service} logs show 'no such host' for {host}.",),
    detected=("Alert: synthetic check for {host} failing from 3 of 5 locations.",),
    notes=(
        "dig against the resolvers in {region} returns SERVFAIL for {host}; other regions answer.",
        "The zone serial did not increase, so secondaries kept an older copy.",
        "Resolver cache TTL for negative answers is 3600 seconds, so the failures will linger.",
    ),
    decisions=("Decided to revert the zone change and flush the resolver caches in {region}.",),
    mitigated=("Reverted the zone and flushed caches; lookups for {host} succeed again.",),
    resolved=("All synthetic checks green for an hour; resolved.",),
    summary=(
        "A DNS zone change for {host} left secondaries serving an older copy of the zone, so "
        "lookups from {region} failed and {service} could not reach {dep}.",
    ),
    impact=("- Requests from {region} to {service} failed for {minutes} minutes.",),
    surprised=("Negative DNS answers were cached for an hour, longer than anyone expected.",),
    factors=(
        (F.CHANGE, "The zone change was applied to all regions at once."),
        (F.TOOLING, "The DNS pipeline does not check that the zone serial increases."),
        (F.CONFIGURATION, "The negative-answer TTL was an hour, far longer than recovery takes."),
    ),
    actions=(
        (A.PREVENT, "Check zone serials in the DNS pipeline before applying a change"),
        (A.MITIGATE, "Lower the negative-answer TTL for internal zones to 60 seconds"),
        (A.PREVENT, "Roll DNS changes out one region at a time"),
    ),
)


CERTIFICATE = Story(
    key="certificate",
    tags=("certificates", "security"),
    titles=(
        "TLS handshakes to {host} failed after its certificate expired",
        "{service} clients rejected a renewed certificate with a missing intermediate",
    ),
    triggers=((E.NOTE, "The certificate for {host} reached its expiry time."),),
    started=("Clients report 'certificate has expired' when calling {host}.",),
    detected=("Alert: TLS handshake failures on the {service} load balancer above 20%.",),
    notes=(
        "The renewal job ran but could not write to the secret store after a permission change.",
        "The expiry alert was routed to a mailing list that nobody reads any more.",
        "Mobile clients pin the intermediate certificate, so the order of the chain matters.",
    ),
    decisions=("Decided to issue a certificate by hand now and fix the renewal job afterwards.",),
    mitigated=("Installed a new certificate and reloaded the listeners; handshakes succeed.",),
    resolved=("Renewal job fixed and run once successfully; resolved.",),
    summary=(
        "The certificate for {host} expired because its automatic renewal had been failing "
        "quietly for weeks. Clients of {service} could not connect until a new one was installed.",
    ),
    impact=("- All TLS clients of {host} failed to connect for {minutes} minutes.",),
    surprised=("The renewal job reported success even when it could not store the certificate.",),
    factors=(
        (F.MONITORING_GAP, "Expiry warnings went to an unread mailing list."),
        (F.TOOLING, "The renewal job did not treat a failed write as a failure."),
        (
            F.SECURITY,
            "A permission change on the secret store was not tested against the renewal job.",
        ),
    ),
    actions=(
        (A.DETECT, "Page {team} 14 days before any certificate expires"),
        (A.PREVENT, "Make the renewal job fail loudly when it cannot store a certificate"),
        (A.LEARN, "Inventory every certificate {team} owns and its renewal path"),
    ),
)


STORAGE = Story(
    key="disk-full",
    tags=("storage", "capacity"),
    titles=(
        "{service} stopped writing when a volume in {region} filled up",
        "Log volume growth filled disks on {service} hosts",
    ),
    triggers=(
        (E.DEPLOY, "Deployed {service} {version}, which logs every request body at debug level."),
    ),
    started=("{service} instances report 'no space left on device'.",),
    detected=("Alert: disk usage above 95% on {count} {service} hosts.",),
    notes=(
        "Log files grew by about 40 GB per hour per host since the deploy.",
        "Log rotation runs daily, so nothing freed space until midnight.",
    ),
    decisions=("Decided to roll back {service} and truncate the debug logs on each host.",),
    mitigated=("Rolled back to {prev_version} and freed disk space; writes resume.",),
    resolved=("Disk usage stable at 40%; resolved.",),
    summary=(
        "A release of {service} logged far more than before and filled the disks on its hosts, "
        "so it stopped accepting writes until we rolled back and freed space.",
    ),
    impact=("- {service} rejected writes for {minutes} minutes in {region}.",),
    surprised=("One log setting could fill a disk in under three hours.",),
    factors=(
        (F.CHANGE, "The release raised the log level as part of an unrelated fix."),
        (
            F.CAPACITY,
            "Disks had little headroom because old logs were kept for 30 days on the hosts.",
        ),
    ),
    actions=(
        (A.PREVENT, "Ship logs off the hosts and keep only a day locally"),
        (A.DETECT, "Alert on disk growth rate, not only on disk usage"),
    ),
)


PLATFORM_STORIES = (DATABASE, DNS, CERTIFICATE, STORAGE)
