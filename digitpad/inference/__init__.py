"""Models on disk and in ONNX Runtime: files and metadata, sessions held to their contract,
accuracy figures."""
