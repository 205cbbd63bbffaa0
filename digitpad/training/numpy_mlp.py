"""A multilayer perceptron written by hand in NumPy: the course's network from scratch.

Forward pass, softmax with cross-entropy, backpropagation and the update rules (SGD with
momentum or Nesterov momentum, and Adam) are all here, and TensorFlow is not used to train.
docs/numpy-network.md derives every formula and points to the functions below.
When training ends, the weights are copied into an equivalent Keras model only so that the
model is saved in DigitPad's usual format (.keras + .onnx + .json).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from digitpad.base.errors import Cancelled, ConfigError
from digitpad.training.keras_models import TrainResult
from digitpad.training.runs import Progress, dataset_origin, evaluate_on_test_set, output_count, split_train_validation
from digitpad.training.zoo import ARCHITECTURES

SUPPORTED_OPTIMIZERS = ARCHITECTURES["numpy-mlp"].optimizers
DEFAULT_HIDDEN = (128,)


@dataclass
class MLP:
    weights: list[np.ndarray]  # W[l] has shape (inputs, outputs)
    biases: list[np.ndarray]

    @property
    def params(self) -> list[np.ndarray]:
        return self.weights + self.biases


def init_mlp(sizes: list[int], rng: np.random.Generator, dtype=np.float32) -> MLP:
    """He initialisation: W ~ N(0, 2 / inputs), b = 0 (keeps ReLU activations at a steady scale)."""
    weights = [
        (rng.standard_normal((n_in, n_out)) * math.sqrt(2.0 / n_in)).astype(dtype)
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    biases = [np.zeros(n_out, dtype) for n_out in sizes[1:]]
    return MLP(weights, biases)


def softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)  # same result, no overflow in exp
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def forward(mlp: MLP, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Activations of every layer (input first) and the class probabilities."""
    activations = [x]
    a = x
    last = len(mlp.weights) - 1
    for layer, (w, b) in enumerate(zip(mlp.weights, mlp.biases)):
        z = a @ w + b
        if layer == last:
            return activations, softmax(z)
        a = np.maximum(z, 0.0)  # ReLU
        activations.append(a)
    raise ValueError("an MLP needs at least one layer")


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean of -log p(true class)."""
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(picked, 1e-12)).mean())


def backward(
    mlp: MLP, activations: list[np.ndarray], probabilities: np.ndarray, labels: np.ndarray
) -> list[np.ndarray]:
    """Gradients of the mean cross-entropy, in the order of `mlp.params` (weights, then biases)."""
    n = len(labels)
    delta = probabilities.copy()  # dL/dz of the output layer: (p - onehot(y)) / N
    delta[np.arange(n), labels] -= 1.0
    delta /= n
    grad_w: list[np.ndarray] = [None] * len(mlp.weights)  # type: ignore[list-item]
    grad_b: list[np.ndarray] = [None] * len(mlp.weights)  # type: ignore[list-item]
    for layer in range(len(mlp.weights) - 1, -1, -1):
        grad_w[layer] = activations[layer].T @ delta
        grad_b[layer] = delta.sum(axis=0)
        if layer > 0:
            # through W, then through the ReLU: its derivative is 1 where the unit was active
            delta = (delta @ mlp.weights[layer].T) * (activations[layer] > 0)
    return grad_w + grad_b


class SGD:
    """v <- mu v - lr g ; p <- p + v   (Nesterov: p <- p + mu v - lr g)."""

    def __init__(self, params, momentum: float = 0.0, nesterov: bool = False, weight_decay: float = 0.0):
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay
        self.velocity = [np.zeros_like(p) for p in params]

    def step(self, params, grads, lr: float) -> None:
        for p, g, v in zip(params, grads, self.velocity):
            v *= self.momentum
            v -= lr * g
            if self.nesterov:
                p += self.momentum * v - lr * g
            else:
                p += v
            if self.weight_decay:
                p -= lr * self.weight_decay * p  # decoupled, as Keras applies it


class Adam:
    """m <- b1 m + (1-b1) g ; v <- b2 v + (1-b2) g^2 ; p <- p - lr m_hat / (sqrt(v_hat) + eps)."""

    def __init__(self, params, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=0.0):
        self.beta_1, self.beta_2, self.epsilon, self.weight_decay = beta_1, beta_2, epsilon, weight_decay
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params, grads, lr: float) -> None:
        self.t += 1
        correction_1 = 1.0 - self.beta_1**self.t
        correction_2 = 1.0 - self.beta_2**self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta_1
            m += (1.0 - self.beta_1) * g
            v *= self.beta_2
            v += (1.0 - self.beta_2) * g * g
            p -= lr * (m / correction_1) / (np.sqrt(v / correction_2) + self.epsilon)
            if self.weight_decay:
                p -= lr * self.weight_decay * p


def make_optimizer(name: str, params, settings: dict):
    settings = {k: v for k, v in settings.items() if k != "learning_rate"}
    if name == "sgd":
        return SGD(params, settings["momentum"], settings["nesterov"], settings["weight_decay"])
    if name == "adam":
        return Adam(params, settings["beta_1"], settings["beta_2"], settings["epsilon"], settings["weight_decay"])
    raise ConfigError(f"numpy-mlp trains with {' or '.join(SUPPORTED_OPTIMIZERS or ())}, not {name}")


def learning_rate(
    base: float, schedule: str, step: int, steps_per_epoch: int, total_steps: int, decay_rate: float = 0.9
) -> float:
    """The same schedules as the Keras models get (constant, cosine to zero, exponential per epoch)."""
    if schedule == "cosine":
        return base * 0.5 * (1.0 + math.cos(math.pi * min(step, total_steps) / total_steps))
    if schedule == "exponential":
        return base * decay_rate ** (step / steps_per_epoch)
    return base


def to_keras(mlp: MLP, num_classes: int):
    """The same network as a Keras model (for saving in the usual format; imports Keras)."""
    import keras

    layers = [keras.Input((28, 28, 1)), keras.layers.Flatten()]
    for w in mlp.weights[:-1]:
        layers.append(keras.layers.Dense(w.shape[1], activation="relu"))
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    model = keras.Sequential(layers, name="numpy_mlp")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, w, b in zip(dense, mlp.weights, mlp.biases):
        layer.set_weights([w, b])
    model(np.zeros((1, 28, 28, 1), np.float32))  # Keras exports only models that have been called
    return model


def predict(mlp: MLP, x: np.ndarray, batch: int = 4096) -> np.ndarray:
    return np.concatenate([forward(mlp, x[i : i + batch])[1] for i in range(0, len(x), batch)])


def train_numpy(config, dataset, on_progress=None, should_cancel=None):
    """Train the NumPy MLP as `training.train_keras` trains Keras models, with the same reports and result."""
    (x_train, y_train), (x_val, y_val) = split_train_validation(dataset, config)
    x_train, x_val = x_train.reshape(len(x_train), -1), x_val.reshape(len(x_val), -1)
    num_outputs = output_count(dataset)
    rng = np.random.default_rng(config.seed)
    mlp = init_mlp([x_train.shape[1], *(config.hidden or DEFAULT_HIDDEN), num_outputs], rng)
    optimizer = make_optimizer(config.optimizer, mlp.params, config.optimizer_params)
    steps = math.ceil(len(x_train) / config.batch_size)
    history: dict[str, list[float]] = {}
    start = time.monotonic()
    step = 0
    for epoch in range(1, config.epochs + 1):
        order = rng.permutation(len(x_train))
        seen = correct = 0
        loss_sum = 0.0
        for batch in range(steps):
            index = order[batch * config.batch_size : (batch + 1) * config.batch_size]
            x, y = x_train[index], y_train[index]
            activations, probabilities = forward(mlp, x)
            grads = backward(mlp, activations, probabilities, y)
            lr = learning_rate(
                config.optimizer_params["learning_rate"], config.schedule, step, steps, steps * config.epochs
            )
            optimizer.step(mlp.params, grads, lr)
            step += 1
            seen += len(y)
            loss_sum += cross_entropy(probabilities, y) * len(y)
            correct += int((probabilities.argmax(axis=1) == y).sum())
            metrics = {"accuracy": correct / seen, "loss": loss_sum / seen}
            if on_progress is not None:
                on_progress(Progress(epoch, config.epochs, batch + 1, steps, metrics, time.monotonic() - start))
            if should_cancel is not None and should_cancel():
                raise Cancelled("training cancelled")
        if len(x_val):
            val_probabilities = predict(mlp, x_val)
            metrics["val_accuracy"] = float((val_probabilities.argmax(axis=1) == y_val).mean())
            metrics["val_loss"] = cross_entropy(val_probabilities, y_val)
        for key, value in metrics.items():
            history.setdefault(key, []).append(float(value))
        if on_progress is not None:
            on_progress(Progress(epoch, config.epochs, None, steps, metrics, time.monotonic() - start))
    seconds = time.monotonic() - start
    x_test = dataset.x_test.reshape(len(dataset.x_test), -1).astype(np.float32) / 255.0
    test = evaluate_on_test_set(predict(mlp, x_test), dataset)
    return TrainResult(
        to_keras(mlp, num_outputs),
        config,
        history,
        test,
        dataset.checksum,
        len(x_train),
        seconds,
        list(dataset.class_labels),
        *dataset_origin(dataset),
        not_a_digit_output=dataset.not_a_digit,
    )
