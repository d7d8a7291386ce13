"""The weekly learning digest: page, PDF, Atom feed and email, sent idempotently."""
