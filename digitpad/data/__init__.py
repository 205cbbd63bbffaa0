"""Data sets: MNIST/EMNIST files, the real pen writers (pendigits, UNIPEN), and generated writing
(synth/)."""
