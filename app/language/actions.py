"""Action item quality hints: an owner, a due date, a verb first, and a change to the system.

Remedies that put the burden on people ("retrain", "be more careful", "add another approval")
are flagged with a suggested system change. Like the language checker, these only advise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.language.checker import check
from app.language.lexicon import wordset

IMPERATIVES = wordset(
    """add alert allow archive assess audit automate backfill backport block bound build bump
    cache cap change check clarify clean codify collect configure confirm consolidate
    convert cover create decide decouple dedupe deduplicate default define delay delete
    deploy deprecate design detect disable document draft drop enable encrypt enforce ensure
    escalate evaluate expire explore export expose extend fail fix flag freeze gate generate
    graph guard handle harden hide hold implement import improve increase index instrument
    introduce investigate isolate keep label limit lint load-test lock log lower make mark
    measure merge migrate mirror monitor move notify page partition patch pause pin plan
    practise practice prevent prioritise prioritize protect prototype prune publish purge
    queue raise rate-limit record reduce refactor reject release remove rename renew replace
    replicate report reroute require research reserve resize restore retire retry review
    revert rewrite roll rotate route run sandbox scale schedule secure send separate set
    shard share ship show simplify snapshot speed split stage standardise standardize stop
    store streamline sunset surface switch tag test throttle tighten time trace track
    trigger tune unify update upgrade use validate verify version warn wire wrap write"""
)
NOT_VERBS = wordset(
    """the a an we they i you someone engineers engineer team teams people should must need
    needs more better new improved proper maybe possibly perhaps our all some this that
    these those its their there it"""
)
_NOMINAL = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ing|ed)$")
_LEADING = re.compile(r"^(?:\W+|\[[^\]]*\]\s*|(?:todo|action|ai)\s*[:\-]\s*)+", re.IGNORECASE)
_WE_SHOULD = re.compile(
    r"^(?:we|the\s+team|someone|engineers|they)\s+(?:should|must|need\s+to|needs\s+to|will|to)"
    r"\s+(\w+)",
    re.IGNORECASE,
)

SYSTEM_FIX = "change the tool or process so the safe path is the default"
WEAK_REMEDIES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), message, suggestion)
    for pattern, message, suggestion in (
        (
            r"\b(?:re-?train(?:ing)?|train(?:ing)?\s+(?:for\s+)?(?:the\s+)?(?:engineers?|people"
            r"|staff|team|developers?|on-?call|operators?))\b",
            "Retraining puts the fix in people's heads; it fades, and new people never got it.",
            'Change the tool instead, e.g. "Make the deploy tool show the target cluster and '
            'ask to confirm it" or "Add a pre-flight check to the pipeline."',
        ),
        (
            r"\b(?:remind|tell|inform|educate)\s+(?:all\s+)?(?:the\s+)?(?:engineers?|people"
            r"|everyone|everybody|team|staff|developers?|devs|on-?call\w*|operators?)\b"
            r"|\bsend\s+(?:a\s+|an\s+)?(?:reminder|email|memo)|\braise\s+awareness"
            r"|\bstress\s+the\s+importance",
            "A reminder fades within weeks and does not reach the next new joiner.",
            'Put it where the work happens, e.g. "Add a checklist step to the release tool" or '
            '"Lint for it in CI."',
        ),
        (
            r"\b(?:be\s+(?:more\s+)?(?:careful|vigilant|mindful|attentive|diligent)"
            r"|pay\s+(?:more\s+|closer\s+)?attention|take\s+more\s+care)\b",
            "Vigilance is not a control: people were already trying to be careful.",
            'Add a mechanism that makes the slip hard to make or quick to catch, e.g. "Show a '
            'dry-run diff before applying firewall changes."',
        ),
        (
            r"\b(?:add|require|introduce|mandate)\s+(?:another|a\s+second|an\s+extra"
            r"|an\s+additional|additional|one\s+more"
            r"|more|extra)\s+(?:manual\s+)?(?:approvals?|approvers?|sign-?offs?|reviewers?"
            r"|reviews?|review\s+steps?|manager\s+approvals?)\b",
            "Another approval slows every change and gets rubber-stamped under pressure.",
            'Automate the check the approver would do, e.g. "Add a policy check in CI that '
            'rejects changes to the production firewall without a ticket."',
        ),
        (
            r"\b(?:double|triple)[\s-]?check\w*|\bmanually\s+(?:check|verify|confirm)\w*",
            "A manual double-check gets skipped exactly when things are busy.",
            'Make the system check it, e.g. "Validate the config in the pipeline before '
            'deploy" or "Refuse the command when the target is production."',
        ),
        (
            r"\b(?:make\s+sure|ensure)\s+(?:that\s+)?(?:engineers?|people|everyone|we|the\s+team"
            r"|staff|developers?|on-?call\w*|operators?)\b"
            r"|\bfollow\s+the\s+(?:process|runbook|procedure|checklist)\b"
            r"|^(?:do\s+not|don['\u2019]t|never)\b",
            "This asks people to remember a rule rather than changing what the system allows.",
            f'Say what will enforce it: {SYSTEM_FIX}, e.g. "Block deploys during a freeze in '
            'the pipeline, with a logged override."',
        ),
    )
)


@dataclass(frozen=True)
class ActionHint:
    """Advice about one field of an action item."""

    field: str
    rule: str
    message: str
    suggestion: str


def check_action(*, title: str, owner: object | None, due_date: object | None) -> list[ActionHint]:
    """Return quality hints for an action item: title first, then owner and due date."""
    hints = _title_hints(title or "")
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        hints.append(
            ActionHint(
                "owner",
                "action-no-owner",
                "Nobody owns this yet; unowned action items rarely get done.",
                "Pick one person or team to drive it (they need not do all the work).",
            )
        )
    if due_date is None or (isinstance(due_date, str) and not due_date.strip()):
        hints.append(
            ActionHint(
                "due_date",
                "action-no-due-date",
                "There is no due date, so nothing will say when this has slipped.",
                "Agree a realistic date with the owner; a later date beats no date.",
            )
        )
    return hints


def _title_hints(title: str) -> list[ActionHint]:
    text = _LEADING.sub("", title.strip())
    if not text:
        return [
            ActionHint(
                "title",
                "action-no-title",
                "Say what will change.",
                'Start with a verb, e.g. "Alert on replication lag above 30 seconds."',
            )
        ]
    hints = [
        ActionHint("title", "action-weak-remedy", message, suggestion)
        for pattern, message, suggestion in WEAK_REMEDIES
        if pattern.search(text)
    ]
    if (verb_hint := _verb_first(text)) is not None:
        hints.append(verb_hint)
    hints.extend(
        ActionHint("title", f.rule, f.message, f.suggestion)
        for f in check(text)
        if not (hints and f.rule == "blame-word")  # "be more careful" is already covered
    )
    return hints


def _imperative(word: str) -> str | None:
    """Return the imperative behind "adding", "added", "stopping": add, add, stop."""
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            for guess in (stem, stem + "e", stem[:-1]):
                if guess in IMPERATIVES:
                    return guess
    return None


def _verb_first(text: str) -> ActionHint | None:
    """Say whether a title starts with a verb; if not, suggest a verb-first form."""
    words = text.split()
    first = words[0].lower().strip(".,:;!?\"'")
    second = words[1].lower() if len(words) > 1 else ""
    if first in IMPERATIVES:
        return None
    if m := _WE_SHOULD.match(text):
        rest = text[m.start(1) :]
        example = f'"{rest[:1].upper()}{rest[1:]}"'
    elif verb := _imperative(first):
        example = '"' + " ".join([verb.capitalize(), *words[1:]]) + '"'
    elif first in NOT_VERBS or (_NOMINAL.search(first) and len(first) > 5):
        example = '"Add ...", "Alert on ...", "Remove ..."'
    elif second in {"the", "a", "an", "all", "every", "our", "each", "to", "on", "for", "in"}:
        return None  # "Shard the orders table": an unlisted verb, most likely
    else:
        return None  # unsure: advise only when confident
    return ActionHint(
        "title",
        "action-not-verb-first",
        "Start the title with what will be done, so it reads as a change someone can finish.",
        f"Put the verb first, e.g. {example}",
    )
