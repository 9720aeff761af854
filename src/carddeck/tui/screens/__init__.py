"""Screens: the deck, and the modals that ask the owner things."""
