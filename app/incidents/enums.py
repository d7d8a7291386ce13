"""The vocabulary of a review, as enums whose values are the contract's lower_snake_case."""

from __future__ import annotations

import enum


class Labelled(enum.Enum):
    """An enum whose members know how to show themselves to people."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Severity(Labelled):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def label(self) -> str:
        return self.value


class Status(Labelled):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class Visibility(Labelled):
    INTERNAL = "internal"
    RESTRICTED = "restricted"


class EntryKind(Labelled):
    NOTE = "note"
    DETECTION = "detection"
    ALERT = "alert"
    DEPLOY = "deploy"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"


class Milestone(Labelled):
    """Key moments; a timeline entry marked with one sets the incident's key time."""

    STARTED = "started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"

    @property
    def field(self) -> str:
        return f"{self.value}_at"


class FactorCategory(Labelled):
    CHANGE = "change"
    CONFIGURATION = "configuration"
    CAPACITY = "capacity"
    DEPENDENCY = "dependency"
    CODE_DEFECT = "code_defect"
    DATA = "data"
    MONITORING_GAP = "monitoring_gap"
    ALERT_NOISE = "alert_noise"
    PROCESS = "process"
    KNOWLEDGE_DOCUMENTATION = "knowledge_documentation"
    COMMUNICATION = "communication"
    TOOLING = "tooling"
    INFRASTRUCTURE_HARDWARE = "infrastructure_hardware"
    SECURITY = "security"
    EXTERNAL = "external"

    @property
    def label(self) -> str:
        return _FACTOR_LABELS.get(self.value, super().label)


_FACTOR_LABELS = {
    "knowledge_documentation": "Knowledge / documentation",
    "infrastructure_hardware": "Infrastructure / hardware",
}


class ActionKind(Labelled):
    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"
    LEARN = "learn"


class Priority(Labelled):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def label(self) -> str:
        return self.value


class ActionStatus(Labelled):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"

    @property
    def label(self) -> str:
        return "Won't do" if self is ActionStatus.WONT_DO else super().label
