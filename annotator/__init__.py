"""annotator: label claims, quotes and attributions in news stories."""

__version__ = "0.1.0"
APP_NAME = "annotator"
