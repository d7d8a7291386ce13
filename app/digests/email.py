"""The digest email for one recipient: HTML with inline styles and embedded charts, plus text."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import render_template

from app.clock import utcnow
from app.digests.content import Chart, DigestContent
from app.digests.present import Presenter
from app.digests.tokens import unsubscribe_token

CID_DOMAIN = "digest.hindsight"


def cid(chart: Chart) -> str:
    """Return the Content-ID (without angle brackets) a chart has inside the email."""
    return f"{chart.name}@{CID_DOMAIN}"


def compose(
    *, content: DigestContent, to: str, sender: str, base_url: str, message_id: str | None = None
) -> EmailMessage:
    """Build the multipart message: text, and HTML related to its chart images."""
    unsubscribe_url = f"{base_url}/digests/unsubscribe/{unsubscribe_token(to)}"
    context = {
        "c": content,
        "fmt": Presenter(content.tz_name, base_url),
        "chart_src": lambda chart: f"cid:{cid(chart)}",
        "unsubscribe_url": unsubscribe_url,
        "recipient_email": to,
    }
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = _subject(content)
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id or make_msgid(domain=CID_DOMAIN)
    message["List-Id"] = f"Hindsight learning digest <{CID_DOMAIN}>"
    # RFC 8058: a mail client may unsubscribe with one POST to this link, no page to click.
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    message.set_content(render_template("digests/email.txt", **context))
    message.add_alternative(render_template("digests/email.html", **context), subtype="html")
    html = message.get_payload()[1]
    for chart in content.charts:
        html.add_related(
            chart.png, maintype="image", subtype="png", cid=f"<{cid(chart)}>", filename=chart.name
        )
    return message


def _subject(content: DigestContent) -> str:
    week = f"week {content.week.week} of {content.week.year}"
    if content.quiet:
        return f"Learning digest, {week}: a quiet week"
    count = len(content.reviews)
    return f"Learning digest, {week}: {count} review{'' if count == 1 else 's'} published"
