import subprocess
import sys

import numpy as np
import pytest

from digitpad.base.errors import ConfigError
from digitpad.training.numpy_mlp import (
    MLP,
    SGD,
    Adam,
    backward,
    cross_entropy,
    forward,
    init_mlp,
    learning_rate,
    softmax,
)
from digitpad.training.runs import TrainConfig, parse_hidden


def loss_of(mlp, x, y):
    return cross_entropy(forward(mlp, x)[1], y)


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    mlp = init_mlp([7, 6, 5, 4], rng, dtype=np.float64)  # two hidden layers, float64 for a tight check
    x = rng.standard_normal((9, 7))
    y = rng.integers(0, 4, 9)
    activations, probabilities = forward(mlp, x)
    analytic = backward(mlp, activations, probabilities, y)
    eps = 1e-6
    for param, grad in zip(mlp.params, analytic):
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + eps
            plus = loss_of(mlp, x, y)
            param[index] = saved - eps
            minus = loss_of(mlp, x, y)
            param[index] = saved
            numeric[index] = (plus - minus) / (2 * eps)
        relative = np.abs(numeric - grad).max() / max(1e-8, np.abs(numeric).max() + np.abs(grad).max())
        assert relative < 1e-6, relative


def test_softmax_is_stable_and_normalised():
    p = softmax(np.array([[1000.0, 1000.0, -1000.0], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(p, [[0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-12)


def test_sgd_momentum_and_nesterov_update_rules():
    p, g = [np.array([1.0])], [np.array([0.5])]
    sgd = SGD(p, momentum=0.9)
    sgd.step(p, g, lr=0.1)  # v = -0.05
    sgd.step(p, g, lr=0.1)  # v = 0.9 * -0.05 - 0.05 = -0.095
    assert p[0][0] == pytest.approx(1.0 - 0.05 - 0.095)
    q = [np.array([1.0])]
    SGD(q, momentum=0.9, nesterov=True).step(q, g, lr=0.1)  # p += mu v - lr g = -0.045 - 0.05
    assert q[0][0] == pytest.approx(1.0 - 0.095)


def test_adam_first_step_moves_by_the_learning_rate():
    p = [np.array([1.0, -2.0])]
    Adam(p, epsilon=1e-12).step(p, [np.array([3.0, -0.001])], lr=0.01)
    np.testing.assert_allclose(p[0], [0.99, -1.99])  # bias-corrected m/sqrt(v) is sign(g) at step one


def test_schedules():
    assert learning_rate(0.1, "constant", 50, 10, 100) == 0.1
    assert learning_rate(0.1, "cosine", 100, 10, 100) == pytest.approx(0.0)
    assert learning_rate(0.1, "cosine", 50, 10, 100) == pytest.approx(0.05)
    assert learning_rate(0.1, "exponential", 20, 10, 100) == pytest.approx(0.1 * 0.81)


def test_config_checks():
    assert TrainConfig(architecture="numpy-mlp", hidden=parse_hidden("256, 64")).validated().hidden == (256, 64)
    for bad, message in (
        (dict(optimizer="rmsprop"), "sgd or adam"),
        (dict(augment=True), "augmentation"),
        (dict(hidden=(0,)), "hidden layer size"),
        (dict(hidden=(8,) * 6), "1 to 5"),
    ):
        with pytest.raises(ConfigError, match=message):
            TrainConfig(architecture="numpy-mlp", **bad).validated()
    with pytest.raises(ConfigError, match="numpy-mlp only"):
        TrainConfig(architecture="mlp-128", hidden=(64,)).validated()
    with pytest.raises(ConfigError, match="whole numbers"):
        parse_hidden("128,lots")


def test_training_loop_needs_no_tensorflow():
    code = """
import sys
import numpy as np
from digitpad.training.numpy_mlp import Adam, backward, forward, init_mlp
rng = np.random.default_rng(0)
mlp = init_mlp([784, 32, 10], rng)
optimizer = Adam(mlp.params)
x, y = rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64)
for _ in range(3):
    activations, p = forward(mlp, x)
    optimizer.step(mlp.params, backward(mlp, activations, p, y), 0.01)
print("tensorflow" in sys.modules, "keras" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.slow
def test_numpy_mlp_learns_and_is_served_by_the_recognizer(mnist, tmp_path):
    # A fifth of a full training (20,000 images, 4 epochs: 94.5 %, deterministic); the full one,
    # 97.8 % in 17 s, is benchmarks/RESULTS.md's `digitpad train --arch numpy-mlp ...`.
    from digitpad.recognizer import load_recognizer
    from digitpad.training.train import train

    config = TrainConfig(
        architecture="numpy-mlp",
        optimizer="adam",
        hidden=(256,),
        schedule="cosine",
        epochs=4,
        batch_size=128,
        seed=0,
        limit=20_000,
    )
    result = train(config, mnist)
    assert result.test.accuracy >= 0.94, result.test.accuracy
    paths = result.save(tmp_path / "numpy")
    recognizer = load_recognizer(paths["onnx"])
    served = recognizer.probabilities(mnist.x_test.astype(np.float32) / 255).argmax(axis=1)
    assert (served == mnist.y_test).mean() == pytest.approx(result.test.accuracy, abs=1e-3)


def test_mlp_dataclass_params_order():
    mlp = MLP([np.zeros((2, 3)), np.zeros((3, 4))], [np.zeros(3), np.zeros(4)])
    assert [p.shape for p in mlp.params] == [(2, 3), (3, 4), (3,), (4,)]


def test_the_document_points_at_the_code_it_explains():
    """docs/numpy-network.md links formulas to line ranges; each range must still hold its function."""
    import ast
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "numpy-network.md").read_text()
    spans = {
        node.name: (node.lineno, node.end_lineno)
        for node in ast.walk(ast.parse((root / "digitpad" / "training" / "numpy_mlp.py").read_text()))
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
    }
    links = re.findall(r"\[`(\w+)`\]\(\.\./digitpad/training/numpy_mlp\.py#L(\d+)-L(\d+)\)", doc)
    assert len(links) >= 9
    for name, first, last in links:
        assert spans[name] == (int(first), int(last)), f"{name}: the document says {first}-{last}"
