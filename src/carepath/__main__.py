"""``python -m carepath`` is the ``carepath`` command."""
from carepath.cli import main

main()
