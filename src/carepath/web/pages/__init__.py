"""The dashboard's pages, one router module per page group (see :mod:`carepath.web`)."""
