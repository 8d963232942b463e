import sys

from papertui.cli.main import main

sys.exit(main())
