"""Word lists and inflection helpers shared by the language rules."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Irregular verbs the rules care about: every form a reviewer might write.
IRREGULAR = {
    "forget": ("forget", "forgets", "forgot", "forgotten", "forgetting"),
    "break": ("break", "breaks", "broke", "broken", "breaking"),
    "make": ("make", "makes", "made", "making"),
    "mess": ("mess", "messes", "messed", "messing"),
    "miss": ("miss", "misses", "missed"),
    "fire": ("fire", "fires", "fired", "firing"),
    "let": ("let",),
}
_VOWELS = set("aeiou")


def wordset(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a text block, for readable word lists."""
    return frozenset(text.split())


def inflect(lemma: str) -> tuple[str, ...]:
    """Return the forms of a regular or listed irregular verb: fail -> fails, failed, failing."""
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    short = len(lemma) <= 4 and lemma[-1] not in _VOWELS | {"w", "x", "y"}
    if short and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS:
        double = lemma + lemma[-1]  # skip -> skipped, drop -> dropping
        return lemma, lemma + "s", double + "ed", double + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


def forms(*lemmas: str) -> frozenset[str]:
    """Return every inflected form of the given verbs."""
    return frozenset(form for lemma in lemmas for form in inflect(lemma))


def alt(words: Iterable[str]) -> str:
    """Return a regex alternation of words and phrases, longest first, spaces as \\s+."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['\u2019]") for w in ordered)


LEFT_EDGE = r"(?<![\w'\u2019-])"


def bounded(pattern: str) -> str:
    """Wrap a pattern so it matches whole words only (a hyphen joins words: fault-tolerant)."""
    return rf"{LEFT_EDGE}(?:{pattern})(?![\w-])"


SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they"})
OBJECT_PRONOUNS = frozenset({"me", "us", "you", "him", "her", "them"})
POSSESSIVE_PRONOUNS = frozenset({"my", "our", "your", "his", "her", "their"})
PERSON_NOUNS = wordset(
    """engineer developer dev devs programmer coder operator on-call oncall on-caller sre admin
    administrator dba team squad author reviewer approver responder someone somebody nobody
    noone anyone anybody everyone everybody whoever person people staff employee contractor
    intern hire newcomer manager lead owner commander human individual colleague teammate
    coworker member ops sysadmin analyst tester qa architect maintainer committer assignee
    technician crew pilot officer specialist consultant supervisor director executive
    dispatcher coordinator"""
)
SYSTEM_NOUNS = wordset(
    """job deploy deployment alert alarm service check healthcheck probe script cache pipeline
    query test build server node pod container host instance database db replica primary
    cluster queue worker cron crontab process balancer proxy router dns certificate cert
    config configuration migration rollout canary monitor monitoring dashboard api endpoint
    request client library sdk app application system tool bot automation runbook release
    update upgrade patch scheduler controller daemon agent disk network firewall gateway cdn
    vendor provider backup restore rule policy logic code change commit diff feature flag
    function handler consumer producer topic partition index table schema lock timer timeout
    retry loop thread connection socket session token key secret storage bucket volume
    filesystem file metric graph threshold pager notification email webhook integration
    plugin module package dependency image artifact registry region zone datacenter traffic
    planner parser driver kernel firmware hardware nic switch ci suite stage gate validator
    linter hook terraform kubernetes k8s helm job mechanism limiter breaker failover cronjob
    batch export import sync replication vacuum compaction it"""
)
# Things people are expected to attend to: "the warnings were ignored" blames a person.
ATTENTION_NOUNS = wordset(
    """warning alert alarm page message ticket email advice process procedure runbook checklist
    policy guidance instruction feedback comment concern sign symptom notification reminder
    escalation prompt notice error"""
)
DETERMINERS = wordset(
    """the a an this that these those our their his her its my your some any every each"""
)
PREPOSITIONS = wordset(
    """on in at of for from with within behind during after before into onto over under about
    across through via per near"""
)
SUBORDINATORS = wordset(
    """because when whenever while after before since although though if unless until once so
    whereas but"""
)
COORDINATORS = frozenset({"and", "or", "then", ","})
# Verbs that take a clause of their own: "Tom thought the job failed to start".
REPORTING_VERBS = wordset(
    """said says thought believed assumed noticed saw knew reported confirmed realised realized
    expected suspected worried heard claimed figured decided found felt guessed learned
    mentioned noted warned wrote"""
)
RELATIVES = frozenset({"who", "that", "which", "whom"})
BOUNDARIES = frozenset({".", "!", "?", ";", ":", "\n", "(", ")", '"', "“", "”"})
# Words that sit between a subject and its verb without changing who the subject is.
BETWEEN = wordset(
    """had has have having was were is are am be been being did does do also then just simply
    merely only again never not apparently somehow later initially first still already even
    both all each once twice reportedly probably may might must will would could should can
    to actually really accidentally unfortunately basically completely entirely repeatedly
    subsequently allegedly certainly clearly obviously evidently seemingly ultimately
    eventually immediately quickly unknowingly inadvertently mistakenly wrongly hadn't
    hasn't haven't wasn't weren't didn't doesn't don't won't wouldn't couldn't shouldn't
    isn't aren't needs need needed seems seemed appears appeared got get gets getting"""
)
NEGATIONS = frozenset({"not", "never", "didn't", "don't", "doesn't", "hadn't", "wasn't", "no"})
# Past participles that are not spelt -ed / -en.
IRREGULAR_PARTICIPLES = wordset(
    """done seen known caught run been gone taken read put set made got gotten told kept left
    thought found held sent built spent understood brought written given chosen hit cut shut
    let felt heard paid said sold stood won begun drawn driven fallen flown forgotten grown
    hidden ridden risen shaken shown spoken stolen thrown woken worn lost meant struck"""
)
NOT_PARTICIPLES = frozenset({"need", "open", "often", "even", "when", "then", "ten"})


def is_participle(word: str) -> bool:
    """Say whether a lower-case word looks like a past participle (checked, caught, broken)."""
    if word in IRREGULAR_PARTICIPLES:
        return True
    if word in NOT_PARTICIPLES or len(word) < 4:
        return False
    return word.endswith(("ed", "en"))


def in_set(word: str, words: frozenset[str]) -> bool:
    """Say whether a word or its singular form (engineers -> engineer) is in a set."""
    if word in words:
        return True
    if word.endswith("ies") and word[:-3] + "y" in words:
        return True
    if word.endswith("es") and word[:-2] in words:
        return True
    return word.endswith("s") and word[:-1] in words
