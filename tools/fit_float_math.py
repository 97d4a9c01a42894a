# Coefficients of the float32-in-double math of src/math/functions-inl.h (ForFloat): the
# e^r - 1 polynomial on |r| <= ln2/2 and the atanh series of ln(1 + e), Chebyshev fits with
# their worst relative error. Needs python3-mpmath.
import mpmath as mp
mp.mp.dps = 40
h = mp.log(2)/2
def f(r): return (mp.expm1(r)-r)/r**2 if r != 0 else mp.mpf(1)/2
for n in (5,6,7,8):
    c = mp.chebyfit(f, [-h, h], n+1)
    worst = 0
    for i in range(-400, 401):
        r = h*i/400
        if r == 0: continue
        p = mp.polyval(c, r)
        em1 = r + r*r*p
        worst = max(worst, abs(em1/mp.expm1(r)-1), abs((1+em1)/mp.exp(r)-1))
    print('em1 deg', n, 'max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 20) for x in c[::-1]])
s = (mp.sqrt(2)-1)/(mp.sqrt(2)+1)
def g(t): return (2*mp.atanh(mp.sqrt(t)) - 2*mp.sqrt(t))/(t*mp.sqrt(t)) if t != 0 else mp.mpf(2)/3
for n in (2,3,4,5):
    c = mp.chebyfit(g, [0, s**2], n+1)
    worst = 0
    for i in range(1, 801):
        x = s*i/800
        v = 2*x + x**3*mp.polyval(c, x*x)
        worst = max(worst, abs(v/(2*mp.atanh(x))-1))
    print('log deg', n, 'max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 20) for x in c[::-1]])

# erfcx(z) on z >= 0 as a polynomial in t = (z-3)/(z+3), for NormalCdf.
def E(t):
    if t == 1: return mp.mpf(0)
    z = 3*(1+t)/(1-t)
    return mp.exp(z*z)*mp.erfc(z)
c = mp.chebyfit(E, [-1, 1], 23)
worst = 0
for i in range(0, 3001):
    t = -1 + 2*mp.mpf(i)/3000
    if t >= 1: continue
    p = 0.0
    for a in c: p = p*float(t) + float(a)  # Horner in double, as the kernel does
    worst = max(worst, abs(mp.mpf(p)/E(t)-1))
print('erfcx in t deg 22 max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 20) for x in c[::-1]])

# tanh(x) = x + x^3 P(x^2) on |x| <= 0.3, for the float32 kernels (float32-inl.h).
def g(u):
    if u == 0: return mp.mpf(-1)/3
    x = mp.sqrt(u); return (mp.tanh(x)-x)/x**3
c = mp.chebyfit(g, [0, mp.mpf('0.09')], 4)
worst = max(abs((x + x**3*mp.polyval(c, x*x))/mp.tanh(x)-1) for x in (mp.mpf('0.3')*i/1000 for i in range(1, 1001)))
print('tanh near 0 deg 3 in x^2 max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 12) for x in c[::-1]])

# e^x - 1 = x + x^2 P(x) on [-0.2, 0], for the float32 kernels (float32-inl.h).
def g(x):
    if x == 0: return mp.mpf(1)/2
    return (mp.expm1(x)-x)/x**2
c = mp.chebyfit(g, [mp.mpf('-0.2'), 0], 5)
worst = max(abs((x + x**2*mp.polyval(c, x))/mp.expm1(x)-1) for x in (mp.mpf('-0.2')*i/1000 for i in range(1, 1001)))
print('expm1 near 0 deg 4 max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 12) for x in c[::-1]])

# float64 kernels (float64-inl.h), targets near 2^-64 so that a result rounds faithfully.
# e^r = 1 + r + r^2 Q(r) on |r| <= ln2/4 (the reduction x = (n/2) ln2 + r): error of r^2 Q.
q4 = mp.log(2)/4
for n in (8, 9, 10):
    c = mp.chebyfit(f, [-q4, q4], n+1)
    worst = max(abs(r*r*(mp.polyval(c, r) - f(r))) for r in (q4*i/500 for i in range(-500, 501)) if r != 0)
    print('f64 exp deg', n, 'max abs', mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 20) for x in c[::-1]])
# 2 atanh(s) = 2s + s^3 Q(s^2), |s| <= 3 - 2 sqrt2: error relative to 2 atanh(s).
for n in (6, 7, 8):
    c = mp.chebyfit(g0 := (lambda t: (2*mp.atanh(mp.sqrt(t)) - 2*mp.sqrt(t))/(t*mp.sqrt(t)) if t != 0 else mp.mpf(2)/3), [0, s**2], n+1)
    worst = max(abs(x**3*(mp.polyval(c, x*x) - g0(x*x))/(2*mp.atanh(x))) for x in (s*i/800 for i in range(1, 801)))
    print('f64 log deg', n, 'max rel', mp.nstr(mp.log(worst,2),4), [mp.nstr(x, 20) for x in c[::-1]])

# The fast tier (fast-inl.h): ln(1 + e) = 2 atanh(u) = 2u + u^3 P(u^2), u = e / (2 + e) <= 1/3,
# P (g0 above) with float32 coefficients: error relative to ln(1 + e).
import struct
def to_f32(v): return mp.mpf(struct.unpack('f', struct.pack('f', float(v)))[0])
for n in (3, 4):
    c = [to_f32(a) for a in mp.chebyfit(g0, [0, mp.mpf(1)/9], n+1)]
    worst = max(abs((2*x + x**3*mp.polyval(c, x*x))/(2*mp.atanh(x))-1) for x in (mp.mpf(i)/2400 for i in range(1, 801)))
    print('fast log1p deg', n, 'max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [float(a).hex() for a in c[::-1]])

# The fast tier: x - tanh x = x^3 P(x^2) on |x| < 1, P(w) = 1/3 + w Q(w) with 1/3 in two floats and
# Q of degree 6 in float32 coefficients: error relative to P.
def P(w):
    if w == 0: return mp.mpf(1)/3
    x = mp.sqrt(w); return (x - mp.tanh(x))/x**3
def Q(w): return mp.mpf(-2)/15 if w == 0 else (P(w) - mp.mpf(1)/3)/w
for n in (5, 6):
    c = [to_f32(a) for a in mp.chebyfit(Q, [0, 1], n+1)]
    worst = max(abs((mp.mpf(1)/3 + x*x*mp.polyval(c, x*x))/P(x*x)-1) for x in (mp.mpf(i)/2000 for i in range(1, 2001)))
    print('fast tanhshrink deg', n, 'max rel', mp.nstr(worst,3), mp.nstr(mp.log(worst,2),4), [float(a).hex() for a in c[::-1]])
