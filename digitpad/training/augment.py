"""Training-time augmentation so that models meet real handwriting, not only MNIST.

Real inputs reach the model through `preprocess`, which already normalises size and
position; what it cannot normalise is the writer: slant, rotation, aspect, stroke
thickness (a mouse stroke is thick, a pen scan thin), blur and residual noise. This
module varies exactly those, per sample, inside the tf.data pipeline (TensorFlow
ops only, so it runs in the input threads and never in Python per image).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class AugmentConfig:
    rotation_deg: float = 12.0
    scale: tuple[float, float] = (0.85, 1.12)
    aspect: float = 0.12  # relative stretch of x against y
    shear: float = 0.25
    shift_px: float = 2.0
    p_thicker: float = 0.2
    p_thinner: float = 0.15
    p_blur: float = 0.15
    p_noise: float = 0.15
    noise_std: float = 0.08


def _affine(tf, images, cfg: AugmentConfig, seed_gen):
    """Random rotation, scale, aspect, shear and shift about the image centre."""
    n = tf.shape(images)[0]
    size = tf.cast(tf.shape(images)[1], tf.float32)
    centre = (size - 1.0) / 2.0

    def uniform(low, high):
        return seed_gen.uniform([n], low, high)

    angle = uniform(-cfg.rotation_deg, cfg.rotation_deg) * (math.pi / 180.0)
    scale = uniform(*cfg.scale)
    aspect = uniform(-cfg.aspect, cfg.aspect)
    sx, sy = scale * (1.0 + aspect), scale * (1.0 - aspect)
    shear = uniform(-cfg.shear, cfg.shear)
    tx, ty = uniform(-cfg.shift_px, cfg.shift_px), uniform(-cfg.shift_px, cfg.shift_px)

    # Forward map: output = R @ Sh @ S @ (input - c) + c + t. ImageProjectiveTransform
    # wants the inverse (output pixel -> input pixel), computed in closed form here.
    cos, sin = tf.cos(angle), tf.sin(angle)
    # M = R @ Sh @ S with Sh = [[1, shear], [0, 1]]
    m00, m01 = cos * sx, (cos * shear - sin) * sy
    m10, m11 = sin * sx, (sin * shear + cos) * sy
    det = m00 * m11 - m01 * m10
    i00, i01, i10, i11 = m11 / det, -m01 / det, -m10 / det, m00 / det
    ox, oy = centre + tx, centre + ty
    a2 = centre - (i00 * ox + i01 * oy)
    b2 = centre - (i10 * ox + i11 * oy)
    zeros = tf.zeros_like(angle)
    transforms = tf.stack([i00, i01, a2, i10, i11, b2, zeros, zeros], axis=1)
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.shape(images)[1:3],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )


def _choose(tf, mask, when_true, when_false):
    return tf.where(mask[:, None, None, None], when_true, when_false)


def make_augmenter(cfg: AugmentConfig | None = None, seed: int = 0):
    """A function mapping a float32 batch (N, 28, 28, 1) in [0, 1] to an augmented batch."""
    import tensorflow as tf

    cfg = cfg or AugmentConfig()
    seed_gen = tf.random.Generator.from_seed(seed)
    blur_1d = tf.constant([0.25, 0.5, 0.25])
    blur_kernel = tf.reshape(blur_1d[:, None] * blur_1d[None, :], (3, 3, 1, 1))

    def augment(images):
        n = tf.shape(images)[0]
        x = _affine(tf, images, cfg, seed_gen)
        dilated = tf.nn.max_pool2d(x, 3, 1, "SAME")
        # A full 3x3 erosion wipes out thin strokes; a 2x2 one thins them by about a pixel.
        eroded = -tf.nn.max_pool2d(-x, 2, 1, "SAME")
        pick = seed_gen.uniform([n])
        x = _choose(tf, pick < cfg.p_thicker, dilated, x)
        x = _choose(tf, (pick >= cfg.p_thicker) & (pick < cfg.p_thicker + cfg.p_thinner), eroded, x)
        blurred = tf.nn.conv2d(x, blur_kernel, 1, "SAME")
        x = _choose(tf, seed_gen.uniform([n]) < cfg.p_blur, blurred, x)
        noise = seed_gen.normal(tf.shape(x), stddev=cfg.noise_std)
        x = _choose(tf, seed_gen.uniform([n]) < cfg.p_noise, x + noise, x)
        return tf.clip_by_value(x, 0.0, 1.0)

    return augment
