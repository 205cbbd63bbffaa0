import pytest

from digitpad.base.errors import ConfigError
from digitpad.training import keras_models, zoo

COURSE_NETWORKS = [
    "mlp-256",
    "mlp-128",
    "mlp-128-40",
    "mlp-256x2-dropout",
    "mlp-512-256-128-64",
    "mlp-800",
    "cnn-small",
    "cnn-lenet",
]


def test_zoo_has_the_course_networks_and_ours():
    assert set(COURSE_NETWORKS + ["digitpad-cnn"]) <= set(zoo.ARCHITECTURES)
    for arch in zoo.ARCHITECTURES.values():
        assert arch.description and "\n" not in arch.description


def test_parameter_counts_match_keras():
    # The count shown in the dialog is computed without TensorFlow; it must be Keras' own.
    for name, arch in zoo.ARCHITECTURES.items():
        assert arch.param_count() == keras_models.build_model(name).count_params(), name


def test_course_network_shapes():
    assert zoo.get_architecture("mlp-256").param_count() == 784 * 256 + 256 + 256 * 10 + 10
    assert zoo.get_architecture("cnn-lenet").param_count() == 38390


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ConfigError, match="mlp-256.*cnn-lenet"):
        zoo.get_architecture("resnet-1000")
    with pytest.raises(ConfigError, match="adam.*adagrad"):
        zoo.get_optimizer("lion")
    with pytest.raises(ConfigError, match="cosine"):
        zoo.validate_schedule("triangular")


def test_optimizer_parameters_defaults_and_ranges():
    assert zoo.resolve_optimizer_params("sgd") == {
        "learning_rate": 0.01,
        "momentum": 0.0,
        "nesterov": False,
        "weight_decay": 0.0,
    }
    assert zoo.resolve_optimizer_params("sgd", {"momentum": "0.9", "nesterov": "true"})["nesterov"] is True
    for bad in (
        {"learning_rate": -1},
        {"learning_rate": float("nan")},
        {"momentum": 1.5},
        {"learning_rate": "fast"},
        {"nesterov": "maybe"},
    ):
        with pytest.raises(ConfigError):
            zoo.resolve_optimizer_params("sgd", bad)
    with pytest.raises(ConfigError, match="no parameter rho; its parameters: learning_rate"):
        zoo.resolve_optimizer_params("adam", {"rho": 0.9})


@pytest.mark.parametrize("name", list(zoo.OPTIMIZERS))
@pytest.mark.parametrize("schedule", list(zoo.SCHEDULES))
def test_every_optimizer_and_schedule_builds(name, schedule):
    optimizer = keras_models.build_optimizer(name, {}, schedule, steps_per_epoch=10, epochs=2)
    assert type(optimizer).__name__.lower() == zoo.OPTIMIZERS[name].keras_class.lower()
