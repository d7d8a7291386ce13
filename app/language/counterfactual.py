"""Counterfactuals: judging what happened against what, with hindsight, "should have" been."""

from __future__ import annotations

from collections.abc import Iterator

from app.language import lexicon as lx
from app.language.lexicon import wordset
from app.language.rules import Context, Hit, Rule, words
from app.language.subjects import SYSTEM

COUNTERFACTUAL = Rule(
    id="counterfactual",
    priority=50,
    message="Counterfactual: this judges the past against what is only clear in hindsight, and "
    "says nothing about why the actual actions made sense at the time.",
    suggestion='Describe what people knew and saw at the time, e.g. "At 01:50 the queue graph '
    'was not on the on-call dashboard", and turn the gap into an action item.',
    flagged=(
        "We should have drained the node first.",
        "The on-call could have caught this earlier.",
        "This would never have happened if the change had been reviewed.",
        "If Priya had read the notes, we would have been fine.",
    ),
    clean=(
        "We should add an alert on replication lag.",
        "We should have the new dashboards by Friday.",
        "It could have been much worse.",
        "A canary stage would have caught this.",
        "The alert should have fired at 80% disk usage.",
        "Nobody could have known the vendor would change the API.",
    ),
)

# What could have been *done*: "could have caught/checked/escalated" is a counterfactual.
ACTIONS = wordset(
    """caught prevented avoided noticed spotted stopped detected checked tested verified asked
    read followed done used escalated paged called reverted rolled looked reviewed waited
    acted responded fixed mitigated realised realized anticipated foreseen predicted
    double-checked confirmed handled flagged raised warned told notified updated"""
)
# What could have *happened* (an outcome, not a judgement): "we could have lost data".
OUTCOMES = wordset(
    """been lost affected taken lasted cost hit broken caused impacted corrupted spread had
    gotten got ended turned become gone dropped faced suffered"""
)
WOULD_ACTIONS = frozenset(
    {"caught", "noticed", "spotted", "prevented", "avoided", "stopped", "detected"}
)

_SHOULD = words(
    r"(?:should|shouldn['\u2019]t|should\s+not|ought\s+to|oughtn['\u2019]t\s+to|ought\s+not\s+to)"
    r"\s+(?:have|['\u2019]ve)|should['\u2019]ve|shouldn['\u2019]t['\u2019]ve"
)
_COULD = words(r"could\s+have|could['\u2019]ve")
_WOULD_NOT = words(r"would(?:n['\u2019]t|\s+not|\s+never)\s+have\s+(?:happened|occurred)")
_WOULD = words(r"would\s+have|would['\u2019]ve")
_IF_ONLY = words(r"if\s+only")
_IF = words(r"if|had")
# Participles that state an expectation, not a judgement: "should have resulted in".
EXPECTED = frozenset({"resulted", "existed", "led", "happened", "occurred", "lasted", "taken"})
HINDSIGHT = frozenset({"obvious", "clear", "apparent", "aware", "careful", "more", "able"})
NOBODY = frozenset({"nobody", "noone", "none", "one"})  # "no one" ends in "one"
_FILLERS = {"just", "also", "really", "probably", "at", "least", "never", "not", "simply", "only"}


def find(ctx: Context) -> Iterator[Hit]:
    """Find counterfactual judgements of the past."""
    g = ctx.g
    for m, i in ctx.matches(_SHOULD):
        p = _participle(ctx, g.index_at(m.end()))
        if p is None or g.low[p] in EXPECTED:
            continue  # "this alone should have resulted in a brief outage": an expectation
        if g.low[p] == "been":
            q = _participle(ctx, p + 1)
            nxt = g.low[p + 1] if p + 1 < len(g) else ""
            if q is None and nxt not in HINDSIGHT:
                continue  # "should have been fine"
            p = q if q is not None else p + 1
        elif _system_did(ctx, i):
            continue  # "the alert should have fired": the expected behaviour of a system
        yield Hit(m.start(), g.ends[p], COUNTERFACTUAL)
    for m, i in ctx.matches(_COULD):
        p = _participle(ctx, g.index_at(m.end()))
        if p is None:
            continue
        word = g.low[p]
        if word == "been":
            after = p + 1
            word = g.low[after] if after < len(g) else ""
            p = after if word in ACTIONS else p
        subject = g.subject_before(i)
        if subject is not None and subject.word in NOBODY:
            continue  # "nobody could have known" clears people; it does not judge them
        if g.low[p] != "been" and word != "been" and _system_did(ctx, i):
            continue  # "a canary could have caught this" is the systems-focused form
        if word in ACTIONS or (word not in OUTCOMES and ctx.person_kind(subject)):
            yield Hit(m.start(), g.ends[p], COUNTERFACTUAL)
    for m, _ in ctx.matches(_WOULD_NOT):
        yield Hit(m.start(), m.end(), COUNTERFACTUAL)
    for m, i in ctx.matches(_WOULD):
        p = _participle(ctx, g.index_at(m.end()))
        if p is not None and g.low[p] in WOULD_ACTIONS and ctx.person_kind(g.subject_before(i)):
            yield Hit(m.start(), g.ends[p], COUNTERFACTUAL)
    for m, _ in ctx.matches(_IF_ONLY):
        yield Hit(m.start(), m.end(), COUNTERFACTUAL)
    yield from _if_had(ctx)


def _system_did(ctx: Context, i: int) -> bool:
    """Say whether the subject of the modal at token i is a system noun (active voice)."""
    subject = ctx.g.subject_before(i)
    return subject is not None and subject.kind == SYSTEM


def _participle(ctx: Context, j: int) -> int | None:
    """Return the index of the past participle at or just after token j, if there is one."""
    g = ctx.g
    while j < len(g) and (g.low[j] in _FILLERS or g.low[j].endswith("ly")):
        j += 1
    return j if j < len(g) and lx.is_participle(g.low[j]) else None


def _if_had(ctx: Context) -> Iterator[Hit]:
    """Find "if Priya had read ..." and "Had the engineer checked ...": a road not taken."""
    g = ctx.g
    for m, i in ctx.matches(_IF):
        inverted = g.low[i] == "had"
        if inverted and i > 0 and not g.ends_clause(i - 1):
            continue  # only a clause-initial "Had the engineer checked ..."
        for k in range(i + 1, min(i + 6, len(g))):
            if g.ends_clause(k) or g.low[k] == ",":
                break
            had = g.low[k] == "had" or g.low[k].endswith("'d")
            if inverted and g.is_person(k):
                p = _participle(ctx, k + 1)
            elif had and not inverted:
                p = _participle(ctx, k + 1)
                subject = g.subject_before(k) if g.low[k] == "had" else g.subject(k)
                p = p if ctx.person_kind(subject) else None
            else:
                continue
            if p is not None:
                yield Hit(m.start(), g.ends[p], COUNTERFACTUAL)
            break


RULES = (COUNTERFACTUAL,)
