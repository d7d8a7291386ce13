"""Rules about words that judge on their own: "human error", "careless", "the root cause"."""

from __future__ import annotations

from collections.abc import Iterator

from app.language.rules import Context, Hit, Rule, words

HUMAN_ERROR = Rule(
    id="human-error",
    priority=70,
    message='"Human error" ends the inquiry where it should start: it names a person, not what '
    "made the action reasonable at the time.",
    suggestion='Describe what the person saw and what the system allowed, e.g. "The console '
    'listed prod and staging in one menu, and the push went to prod."',
    flagged=("The outage was caused by human error.", "It was operator error on the LB pool."),
    clean=("The human factors review found alert fatigue.", "The user error rate rose to 4%."),
)
BLAME_WORD = Rule(
    id="blame-word",
    priority=45,
    message="This judges a person's character or care, which tells readers nothing about how "
    "the system let the problem through.",
    suggestion='Describe the action and its conditions instead, e.g. "The backfill ran at peak '
    'because nothing in the tool showed the current load."',
    flagged=(
        "That was a careless change.",
        "He fat-fingered the subnet mask.",
        "The on-call was asleep at the wheel.",
        "Engineers need to be more careful.",
    ),
    clean=(
        "The service lazy-loads its config.",
        "The change was made with care.",
        "Lazy loading slowed startup.",
    ),
)
ROOT_CAUSE = Rule(
    id="root-cause",
    priority=30,
    message="Complex failures rarely have a single root cause; naming one hides the other "
    "contributing factors.",
    suggestion='List the contributing factors, e.g. "Contributing factors: an expired '
    'certificate, no expiry alert, and a renewal job disabled in March."',
    flagged=("The root cause was a bad index hint.", "It was root-caused to the deploy script."),
    clean=("We used the root cause analysis template.", "There was no single root cause."),
)

_HUMAN = words(
    r"(?:human|operator|operators'?)[\s-]+(?:errors?|mistakes?|failures?)"
    r"|(?:user|pilot|engineer|manual|people)[\s-]+(?:error|mistake)"
    r"(?!\s+(?:rate|count|code|message|page|budget|response|log|ratio)s?\b)"
    r"|pebkac|layer[\s-]?8\s+(?:issue|problem|error)"
)
_BLAME = words(
    r"careless(?:ly|ness)?|sloppy|sloppi(?:ly|ness)|negligen(?:t|tly|ce)"
    r"|lazy(?![\s-]+(?:load|loading|loaded|loads|evaluation|init\w*|import\w*))|laziness"
    r"|incompeten(?:t|ce)|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|stupid(?:ity)?"
    r"|dumb(?![\s-]+(?:pipe|terminal|client)s?)|idiot(?:ic)?|foolish(?:ly|ness)?"
    r"|inattentive|inattention|fat[\s-]?finger(?:ed|ing|s)?|botch(?:ed|es|ing)?|bungl(?:e|ed|ing)"
    r"|drop(?:s|ped|ping)?\s+the\s+ball|(?:rookie|silly|basic|dumb)\s+mistakes?"
    r"|(?:should|ought\s+to)(?:\s+have|['\u2019]ve)?\s+know[n]?\s+better"
    r"|lack\s+of\s+(?:attention|care|diligence|discipline|rigou?r|ownership)"
    r"|(?:not|n['\u2019]t)\s+pay(?:ing)?\s+(?:enough\s+|proper\s+)?attention"
    r"|(?:not|n['\u2019]t)\s+(?:careful|thorough|diligent|attentive)(?:\s+enough)?"
    r"|be(?:en)?\s+more\s+(?:careful|vigilant|attentive|diligent)"
    r"|asleep\s+at\s+the\s+wheel|inexcusable|unforgivable|no\s+excuse"
    r"|(?:poor|bad|questionable|lapse\s+(?:of|in))\s+judge?ment|errors?\s+of\s+judge?ment"
)
_MESSED = words(r"(?:mess|screw)(?:ed|es|ing|s)?\s+up")
_ROOT = words(
    r"root[\s-]+caus(?:e|es|ed|ing)(?:\s+analys[ie]s|\s+analy[sz]ing)?"
    r"|(?:the|a)\s+(?:sole|single|only|one\s+true|real|true)\s+cause"
)
_ROOT_NEGATIONS = {"no", "not", "never", "without", "than", "instead", "isn't", "wasn't", "nor"}


def find(ctx: Context) -> Iterator[Hit]:
    """Find wording that judges on its own, wherever it appears."""
    for m, _ in ctx.matches(_HUMAN):
        yield Hit(m.start(), m.end(), HUMAN_ERROR)
    for m, _ in ctx.matches(_BLAME):
        yield Hit(m.start(), m.end(), BLAME_WORD)
    for m, i in ctx.matches(_MESSED):
        subject = ctx.g.subject_before(i)
        if subject is None or ctx.person_kind(subject):
            yield Hit(m.start(), m.end(), BLAME_WORD)
    yield from _root_causes(ctx)


def _root_causes(ctx: Context) -> Iterator[Hit]:
    for m, i in ctx.matches(_ROOT):
        phrase = m.group().lower()
        if "analy" in phrase or phrase.endswith("causes"):
            continue  # the name of a practice or template, or several causes
        if any(ctx.g.low[k] in _ROOT_NEGATIONS for k in range(max(0, i - 4), i)):
            continue  # "no single root cause", "rather than a root cause"
        yield Hit(m.start(), m.end(), ROOT_CAUSE)


RULES = (HUMAN_ERROR, BLAME_WORD, ROOT_CAUSE)
