"""Turn the `sources/` folder of a workspace into a checked Store of sources and facts."""

from compiler.store.model import Fact, Source, Store, Theme
from compiler.store.load import load_store, load_themes

__all__ = ["Fact", "Source", "Store", "Theme", "load_store", "load_themes"]
