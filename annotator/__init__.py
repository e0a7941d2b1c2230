"""annotator: label claims, quotes and attributions in news stories."""

__version__ = "0.1.0"
APP_NAME = "annotator"

__all__ = ["Project", "__version__", "APP_NAME"]


def __getattr__(name: str) -> object:
    # Lazy, so `import annotator` (the CLI's --version, every subpackage) stays light.
    if name == "Project":
        from annotator.workflows.project import Project

        return Project
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")
