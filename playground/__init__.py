"""A neural-network playground: a from-scratch NumPy engine and a Streamlit app."""
from .data import Dataset, load_csv, make_dataset
from .engine import Network, Trainer, gradient_check

__all__ = ["Network", "Trainer", "Dataset", "make_dataset", "load_csv", "gradient_check"]
__version__ = "0.1.0"
