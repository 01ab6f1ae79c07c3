"""`python -m cockpit.bench`: the same as `cockpit bench`."""

from cockpit.bench.run import main

raise SystemExit(main())
