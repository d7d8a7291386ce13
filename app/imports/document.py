"""Split one Markdown file into its YAML front matter and its body, or say why it cannot be."""

from __future__ import annotations

import re
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


class ImportFileError(Exception):
    """This file cannot be imported; the message says why, in one line fit to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_document(data: bytes) -> tuple[dict[str, Any], str]:
    """Return the front matter (a mapping with lower-case keys) and the Markdown body."""
    if b"\x00" in data:
        raise ImportFileError("This is not a text file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"This is not UTF-8 text (bad byte at offset {exc.start}).") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError("The file is empty.")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ImportFileError(
            "No YAML front matter: start the file with a line '---', "
            "then fields like 'title: ...', then another '---'."
        )
    meta = _load_yaml(match.group("yaml"))
    return meta, text[match.end() :]


def _load_yaml(source: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # +2: the opening '---' is line 1 of the file, and marks count from zero.
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ImportFileError(f"The front matter is not valid YAML{where}: {problem}.") from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ImportFileError(
            "The front matter must be fields (key: value), "
            f"not {'a list' if isinstance(meta, list) else 'a single value'}."
        )
    return {str(key).strip().lower(): value for key, value in meta.items()}
