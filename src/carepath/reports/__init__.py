"""Reports: documents made from the indicator results (the improvement board's data book)."""
