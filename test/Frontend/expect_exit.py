#!/usr/bin/python3
"""Run a command and succeed only if it exits with the given code.

Usage: /usr/bin/python3 expect_exit.py CODE COMMAND [ARGS...]

The command's stdout and stderr pass through, so a test can pipe them to
FileCheck; lit's `not` only tells zero from non-zero, and dlc's exit codes
(1 invalid model, 3 unsupported model) need telling apart.
"""

import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    expected = int(sys.argv[1])
    sys.stdout.flush()
    code = subprocess.call(sys.argv[2:])
    if code != expected:
        print("expect_exit.py: expected exit code %d, got %d" % (expected, code),
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
