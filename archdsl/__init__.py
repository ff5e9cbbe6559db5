"""archdsl: architecture as code. Parse `.arch` models, resolve them, and check them for the
failure modes that kill systems in production."""

__version__ = "0.1.0"
