"""The Textual app: one mode per ritual, each a screen over the shared team file."""
