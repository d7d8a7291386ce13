"""Where the Markdown comes from: files and folders on disk, or uploads from the web page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MARKDOWN_SUFFIXES = (".md", ".markdown")
UPLOAD_LIMIT = 1024 * 1024  # 1 MiB: a long postmortem is a few dozen KiB


@dataclass(frozen=True)
class Source:
    """One file to import: its name as reported, and its bytes or why they cannot be used.

    `key` identifies a file that has neither uuid nor ref: its path relative to the folder
    given (or its own name), so that re-importing it updates it. Uploads are keyed per person,
    so two people's "notes.md" never overwrite each other.
    """

    name: str
    data: bytes = b""
    problem: str | None = None
    key: str = ""

    @property
    def path_id(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class FileOnDisk:
    """A Markdown file found under one of the paths given, not read yet."""

    path: Path
    name: str

    def read(self) -> Source:
        """Read the file's bytes, or say why they cannot be read."""
        try:
            return Source(self.name, self.path.read_bytes())
        except OSError as exc:
            return Source(self.name, problem=f"The file cannot be read ({exc.strerror}).")


def collect(paths: Iterable[Path]) -> list[FileOnDisk]:
    """List the files named, and the Markdown files under the folders named, each once."""
    found: dict[Path, FileOnDisk] = {}
    for root in paths:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                hidden = any(part.startswith(".") for part in relative.parts)
                if path.is_file() and path.suffix.lower() in MARKDOWN_SUFFIXES and not hidden:
                    found.setdefault(path.resolve(), FileOnDisk(path, relative.as_posix()))
        else:
            found.setdefault(root.resolve(), FileOnDisk(root, root.name))
    return list(found.values())


def from_upload(filename: str, stream: IO[bytes], *, uploader_id: int) -> Source:
    """Take an uploaded file, refusing what is not Markdown or is over 1 MiB."""
    name = Path(filename.replace("\\", "/")).name or "upload"
    if not name.lower().endswith(MARKDOWN_SUFFIXES):
        return Source(name, problem="This is not a Markdown file: upload .md or .markdown files.")
    data = stream.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        return Source(name, problem="The file is over 1 MiB; import it with `import markdown`.")
    return Source(name, data, key=f"upload/{uploader_id}/{name}")
