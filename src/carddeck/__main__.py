"""Run carddeck as ``python -m carddeck``."""

from carddeck.cli import main

main()
