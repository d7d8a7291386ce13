"""The review page: completeness, language hints, reviewers, comments, transitions, history."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app import mail
from app.accounts.queries import user_by_email
from app.audit.queries import describe, history
from app.errors import DomainError, InvalidInput, NotFound
from app.extensions import db
from app.forms import attach_errors
from app.incidents import queries as incidents
from app.incidents.models import Incident
from app.reviews import notifications, queries, services, snapshots
from app.reviews.completeness import gaps
from app.reviews.forms import (
    CommentForm,
    DecisionForm,
    PublishForm,
    ReopenForm,
    ReviewerForm,
    SubmitForm,
)
from app.reviews.language import review_findings

bp = Blueprint("reviews", __name__, url_prefix="/incidents/<ref>")


def page(incident: Incident, status: int = 200, **context):
    """Render the review page; forms passed in keep their input and errors."""
    forms = {
        "submit_form": SubmitForm(),
        "reviewer_form": ReviewerForm(),
        "decision_form": DecisionForm(),
        "publish_form": PublishForm(),
        "reopen_form": ReopenForm(),
        "comment_form": CommentForm(),
    }
    return render_template(
        "reviews/review.html",
        incident=incident,
        state=queries.review_state(incident),
        gaps=gaps(incident),
        findings=review_findings(incident),
        approvals=services.approvals(incident),
        min_approvals=current_app.config["REVIEW_MIN_APPROVALS"],
        history=history(incident),
        describe=describe,
        **(forms | context),
    ), status


def act(ref: str, form_name: str, form: FlaskForm, action: Callable[[Incident], object], done: str):
    """Validate, run one service, commit once and redirect; or show the page with the error."""
    incident = incidents.get_visible(current_user, ref)
    status = 422
    if form.validate_on_submit():
        try:
            action(incident)
        except InvalidInput as error:
            attach_errors(form, error)
        except DomainError as error:
            form.form_errors.append(error.message)
            status = error.status_code
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("reviews.review", ref=incident.ref))
        db.session.rollback()
    return page(incident, status, **{form_name: form})


@bp.get("/review")
def review(ref: str):
    """Show where the review stands and what can be done next."""
    return page(incidents.get_visible(current_user, ref))


@bp.post("/submit")
def submit(ref: str):
    """Submit a draft for review, listing every gap at once if it is not ready."""
    incident = incidents.get_visible(current_user, ref)
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            services.submit(
                actor=current_user,
                incident=incident,
                acknowledge_language=form.acknowledge_language.data,
            )
        except services.SubmitBlocked as blocked:
            db.session.rollback()
            if blocked.findings and not form.acknowledge_language.data:
                form.acknowledge_language.errors.append(
                    "Tick this box to keep the flagged wording, or change it first."
                )
            return page(incident, 422, submit_form=form, blocked=blocked)
        db.session.commit()
        flash("Submitted for review. Ask someone to review it below.", "success")
    return redirect(url_for("reviews.review", ref=incident.ref))


@bp.post("/reviewers")
def add_reviewer(ref: str):
    """Ask someone to review, then email them once that is saved."""
    incident = incidents.get_visible(current_user, ref)
    form = ReviewerForm()
    reviewer = user_by_email((form.email.data or "").strip().lower())
    if form.validate_on_submit():
        if reviewer is None:
            form.email.errors.append("Nobody here has that email address.")
            return page(incident, 422, reviewer_form=form)
        try:
            services.request_reviewer(actor=current_user, incident=incident, reviewer=reviewer)
        except InvalidInput as error:
            attach_errors(form, error)
            return page(incident, 422, reviewer_form=form)
        db.session.commit()
        message = notifications.review_requested(
            incident=incident,
            reviewer=reviewer,
            by=current_user,
            base_url=current_app.config["BASE_URL"],
        )
        if mail.deliver([message]) or not current_app.config["SMTP_URL"]:
            flash(f"Asked {reviewer.name} to review; they have been sent an email.", "success")
        else:
            flash(
                f"Asked {reviewer.name} to review, but the email could not be sent; "
                "please let them know yourself.",
                "info",
            )
        return redirect(url_for("reviews.review", ref=incident.ref))
    return page(incident, 422, reviewer_form=form)


@bp.post("/approve")
def approve(ref: str):
    """Approve the review."""
    form = DecisionForm()
    return act(
        ref,
        "decision_form",
        form,
        lambda i: services.approve(actor=current_user, incident=i, comment=form.comment.data or ""),
        "Approved. Thank you for reviewing.",
    )


@bp.post("/request-changes")
def request_changes(ref: str):
    """Ask for changes, saying what."""
    form = DecisionForm()
    return act(
        ref,
        "decision_form",
        form,
        lambda i: services.request_changes(
            actor=current_user, incident=i, comment=form.comment.data or ""
        ),
        "Changes requested. The owner will see your comment.",
    )


@bp.post("/publish")
def publish(ref: str):
    """Publish the review as a new revision."""
    form = PublishForm()
    return act(
        ref,
        "publish_form",
        form,
        lambda i: services.publish(
            actor=current_user,
            incident=i,
            note=form.note.data or "",
            min_approvals=current_app.config["REVIEW_MIN_APPROVALS"],
        ),
        "Published. Everyone who can read it can now learn from it.",
    )


@bp.post("/reopen")
def reopen(ref: str):
    """Reopen a published review for an amendment."""
    form = ReopenForm()
    return act(
        ref,
        "reopen_form",
        form,
        lambda i: services.reopen(actor=current_user, incident=i, reason=form.reason.data or ""),
        "Reopened as a draft. Publish again to make a new revision.",
    )


@bp.post("/comments")
def comment(ref: str):
    """Comment on a section."""
    form = CommentForm()
    return act(
        ref,
        "comment_form",
        form,
        lambda i: services.add_comment(
            actor=current_user, incident=i, section=form.section.data, body=form.body.data or ""
        ),
        "Comment added.",
    )


@bp.post("/comments/<int:comment_id>/resolve")
def resolve(ref: str, comment_id: int):
    """Mark a comment as resolved."""

    incident = incidents.get_visible(current_user, ref)
    found = queries.comment(incident, comment_id)
    if found is None:
        raise NotFound("That comment does not exist.")
    if FlaskForm().validate_on_submit():
        try:
            services.resolve_comment(actor=current_user, comment=found, incident=incident)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Comment resolved.", "success")
    return redirect(url_for("reviews.review", ref=incident.ref) + f"#comment-{comment_id}")


@bp.get("/revisions/<int:number>")
def revision(ref: str, number: int):
    """Show one published revision and what changed since the one before."""
    incident = incidents.get_visible(current_user, ref)
    found = queries.revision(incident, number)
    if found is None:
        raise NotFound(f"{incident.ref} has no revision {number}.")
    previous = queries.revision(incident, number - 1)
    changes = snapshots.diff(previous.snapshot, found.snapshot) if previous else None
    return render_template(
        "reviews/revision.html",
        incident=incident,
        revision=found,
        previous=previous,
        changes=changes,
        revisions=queries.revisions(incident),
    )
