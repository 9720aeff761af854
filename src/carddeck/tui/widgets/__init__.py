"""Widgets of the deck screen: the card stack and the virtual deck list."""
