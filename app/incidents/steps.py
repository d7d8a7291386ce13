"""The guided drafting flow: its steps, in order, and what good looks like in each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    guidance: str
    coaching: str = ""

    @property
    def endpoint(self) -> str:
        return ENDPOINTS.get(self.key, "incidents.edit_sections")

    @property
    def args(self) -> dict[str, str]:
        return {} if self.key in ENDPOINTS else {"key": self.key}


ENDPOINTS = {
    "basics": "incidents.edit_basics",
    "timeline": "incident_parts.timeline",
    "factors": "incident_parts.factors",
    "actions": "incident_parts.actions",
}


STEPS = (
    Step(
        "basics",
        "Basics",
        'Name the incident by what the system did, not by who touched it: "Checkout returned '
        'errors for 38 minutes" rather than "Bad deploy by the payments team". Pick every '
        "service that was affected; severity is about impact on people, not blame.",
        "Your first review? You are not writing a verdict. You are collecting what people knew and"
        " saw at the time, so that others can learn from it. Nobody is graded on it, and the "
        "people involved help you write it.",
    ),
    Step(
        "timeline",
        "Timeline",
        "Write what people saw and knew at the time, in the order it happened, in your own time "
        "zone. Include the moments that felt small: the first odd graph, the decision to wait. "
        "Mark milestones (started, detected, mitigated, resolved) so time to detect and to "
        "resolve can be measured. Invite everyone who was there to add their view.",
        'Write each entry from the point of view of the moment: "The dashboard showed 2% errors, '
        'which looked like normal noise" rather than "We missed the errors". Hindsight makes the '
        "right path look obvious; at the time it was not. Ask everyone who was there to add what "
        "they saw.",
    ),
    Step(
        "factors",
        "Contributing factors",
        "Incidents in complex systems have several contributing factors, never one root cause. "
        "For each, describe how the system allowed it: the missing guardrail, the confusing "
        "dashboard, the runbook that did not cover this case. People acted reasonably with what "
        "they knew; ask what made their actions make sense at the time.",
        "Avoid naming a person as the cause. For each thing a person did, ask what made it "
        "reasonable then: what did the tools show, what did the runbook say, what pressure were "
        "they under? Those answers are the contributing factors.",
    ),
    Step(
        "actions",
        "Action items",
        "Good actions change the system: add an alert, automate a step, add a guardrail, fix the "
        'runbook. Start each with a verb, give it an owner and a due date. "Be more careful" '
        'and "retrain" put the burden on people and rarely stop a repeat.',
        "Prefer changes that make the safe path the easy one: a guardrail, an alert, an automated "
        "check, a clearer runbook. If an action depends on people remembering to be more careful, "
        "look for the system change behind it.",
    ),
    Step(
        "learnings",
        "Learnings",
        "What went well is worth repeating; where we got lucky shows risk we did not pay for "
        "this time; what surprised us shows where our picture of the system was wrong. These "
        "are often the most read part of a review.",
        'Celebrate what went well: it is how good habits spread. "Where we got lucky" is the most '
        "valuable and least written section: risks we did not pay for this time.",
    ),
    Step(
        "summary",
        "Summary and impact",
        "Write the summary last, for a reader from another team: what happened, how it was "
        "noticed and fixed, and the main things we learned, in three to five sentences. Impact "
        "says who was affected, how much and for how long, with numbers where you have them.",
        "Write for a reader from another team who has five minutes. Describe what happened and how"
        " the system allowed it; name roles, not people, where blame could be read in.",
    ),
)

STEP_KEYS = [s.key for s in STEPS]


def step(key: str) -> Step:
    """Return the step called `key`."""
    return STEPS[STEP_KEYS.index(key)]


def next_step(key: str) -> Step | None:
    """Return the step after `key`, or None at the end."""
    index = STEP_KEYS.index(key) + 1
    return STEPS[index] if index < len(STEPS) else None
