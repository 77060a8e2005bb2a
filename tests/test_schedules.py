"""Learning-rate schedules: the rate of each epoch, and the step really taken with it."""
import numpy as np
import pytest

from playground import Network, Trainer, make_dataset
from playground.config import Config
from playground.engine.schedules import rate
from playground.maths import update_equation


@pytest.mark.parametrize("schedule, epoch, expected", [
    ("constant", 0, 0.1), ("constant", 5000, 0.1),
    ("step", 0, 0.1), ("step", 199, 0.1), ("step", 200, 0.05), ("step", 450, 0.025),
    ("exponential", 0, 0.1), ("exponential", 1, 0.0995), ("exponential", 100, 0.1 * 0.995 ** 100)])
def test_rate_of_each_epoch(schedule, epoch, expected):
    assert rate(0.1, schedule, epoch) == pytest.approx(expected, rel=1e-12)


def test_an_sgd_step_in_epoch_t_moves_by_the_scheduled_rate_times_the_gradient():
    data = make_dataset("moons", n_samples=60, seed=1)
    net = Network([2, 5, 1], activation="tanh", optimizer="sgd", learning_rate=0.2, schedule="step", seed=1)
    net.set_epoch(400)  # two halvings
    before = {k: v.copy() for k, v in net.parameters.items()}
    grads = net.gradients(data.X_train, data.y_train)
    net.step(data.X_train, data.y_train)
    for name, value in net.parameters.items():
        np.testing.assert_allclose(before[name] - value, 0.05 * grads["d" + name], rtol=1e-10, atol=1e-15)


def test_the_trainer_tells_the_network_each_new_epoch():
    data = make_dataset("circles", n_samples=100, seed=0)
    net = Network([2, 4, 1], learning_rate=0.1, schedule="exponential")
    trainer = Trainer(net, data, batch_size=10)  # 7 steps per epoch on 70 training points
    trainer.run(7 * 3)
    assert trainer.epoch == 3 and net.current_learning_rate == pytest.approx(0.1 * 0.995 ** 3)
    assert "0.995" in update_equation(net) and r"\alpha_t" in update_equation(net)


def test_the_schedule_is_a_live_setting_kept_in_links():
    cfg, notices = Config.from_query({"schedule": "step"})
    assert cfg.schedule == "step" and notices == []
    assert cfg.make_network(cfg.make_dataset()).schedule == "step"
    assert Config.from_query({"schedule": "cosine"})[1][0].startswith("ignored schedule=cosine: unknown")


def test_the_counter_line_shows_the_scheduled_rate_in_use():
    from tests.support.apptest import counter, session_of, start
    at = start({"schedule": "exponential", "lr": "0.1", "speed": "max"})
    line = lambda: counter(at)  # noqa: E731
    assert "learning rate **0.1** (exponential schedule)" in line()
    while session_of(at).trainer.epoch < 100:
        at.button(key="btn_epoch").click().run()
    epoch = session_of(at).trainer.epoch
    assert f"learning rate **{0.1 * 0.995 ** epoch:.3g}**" in line()  # α·0.995^t, by hand
    constant = start({"lr": "0.1"})
    assert "learning rate" not in counter(constant)
