"""The package version, in a module of its own: submodules that print it (the fetcher's
User-Agent, the web UI, the CLI) import it from here, not from the package that imports them."""
__version__ = "0.1.0"
