"""Readers' ad photos: the re-encoding is core's (core/images_reencode.py), shared with the
agenda's event images; what is the ads' own is how many photos an ad keeps."""

from typing import BinaryIO

from rotative.core.images_reencode import (  # noqa: F401  (re-exported for the ads' code)
    ACCEPTED_FORMATS,
    GALLERY,
    LISTING,
    MAX_BYTES,
    MAX_PIXELS,
    MAX_PIXELS_DECODED_WHOLE,
    THUMBNAIL,
    WEBP_QUALITY,
    PhotoError,
    ProcessedPhoto,
    photo_process,
)

MAX_PHOTOS = 10


def photos_process(
    *, files: list[tuple[str, bytes | BinaryIO]], already: int = 0
) -> tuple[list[ProcessedPhoto], list[str]]:
    """The photos kept and, for each one refused, the sentence saying why.

    `files` are (name, content) pairs in the reader's order, the content as bytes or as an
    open file read only when its turn comes; `already` is how many photos the ad has when the
    reader adds more.
    """
    room = max(MAX_PHOTOS - already, 0)
    photos, errors = [], []
    # Files beyond the room are not even decoded: the work of one request stays bounded.
    for filename, data in files[:room]:
        try:
            photos.append(photo_process(data=data, filename=filename))
        except PhotoError as error:
            errors.append(error.message)
    if len(files) > room:
        errors.append(
            f"Au plus {MAX_PHOTOS} photos par annonce : les suivantes n'ont pas été gardées."
        )
    return photos, errors
