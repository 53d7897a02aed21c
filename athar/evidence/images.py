"""Images for people who must not be shown them plainly: a blurred rendition made on the server.

The blurred copy is what leaves the server, so no client-side filter can be turned off to see the
original. It is scaled down, blurred with a radius relative to its size (``ATHAR_BLUR_STRENGTH``)
so faces and wounds are unreadable at any size, saved without metadata (EXIF can carry the place
and time of the capture) and cached by the original's hash.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

#: The longer side of a blurred rendition, in pixels.
MAX_SIDE = 640


def image_mime(path: Path) -> str | None:
    """The MIME type Pillow reads from the file's content, or None when it is not an image."""
    try:
        with Image.open(path) as im:
            return Image.MIME.get(im.format or "")
    except (UnidentifiedImageError, OSError):
        return None


def blurred(data: bytes, strength: float) -> bytes:
    """A blurred JPEG of the image in ``data``."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            im = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError) as e:
        raise ValueError(f"not an image Pillow can read: {e}") from None
    im.thumbnail((MAX_SIDE, MAX_SIDE))
    radius = max(4.0, strength * max(im.size))
    im = im.filter(ImageFilter.GaussianBlur(radius))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80)
    return out.getvalue()


def cached_blur(data: bytes, sha256: str, cache_dir: Path, strength: float) -> bytes:
    """``blurred(data)``, kept in ``cache_dir`` under the original's hash and the strength."""
    path = Path(cache_dir) / sha256[:2] / f"{sha256[2:]}-{strength:g}.jpg"
    if path.is_file():
        return path.read_bytes()
    rendition = blurred(data, strength)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".blur-", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(rendition)
    os.replace(tmp, path)
    return rendition
