"""Exchange: what leaves the authority. RIIA submissions and a region's compilation, disclosure
control, pseudonymised extracts and the board's data book."""
