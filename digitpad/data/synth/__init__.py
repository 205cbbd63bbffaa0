"""Generated writing for training, tests and benchmarks: stroke templates, marks that are no digit,
styles, numbers, forms."""
