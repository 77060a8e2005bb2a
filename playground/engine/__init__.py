"""The pure-NumPy engine: network, losses, optimisers, trainer, gradient check."""
from .gradcheck import gradient_check
from .network import Network
from .recorder import Recorder
from .trainer import History, Trainer

__all__ = ["Network", "Trainer", "History", "Recorder", "gradient_check"]
