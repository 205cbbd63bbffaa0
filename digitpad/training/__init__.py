"""Training: the zoo's specs, run settings and results (free of TensorFlow, the window reads them),
and the code that fits networks (Keras, TensorFlow, inside its functions)."""
