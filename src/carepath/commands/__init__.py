"""The subcommands of ``carepath`` that do not belong to one package (load, status, demo)."""
