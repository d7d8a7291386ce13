"""Demo data: a fictional organisation and a dozen reviews written for this project."""
