#!/usr/bin/env python3
"""Golden values for FoundationTests: SplitMix64-seeded xoshiro256** (Blackman & Vigna) and FNV-1a 64, written
here from their published definitions independently of the Swift code. Run: python3 make_random_golden.py"""
M = (1 << 64) - 1


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & M
    return h


def splitmix64_states(seed):
    s, out = seed, []
    for _ in range(4):
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        out.append(z ^ (z >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


def xoshiro256ss(seed, n):
    s0, s1, s2, s3 = splitmix64_states(seed)
    out = []
    for _ in range(n):
        out.append((rotl((s1 * 5) & M, 7) * 9) & M)
        t = (s1 << 17) & M
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
    return out


for seed in (42, 0):
    print(f"seed {seed}:", ", ".join(f"0x{x:016x}" for x in xoshiro256ss(seed, 5)))
for text in ("", "a", "N0001", "MAdN", "pct_wipo_china_origin"):
    print(f"fnv1a64({text!r}) = 0x{fnv1a64(text):016x}")
# The seed of one form's simulated paths: seed ^ fnv(series id) ^ fnv(form code).
print(f"path seed (42, 'N0001', 'MAdN') = 0x{42 ^ fnv1a64('N0001') ^ fnv1a64('MAdN'):016x}")
