"""Import postmortems written elsewhere: Markdown files with YAML front matter."""
