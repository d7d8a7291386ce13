"""The shape of a synthetic incident's story, and the phrases every story shares.

Templates name {slots} that the generator fills once per incident, so one review stays
consistent (the same service, region and numbers throughout). The voice is blameless: what
people saw and decided, and what in the system allowed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.incidents.enums import ActionKind, EntryKind, FactorCategory


def fill(template: str, slots: dict[str, Any]) -> str:
    """Fill a template's {slots}; a sentence starts with a capital even when a name opens it."""
    text = template.format_map(slots)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Story:
    """One kind of incident: how it starts, shows itself, is handled, and what we learn."""

    key: str
    tags: tuple[str, ...]
    titles: tuple[str, ...]
    triggers: tuple[tuple[EntryKind, str], ...]
    started: tuple[str, ...]
    detected: tuple[str, ...]
    notes: tuple[str, ...]
    decisions: tuple[str, ...]
    mitigated: tuple[str, ...]
    resolved: tuple[str, ...]
    summary: tuple[str, ...]
    impact: tuple[str, ...]
    surprised: tuple[str, ...]
    factors: tuple[tuple[FactorCategory, str], ...]
    actions: tuple[tuple[ActionKind, str], ...]
    restricted: float = 0.02


ACKNOWLEDGED = (
    "Acknowledged the page and opened #{channel} for the response.",
    "Took the page; {lead} is incident commander, {helper} is on comms.",
    "Acknowledged. Looking at the {service} dashboard first.",
    "On it. Started a call and shared the link in #{channel}.",
)
NOTES = (
    "Shared the {service} dashboard in the channel; the errors line up with the first reports.",
    "Checked recent changes to {service} and {dep}: nothing obvious in the last two hours.",
    "Asked {helper} from {other_team} to join, since they know {dep} well.",
    "Handed incident command to {helper} so {lead} could keep debugging.",
    "p99 latency on {service} is {latency} ms against a normal 180 ms.",
    "Error budget burn for {service} is at {burn}x; the SLO alert agrees with what we see.",
    "Traces show most of the time spent waiting on {dep}.",
    "Logs from {service} in {region} show timeouts calling {dep}; other regions look normal.",
    "Confirmed with support: customers report the same symptoms, about {tickets} tickets so far.",
    "The runbook step for this alert points at a dashboard that was retired; used the new one.",
    "Compared with last week's traffic: volume is normal, so this is not load alone.",
    "Saw retries from clients roughly tripling the request rate to {service}.",
)
COMMUNICATION = (
    "Posted on the status page: we are investigating errors affecting {service}.",
    "Told customer support what customers would see and that a fix is in progress.",
    "Updated the status page: a fix is rolling out and error rates are falling.",
    "Sent a summary to #incidents for the other on-call engineers.",
    "Let {other_team} know, because their jobs depend on {service}.",
    "Updated stakeholders: impact is limited to {region} so far.",
)
DECISIONS = (
    "Decided to roll back rather than fix forward: the rollback path is tested and quick.",
    "Agreed to pause all deploys to {service} until we understand the cause.",
    "Chose not to fail over the whole region: the failover itself carries more risk right now.",
    "Decided to shed the lowest-priority traffic to keep checkout working.",
    "Agreed to wait ten minutes for the mitigation to settle before declaring it mitigated.",
)
WENT_WELL = (
    "The alert fired within minutes and reached the right on-call engineer.",
    "People from three teams joined quickly and the incident channel stayed focused.",
    "The rollback path was tested recently and worked the first time.",
    "Status page updates went out every 30 minutes, as the playbook suggests.",
    "Dashboards for {service} showed the problem clearly once we found them.",
    "Handing over incident command mid-response kept the responders fresh.",
)
GOT_LUCKY = (
    "It happened {day_part}, well below the daily peak.",
    "An engineer who had worked on {dep} last quarter happened to be online.",
    "The nightly batch jobs had finished an hour earlier.",
    "No large customer was running a migration at the time.",
)
SURPRISED = (
    "Retries from our own clients multiplied the load on {dep}.",
    "The health check stayed green the whole time because it does not touch {dep}.",
    "Two alerts for the same problem went to two different teams.",
    "The runbook described a version of {service} from two years ago.",
)
F = FactorCategory
FACTORS = (
    (
        F.MONITORING_GAP,
        "Nothing alerted on {dep} directly; {service}'s errors were the first sign.",
    ),
    (
        F.ALERT_NOISE,
        "The page arrived among a dozen low-value alerts, which slowed the first look.",
    ),
    (F.KNOWLEDGE_DOCUMENTATION, "The runbook for {service} did not cover this failure mode."),
    (F.PROCESS, "The change process did not ask for a rollback plan for this kind of change."),
    (
        F.COMMUNICATION,
        "{other_team} heard about the incident from customers before hearing from us.",
    ),
    (F.TOOLING, "The deploy tool showed the change as healthy before real traffic reached it."),
    (
        F.CAPACITY,
        "{service} ran with little headroom, so a small extra load made a big difference.",
    ),
)
ACTIONS = (
    (ActionKind.DETECT, "Add an alert on {dep} errors as seen by {service}"),
    (ActionKind.LEARN, "Update the {service} runbook with this failure mode"),
    (ActionKind.PROCESS, "Add a rollback plan to the change template for {service}"),
    (ActionKind.MITIGATE, "Cap client retries to {service} with a retry budget"),
    (ActionKind.LEARN, "Run a game day on losing {dep} in {region}"),
    (ActionKind.DETECT, "Route {service} alerts to one team with a clear owner"),
    (ActionKind.PREVENT, "Raise {service} capacity headroom to 40% at peak"),
)
ACTION_DESCRIPTIONS = (
    "Agreed in the review. Done when it has been tried once in staging and once in production.",
    "Owner to share a short write-up in #{channel} when this lands.",
    "Small change; pair with {helper} who knows this area.",
    "",
)
WONT_DO = (
    "Superseded by the platform migration planned for next quarter.",
    "The risk is now covered by the new alerting on {dep}.",
    "After a closer look, the cost outweighs how rarely this happens.",
)
SUMMARY_CLOSE = (
    "Responders from {team} and {other_team} worked the incident; the timeline follows what "
    "they knew at each point.",
    "Several small conditions lined up; the contributing factors below describe each one.",
    "The system allowed this to happen, so the action items change the system.",
)
IMPACT_COMMON = (
    "- {minutes} minutes of degraded service for customers using {service}.",
    "- About {tickets} support tickets; no data was lost.",
    "- Internal teams depending on {service} saw delays of up to {minutes} minutes.",
)
