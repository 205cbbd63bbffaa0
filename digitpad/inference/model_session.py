"""An ONNX model held to DigitPad's contract: checked at load, bounded when first run.

A model file is untrusted input. Before a model reads anything, its input and output
types and shapes are checked, and it reads two test images under a time limit: a file
that claims to be a digit model but loops for ever, asks for terabytes, or answers NaN
is refused with one line instead of freezing or crashing the window on the first stroke.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from digitpad.base.call_limit import CallTimedOut, limited_call
from digitpad.base.errors import ModelError, first_line

TEST_RUN_LIMIT_S = 10.0  # a digit model answers two images in milliseconds; generous for a busy machine
# Every later call too (RUN_CHUNK images take about 0.1 s): a loop hidden behind real inputs.
CALL_LIMIT_S = 10.0
# Images per ONNX Runtime call: its working memory grows with the batch (10,000 MNIST digits in
# one call took 2.2 GB); 256 keep it to a few tens of MB at the same speed.
RUN_CHUNK = 256
_ELEMENT_TYPES = {"tensor(float)": np.float32, "tensor(double)": np.float64}


def _describe_output(outputs) -> str:
    if not outputs:
        return "no output"
    shape = outputs[0].shape
    if len(shape) == 2:
        return f"{shape[-1]} outputs"
    dims = "x".join(str(d) if isinstance(d, int) else "N" for d in shape)
    return f"an output of shape {dims or 'scalar'}"


# Threads of one ONNX Runtime call. Two halve a 7-digit number's batch (5.4 -> 2.9 ms on 2 cores)
# and help even one image (0.40 -> 0.30 ms); not spinning between calls leaves the cores to the
# window and the reading's Python work (spinning bought 0.1 ms a call).
INFERENCE_THREADS = 2


def inference_options(ort):
    """Session options for every DigitPad inference session (`ort` is the onnxruntime module)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = INFERENCE_THREADS
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Fatal only: a failing model becomes one line of ours, not ONNX Runtime's log on stderr.
    options.log_severity_level = 4
    return options


def _quiet_run_options():
    import onnxruntime as ort

    options = ort.RunOptions()
    options.log_severity_level = 4
    return options


class ScoresNotProbabilities(ModelError):
    """The model's scores are not probabilities (for a plain ONNX model: logits, to be softmaxed)."""


# The image layouts a digit model may take, one 28x28 grey image each: DigitPad's (and Keras')
# channels-last, PyTorch's channels-first, a plain square, a flat row of 784.
_IMAGE_SHAPES = ([28, 28, 1], [1, 28, 28], [28, 28], [784])


class ModelSession:
    """ONNX Runtime session for a model taking a batch of 28x28 grey images (N, 28, 28, 1) and
    giving (N, outputs) scores, and optionally (N, embedding_size) embeddings as its second output.

    `num_outputs` None: a plain ONNX model with no DigitPad metadata. Its output count is read
    from the model, it may take the other layouts of `_IMAGE_SHAPES`, and if its scores are not
    probabilities (logits, as many exports give) they are turned into them with a softmax.
    """

    def __init__(self, onnx_path: Path, num_outputs: int | None, embedding_size: int | None):
        # Imported here, not at module level: only loading a model needs it (0.2 s).
        import onnxruntime as ort

        self.path = onnx_path
        self._refused: str | None = None  # why the model is no longer run (it broke a call's time limit)
        options = inference_options(ort)
        try:
            self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # ONNX Runtime raises its own, unexported exception types
            raise ModelError(f"{onnx_path}: not a valid ONNX model ({first_line(exc)})") from None
        self.plain = num_outputs is None
        self._softmax = False  # set by the test run, for a plain model that answers logits
        self.num_outputs = self._check_signature(num_outputs, embedding_size)
        self._run_options = _quiet_run_options()
        self._test_run(self.num_outputs)

    # ------------------------------------------------------------ the contract

    def _check_signature(self, num_outputs: int | None, embedding_size: int | None) -> int:
        """The number of scores per image; ModelError saying what does not fit."""
        inputs, outputs = self._session.get_inputs(), self._session.get_outputs()
        where = self.path
        if len(inputs) != 1:
            raise ModelError(f"{where}: takes {len(inputs)} inputs; DigitPad gives one batch of 28x28x1 images")
        shape = list(inputs[0].shape)
        accepted = _IMAGE_SHAPES if self.plain else _IMAGE_SHAPES[:1]
        if not shape or shape[1:] not in accepted:
            dims = "x".join(str(d) if isinstance(d, int) else "N" for d in shape) or "a scalar"
            raise ModelError(f"{where}: takes input {dims}, not a batch of 28x28 grey images")
        self._image_shape = tuple(shape[1:])
        if inputs[0].type not in _ELEMENT_TYPES:
            raise ModelError(f"{where}: expects {inputs[0].type} input; DigitPad gives float images")
        self._input_name, self._input_type = inputs[0].name, _ELEMENT_TYPES[inputs[0].type]
        # A model exported for one image at a time is read one image at a time.
        self._fixed_batch = shape[0] if isinstance(shape[0], int) and shape[0] > 0 else None
        if num_outputs is None:  # (a plain model)
            if (
                not outputs
                or len(outputs[0].shape) != 2
                or not isinstance(outputs[0].shape[-1], int)
                or not 2 <= outputs[0].shape[-1] <= 1000
            ):
                raise ModelError(f"{where}: gives {_describe_output(outputs)}, not 2 to 1,000 scores per image")
            num_outputs = outputs[0].shape[-1]
        elif not outputs or len(outputs[0].shape) != 2 or outputs[0].shape[-1] != num_outputs:
            raise ModelError(
                f"{where}: gives {_describe_output(outputs)} where its metadata promises {num_outputs} scores per image"
            )
        if embedding_size is not None and (
            len(outputs) < 2 or len(outputs[1].shape) != 2 or outputs[1].shape[-1] != embedding_size
        ):
            raise ModelError(f"{where}: has no embedding of size {embedding_size} as its metadata promises")
        for output in outputs[: 2 if embedding_size else 1]:
            if output.type not in _ELEMENT_TYPES:
                raise ModelError(f"{where}: gives {output.type} output, not numbers")
        self._output_names = [o.name for o in outputs[: 2 if embedding_size else 1]]
        self._embedding_size = embedding_size
        return num_outputs

    def _test_run(self, num_outputs: int) -> None:
        """Two images (blank and noise) under a time limit; the answers must be probabilities."""
        images = np.zeros((2, 28, 28, 1), np.float32)
        images[1] = np.random.default_rng(0).random((28, 28, 1), dtype=np.float32)
        options = _quiet_run_options()
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["result"] = self.run(images, options)
            except Exception as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="model-test-run", daemon=True)
        worker.start()
        worker.join(TEST_RUN_LIMIT_S)
        if worker.is_alive():
            options.terminate = True  # ONNX Runtime checks this between operators
            worker.join(TEST_RUN_LIMIT_S)
            raise ModelError(f"{self.path}: did not answer a test image within {TEST_RUN_LIMIT_S:.0f} s")
        if self.plain and isinstance(outcome.get("error"), ScoresNotProbabilities):
            self._softmax = True  # logits: read them as probabilities from now on
            outcome = {"result": self.run(images, options)}
        if "error" in outcome:
            error = outcome["error"]
            raise (
                error
                if isinstance(error, ModelError)
                else ModelError(f"{self.path}: fails on a test image ({first_line(error)})")
            )
        scores = outcome["result"][0]
        if scores.shape != (2, num_outputs):
            raise ModelError(f"{self.path}: answered shape {scores.shape} for 2 images, not (2, {num_outputs})")

    # ------------------------------------------------------------ reading

    def run(self, images: np.ndarray, options=None) -> tuple[np.ndarray, np.ndarray | None]:
        """Scores (N, outputs) as float32, and embeddings (N, E) or None; ModelError if it fails,
        outlives CALL_LIMIT_S (then it is refused from then on) or answers the wrong shape or NaN."""
        if self._refused:
            raise ModelError(self._refused)
        batch = np.ascontiguousarray(images, dtype=self._input_type).reshape(-1, *self._image_shape)
        size = self._fixed_batch or RUN_CHUNK
        parts = []
        for start in range(0, len(batch), size):
            chunk = batch[start : start + size]
            if self._fixed_batch and len(chunk) < size:  # a fixed-batch model's last chunk, padded with blanks
                chunk = np.concatenate([chunk, np.zeros((size - len(chunk), *chunk.shape[1:]), chunk.dtype)])
            parts.append(self._checked(self._call(chunk, options), len(chunk)))
        n = len(batch)
        scores = np.concatenate([p[0] for p in parts])[:n].astype(np.float32, copy=False)
        embeddings = (
            np.concatenate([p[1] for p in parts])[:n].astype(np.float32, copy=False)
            if len(self._output_names) > 1
            else None
        )
        if self._softmax:
            shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
            scores = shifted / shifted.sum(axis=1, keepdims=True)
        if not np.isfinite(scores).all() or (embeddings is not None and not np.isfinite(embeddings).all()):
            raise ModelError(f"{self.path}: the model answered NaN or infinity: it is broken")
        if scores.ndim != 2 or (n and (scores.min() < -1e-3 or np.abs(scores.sum(axis=1) - 1).max() > 1e-2)):
            raise ScoresNotProbabilities(f"{self.path}: the model's answers are not probabilities (they must sum to 1)")
        return scores, embeddings

    def _call(self, chunk: np.ndarray, options=None) -> list:
        """One ONNX Runtime call: under the test run's options, or under CALL_LIMIT_S."""
        try:
            if options is not None:
                return self._session.run(self._output_names, {self._input_name: chunk}, options)
            with limited_call(CALL_LIMIT_S) as limited:
                return self._session.run(self._output_names, {self._input_name: chunk}, limited)
        except CallTimedOut:
            self._refused = (
                f"{self.path}: the model did not answer within {CALL_LIMIT_S:g} s; "
                "it is not used again until it is loaded anew"
            )
            raise ModelError(self._refused) from None
        except Exception as exc:  # ONNX Runtime's own types: out of memory, a shape it cannot handle...
            raise ModelError(f"{self.path}: the model failed to run ({first_line(exc)})") from None

    def _checked(self, outputs: list, rows: int) -> list:
        """The call's outputs, if they answer each of its `rows` images once (and the embedding
        is as wide as promised); ModelError otherwise (a model may answer fewer rows than it was given)."""
        for index, output in enumerate(outputs):
            shape: tuple = getattr(output, "shape", ())
            width = self._embedding_size if index == 1 else None
            if len(shape) != 2 or shape[0] != rows or (width is not None and shape[1] != width):
                what = "embeddings" if index == 1 else "answers"
                raise ModelError(
                    f"{self.path}: the model gave {what} of shape "
                    f"{'x'.join(map(str, shape)) or 'scalar'} for {rows} images"
                )
        return outputs
