#!/usr/bin/python3
"""Chebyshev coefficients of g(z) = z erfcx(z) = z exp(z^2) erfc(z) for z >= Z0, in t = (z-K)/(z+K).

g tends to 1/sqrt(pi) as z -> inf, so it is analytic in t up to t = 1 (z = inf), a Chebyshev series
in t converges geometrically, and the sum never cancels (g stays in [0.39, 0.57]). Prints the coefficients for src/activations/gelu-inl.h and the
largest relative error of the truncated series on a dense grid (mpmath, 50 digits).
Usage: tools/gen_erfcx.py [degree]
"""
import sys
import mpmath as mp

mp.mp.dps = 50
Z0 = mp.mpf(1) / mp.sqrt(2)   # gelu uses the tail for |x| > 1
K = mp.mpf(2)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 30
T0 = (Z0 - K) / (Z0 + K)

def g_of_u(u):  # u in [-1, 1] -> t in [T0, 1]
    t = (u * (1 - T0) + (1 + T0)) / 2
    if t == 1:
        return 1 / mp.sqrt(mp.pi)  # the limit at z = inf
    z = K * (1 + t) / (1 - t)
    return z * mp.erfc(z) * mp.exp(z * z)

M = N + 1
nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / M) for k in range(M)]
vals = [g_of_u(u) for u in nodes]
coef = []
for j in range(M):
    s = sum(vals[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / M) for k in range(M))
    coef.append(s * 2 / M)
coef[0] /= 2

def clenshaw(u):
    b1 = b2 = mp.mpf(0)
    for c in reversed(coef[1:]):
        b1, b2 = 2 * u * b1 - b2 + c, b1
    return u * b1 - b2 + coef[0]

worst = 0
for i in range(2001):
    z = Z0 + (mp.mpf(40) - Z0) * (mp.mpf(i) / 2000) ** 3
    t = (z - K) / (z + K)
    u = (2 * t - (1 + T0)) / (1 - T0)
    ref = z * mp.erfc(z) * mp.exp(z * z)
    worst = max(worst, abs(clenshaw(u) / ref - 1))
print(f"// degree {N}, K = {K}, Z0 = 1/sqrt(2): max relative error {mp.nstr(worst, 3)}")
print(f"// t0 = {mp.nstr(T0, 25)}")
for c in coef:
    print(f"    {mp.nstr(c, 21, min_fixed=-1, max_fixed=0)},")
