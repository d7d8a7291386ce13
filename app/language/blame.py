"""Rules about assigning fault and punishment: "at fault", "to blame", "held accountable"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.language import lexicon as lx
from app.language.rules import Context, Hit, Rule, words
from app.language.subjects import NAME, PERSON

FAULT = Rule(
    id="fault",
    priority=65,
    message="This assigns fault to someone. A blameless review asks how the work made sense "
    "at the time and what let the problem through.",
    suggestion='Describe the conditions instead, e.g. "The merge went in without review because '
    'the branch protection rule did not cover this repository."',
    flagged=(
        "It was Lars's fault.",
        "The payments team is to blame.",
        "The team blamed Tom.",
        "Priya is responsible for this mess.",
        "We need to find out who approved this change.",
    ),
    clean=("No one was to blame.", "It was nobody's fault.", "The storage is fault-tolerant."),
)
PUNITIVE = Rule(
    id="punitive",
    priority=90,
    message="Punitive wording teaches people to hide what happened; reviews only work when "
    "telling the whole story is safe.",
    suggestion='Focus on the fix, e.g. "Add a guard so a config push to prod needs a second '
    'confirmation", and take people matters out of the review.',
    flagged=(
        "The engineer will be disciplined.",
        "Whoever did this should be held accountable.",
        "Someone will get fired over this.",
        "Tom needs to explain why he skipped the canary.",
    ),
    clean=(
        "The alert fired at 02:10.",
        "We terminated the unhealthy instance.",
        "We will not punish anyone for this.",
        "The consequences for customers were severe.",
    ),
)

_AT_FAULT = words(
    r"at\s+fault|whose\s+fault|(?:fault|blame)(?:\s+for(?:\s+[\w'\u2019-]+){1,4}?)?"
    r"\s+(?:lies|lay|rests|rested|is|was|falls|fell)\s+(?:with|on)"
)
_RESPONSIBLE = words(
    r"(?:is|was|are|were|be|been)\s+(?:\w+ly\s+)?responsible\s+for\s+(?:the|this|that|an?)\s+"
    r"(?:outage|incident|failure|downtime|breakage|mistake|error|problem|issue|disruption|mess)"
)
_FAULT = words(r"fault")
_TO_BLAME = words(r"to\s+blame")
_BLAME = words(r"blam(?:e|es|ed|ing)")
_WHO_DID_IT = words(
    r"(?:find\s+out|figure\s+out|identify|determine)\s+who\s+(?:did|approved|broke"
    r"|pushed|caused|made|merged|deployed|signed\s+off|(?:is|was)\s+responsible)"
)
_EXPLAIN = words(
    r"(?:needs?|has|have|had|must|should|will\s+have)\s+to\s+(?:explain|justify)\s+(?:why"
    r"|(?:him|her|them|your|my|our)sel(?:f|ves))|(?:will|must|should|needs?\s+to)\s+answer\s+for"
)
_NOBODY = {"nobody", "noone", "none", "no-one", "anyone", "anybody"}

_ALWAYS = words(
    r"disciplinary|reprimand(?:s|ed|ing)?|punish(?:es|ed|ing|ments?)?|punitive"
    r"|held\s+accountable|hold(?:s|ing)?\s+(?:[\w'\u2019-]+\s+){1,3}?accountable"
    r"|formal\s+warnings?|written\s+warnings?|performance\s+improvement\s+plans?"
    r"|made\s+an\s+example\s+of|face\s+(?:the\s+)?consequences|named?\s+and\s+shamed?"
    r"|lose\s+(?:his|her|their|your|my)\s+jobs?"
)
_PIP = re.compile(r"(?<![\w-])PIP(?![\w-])")
_PASSIVE = words(
    r"(?:be|is|are|was|were|been|being|get|gets|got|getting)\s+(?:\w+ly\s+)?"
    r"(?:fired|sacked|let\s+go|terminated|suspended|demoted|disciplined|penali[sz]ed|sanctioned"
    r"|written\s+up|removed\s+from\s+(?:the\s+)?(?:on-?call|rotation|team|project|pager))"
)
_ACTIVE = words(
    r"(?:fire|fires|firing|fired|sack|sacks|sacked|sacking|discipline|disciplines|disciplining"
    r"|suspend|suspends|suspending|demote|demotes|demoting)"
)
_CONSEQUENCES = words(r"consequences\s+for")
_REVOKE = words(
    r"(?:revok|pull|remov|tak)(?:e|es|ed|ing)\s+(?:away\s+)?(?:his|her|their|[\w\u2019']+['\u2019]s?)\s+"
    r"(?:access|deploy\w*|production|prod|commit|merge|admin|on-?call)"
)


def find(ctx: Context) -> Iterator[Hit]:
    """Find fault and punishment aimed at people."""
    yield from _fault(ctx)
    yield from _punitive(ctx)


def _is_nobody(ctx: Context, k: int) -> bool:
    g = ctx.g
    return g.base[k] in _NOBODY or (g.low[k] == "one" and k > 0 and g.low[k - 1] == "no")


def _fault(ctx: Context) -> Iterator[Hit]:
    g = ctx.g
    for m, i in ctx.matches(_AT_FAULT):
        k = g.skip_back(i - 1)
        if not (k >= 0 and _is_nobody(ctx, k)) and not ctx.negated_before(i, 2):
            yield Hit(m.start(), m.end(), FAULT)
    for m, _ in ctx.matches(_WHO_DID_IT):
        yield Hit(m.start(), m.end(), FAULT)  # looking for a culprit, not for causes
    for m, i in ctx.matches(_RESPONSIBLE):
        subject = g.subject_before(i)
        if ctx.person_kind(subject) and not ctx.negated_before(i, 2):
            yield Hit(m.start(), m.end(), FAULT)
    for m, i in ctx.matches(_FAULT):
        k = i - 1
        if k < 0 or ctx.negated_before(k, 4) or _is_nobody(ctx, k):
            continue
        if g.low[k] in lx.POSSESSIVE_PRONOUNS or (g.poss[k] and g.kind(k) in (PERSON, NAME)):
            yield Hit(g.starts[k], m.end(), FAULT)
    for m, i in ctx.matches(_TO_BLAME):
        k = g.skip_back(i - 1)
        between = g.low[k + 1 : i]
        if (k >= 0 and _is_nobody(ctx, k)) or any(w in lx.NEGATIONS for w in between):
            continue
        yield Hit(m.start(), m.end(), FAULT)
    for m, i in ctx.matches(_BLAME):
        j = i + 1 + (i + 1 < len(g) and g.low[i + 1] in {"on", "the"})
        if ctx.negated_before(i, 2) or j >= len(g):
            continue
        if g.is_person(j) or g.low[j] in lx.OBJECT_PRONOUNS or g.low[j] == "blame":
            yield Hit(m.start(), g.ends[j], FAULT)
        elif g.low[i] == "blame" and i > 0 and g.low[i - 1] == "the":
            yield Hit(g.starts[i - 1], m.end(), FAULT)


def _person_object(ctx: Context, j: int) -> bool:
    g = ctx.g
    if j >= len(g):
        return False
    return g.is_person(j) or g.low[j] in lx.OBJECT_PRONOUNS or g.low[j] == "those"


def _punitive(ctx: Context) -> Iterator[Hit]:
    g = ctx.g
    for pattern, cased in ((_ALWAYS, False), (_PIP, True)):
        for m, i in ctx.matches(pattern, cased=cased):
            if not ctx.negated_before(i, 3):
                yield Hit(m.start(), m.end(), PUNITIVE)
    for m, i in ctx.matches(_PASSIVE):
        if ctx.person_kind(g.subject_before(i)) and not ctx.negated_before(i, 2):
            yield Hit(m.start(), m.end(), PUNITIVE)
    for pattern in (_ACTIVE, _CONSEQUENCES):
        for m, _ in ctx.matches(pattern):
            j = g.after_determiner(g.index_at(m.end()))
            if _person_object(ctx, j):
                yield Hit(m.start(), g.ends[j], PUNITIVE)
    for m, i in ctx.matches(_EXPLAIN):
        if ctx.person_kind(g.subject_before(i)):
            yield Hit(m.start(), m.end(), PUNITIVE)
    for m, _ in ctx.matches(_REVOKE):
        yield Hit(m.start(), m.end(), PUNITIVE)


RULES = (FAULT, PUNITIVE)
