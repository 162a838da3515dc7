"""kaart_tui: de Partnerschapskaart in de terminal."""

__version__ = "0.1.0"
