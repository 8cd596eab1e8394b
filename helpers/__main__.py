"""`python -m helpers build|validate|dictionary`: the command line (helpers.build.cli)."""

from helpers.build.cli import main

raise SystemExit(main())
