"""Minimising words in judgements of people: "he simply didn't", "all she had to do was"."""

from __future__ import annotations

from collections.abc import Iterator

from app.language.rules import Context, Hit, Rule, words

MINIMISING = Rule(
    id="minimising",
    priority=40,
    message='"Just", "simply" and "obviously" make a judgement of someone sound self-evident; '
    "with hindsight everything looks simple.",
    suggestion='Describe what the step involved at the time, e.g. "Restarting needed the '
    'service name, which was not on the dashboard."',
    flagged=(
        "He only had to run one command.",
        "All she had to do was follow the runbook.",
        "Obviously nobody had tested the failover.",
    ),
    clean=(
        "The cache just expired.",
        "Just after midnight the queue grew.",
        "We just restarted the pods and things recovered.",
        "The dashboard clearly showed the spike.",
    ),
)

_MINIMISER = words(r"just|simply|merely|only")
_ALL_HAD_TO = words(r"all\s+(?:[\w\u2019'-]+\s+){1,3}?(?:had|needed|has|needs|have|need)\s+to\s+do")
_OBVIOUSLY = words(r"obviously|clearly|evidently|of\s+course|surely")
_JUDGED_NEXT = {
    "needed", "need", "needs", "had", "has", "have", "should", "could", "would", "didn't",
    "did", "forgot", "ignored", "failed", "neglected", "skipped", "missed", "clicked",
    "assumed", "guessed", "wasn't", "weren't", "couldn't", "never", "blindly", "copied",
    "pasted", "typed", "overlooked", "not",
}  # fmt: skip


def find(ctx: Context) -> Iterator[Hit]:
    """Find "just", "simply", "obviously" where they make a judgement of someone sound easy."""
    g = ctx.g
    for m, i in ctx.matches(_MINIMISER):
        nxt = g.low[i + 1] if i + 1 < len(g) else ""
        if nxt in {"had", "has", "have", "needed", "need", "needs"}:
            judged = i + 2 < len(g) and g.low[i + 2] == "to"
        else:
            judged = nxt in _JUDGED_NEXT or nxt.endswith("n't")
        if judged and ctx.person_kind(g.subject_before(i)):
            yield Hit(m.start(), m.end(), MINIMISING)
    for m, i in ctx.matches(_ALL_HAD_TO):
        if any(g.is_person(k) for k in range(i + 1, g.index_at(m.end()))):
            yield Hit(m.start(), m.end(), MINIMISING)
    for m, i in ctx.matches(_OBVIOUSLY):
        if g.low[i] != "obviously" and i > 0 and not g.ends_clause(i - 1) and g.low[i - 1] != ",":
            continue  # "the dashboard clearly showed": manner, not a judgement
        end = g.clause_end(i)
        if any(g.is_person(k) and not g.in_phrase(k) for k in range(g.clause_start(i), end)):
            yield Hit(m.start(), m.end(), MINIMISING)


RULES = (MINIMISING,)
