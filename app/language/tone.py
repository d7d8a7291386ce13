"""Tone hints for review comments: careful communication between colleagues.

A comment is read by the person whose work it discusses. These rules point out phrasing that
lands as an accusation and suggest the careful form: say what you read, then ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.language.lexicon import wordset
from app.language.rules import Context, Hit, Rule, words

CAREFUL = '"From my reading, <what you see>; do you see the same?"'

TONE_YOU = Rule(
    id="tone-you",
    priority=100,
    message='"You should have" / "you forgot" reads as an accusation, even when meant as help.',
    suggestion=f'Describe what you read and ask: {CAREFUL} e.g. "From my reading, the runbook '
    'does not mention draining the node first; do you see the same?"',
    flagged=("You should have drained the node first.", "you forgot to update the status page"),
    clean=("Could you add the graph from 02:10?", "You mentioned the alert fired at 02:10."),
)
TONE_WHY = Rule(
    id="tone-why-didnt-you",
    priority=100,
    message='"Why didn\'t you ...?" asks for a defence, not for what happened.',
    suggestion='Ask about the situation instead, e.g. "What did the dashboard show at that '
    'point?" or "What made rolling back look risky then?"',
    flagged=("Why didn't you roll back?", "What were you thinking?"),
    clean=("Why did the alert not fire?", "Why did you pick 30 seconds as the timeout?"),
)
TONE_OBVIOUSLY = Rule(
    id="tone-obviously",
    priority=100,
    message='"Obviously" and "clearly" imply the reader missed something easy; it was not '
    "obvious at the time.",
    suggestion=f"Drop the word and share your reasoning: {CAREFUL}",
    flagged=("Obviously this needs a timeout.", "Clearly nobody tested the failover."),
    clean=("The graph shows the spike at 02:10.", "The cause is not clear yet."),
)
TONE_SHOUTING = Rule(
    id="tone-shouting",
    priority=100,
    message="Capitals read as shouting.",
    suggestion=f"Write it in normal case; if it matters, say why: {CAREFUL}",
    flagged=("PLEASE READ THE RUNBOOK before deploying.", "This is NOT what happened."),
    clean=("The AWS RDS primary hit 100% CPU.", "HTTP 503 from the API gateway."),
)
TONE_EXCLAMATION = Rule(
    id="tone-exclamation",
    priority=100,
    message="Repeated exclamation marks read as anger or alarm.",
    suggestion="Use a full stop; let the facts carry the weight.",
    flagged=("This broke checkout again!!!", "Really?!"),
    clean=("Thanks, this fixed it!", "The alert fired at 02:10."),
)

_YOU = words(
    r"you(?:['\u2019]d)?\s+(?:should|could|would|ought\s+to)(?:n['\u2019]t|\s+not)?\s+(?:have|['\u2019]ve)"
    r"|you\s+(?:should|could|would)n?['\u2019]?t?['\u2019]ve"
    r"|you\s+(?:(?:really|just|simply)\s+)?(?:forgot|failed|neglected|ignored|missed|broke"
    r"|messed\s+up|screwed\s+up|didn['\u2019]t\s+(?:bother|check|test|read|follow|think)"
    r"|did\s+not\s+(?:bother|check|test|read|follow|think)|never\s+(?:checked|tested|read))"
    r"|you\s+(?:need|needed)\s+to\s+be\s+more\s+careful"
)
_WHY = words(
    r"(?:why|how\s+come)\s+(?:didn['\u2019]t|wouldn['\u2019]t|couldn['\u2019]t|hadn['\u2019]t|haven['\u2019]t"
    r"|weren['\u2019]t|don['\u2019]t)\s+you|why\s+did\s+you\s+not|why\s+would\s+you|how\s+could\s+you"
    r"|what\s+were\s+you\s+thinking"
)
_OBVIOUS = words(
    r"obviously|clearly|of\s+course|surely|needless\s+to\s+say|it\s+goes\s+without\s+saying"
    r"|as\s+everyone\s+knows|everyone\s+knows|trivially"
)
_CAPS_WORD = r"[A-Z]{2,}(?:['\u2019][A-Z]+)?"
_CAPS = re.compile(rf"(?<![\w-]){_CAPS_WORD}(?:\s+{_CAPS_WORD})*(?![\w-])")
_MARKS = re.compile(r"[!?]{2,}")
EMPHASIS = wordset(
    """NOT NEVER ALWAYS MUST PLEASE STOP WHY AGAIN NOBODY EVER REALLY IMPORTANT SERIOUSLY
    ANYONE EVERYONE DON'T DON\u2019T READ"""
)


def find(ctx: Context) -> Iterator[Hit]:
    """Find phrasing in a comment that reads as accusation, condescension or shouting."""
    for pattern, rule in ((_YOU, TONE_YOU), (_WHY, TONE_WHY), (_OBVIOUS, TONE_OBVIOUSLY)):
        for m, _ in ctx.matches(pattern):
            yield Hit(m.start(), m.end(), rule)
    for m in _CAPS.finditer(ctx.text):
        if _shouting(m.group().split()):
            yield Hit(m.start(), m.end(), TONE_SHOUTING)
    for m in _MARKS.finditer(ctx.text):
        if "!" in m.group():  # "!!!", "?!"; a plain "??" is only puzzlement
            yield Hit(m.start(), m.end(), TONE_EXCLAMATION)


def _shouting(run: list[str]) -> bool:
    """Tell emphasis apart from acronyms: "READ THE RUNBOOK" shouts, "AWS RDS" does not."""
    if any(word in EMPHASIS for word in run):
        return True
    return len(run) >= 3 or (len(run) == 2 and any(len(word) >= 5 for word in run))


RULES = (TONE_YOU, TONE_WHY, TONE_OBVIOUSLY, TONE_SHOUTING, TONE_EXCLAMATION)
