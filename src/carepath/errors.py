"""The one exception family the command line and the web app show as a plain message.

Anything raised as a CarepathError is the user's to fix (a missing file, a wrong option, a
file that is not what it claims) and its message says how. Anything else is our bug.
"""


class CarepathError(Exception):
    pass
