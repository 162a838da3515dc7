from kaart_tui.cli import main

raise SystemExit(main())
