"""Trust approval (告知承诺 / 容缺受理): commitments, deferred materials, credit records."""
