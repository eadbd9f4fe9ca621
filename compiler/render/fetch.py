"""Turn a URL the PDF layout asks for into bytes, or refuse it: the fetch policy of the PDF renderer.

WeasyPrint's default fetcher reads any `file://` path and the network. This policy
allows only `data:` URLs and regular files inside a fixed set of folders (the style
folder and the product's `compiler/assets/`), judged after resolving symbolic links
and `..`. Everything else (other files, http(s), ftp ...) is refused by raising
`FetchRefused`, so nothing else is ever read. The style's templates are held to the
same rule (`FetchPolicy.allowed_file`, used by the HTML renderer's template loader). It imports nothing of WeasyPrint; the
PDF renderer wraps it in a WeasyPrint URL fetcher.
"""

from __future__ import annotations

import base64
import mimetypes
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FetchRefused", "Fetched", "FetchPolicy"]

#: The largest file or data: URL the layout may read (fonts are ~0.4 MB).
MAX_BYTES = 20 * 1024 * 1024


class FetchRefused(Exception):
    """A URL the policy does not allow, or cannot read."""


@dataclass(frozen=True)
class Fetched:
    """What one allowed URL holds."""

    url: str
    body: bytes
    mime_type: str


@dataclass(frozen=True)
class FetchPolicy:
    """Allow `data:` URLs and files under `roots` (resolved folders); refuse the rest."""

    roots: tuple[Path, ...]

    @classmethod
    def for_folders(cls, *folders: Path) -> "FetchPolicy":
        """Return the policy allowing files under `folders`, each resolved first."""
        return cls(tuple(Path(f).resolve() for f in folders))

    def fetch(self, url: str) -> Fetched:
        """Return what `url` holds, or raise FetchRefused."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self.fetch_data(url)
        if scheme == "file":
            return self.fetch_file(url)
        raise FetchRefused(f"refused to fetch {url!r}: only data: URLs and files of the style are allowed")

    def allowed_path(self, url: str) -> Path:
        """Return the resolved file `url` names if it lies inside a root, or raise FetchRefused."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch {url!r}: not a local file")
        return self.allowed_file(Path(urllib.request.url2pathname(parsed.path)), f"fetch {url!r}")

    def allowed_file(self, path: Path, what: str) -> Path:
        """Return `path` resolved if it is a regular file inside a root, or raise FetchRefused saying `what` was refused.

        The rule of every file a style makes `brief` read: its URLs (here) and its
        templates (`compiler.render.html`).
        """
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise FetchRefused(f"cannot {what}: {error.strerror or error}") from error
        if not any(resolved.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"refused to {what}: outside the style folder and the product's assets")
        if not resolved.is_file():
            raise FetchRefused(f"refused to {what}: not a regular file")
        return resolved

    def fetch_file(self, url: str) -> Fetched:
        """Return the bytes of an allowed local file."""
        path = self.allowed_path(url)
        if path.stat().st_size > MAX_BYTES:
            raise FetchRefused(f"refused to fetch {url!r}: larger than {MAX_BYTES} bytes")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Fetched(path.as_uri(), path.read_bytes(), mime_type)

    def fetch_data(self, url: str) -> Fetched:
        """Return the bytes of a `data:` URL."""
        header, sep, payload = url[5:].partition(",")
        if not sep:
            raise FetchRefused("malformed data: URL (no comma)")
        if len(payload) > MAX_BYTES * 2:
            raise FetchRefused(f"refused data: URL larger than {MAX_BYTES} bytes")
        params = header.split(";")
        mime_type = params[0].strip() or "text/plain"
        try:
            body = (base64.b64decode(payload, validate=False) if "base64" in params[1:]
                    else urllib.parse.unquote_to_bytes(payload))
        except ValueError as error:
            raise FetchRefused(f"malformed data: URL: {error}") from error
        return Fetched(url, body, mime_type)
