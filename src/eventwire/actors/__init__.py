"""Actors: dictionaries of countries, organisations and role words, and the resolver that codes mentions."""
