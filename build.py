"""`python build.py [OPTIONS]` is the same as `kennosto build [OPTIONS]`."""

import sys

from kennosto.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
