import sys

from qcompare.cli import main

sys.exit(main())
