"""The deck on screen: a Textual app over the same deck functions the CLI uses."""
