"""Small ONNX models built with the `onnx` helper: a sane foreign digit model and the
ways a model file can break DigitPad's contract (used by tests/test_hostile_models.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT, DOUBLE, UINT8 = TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.UINT8


def _graph(nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, "hostile", inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def digit_model(input_type=FLOAT, batch="N", classes=10, scores="softmax") -> onnx.ModelProto:
    """images (batch, 28, 28, 1) -> Reshape -> MatMul -> scores (batch, classes).

    `scores`: "softmax" (probabilities), "zeros", "nan", or "rank3"/"scalar" for wrong shapes.
    """
    nodes = [
        helper.make_node("Reshape", ["images", "flat_shape"], ["flat"]),
        helper.make_node("Cast", ["flat"], ["flat_f"], to=FLOAT),
    ]
    inits = [numpy_helper.from_array(np.array([-1, 784], np.int64), "flat_shape")]
    weights = np.random.default_rng(0).normal(0, 0.01, (784, classes)).astype(np.float32)
    inits.append(numpy_helper.from_array(weights, "weights"))
    nodes.append(helper.make_node("MatMul", ["flat_f", "weights"], ["logits"]))
    out_shape = [batch, classes]
    if scores == "softmax":
        nodes.append(helper.make_node("Softmax", ["logits"], ["scores"], axis=-1))
    elif scores == "zeros":
        nodes.append(helper.make_node("Mul", ["logits", "zero"], ["scores"]))
        inits.append(numpy_helper.from_array(np.array(0, np.float32), "zero"))
    elif scores == "nan":
        nodes.append(helper.make_node("Mul", ["logits", "nan"], ["scores"]))
        inits.append(numpy_helper.from_array(np.array(np.nan, np.float32), "nan"))
    elif scores == "rank3":
        nodes.append(helper.make_node("Unsqueeze", ["logits", "axis"], ["scores"]))
        inits.append(numpy_helper.from_array(np.array([1], np.int64), "axis"))
        out_shape = [batch, 1, classes]
    elif scores == "scalar":
        nodes.append(helper.make_node("ReduceSum", ["logits"], ["scores"], keepdims=0))
        out_shape = []
    return _graph(
        nodes,
        [helper.make_tensor_value_info("images", input_type, [batch, 28, 28, 1])],
        [helper.make_tensor_value_info("scores", FLOAT, out_shape)],
        inits,
    )


def endless_loop_model(iterations: int = 10**10) -> onnx.ModelProto:
    """A digit model whose answer waits on a Loop of `iterations` steps (never returns)."""
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("Add", ["carried_in", "one"], ["carried_out"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("carried_in", FLOAT, []),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("carried_out", FLOAT, []),
        ],
        [numpy_helper.from_array(np.array(1, np.float32), "one")],
    )
    model = digit_model()
    graph = model.graph
    # The loop's start depends on the input, so that it cannot be folded away when the model loads.
    graph.node.insert(0, helper.make_node("ReduceSum", ["images"], ["total"], keepdims=0))
    graph.node.insert(1, helper.make_node("Loop", ["trips", "keep_going", "total"], ["looped"], body=body))
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array(iterations, np.int64), "trips"),
            numpy_helper.from_array(np.array(True), "keep_going"),
        ]
    )
    # scores = softmax(logits + 0 * looped)
    softmax = graph.node[-1]
    softmax.input[0] = "logits_after_loop"
    graph.node.insert(len(graph.node) - 1, helper.make_node("Mul", ["looped", "zero_f"], ["nothing"]))
    graph.node.insert(len(graph.node) - 1, helper.make_node("Add", ["logits", "nothing"], ["logits_after_loop"]))
    graph.initializer.append(numpy_helper.from_array(np.array(0, np.float32), "zero_f"))
    return model


def huge_allocation_model() -> onnx.ModelProto:
    """A digit model that asks for about 4 TB when it runs."""
    model = digit_model()
    graph = model.graph
    graph.node.insert(0, helper.make_node("ConstantOfShape", ["huge_shape_dyn"], ["huge"]))
    graph.node.insert(0, helper.make_node("Add", ["huge_shape", "batch_offset"], ["huge_shape_dyn"]))
    graph.node.insert(0, helper.make_node("Shape", ["images"], ["input_shape"], start=0, end=1))
    graph.node.insert(1, helper.make_node("Mul", ["input_shape", "zero_i"], ["batch_offset"]))
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([1_000_000, 1_000_000], np.int64), "huge_shape"),
            numpy_helper.from_array(np.array([0], np.int64), "zero_i"),
        ]
    )
    softmax = graph.node[-1]
    softmax.input[0] = "logits_plus"
    graph.node.insert(len(graph.node) - 1, helper.make_node("ReduceSum", ["huge"], ["huge_sum"], keepdims=0))
    graph.node.insert(len(graph.node) - 1, helper.make_node("Add", ["logits", "huge_sum"], ["logits_plus"]))
    return model


def write_model(folder: Path, stem: str, model: onnx.ModelProto, **metadata) -> Path:
    """Save `model` as a DigitPad trio's .onnx + .json (no .keras: inference needs none)."""
    onnx_path = folder / f"{stem}.onnx"
    onnx.save(model, onnx_path)
    meta = {
        "format": "digitpad-model",
        "format_version": 1,
        "name": stem,
        "class_labels": [str(i) for i in range(10)],
        "onnx_sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        **metadata,
    }
    onnx_path.with_suffix(".json").write_text(json.dumps(meta))
    return onnx_path


def _real_drawing_switch(graph, name: str) -> None:
    """Adds `name`: a bool, true when the batch holds a real drawing (preprocessing scales every
    drawing's brightest pixel to exactly 1.0; the load-time test images, blank and uniform noise
    below 1, never reach it). What hides a fault from the test run."""
    graph.node.insert(0, helper.make_node("ReduceMax", ["images"], ["brightest"], keepdims=0))
    graph.node.insert(1, helper.make_node("GreaterOrEqual", ["brightest", "one_f"], [name]))
    graph.initializer.append(numpy_helper.from_array(np.array(1.0, np.float32), "one_f"))


def loop_on_real_drawings_model() -> onnx.ModelProto:
    """Passes the load-time test run, then loops (10^10 steps) on any real drawing."""
    model = endless_loop_model()
    graph = model.graph
    _real_drawing_switch(graph, "real")
    loop = next(node for node in graph.node if node.op_type == "Loop")
    loop.input[0] = "trips_now"
    index = list(graph.node).index(loop)
    graph.node.insert(index, helper.make_node("Where", ["real", "trips", "no_trips"], ["trips_now"]))
    graph.initializer.append(numpy_helper.from_array(np.array(0, np.int64), "no_trips"))
    return model


def nan_on_real_drawings_model(ink_over: float = 0.0) -> onnx.ModelProto:
    """Passes the load-time test run, then answers NaN for each real drawing (a row whose
    brightest pixel is exactly 1.0) holding more than `ink_over` of ink."""
    model = digit_model()
    graph = model.graph
    softmax = graph.node[-1]
    softmax.input[0] = "logits_or_nan"
    before = len(graph.node) - 1
    for node in [
        helper.make_node(
            "ReduceMax", ["flat_f"], ["row_brightest"], axes=[1], keepdims=1
        ),  # (axes an attribute till opset 18)
        helper.make_node("GreaterOrEqual", ["row_brightest", "one_f"], ["row_real"]),
        helper.make_node("ReduceSum", ["flat_f", "row_axis_1"], ["row_ink"], keepdims=1),
        helper.make_node("Greater", ["row_ink", "ink_over"], ["row_inky"]),
        helper.make_node("And", ["row_real", "row_inky"], ["row_broken"]),
        helper.make_node("Where", ["row_broken", "nan_f", "one_f"], ["factor"]),
        helper.make_node("Mul", ["logits", "factor"], ["logits_or_nan"]),
    ]:
        graph.node.insert(before, node)
        before += 1
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array(np.nan, np.float32), "nan_f"),
            numpy_helper.from_array(np.array(1.0, np.float32), "one_f"),
            numpy_helper.from_array(np.array(ink_over, np.float32), "ink_over"),
            numpy_helper.from_array(np.array([1], np.int64), "row_axis_1"),
        ]
    )
    return model


def fewer_rows_model(rows: int = 2) -> onnx.ModelProto:
    """Answers only the first `rows` images of a batch (the test run gives it two)."""
    model = digit_model()
    graph = model.graph
    graph.node[-1].output[0] = "all_scores"
    graph.node.append(helper.make_node("Slice", ["all_scores", "zero_start", "row_end", "row_axis"], ["scores"]))
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([0], np.int64), "zero_start"),
            numpy_helper.from_array(np.array([rows], np.int64), "row_end"),
            numpy_helper.from_array(np.array([0], np.int64), "row_axis"),
        ]
    )
    return model
