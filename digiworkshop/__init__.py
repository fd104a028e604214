"""digiworkshop core: domain, store, guide content, exporters and command line (never imports Textual)."""

__version__ = "0.1.0"
