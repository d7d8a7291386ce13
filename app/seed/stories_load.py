"""Stories about networks and load: partitions, packet loss, traffic spikes."""

from __future__ import annotations

from app.incidents.enums import ActionKind as A
from app.incidents.enums import EntryKind as E
from app.incidents.enums import FactorCategory as F
from app.seed.stories import Story

NETWORK = Story(
    key="network",
    tags=("network", "latency"),
    titles=(
        "Packet loss between {zone} and the rest of {region} slowed {service}",
        "{service} timed out calling {dep} during a network partition in {region}",
    ),
    triggers=((E.NOTE, "The cloud provider began maintenance on network links in {region}."),),
    started=("{service} calls to {dep} time out intermittently.",),
    detected=("Alert: {service} p99 latency above 2 s for 5 minutes.",),
    notes=(
        "Only traffic crossing into {zone} is affected; traffic within a zone is fine.",
        "The provider's status page now mentions degraded networking in {region}.",
    ),
    decisions=("Decided to drain {zone} and serve from the other zones.",),
    mitigated=("Drained {zone}; latency is back to normal.",),
    resolved=("Provider confirmed the links are repaired; undrained {zone}.",),
    summary=(
        "Network maintenance by the cloud provider caused packet loss into {zone} of {region}. "
        "{service} requests to {dep} slowed and timed out until we drained the zone.",
    ),
    impact=("- {pct}% of requests to {service} slower than 2 seconds for {minutes} minutes.",),
    surprised=("Our zone drain procedure took longer than the network problem itself.",),
    factors=(
        (F.EXTERNAL, "The provider's maintenance caused packet loss it had not announced."),
        (F.INFRASTRUCTURE_HARDWARE, "{service} depends on {dep} across zones for every request."),
    ),
    actions=(
        (A.MITIGATE, "Script the zone drain for {service} so it takes one command"),
        (A.PREVENT, "Keep {service} calls to {dep} within the same zone"),
    ),
)


CAPACITY = Story(
    key="capacity",
    tags=("capacity", "peak-traffic"),
    titles=(
        "{service} ran out of capacity during a traffic spike",
        "Autoscaling for {service} could not keep up with a campaign launch",
    ),
    triggers=(
        (E.COMMUNICATION, "Marketing launched the campaign email to every customer at once."),
    ),
    started=("Traffic to {service} tripled in five minutes.",),
    detected=("Alert: {service} CPU above 90% and queueing requests.",),
    notes=(
        "Autoscaling is adding instances, but each takes about 6 minutes to become ready.",
        "The instance limit for {service} in {region} is lower than the scale-out needs.",
    ),
    decisions=("Decided to raise the instance limit and turn on the waiting room page.",),
    mitigated=("New instances are healthy; latency is back under the SLO.",),
    resolved=("Traffic back to normal levels; scaled down; resolved.",),
    summary=(
        "A campaign tripled traffic to {service} within minutes. Autoscaling was slower than the "
        "rise and hit an instance limit, so requests queued and timed out.",
    ),
    impact=("- {pct}% of requests to {service} timed out for {minutes} minutes.",),
    surprised=("The instance limit was set years ago and nobody remembered it.",),
    factors=(
        (F.CAPACITY, "{service} had no headroom for a spike of this size."),
        (
            F.COMMUNICATION,
            "The campaign schedule was not shared with the teams that run the services.",
        ),
    ),
    actions=(
        (A.PROCESS, "Share large campaign schedules with on-call teams a week ahead"),
        (A.PREVENT, "Pre-warm {service} before planned campaigns"),
    ),
)


LOAD_STORIES = (NETWORK, CAPACITY)
