"""Progress of long commands on a terminal — counts, rate and time left — and silence elsewhere (CI, pipes)."""

import sys

from tqdm import tqdm


class Progress:
    """`progress(label, done, total)`: one bar per label, drawn only when the output is a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.bars = {}

    def __call__(self, label, done, total):
        if not self.enabled:
            return
        bar = self.bars.get(label)
        if bar is None:
            bar = self.bars[label] = tqdm(total=total, desc=label, unit=" rows", file=self.stream, leave=True, dynamic_ncols=True)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self):
        for bar in self.bars.values():
            bar.close()
