"""The package version, in one place: pyproject.toml reads it (dynamic version) and
``vnpolicy.__version__``, the CLI and saved topic models import it from here. A leaf module,
so that any layer can name the version without importing the package."""

__version__ = "0.1.0"
