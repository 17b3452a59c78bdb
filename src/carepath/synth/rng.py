"""A seeded random generator with fast integer draws (the simulation makes millions of them).

``random.Random.randint`` is exact but slow (rejection sampling through several Python calls);
drawing ``int(random() * n)`` has a bias below 1e-15 for the ranges used here and is about ten
times faster. Everything else is the standard Mersenne Twister, so runs stay repeatable.
"""
from __future__ import annotations

import random


class FastRandom(random.Random):
    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        if stop <= start:
            raise ValueError("empty range for randrange")
        return start + int(self.random() * (stop - start))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]
