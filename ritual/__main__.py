import sys

from ritual.cli import main

sys.exit(main())
