"""Rules about people as the subject of a failure: "Priya failed to", "the on-call ignored"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.language import lexicon as lx
from app.language.rules import Context, Hit, Rule, capitalise, quote, span_from, words
from app.language.subjects import NAME, OTHER, PERSON

PERSON_FAILURE = Rule(
    id="person-failure",
    priority=60,
    message="This makes a person the subject of a failure. Say what the system made easy or "
    "hard, so the fix is a change to the system rather than a warning to people.",
    suggestion='Describe what made the step easy to miss, e.g. "The runbook did not cover this '
    'case" or "Nothing in the tooling prompted the check."',
    flagged=(
        "The engineer failed to verify the backup.",
        "We ignored the disk warning.",
        "The engineer who deployed the change forgot to update the config.",
        "The warnings in the deploy log were ignored.",
        "The responder was slow to escalate.",
    ),
    clean=(
        "The deploy failed to complete.",
        "The health check failed to detect the replica.",
        "The retry logic ignored the timeout header.",
        "We failed to reproduce the bug locally.",
        "Users failed to log in for 25 minutes.",
    ),
)
NAMED_FAILURE = Rule(
    id="named-failure",
    priority=80,
    message="This names a person as the cause of a failure. Names belong in the timeline "
    '("Priya restarted the primary"), not in the explanation of why things failed.',
    suggestion='Describe the gap in the system, e.g. "The runbook did not cover restoring a '
    'replica" instead of "Priya failed to follow the runbook."',
    flagged=(
        "Priya failed to follow the runbook.",
        "It started with Tom's mistake in the TTL.",
        "The outage was caused by Aisha.",
        "Lars pushed the flag and forgot to check the canary.",
    ),
    clean=(
        "Priya rolled back the release at 02:31.",
        "Tom's fix went out at 03:05.",
        "Tom said the job failed to start.",
    ),
)

_TO_VERBS = "|".join(lx.forms("fail", "neglect", "forget"))
_FAILURE = words(
    rf"(?:{_TO_VERBS})\s+to|{lx.alt(lx.forms('neglect', 'forget', 'ignore', 'overlook'))}"
    rf"|{lx.alt(lx.forms('disregard'))}|missed|misses|caused|causes|broke|breaks"
)
_DID_NOT = words(
    r"(?:did\s+not|didn['\u2019]t|never)\s+(?:bother|follow|check|test|verify|read|review|validate"
    r"|double-check|confirm|notice|think\s+to)"
    r"|(?:was|were|is|are|been)\s+(?:too\s+|very\s+)?slow\s+to"
    r"|fail(?:s|ed)?\s+in\s+(?:his|her|their|my|our|your)\s+(?:duty|duties|job|responsibilit\w+)"
    r"|(?:did\s+not|didn't)\s+do\s+(?:his|her|their|my|our|your)\s+jobs?"
)
_NOBODY_BOTHERED = words(r"(?:nobody|no\s+one|no-one|noone)\s+(?:even\s+)?bothered\s+to")
_MADE_MISTAKE = words(
    r"(?:made|makes|making)\s+(?:a|an|the|one|another)\s+(?:[\w-]+\s+)?"
    r"(?:mistake|error|typo|blunder|misstep|bad\s+call|wrong\s+call|poor\s+decision)"
)
_THEIR_MISTAKE = words(
    r"(?:mistake|error|oversight|failure|negligence|carelessness|blunder|slip|lapse|misstep"
    r"|screw-up|typo)s?"
)
_CAUSED_BY = words(r"caused\s+by|because\s+of|due\s+to|thanks\s+to")
_PASSIVE_AUX = {"was", "were", "been", "being", "got", "get", "is", "are", "be"}
_TARGETS = {"slo", "sla", "target", "deadline", "window", "objective", "budget", "goal", "bus"}
_UNTIED = {"dependency", "dependencies", "loop", "cycle", "tie", "news", "deadlock", "glass"}
# "their error report" is a thing, not a person's mistake.
_COMPOUNDS = lx.wordset(
    """report reports rate rates log logs message messages budget handling handler code codes
    page count path response mode state tracking tracker domain detection injection analysis
    reporting"""
)
# "We failed to reproduce it" reports an outcome of trying, not a lapse.
_FAIL_TO_REACH = {
    "meet", "hit", "reach", "achieve", "stay", "keep", "reproduce", "replicate", "find",
    "locate", "pinpoint", "determine", "connect", "acquire", "obtain", "recover", "restore",
    "complete",
}  # fmt: skip


def find(ctx: Context) -> Iterator[Hit]:
    """Find people, by name or role, as the subject of a failure."""
    yield from _failures(ctx)
    yield from _possessive_failures(ctx)


def _rule(kind: str | None) -> Rule:
    return NAMED_FAILURE if kind == NAME else PERSON_FAILURE


def _failures(ctx: Context) -> Iterator[Hit]:
    g = ctx.g
    for m, i in ctx.matches(_FAILURE):
        verb = g.low[i]
        after = g.index_at(m.end())
        if verb.startswith("fail") and after < len(g) and g.low[after] in _FAIL_TO_REACH:
            continue  # "we failed to meet the SLO" is an outcome, not a judgement
        if verb.startswith("miss") and _TARGETS & set(g.object_after(after - 1).lower().split()):
            continue
        if verb.startswith("brok") and _UNTIED & set(g.base[after : after + 3]):
            continue  # "engineers broke the dependency" was the mitigation
        before = g.skip_back(i - 1)
        if ctx.negated_before(i, i - before):
            continue
        if verb.endswith(("ed", "en")) and _PASSIVE_AUX & set(g.low[before + 1 : i]):
            yield from _passive(ctx, m, before, verb)
            continue
        subject = g.subject_before(i)
        kind = ctx.person_kind(subject)
        if kind is None and verb.startswith(("caus", "brok", "break")) and subject:
            kind = subject.possessor if subject.possessor in (PERSON, NAME) else None
        if kind:
            start = span_from(subject, g, m.start(), m.start())
            thing = g.object_after(after - 1)
            yield Hit(start, m.end(), _rule(kind), _suggest(verb, thing, m.group().endswith("to")))
    for pattern in (_DID_NOT, _MADE_MISTAKE):
        for m, i in ctx.matches(pattern):
            subject = g.subject_before(i)
            if kind := ctx.person_kind(subject):
                yield Hit(span_from(subject, g, m.start(), m.start()), m.end(), _rule(kind))
    for m, _ in ctx.matches(_NOBODY_BOTHERED):
        yield Hit(m.start(), m.end(), PERSON_FAILURE)
    for m, _ in ctx.matches(_CAUSED_BY):
        j = g.after_determiner(g.index_at(m.end()))
        if j < len(g) and (g.is_person(j) or g.low[j] in {"him", "her", "them", "his", "their"}):
            yield Hit(m.start(), g.ends[j], _rule(g.kind(j)))


def _passive(ctx: Context, m: re.Match[str], before: int, verb: str) -> Iterator[Hit]:
    """Handle "the warnings were ignored (by the on-call)": a person agent, or no agent."""
    g = ctx.g
    if verb.startswith(("caus", "brok", "break", "fail")):
        return
    by = g.index_at(m.end())
    if by < len(g) and g.low[by] == "by":
        agent = next((k for k in range(by + 1, min(by + 5, len(g))) if g.kind(k) != OTHER), None)
        if agent is not None and g.is_person(agent):
            yield Hit(m.start(), g.ends[agent], _rule(g.kind(agent)))
        return
    subject = g.subject_before(before + 1)
    if subject and lx.in_set(subject.word, lx.ATTENTION_NOUNS):
        yield Hit(
            m.start(),
            m.end(),
            PERSON_FAILURE,
            _suggest(verb, ctx.text[subject.start : subject.end]),
        )


def _possessive_failures(ctx: Context) -> Iterator[Hit]:
    g = ctx.g
    for m, i in ctx.matches(_THEIR_MISTAKE):
        k = i - 1
        nxt = g.low[i + 1] if i + 1 < len(g) else ""
        if k < 0 or ctx.negated_before(k, 3) or nxt in _COMPOUNDS:
            continue
        if g.low[k] in lx.POSSESSIVE_PRONOUNS - {"your"}:
            yield Hit(g.starts[k], m.end(), PERSON_FAILURE)
        elif g.poss[k] and g.kind(k) in (PERSON, NAME):
            yield Hit(g.subject(k).start, m.end(), _rule(g.kind(k)))
        elif nxt in {"by", "of"} and (j := g.after_determiner(i + 2)) < len(g) and g.is_person(j):
            yield Hit(m.start(), g.ends[j], _rule(g.kind(j)))  # "a mistake by the on-call"


def _suggest(verb: str, thing: str, infinitive: bool = False) -> str:
    """Write a systems-focused rewrite around what was missed or not done."""
    thing = quote(thing) or ("do this" if infinitive else "this step")
    if verb.startswith(("ignor", "overlook", "miss", "disregard")):
        return (
            f'Say why it did not stand out at the time, e.g. "{capitalise(thing)} looked like '
            'the usual noise" or "it was routed to a channel nobody watched at night."'
        )
    if verb.startswith(("caus", "brok", "break")):
        return (
            "Describe the change and what let it through, e.g. "
            f'"A change reached {thing}; nothing in the pipeline checks for this kind of change."'
        )
    prompt = f"prompted anyone to {thing}" if infinitive else f"pointed to {thing}"
    return (
        f'Describe what made it easy to miss, e.g. "Nothing in the runbook or tooling {prompt}" '
        'or "The runbook did not cover this case."'
    )


RULES = (PERSON_FAILURE, NAMED_FAILURE)
