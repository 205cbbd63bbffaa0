"""Malformed image files for fuzzing: seeded mutations of valid files in every format
Pillow writes, plus hand-made edge cases. Shared by tests/test_fuzz.py (a few hundred)
and benchmarks/fuzz.py (tens of thousands)."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from typing import Iterator

import numpy as np
from PIL import Image

# (format, mode, save options): every format Pillow can write that a user might open,
# in the modes that reach unusual decoder paths.
SEED_SPECS = [
    ("PNG", "L", {}),
    ("PNG", "RGBA", {}),
    ("PNG", "P", {}),
    ("PNG", "I;16", {}),
    ("PNG", "1", {}),
    ("PNG", "LA", {}),
    ("JPEG", "L", {"quality": 80}),
    ("JPEG", "RGB", {"quality": 60}),
    ("JPEG", "CMYK", {}),
    ("BMP", "RGB", {}),
    ("BMP", "1", {}),
    ("BMP", "P", {}),
    ("GIF", "P", {}),
    ("GIF", "L", {}),
    ("TIFF", "L", {}),
    ("TIFF", "RGB", {"compression": "tiff_lzw"}),
    ("TIFF", "F", {}),
    ("TIFF", "LAB", {}),
    ("TIFF", "CMYK", {}),
    ("TIFF", "I;16", {}),
    ("WEBP", "RGB", {"quality": 70}),
    ("WEBP", "RGBA", {"lossless": True}),
    ("ICO", "RGBA", {}),
    ("PPM", "RGB", {}),
    ("PPM", "L", {}),
    ("PPM", "1", {}),
    ("SGI", "RGB", {}),
    ("IM", "L", {}),
    ("TGA", "RGB", {}),
    ("PCX", "L", {}),
    ("DDS", "RGBA", {}),
    ("QOI", "RGBA", {}),
]


def digit_picture(size: int = 40) -> np.ndarray:
    """A dark "7" on light paper (uint8), the image every seed file holds."""
    picture = np.full((size, size), 235, np.uint8)
    picture[8:12, 8:32] = 20
    for row in range(12, 34):
        col = 31 - (row - 12) // 2
        picture[row, col - 2 : col + 2] = 20
    return picture


def seed_files() -> list[tuple[str, bytes]]:
    """One valid file per spec that this Pillow can write: (description, bytes)."""
    gray = Image.fromarray(digit_picture())
    seeds = []
    for fmt, mode, options in SEED_SPECS:
        if mode in ("I;16",):
            image = Image.fromarray(np.asarray(gray, np.uint16) * 257).convert("I;16")
        elif mode == "F":
            image = Image.fromarray(np.asarray(gray, np.float32) / 255.0)
        else:
            image = gray.convert("RGB").convert(mode) if mode != "LAB" else gray.convert("RGB").convert("LAB")
        buffer = io.BytesIO()
        try:
            with warnings.catch_warnings():  # Pillow deprecates writing some old formats (IM)
                warnings.simplefilter("ignore", DeprecationWarning)
                image.save(buffer, fmt, **options)
        except (OSError, KeyError, ValueError):
            continue  # this Pillow build cannot write it
        seeds.append((f"{fmt}-{mode}", buffer.getvalue()))
    return seeds


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def edge_cases() -> list[tuple[str, bytes]]:
    """Hand-made files that have broken readers: absurd sizes promised by tiny files, bad headers."""
    signature = b"\x89PNG\r\n\x1a\n"

    def png(width, height, depth=8, color=0, extra=b"", pixels=b"\x00\x00"):
        header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))
        return signature + header + extra + _png_chunk(b"IDAT", zlib.compress(pixels)) + _png_chunk(b"IEND", b"")

    return [
        ("png-1x64M", png(1, 64_000_000)),
        ("png-64Mx1", png(64_000_000, 1)),
        ("png-100kx100k", png(100_000, 100_000)),
        ("png-0x0", png(0, 0)),
        ("png-truncated-IHDR", signature + _png_chunk(b"IHDR", b"\x00\x00\x00\x10")),
        ("png-huge-text", png(8, 8, extra=_png_chunk(b"tEXt", b"k\x00" + b"x" * 3_000_000))),
        ("png-huge-ztext", png(8, 8, extra=_png_chunk(b"zTXt", b"k\x00\x00" + zlib.compress(b"x" * 50_000_000)))),
        ("png-huge-iccp", png(8, 8, extra=_png_chunk(b"iCCP", b"p\x00\x00" + zlib.compress(b"\x00" * 20_000_000)))),
        ("ppm-bad-header", b"P6\n-3 4\n255\n" + b"\x00" * 36),
        ("ppm-huge", b"P5\n100000 100000\n255\n\x00"),
        ("ppm-maxval-0", b"P5\n2 2\n0\n\x00\x00\x00\x00"),
        ("pgm-65536", b"P5\n2 2\n65536\n" + b"\x00" * 8),
        ("pbm-text-garbage", b"P1\n3 3\n1 0 x\n"),
        (
            "bmp-negative",
            b"BM"
            + struct.pack("<IHHI", 70, 0, 0, 54)
            + struct.pack("<IiiHHIIiiII", 40, -5, -(2**31), 1, 24, 0, 0, 0, 0, 0, 0),
        ),
        ("gif-huge-screen", b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00;"),
        ("only-signature-png", signature),
        ("text-file", b"this is not an image\n" * 10),
        ("zeros", b"\x00" * 1000),
        ("one-byte", b"\x89"),
    ]


def mutate(data: bytes, rng: np.random.Generator) -> bytes:
    """One random corruption: flipped bytes, a cut, a splice, a header field set to an extreme."""
    buffer = bytearray(data)
    kind = rng.integers(6)
    if kind == 0:  # flip a few bytes anywhere
        for _ in range(int(rng.integers(1, 8))):
            buffer[int(rng.integers(len(buffer)))] = int(rng.integers(256))
    elif kind == 1:  # flip bytes in the header, where sizes and modes live
        for _ in range(int(rng.integers(1, 4))):
            buffer[int(rng.integers(min(len(buffer), 64)))] = int(rng.integers(256))
    elif kind == 2:  # truncate
        buffer = buffer[: int(rng.integers(1, len(buffer)))]
    elif kind == 3:  # an extreme 16- or 32-bit value in the header
        at = int(rng.integers(max(1, min(len(buffer), 48) - 4)))
        value = [0, 1, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000][int(rng.integers(6))]
        packed = struct.pack(">I", value) if rng.integers(2) else struct.pack("<I", value)
        buffer[at : at + 4] = packed
    elif kind == 4:  # splice random bytes in
        at = int(rng.integers(len(buffer)))
        buffer[at:at] = rng.integers(0, 256, int(rng.integers(1, 200)), dtype=np.uint8).tobytes()
    else:  # duplicate a slice (repeated chunks, markers, tags)
        start = int(rng.integers(len(buffer)))
        end = min(len(buffer), start + int(rng.integers(1, 400)))
        buffer[end:end] = buffer[start:end]
    return bytes(buffer)


def malformed_files(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """The edge cases, then `count` mutations spread evenly over the seed files."""
    yield from edge_cases()
    seeds = seed_files()
    rng = np.random.default_rng(seed)
    for i in range(count):
        name, data = seeds[i % len(seeds)]
        yield f"{name}-mutation-{i}", mutate(data, rng)


def busy_images(side: int = 1600) -> dict[str, np.ndarray]:
    """Images that are no number but are all ink structure (uint8, dark on light), each small
    as a PNG: what made reading a number take gigabytes and minutes (issue 21)."""
    y, x = np.mgrid[:side, :side]
    paper = lambda mask: np.where(mask, 0, 255).astype(np.uint8)  # noqa: E731
    one_digit = np.full((side, side), 255, np.uint8)
    one_digit[side // 10 : side // 10 + side // 12, side // 4 : 3 * side // 4] = 0  # a 7 filling the image
    for row in range(side // 10, 9 * side // 10):
        col = 3 * side // 4 - (row - side // 10) // 2
        one_digit[row, col - side // 24 : col + side // 24] = 0
    return {
        "diagonal lines": paper((x + y) % 24 < 3),
        "crossed diagonals": paper(((x + y) % 32 < 3) | ((x - y) % 32 < 3)),
        "grid": paper((x % 40 < 3) | (y % 40 < 3)),
        "checkerboard": paper(((x // 20) + (y // 20)) % 2 == 0),
        "vertical lines": paper(x % 16 < 4),
        "filled square": paper((abs(x - side / 2) < side / 3) & (abs(y - side / 2) < side / 3)),
        "specks": paper((x % 2 == 0) & (y % 2 == 0)),
        "one digit filling the image": one_digit,
        "a hundred digits": _digit_strip(100),
    }


def _digit_strip(count: int) -> np.ndarray:
    """`count` 7s side by side, a strip too long to be one number."""
    digit = digit_picture(40)
    return np.concatenate([digit[:, 4:36]] * count, axis=1)


def random_busy_images(count: int, seed: int = 0):
    """Seeded random pictures of lines, grids and blobs (uint8, dark on light, up to 1,600 px):
    the shapes a reader of numbers must refuse or read in bounded time and memory."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        height, width = (int(v) for v in rng.integers(40, 1601, 2))
        y, x = np.mgrid[:height, :width]
        kind = rng.integers(3)
        if kind == 0:  # lines at one angle, any spacing and thickness
            angle, spacing = rng.uniform(0, np.pi), int(rng.integers(4, 200))
            along = x * np.cos(angle) + y * np.sin(angle)
            mask = along % spacing < rng.integers(1, max(2, spacing // 2))
        elif kind == 1:  # a grid
            step = int(rng.integers(4, 300))
            mask = (x % step < 2) | (y % int(rng.integers(4, 300)) < 2)
        else:  # blobs
            mask = np.zeros((height, width), bool)
            for _ in range(int(rng.integers(1, 400))):
                cy, cx, r = (int(v) for v in (rng.integers(0, height), rng.integers(0, width), rng.integers(1, 60)))
                top, left = max(0, cy - r), max(0, cx - r)  # drawn in its own square: 400 blobs in milliseconds
                window = (slice(top, cy + r), slice(left, cx + r))
                mask[window] |= (y[window] - cy) ** 2 + (x[window] - cx) ** 2 < r * r
        yield np.where(mask, 0, 255).astype(np.uint8)
