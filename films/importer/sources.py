"""Reading source documents: pure Python, no Django, so that worker
processes can read and parse documents without setting Django up."""

from datetime import UTC, datetime
from pathlib import Path

from . import parse_document
from .records import DocumentError

# Larger files are rejected before they are read: no real page comes close.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def collect_paths(paths):
    """Files named, and the files inside directories named (sorted, no hidden files)."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def read_file(path):
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}") from error
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"too large ({size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}") from error


def modified_at(path):
    """The file's modification time (aware, UTC): when the page was saved, the
    best guess at when it was captured. None when the file cannot be read
    (reading it will then report why)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None


def parse_one(name, read, format, known):
    """Read and parse one document: (name, data, parsed) or (name, None, error
    message). A plain function of picklable arguments, so worker processes
    can run it."""
    try:
        data = read()
        return name, data, parse_document(data, format=format, known=known)
    except DocumentError as error:
        return name, None, str(error)


def given(data):
    return data
