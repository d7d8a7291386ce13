"""Reviews: submitting, reviewers and comments, publishing, revisions."""
