"""Pictures and drawings -> the 28x28 the models read (the MNIST recipe), and the Drawing document."""
