import sys

from connecting.tools.cli import main

sys.exit(main())
