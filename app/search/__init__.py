"""Full-text search over reviews, similar incidents, and the index that keeps up with edits."""
