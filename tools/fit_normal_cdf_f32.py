# Tables of the float32 GELU (erf form) on AVX-512 (src/math/functions-inl.h, NormalCdf):
# g(a) = erfcx(a / sqrt2) on a = |x| in [0, 15), 32 intervals [lo, lo + w) with a + 1 in
# [2^e (1 + m/8), 2^e (1 + (m+1)/8)), e = 0..3, m = 0..7 (the top bits of the float a + 1 give
# the interval, in the order a permutation reads them: binades 1, 2, 3, then 0). On each, a
# polynomial of degree 6 in r = a - lo (exact), evaluated as the kernel does: c2..c6 by Horner in
# float, then c1 and c0 (each two floats) with the errors of the sums and products kept. Prints
# the worst relative error of that float evaluation against mpmath, and the C++ tables.
# Needs python3-mpmath.
import struct
import mpmath as mp
mp.mp.dps = 40
DEG = 6

def f32(v): return struct.unpack('f', struct.pack('f', float(v)))[0]
def g(a): z = a / mp.sqrt(2); return mp.exp(z * z) * mp.erfc(z)

def interval(index):  # the permutation's index: (exponent & 3) << 3 | top 3 mantissa bits
    e = {3: 0, 0: 1, 1: 2, 2: 3}[index >> 3]
    m = index & 7
    lo = mp.mpf(2) ** e * (1 + mp.mpf(m) / 8) - 1
    return lo, mp.mpf(2) ** e / 8

rows, worst = [], 0
for index in range(32):
    lo, w = interval(index)
    c = mp.chebyfit(lambda r: g(lo + r), [0, w], DEG + 1)[::-1]  # c[0] the constant term
    c0h, c1h = f32(c[0]), f32(c[1])
    c0l, c1l = f32(c[0] - c0h), f32(c[1] - c1h)
    high = [f32(x) for x in c[2:]]
    for i in range(401):
        a = f32(lo + w * mp.mpf(i) / 400)
        if a >= 15: continue
        r = f32(a - f32(lo))
        p = high[-1]
        for cj in reversed(high[:-1]): p = f32(p * r + cj)
        u = f32(r * p)
        th = f32(c1h + u); tl = f32((c1h - th) + u + c1l)
        dh = f32(r * th); dl = f32((r * th - dh) + r * tl)
        s = f32(c0h + dh); err = (c0h - s) + dh
        val = mp.mpf(s) + mp.mpf(f32(err + c0l + dl))
        worst = max(worst, abs(val / g(mp.mpf(a)) - 1))
    rows.append([c0h, c0l, c1h, c1l] + high)
print('// worst relative error of the float evaluation: 2^%s' % mp.nstr(mp.log(worst, 2), 4))
names = ['kGeluG0Hi', 'kGeluG0Lo', 'kGeluG1Hi', 'kGeluG1Lo'] + ['kGeluG%d' % j for j in range(2, DEG + 1)]
def hexf(v):
    mant, exp = float(v).hex().split('p')
    return mant.rstrip('0').rstrip('.') + 'p' + exp + 'f'
for j, name in enumerate(names):
    vals = [hexf(row[j]) for row in rows]
    print('alignas(64) inline constexpr float %s[32] = {' % name)
    for i in range(0, 32, 6): print('    ' + ', '.join(vals[i:i + 6]) + (',' if i + 6 < 32 else '};'))
