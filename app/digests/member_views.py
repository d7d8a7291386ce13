"""Choosing to get the digest: subscribe, one-click unsubscribe, feed links, nominations,
and the admins' list of default recipients."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.auth import admin_required
from app.digests import queries, services
from app.digests import tokens as signed
from app.errors import InvalidInput
from app.extensions import csrf, db
from app.incidents import queries as incidents

bp = Blueprint("digest_members", __name__, url_prefix="/digests")


@bp.post("/subscription")
def subscription():
    """Switch the weekly digest email on or off for the signed-in member."""
    on = services.set_subscription(actor=current_user, subscribed=request.form.get("on") == "1")
    db.session.commit()
    flash(
        "You will get the digest by email every Monday." if on else "Digest emails stopped.",
        "success",
    )
    return redirect(url_for("accounts.profile") + "#digest")


@bp.post("/feed-link")
def feed_link():
    """Make a new personal feed link (the previous one stops working), or turn it off."""
    if request.form.get("revoke") == "1":
        services.revoke_feed_key(actor=current_user)
        message = "Your feed link is off; feed readers using it get nothing more."
    else:
        services.renew_feed_key(actor=current_user)
        message = "New feed link made; any earlier link stopped working."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("accounts.profile") + "#digest")


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail providers POST without a form token; the link is signed
def unsubscribe(token: str):
    """Confirm (GET), then stop the digest to the address in a signed link (POST)."""
    email = signed.email_of(token)
    if email is None:
        return render_template("digests/unsubscribe.html", email=None), 404
    if request.method == "POST":
        services.unsubscribe(email=email)
        db.session.commit()
        return render_template("digests/unsubscribe.html", email=email, done=True)
    return render_template("digests/unsubscribe.html", email=email, done=False)


@bp.post("/nominate/<ref>")
def nominate(ref: str):
    """Nominate a published review as review of the week, or withdraw the nomination."""
    incident = incidents.get_visible(current_user, ref)
    nominated = services.toggle_nomination(actor=current_user, incident=incident)
    db.session.commit()
    flash("Nominated as review of the week." if nominated else "Nomination withdrawn.", "success")
    return redirect(url_for("incidents.show", ref=incident.ref))


@bp.route("/recipients", methods=["GET", "POST"])
@admin_required
def recipients():
    """List, add and remove the addresses that receive every digest."""
    error = None
    if request.method == "POST":
        try:
            if request.form.get("remove"):
                services.remove_recipient(
                    actor=current_user, recipient_id=request.form.get("remove", type=int) or 0
                )
            else:
                services.add_recipient(actor=current_user, email=request.form.get("email", ""))
        except InvalidInput as problem:
            error = problem.message
        else:
            db.session.commit()
            return redirect(url_for("digest_members.recipients"))
    return render_template(
        "digests/recipients.html", overview=queries.recipient_overview(), error=error
    ), (422 if error else 200)


@bp.app_context_processor
def _template_helpers() -> dict[str, object]:
    # For the one-line includes on the profile and on a review's page.
    return {
        "digest_profile": queries.profile_state,
        "digest_nomination": queries.nomination_state,
    }
